package dev.blogkit.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blogkit.DatabaseKind;
import dev.blogkit.internal.schema.SchemaModel.Column;
import dev.blogkit.internal.schema.SchemaModel.TypeFamily;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How check and generate read types and stored table definitions. */
class SchemaModelTest {

    @Test
    void spellingsOfOneKindOfValueAreOneFamily() {
        assertThat(List.of("INTEGER", "BIGINT", "int8", "smallint", "bigserial")).allMatch(t -> TypeFamily.of(t) == TypeFamily.INTEGER);
        assertThat(List.of("TEXT", "VARCHAR(64)", "character varying(128)", "CHAR(2)", "CLOB")).allMatch(t -> TypeFamily.of(t) == TypeFamily.TEXT);
        assertThat(List.of("TIMESTAMP(3) WITH TIME ZONE", "timestamp with time zone", "timestamptz"))
                .allMatch(t -> TypeFamily.of(t) == TypeFamily.TIMESTAMP_WITH_TIME_ZONE);
        assertThat(TypeFamily.of("TIMESTAMP")).isEqualTo(TypeFamily.TIMESTAMP);
        assertThat(TypeFamily.of("DOUBLE PRECISION")).isEqualTo(TypeFamily.REAL);
        assertThat(TypeFamily.of("NUMERIC(10, 2)")).isEqualTo(TypeFamily.NUMERIC);
        assertThat(TypeFamily.of("bytea")).isEqualTo(TypeFamily.BINARY);
    }

    @Test
    void typesOfNoKnownFamilyCompareByName() {
        assertThat(TypeFamily.of("point")).as("not an integer for its 'int'").isEqualTo(TypeFamily.OTHER);
        Column json = new Column("data", "JSON", true, null);
        assertThat(json.sameType(new Column("data", "json", true, null), DatabaseKind.SQLITE)).isTrue();
        assertThat(json.sameType(new Column("data", "JSONB", true, null), DatabaseKind.POSTGRESQL)).isFalse();
        assertThat(new Column("id", "INTEGER", false, null).sameType(new Column("id", "BIGINT", false, null),
                DatabaseKind.SQLITE)).isTrue();
    }

    @Test
    void aStoredCreateTableSplitsIntoColumnsAndNamedConstraints() {
        List<CreateTableSql.Part> parts = CreateTableSql.parts("""
                CREATE TABLE "posts" (
                    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, -- the rowid
                    "title" VARCHAR(256) NOT NULL CHECK (length(title) > 0 AND title <> 'a,b'),
                    published BOOLEAN NOT NULL DEFAULT 0 CHECK (published IN (0, 1)),
                    CONSTRAINT uq_posts_title UNIQUE (title, published),
                    CONSTRAINT fk_posts_author FOREIGN KEY (author_id) REFERENCES users (id) ON DELETE CASCADE,
                    CHECK (published = 0 OR title <> '')
                )""");

        assertThat(parts).extracting(CreateTableSql.Part::column).containsExactly("id", "title", "published", null, null, null);
        assertThat(parts.get(3)).extracting(CreateTableSql.Part::constraintName, CreateTableSql.Part::kind,
                CreateTableSql.Part::columns).containsExactly("uq_posts_title", "UNIQUE", List.of("title", "published"));
        assertThat(parts.get(4).kind()).isEqualTo("FOREIGN KEY");
        assertThat(parts.get(4).columns()).containsExactly("author_id");
        assertThat(parts.get(5)).extracting(CreateTableSql.Part::constraintName, CreateTableSql.Part::kind)
                .containsExactly(null, "CHECK");
        assertThat(parts.get(1).text()).isEqualTo("\"title\" VARCHAR(256) NOT NULL CHECK (length(title) > 0 AND title <> 'a,b')");
        assertThat(parts.get(5).mentions("title")).isTrue();
        assertThat(parts.get(5).mentions("id")).isFalse();
        assertThat(parts.get(1).mentions("b")).as("not inside a string").isFalse();
    }
}
