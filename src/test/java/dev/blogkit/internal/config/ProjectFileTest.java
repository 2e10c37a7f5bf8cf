package dev.blogkit.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blogkit.BlogConfig;
import dev.blogkit.DatabaseKind;
import dev.blogkit.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectFileTest {

    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        Path file = dir.resolve(ProjectFile.NAME);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void everyKeyIsReadAndPathsAreTheProjectFilesFolders() throws IOException {
        ProjectFile project = ProjectFile.read(write("""
                url=jdbc:sqlite:app.db
                user=app
                entities=example.app.Comment, example.app.Other
                migrations=filesystem:src/main/resources/db/app
                history=comments_schema_history
                classpath=target/classes:lib/extra.jar
                target=jdbc:postgresql://127.0.0.1:5432/blog
                databases=sqlite
                scratch=jdbc:postgresql://127.0.0.1:5432/dev
                """));
        assertThat(project.url()).contains("jdbc:sqlite:app.db");
        assertThat(project.user()).contains("app");
        assertThat(project.entities()).containsExactly("example.app.Comment", "example.app.Other");
        assertThat(project.migrations()).contains("filesystem:" + dir.resolve("src/main/resources/db/app"));
        assertThat(project.history()).contains("comments_schema_history");
        assertThat(project.classpath()).containsExactly(dir.resolve("target/classes"), dir.resolve("lib/extra.jar"));
        assertThat(project.target()).contains("jdbc:postgresql://127.0.0.1:5432/blog");
        assertThat(project.databases()).containsExactly(DatabaseKind.SQLITE);
        assertThat(project.scratchOrTarget()).contains("jdbc:postgresql://127.0.0.1:5432/dev");
    }

    @Test
    void whatInitWritesReadsBackWithItsDefaults() throws IOException {
        ProjectFile project = ProjectFile.read(write(ProjectFile.template()));
        assertThat(project.url()).contains("jdbc:sqlite:blog.db");
        assertThat(project.migrations()).contains("filesystem:" + dir.resolve("src/main/resources/db/app"));
        assertThat(project.history()).contains(BlogConfig.DEFAULT_HISTORY_TABLE);
        assertThat(project.entities()).isEmpty();
        assertThat(project.target()).isEmpty();
        assertThat(project.user()).isEmpty();
        assertThat(project.databases()).containsExactly(DatabaseKind.SQLITE, DatabaseKind.POSTGRESQL);
        assertThat(project.scratchOrTarget()).isEmpty();
    }

    @Test
    void aPasswordAnUnknownKeyOrAMissingFileIsRefusedAndNoPasswordIsRepeated() throws IOException {
        assertThatThrownBy(() -> ProjectFile.read(write("url=jdbc:sqlite:a.db\npassword=s3cr3t\n")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("BLOGKIT_PASSWORD")
                .hasMessageNotContaining("s3cr3t");
        for (String url : List.of("jdbc:postgresql://127.0.0.1/db?user=app&password=s3cr3t",
                "jdbc:postgresql://app:s3cr3t@127.0.0.1/db")) {
            for (String key : List.of("url", "target", "scratch")) {
                assertThatThrownBy(() -> ProjectFile.read(write(key + "=" + url + "\n"))).as(key + "=" + url)
                        .isInstanceOf(InvalidInputException.class).hasMessageContaining("holds a password")
                        .hasMessageNotContaining("s3cr3t");
            }
        }
        assertThatThrownBy(() -> ProjectFile.read(write("databases=sqlite,mysql\n")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("unknown database mysql");
        assertThatThrownBy(() -> ProjectFile.read(write("urll=jdbc:sqlite:a.db\n")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("unknown key urll");
        assertThatThrownBy(() -> ProjectFile.read(write("history=comments_schema_history\n")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("names a history table but no migrations");
        assertThatThrownBy(() -> ProjectFile.read(dir.resolve("missing.properties")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("no project file at");
    }

    @Test
    void theJavaApiReadsTheSameFile() throws IOException {
        Path file = write("""
                url=jdbc:sqlite:%s
                entities=example.app.Comment
                migrations=classpath:db/comments
                history=comments_schema_history
                """.formatted(dir.resolve("app.db")));
        BlogConfig config = BlogConfig.fromFile(file).build();
        assertThat(config.jdbcUrl()).isEqualTo("jdbc:sqlite:" + dir.resolve("app.db"));
        assertThat(config.entities()).extracting(Class::getName).containsExactly("example.app.Comment");
        assertThat(config.migrationLocation()).isEqualTo(Optional.of("classpath:db/comments"));
        assertThat(config.historyTable()).isEqualTo("comments_schema_history");
        assertThat(config.migrationDatabases()).containsExactly(DatabaseKind.SQLITE, DatabaseKind.POSTGRESQL);
        assertThat(config.scratchDatabase()).isEmpty();
        // target, a server of the other kind, is where generate builds that database's previous version
        BlogConfig withTarget = BlogConfig.fromFile(write("url=jdbc:sqlite:%s\ntarget=jdbc:postgresql://127.0.0.1:5432/blog\n"
                .formatted(dir.resolve("app.db")))).build();
        assertThat(withTarget.scratchDatabase()).map(BlogConfig::jdbcUrl).contains("jdbc:postgresql://127.0.0.1:5432/blog");
        Files.delete(file);
        file = write("""
                url=jdbc:sqlite:%s
                entities=example.app.Comment
                migrations=classpath:db/comments
                history=comments_schema_history
                """.formatted(dir.resolve("app.db")));
        try (dev.blogkit.Blog blog = dev.blogkit.Blog.open(config)) {
            assertThat(dev.blogkit.migration.Migrations.ofApplication(config).currentVersion()).contains("1");
        }
        assertThatThrownBy(() -> BlogConfig.fromFile(write("entities=example.app.NoSuchEntity\n")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("example.app.NoSuchEntity");
    }
}
