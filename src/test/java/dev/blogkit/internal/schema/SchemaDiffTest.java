package dev.blogkit.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blogkit.DatabaseKind;
import dev.blogkit.internal.schema.SchemaDiff.AddColumn;
import dev.blogkit.internal.schema.SchemaDiff.AddIndex;
import dev.blogkit.internal.schema.SchemaDiff.AddTable;
import dev.blogkit.internal.schema.SchemaDiff.AlterColumn;
import dev.blogkit.internal.schema.SchemaDiff.Change;
import dev.blogkit.internal.schema.SchemaDiff.DropColumn;
import dev.blogkit.internal.schema.SchemaDiff.DropTable;
import dev.blogkit.internal.schema.SchemaModel.Column;
import dev.blogkit.internal.schema.SchemaModel.ForeignKey;
import dev.blogkit.internal.schema.SchemaModel.Index;
import dev.blogkit.internal.schema.SchemaModel.Schema;
import dev.blogkit.internal.schema.SchemaModel.Table;
import dev.blogkit.internal.schema.SchemaModel.Unique;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The compare stage alone, on schema values: no database. */
class SchemaDiffTest {

    static final Column ID = new Column("id", "INTEGER", false, null);
    static final Column USERNAME = new Column("username", "VARCHAR(64)", false, null);
    static final Column BIO = new Column("bio", "TEXT", true, null);

    static Table users(List<Column> columns, List<Index> indexes, List<Unique> uniques) {
        return new Table("users", columns, List.of("id"), true, indexes, uniques, List.of(), null);
    }

    static Table posts() {
        return new Table("posts", List.of(ID, new Column("user_id", "BIGINT", false, null)), List.of("id"), true,
                List.of(), List.of(), List.of(new ForeignKey("fk_posts_user", List.of("user_id"), "users", List.of("id"),
                "CASCADE")), null);
    }

    static Set<String> scope(Schema... schemas) {
        Set<String> scope = new HashSet<>();
        for (Schema schema : schemas) {
            scope.addAll(schema.tables().keySet());
        }
        return scope;
    }

    @Test
    void aColumnInTheEntitiesOnlyIsAddedAndOneInTheDatabaseOnlyDropped() {
        Schema database = Schema.of(List.of(users(List.of(ID, USERNAME), List.of(), List.of())));
        Schema entities = Schema.of(List.of(users(List.of(ID, USERNAME, BIO), List.of(), List.of())));

        assertThat(SchemaDiff.compare(database, entities, scope(database, entities), DatabaseKind.POSTGRESQL))
                .containsExactly(new AddColumn("users", BIO));
        assertThat(SchemaDiff.compare(entities, database, scope(database, entities), DatabaseKind.POSTGRESQL))
                .containsExactly(new DropColumn("users", BIO));
    }

    @Test
    void onSqliteTypesCompareByFamilyAndNullabilityIsAChange() {
        Schema database = Schema.of(List.of(users(List.of(new Column("id", "BIGINT", false, null), USERNAME),
                List.of(), List.of())));
        Column nullableName = new Column("username", "TEXT", true, null);
        Schema entities = Schema.of(List.of(users(List.of(ID, nullableName), List.of(), List.of())));

        assertThat(SchemaDiff.compare(database, entities, Set.of("users"), DatabaseKind.SQLITE))
                .containsExactly(new AlterColumn("users", USERNAME, nullableName, DatabaseKind.SQLITE));
    }

