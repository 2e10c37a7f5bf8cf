package dev.blogkit.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BlogKit's HQL is checked when it compiles: the entities' sources, compiled with Hibernate's annotation processor
 * as the build compiles them, are accepted as they are and refused with a typo in a query.
 */
class QueriesCheckedAtCompileTimeTest {

    private static final Path MODEL = Path.of("src/main/java/dev/blogkit/model");
    private static final String COUNT_PUBLISHED = "select count(*) from Post p where p.publishedAt <= :now";

    @TempDir
    Path dir;

    @Test
    void theEntitiesQueriesCompile() throws IOException {
        assertThat(compile(Files.readString(MODEL.resolve("Post.java")))).isEmpty();
    }

    @Test
    void aFieldTypoInAQueryFailsTheCompilation() throws IOException {
        String post = Files.readString(MODEL.resolve("Post.java"));
        assertThat(post).contains(COUNT_PUBLISHED);

        List<String> errors = compile(post.replace(COUNT_PUBLISHED, COUNT_PUBLISHED.replace("p.publishedAt", "p.publishdAt")));

        assertThat(errors).anyMatch(error -> error.contains("publishd"));
    }

    @Test
    void anEntityTypoInAQueryFailsTheCompilation() throws IOException {
        String post = Files.readString(MODEL.resolve("Post.java"));

        List<String> errors = compile(post.replace(COUNT_PUBLISHED, COUNT_PUBLISHED.replace("from Post p", "from Pots p")));

        assertThat(errors).anyMatch(error -> error.contains("Pots"));
    }

    /** Compiles the model package, with {@code post} as Post.java, through the processor; the errors' messages. */
    private List<String> compile(String post) throws IOException {
        Path sources = Files.createDirectories(dir.resolve("src/dev/blogkit/model"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        try (var files = Files.list(MODEL)) {
            for (Path file : files.toList()) {
                Files.copy(file, sources.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.writeString(sources.resolve("Post.java"), post);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, null);
             var list = Files.list(sources)) {
            List<String> options = new ArrayList<>(List.of("-processor", "org.hibernate.processor.HibernateProcessor",
                    "-classpath", System.getProperty("java.class.path"), "-d", classes.toString(),
                    "-s", Files.createDirectories(dir.resolve("generated")).toString()));
            javac.getTask(null, files, diagnostics, options, null,
                    files.getJavaFileObjectsFromPaths(list.toList())).call();
        }
        return diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .map(d -> d.getMessage(null)).toList();
    }
}
