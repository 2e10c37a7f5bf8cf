package dev.blogkit.testing;

import dev.blogkit.DatabaseKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContext;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContextProvider;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit Jupiter extension behind {@link BlogKitTest}: runs the test class once per database, each run with
 * the {@link TestDatabases} that give its test methods their blogs. Use the annotation, not this class.
 */
public final class BlogKitExtension implements ClassTemplateInvocationContextProvider, ParameterResolver {

    /** JUnit makes it; an application uses {@link BlogKitTest}. */
    public BlogKitExtension() {
    }

    @Override
    public boolean supportsClassTemplate(ExtensionContext context) {
        return settings(context).isPresent();
    }

    @Override
    public Stream<ClassTemplateInvocationContext> provideClassTemplateInvocationContexts(ExtensionContext context) {
        BlogKitTest settings = settings(context).orElseThrow();
        List<DatabaseKind> kinds = Arrays.stream(settings.databases()).distinct().toList();
        if (kinds.isEmpty()) {
            throw new ExtensionConfigurationException("@BlogKitTest(databases = {}) names no database to run on");
        }
        Optional<String> server = postgresUrl(context);
        List<ClassTemplateInvocationContext> runs = new ArrayList<>();
        for (DatabaseKind kind : kinds) {
            if (kind == DatabaseKind.SQLITE || server.isPresent()) {
                runs.add(run(new TestDatabases(kind, settings, server.orElse(null))));
            }
        }
        if (runs.isEmpty()) {
            // only PostgreSQL was asked for, and no server is configured: one run that says why it is skipped
            runs.add(run(new TestDatabases(DatabaseKind.POSTGRESQL, settings, null)));
        }
        return runs.stream();
    }

    /** A blog asked for outside a test method: a constructor, a {@code @BeforeAll} method. */
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getTestMethod().isEmpty() && TestDatabases.isBlogParameter(parameter);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        throw new ParameterResolutionException("@BlogKitTest gives a fresh blog to each test method, and to its"
                + " @BeforeEach and @AfterEach methods; not to " + parameter.getDeclaringExecutable()
                + ", which does not belong to one test");
    }

    private static ClassTemplateInvocationContext run(TestDatabases databases) {
        return new ClassTemplateInvocationContext() {
            @Override
            public String getDisplayName(int invocationIndex) {
                return "[" + databases.kind().folder() + "]";
            }

            @Override
            public List<org.junit.jupiter.api.extension.Extension> getAdditionalExtensions() {
                return List.of(databases);
            }
        };
    }

    private static Optional<BlogKitTest> settings(ExtensionContext context) {
        return context.getTestClass().flatMap(type -> AnnotationSupport.findAnnotation(type, BlogKitTest.class));
    }

    /**
     * The server's URL: the configuration parameter (JUnit reads it from junit-platform.properties, the launcher, or
     * a system property), else the environment variable; blank means none.
     */
    static Optional<String> postgresUrl(ExtensionContext context) {
        Optional<String> property = context.getConfigurationParameter(BlogKitTest.POSTGRES_URL_PROPERTY);
        String url = property.orElseGet(() -> System.getenv(BlogKitTest.POSTGRES_URL_VARIABLE));
        return url == null || url.isBlank() ? Optional.empty() : Optional.of(url.strip());
    }
}
