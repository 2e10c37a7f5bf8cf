package dev.blogkit;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fixture of the test classes that run on both databases: each test class runs once on a fresh SQLite file
 * in {@link #dir} and once in a fresh PostgreSQL schema (skipped, and says so, without
 * {@code BLOGKIT_TEST_POSTGRES_URL}), as {@link #target}.
 */
@ParameterizedClass
@EnumSource(TestTarget.Kind.class)
public abstract class EachDatabase {

    @Parameter
    protected TestTarget.Kind kind;
    @TempDir
    protected Path dir;
    protected TestTarget target;

    @BeforeEach
    protected void createTarget() {
        target = TestTarget.create(kind, dir);
    }

    @AfterEach
    protected void dropTarget() {
        if (target != null) {
            target.close();
        }
    }
}
