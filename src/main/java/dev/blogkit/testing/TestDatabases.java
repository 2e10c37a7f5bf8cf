package dev.blogkit.testing;

import dev.blogkit.Blog;
import dev.blogkit.BlogConfig;
import dev.blogkit.BlogRepository;
import dev.blogkit.DatabaseKind;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One run of a {@link BlogKitTest} class on one database: resolves the {@code Blog}, {@code BlogRepository} and
 * {@code BlogConfig} parameters of each test method from the method's own {@link TestBlog}, made at the first
 * parameter that asks for it, and closes and removes that after the method's {@code @AfterEach} methods.
 */
final class TestDatabases implements ParameterResolver, AfterEachCallback, ExecutionCondition {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestDatabases.class);

    private final DatabaseKind kind;
    private final BlogKitTest settings;
    /** The PostgreSQL server's URL; null on SQLite, and for a run that is skipped for want of a server. */
    private final String serverUrl;

    TestDatabases(DatabaseKind kind, BlogKitTest settings, String serverUrl) {
        this.kind = kind;
        this.settings = settings;
        this.serverUrl = serverUrl;
    }

    DatabaseKind kind() {
        return kind;
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (kind == DatabaseKind.POSTGRESQL && serverUrl == null) {
            return ConditionEvaluationResult.disabled("no PostgreSQL server to test on: set "
                    + BlogKitTest.POSTGRES_URL_VARIABLE + " or -D" + BlogKitTest.POSTGRES_URL_PROPERTY
                    + " to its JDBC URL");
        }
        return ConditionEvaluationResult.enabled("on " + kind.folder());
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        // outside a test method, BlogKitExtension answers (and refuses)
        return context.getTestMethod().isPresent() && isBlogParameter(parameter);
    }

    static boolean isBlogParameter(ParameterContext parameter) {
        Class<?> type = parameter.getParameter().getType();
        return type == Blog.class || type == BlogRepository.class || type == BlogConfig.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        TestBlog blog = testBlog(context);
        Class<?> type = parameter.getParameter().getType();
        if (type == BlogConfig.class) {
            return blog.config();
        }
        return type == Blog.class ? blog.blog() : blog.blog().repository();
    }

    private TestBlog testBlog(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        TestBlog blog = store.get(TestBlog.class, TestBlog.class);
        if (blog == null) {
            blog = TestBlog.create(kind, settings, serverUrl);
            store.put(TestBlog.class, blog);
        }
        return blog;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        TestBlog blog = context.getStore(NAMESPACE).remove(TestBlog.class, TestBlog.class);
        if (blog != null) {
            blog.close();
        }
    }
}