    /** Issue 31: what PostgreSQL enforces is drift there: a width, a length, a precision or a scale. */
    @Test
    void onPostgresqlTypesCompareWithTheirWidthLengthPrecisionAndScaleWhateverTheirSpelling() {
        Column bigId = new Column("id", "BIGINT", false, null);
        Schema database = Schema.of(List.of(users(List.of(new Column("id", "INT8", false, null),
                new Column("username", "CHARACTER VARYING(64)", false, null)), List.of(), List.of())));
        assertThat(SchemaDiff.compare(database, Schema.of(List.of(users(List.of(bigId, USERNAME), List.of(),
                List.of()))), Set.of("users"), DatabaseKind.POSTGRESQL)).as("the same types, spelled otherwise").isEmpty();

        Column longer = new Column("username", "VARCHAR(4000)", false, null);
        Column unbounded = new Column("username", "TEXT", false, null);
        Column narrowId = new Column("id", "INTEGER", false, null);
        for (Column[] pair : new Column[][] {{bigId, narrowId}, {USERNAME, longer}, {USERNAME, unbounded}}) {
            Schema entities = Schema.of(List.of(users(List.of(pair[0].name().equals("id") ? pair[1] : bigId,
                    pair[0].name().equals("id") ? USERNAME : pair[1]), List.of(), List.of())));
            Schema current = Schema.of(List.of(users(List.of(bigId, USERNAME), List.of(), List.of())));
            assertThat(SchemaDiff.compare(current, entities, Set.of("users"), DatabaseKind.POSTGRESQL))
                    .as(pair[0] + " -> " + pair[1])
                    .containsExactly(new AlterColumn("users", pair[0], pair[1], DatabaseKind.POSTGRESQL));
            assertThat(SchemaDiff.compare(current, entities, Set.of("users"), DatabaseKind.SQLITE)).as("on SQLite")
                    .isEmpty();
        }
        Column price = new Column("price", "NUMERIC(10,2)", true, null);
        assertThat(price.sameType(new Column("price", "NUMERIC(10, 2)", true, null), DatabaseKind.POSTGRESQL)).isTrue();
        assertThat(price.sameType(new Column("price", "DECIMAL(10,2)", true, null), DatabaseKind.POSTGRESQL)).isTrue();
        assertThat(price.sameType(new Column("price", "NUMERIC(12,2)", true, null), DatabaseKind.POSTGRESQL)).isFalse();
        assertThat(price.sameType(new Column("price", "NUMERIC(10,3)", true, null), DatabaseKind.POSTGRESQL)).isFalse();
        assertThat(new Column("t", "TIMESTAMP(6) WITH TIME ZONE", true, null).sameType(
                new Column("t", "TIMESTAMP WITH TIME ZONE", true, null), DatabaseKind.POSTGRESQL))
                .as("a timestamp's precision is not compared").isTrue();
    }

    @Test
    void aUniqueIndexAndAUniqueConstraintOnTheSameColumnsAreTheSame() {
        Schema database = Schema.of(List.of(users(List.of(ID, USERNAME),
                List.of(new Index("ix_users_username", List.of("username"), true, null)), List.of())));
        Schema entities = Schema.of(List.of(users(List.of(ID, USERNAME), List.of(),
                List.of(new Unique("uq_users_username", List.of("username"))))));

        assertThat(SchemaDiff.compare(database, entities, Set.of("users"), DatabaseKind.POSTGRESQL)).isEmpty();
        assertThat(SchemaDiff.compare(entities, database, Set.of("users"), DatabaseKind.POSTGRESQL)).isEmpty();
    }

    @Test
    void onSqliteAnIndexEndingInTheRowidKeyIsTheIndexWithoutIt() {
        Index withId = new Index("ix_users_name", List.of("username", "id"), false, null);
        Index withoutId = new Index("ix_users_name", List.of("username"), false, null);
        Schema database = Schema.of(List.of(users(List.of(ID, USERNAME), List.of(withoutId), List.of())));
        Schema entities = Schema.of(List.of(users(List.of(ID, USERNAME), List.of(withId), List.of())));

        assertThat(SchemaDiff.compare(database, entities, Set.of("users"), DatabaseKind.SQLITE)).isEmpty();
        assertThat(SchemaDiff.compare(database, entities, Set.of("users"), DatabaseKind.POSTGRESQL))
                .extracting(Change::describe)
                .containsExactly("- index ix_users_name on users (username)", "+ index ix_users_name on users (username, id)");
    }

    @Test
    void aDefaultTheEntitiesDeclareComparesWhateverEachDatabaseSpellsAndOneTheyDoNotMentionIsTheDatabasesOwn() {
        for (String[] same : new String[][] {{"'draft'::character varying", "'draft'"}, {"'-1'::integer", "-1"},
                {"(1)", "1"}, {"CURRENT_TIMESTAMP", "current_timestamp"}, {"('x'::text)", "'x'"},
                {"'{}'::text[]", "'{}'"}, {"now()", "NOW()"}}) {
            assertThat(SchemaDiff.compare(withNoteDefault(same[0]), withNoteDefault(same[1]), Set.of("users"),
                    DatabaseKind.POSTGRESQL)).as(same[0] + " = " + same[1]).isEmpty();
        }
        for (String[] other : new String[][] {{"'A'", "'a'"}, {"'x::text'", "'x'"}, {"1", "2"}, {"'1'", "1"}}) {
            assertThat(SchemaDiff.compare(withNoteDefault(other[0]), withNoteDefault(other[1]), Set.of("users"),
                    DatabaseKind.SQLITE)).as(other[0] + " <> " + other[1]).extracting(Change::describe)
                    .singleElement().asString().contains("default");
        }
        assertThat(SchemaDiff.compare(withNoteDefault("'x'"), withNoteDefault(null), Set.of("users"), DatabaseKind.SQLITE))
                .as("a default the entities do not mention").isEmpty();
        List<Change> set = SchemaDiff.compare(withNoteDefault(null), withNoteDefault("'x'"), Set.of("users"),
                DatabaseKind.POSTGRESQL);
        assertThat(set).extracting(Change::describe).containsExactly("~ column users.note: default NULL -> 'x'");
        assertThat(SchemaDiff.reverse(set)).extracting(Change::describe).as("the undo takes it away")
                .containsExactly("~ column users.note: default 'x' -> NULL");
    }

    private static Schema withNoteDefault(String defaultValue) {
        return Schema.of(List.of(users(List.of(ID, new Column("note", "TEXT", true, defaultValue)), List.of(), List.of())));
    }

    @Test
    void onlyTheTablesInScopeAreComparedAndATableOnOneSideIsAddedOrDropped() {
        Schema database = Schema.of(List.of(users(List.of(ID, USERNAME), List.of(), List.of())));
        Schema entities = Schema.of(List.of(users(List.of(ID, USERNAME, BIO), List.of(), List.of()), posts()));

        assertThat(SchemaDiff.compare(database, entities, Set.of("posts"), DatabaseKind.SQLITE))
                .containsExactly(new AddTable(posts()));
        assertThat(SchemaDiff.compare(entities, database, Set.of("posts"), DatabaseKind.SQLITE))
                .containsExactly(new DropTable(posts()));
    }

    @Test
    void theReverseOfTheChangesIsWhatComparingTheOtherWayFinds() {
        Index byName = new Index("ix_users_name", List.of("username"), false, null);
        Schema database = Schema.of(List.of(users(List.of(ID, USERNAME), List.of(byName),
                List.of(new Unique("uq_users_username", List.of("username"))))));
        Schema entities = Schema.of(List.of(users(List.of(ID, new Column("username", "TEXT", true, null), BIO),
                List.of(new Index("ix_users_bio", List.of("bio"), false, null)), List.of()), posts()));
        Set<String> scope = scope(database, entities);

        List<Change> changes = SchemaDiff.compare(database, entities, scope, DatabaseKind.POSTGRESQL);
        List<Change> undo = SchemaDiff.reverse(changes);

        assertThat(changes).hasSize(6);
        assertThat(undo).containsExactlyInAnyOrderElementsOf(
                SchemaDiff.compare(entities, database, scope, DatabaseKind.POSTGRESQL));
        assertThat(undo.get(0)).isEqualTo(changes.get(changes.size() - 1).reverse());
        assertThat(SchemaDiff.reverse(undo)).isEqualTo(changes);
    }
}
