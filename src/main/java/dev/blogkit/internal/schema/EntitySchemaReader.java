package dev.blogkit.internal.schema;

import dev.blogkit.DatabaseKind;
import dev.blogkit.internal.schema.SchemaModel.Column;
import dev.blogkit.internal.schema.SchemaModel.ForeignKey;
import dev.blogkit.internal.schema.SchemaModel.Index;
import dev.blogkit.internal.schema.SchemaModel.Schema;
import dev.blogkit.internal.schema.SchemaModel.Table;
import dev.blogkit.internal.schema.SchemaModel.Unique;
import dev.blogkit.migration.MigrationException;
import dev.blogkit.model.Post;
import dev.blogkit.model.User;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.BootstrapServiceRegistryBuilder;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.mapping.Selectable;
import org.hibernate.type.SqlTypes;

/**
 * The schema the entities describe, read from Hibernate's boot metamodel without a database connection, with
 * column types written the way BlogKit's own migrations write them (INTEGER, TEXT, VARCHAR(n), TIMESTAMP on
 * SQLite; BIGINT, TEXT, TIMESTAMP WITH TIME ZONE on PostgreSQL).
 *
 * <p>Names Hibernate invents for constraints and indexes the entities do not name ({@code FK6xvn0811...}) are
 * replaced by BlogKit's convention: {@code fk_<table>_<columns>}, {@code uq_<table>_<columns>}.
 */
public final class EntitySchemaReader {

    private static final int DEFAULT_LENGTH = 255;

    private EntitySchemaReader() {
    }

    /** The schema the entities map, and which of its tables BlogKit's own entities (User, Post) map. */
    public record Mapping(Schema schema, java.util.Set<String> blogkitTables) {
    }

    public static Mapping read(List<Class<?>> entities, DatabaseKind kind) {
        // Hibernate loads the entities by name: from the loaders that loaded them (an application's, the CLI's --classpath)
        BootstrapServiceRegistryBuilder bootstrap = new BootstrapServiceRegistryBuilder();
        entities.stream().map(Class::getClassLoader).filter(java.util.Objects::nonNull).distinct()
                .forEach(bootstrap::applyClassLoader);
        StandardServiceRegistryBuilder settings = new StandardServiceRegistryBuilder(bootstrap.build())
                .applySetting(AvailableSettings.ALLOW_METADATA_ON_BOOT, false);
        if (kind == DatabaseKind.SQLITE) {
            settings.applySetting(AvailableSettings.DIALECT, "org.hibernate.community.dialect.SQLiteDialect");
        } else {
            // named, not chosen: Hibernate warns when told a dialect it can find by itself
            settings.applySetting(AvailableSettings.JAKARTA_HBM2DDL_DB_NAME, "PostgreSQL")
                    .applySetting(AvailableSettings.JAKARTA_HBM2DDL_DB_MAJOR_VERSION, "15");
        }
        StandardServiceRegistry registry = settings.build();
        try {
            MetadataSources sources = new MetadataSources(registry);
            entities.forEach(sources::addAnnotatedClass);
            Metadata metadata = sources.buildMetadata();
            // tables whose id the database or BlogKit generates (SQLite AUTOINCREMENT, PostgreSQL identity), and
            // the tables of BlogKit's own entities
            java.util.Set<String> generatedIds = new java.util.HashSet<>();
            java.util.Set<String> blogkitTables = new java.util.TreeSet<>();
            for (org.hibernate.mapping.PersistentClass entity : metadata.getEntityBindings()) {
                String table = lower(entity.getTable().getName());
                if (entity.getIdentifier() instanceof org.hibernate.mapping.SimpleValue id
                        && id.getCustomIdGeneratorCreator() != null) {
                    generatedIds.add(table);
                }
                if (entity.getMappedClass().getPackageName().equals(dev.blogkit.model.User.class.getPackageName())) {
                    blogkitTables.add(table);
                }
            }
            List<Table> tables = new ArrayList<>();
            for (var namespace : metadata.getDatabase().getNamespaces()) {
                for (org.hibernate.mapping.Table table : namespace.getTables()) {
                    if (table.isPhysicalTable()) {
                        tables.add(table(table, metadata, kind, generatedIds.contains(lower(table.getName()))));
                    }
                }
            }
            return new Mapping(Schema.of(tables), blogkitTables);
        } catch (RuntimeException e) {
            throw new MigrationException("cannot read the entity mapping: " + e.getMessage(), e);
        } finally {
            StandardServiceRegistryBuilder.destroy(registry);
        }
    }

    private static Table table(org.hibernate.mapping.Table table, Metadata metadata, DatabaseKind kind,
                               boolean generatedId) {
        String name = lower(table.getName());
        List<String> primaryKey = table.getPrimaryKey() == null ? List.of()
                : table.getPrimaryKey().getColumns().stream().map(c -> lower(c.getName())).toList();
        List<Column> columns = new ArrayList<>();
        // the primary key first, as a reader of CREATE TABLE expects it
        List<org.hibernate.mapping.Column> ordered = new ArrayList<>(table.getColumns());
        ordered.sort((a, b) -> Boolean.compare(!primaryKey.contains(lower(a.getName())),
                !primaryKey.contains(lower(b.getName()))));
        for (org.hibernate.mapping.Column column : ordered) {
            String columnName = lower(column.getName());
            boolean nullable = column.isNullable() && !primaryKey.contains(columnName);
            columns.add(new Column(columnName, type(column, metadata, kind), nullable, column.getDefaultValue()));
        }
        boolean autoIncrement = generatedId && primaryKey.size() == 1 && columns.stream()
                .filter(c -> c.name().equals(primaryKey.get(0)))
                .anyMatch(c -> c.family() == SchemaModel.TypeFamily.INTEGER);

        List<Index> indexes = new ArrayList<>();
        for (org.hibernate.mapping.Index index : table.getIndexes().values()) {
            indexes.add(new Index(lower(index.getName()), names(index.getSelectables()), false, null));
        }
        Map<List<String>, Unique> uniques = new LinkedHashMap<>();
        for (org.hibernate.mapping.UniqueKey unique : table.getUniqueKeys().values()) {
            List<String> columnNames = unique.getColumns().stream().map(c -> lower(c.getName())).toList();
            if (columnNames.equals(primaryKey)) {
                continue;
            }
            String uniqueName = unique.isNameExplicit() ? lower(unique.getName()) : conventional("uq", name, columnNames);
            uniques.putIfAbsent(columnNames, new Unique(uniqueName, columnNames));
        }
        for (org.hibernate.mapping.Column column : table.getColumns()) {
            List<String> single = List.of(lower(column.getName()));
            if (column.isUnique() && !single.equals(primaryKey)) {
                uniques.putIfAbsent(single, new Unique(conventional("uq", name, single), single));
            }
        }
        List<ForeignKey> foreignKeys = new ArrayList<>();
        for (org.hibernate.mapping.ForeignKey foreignKey : table.getForeignKeyCollection()) {
            if (!foreignKey.isCreationEnabled() || !foreignKey.getReferencedTable().isPhysicalTable()) {
                continue;
            }
            List<String> from = foreignKey.getColumns().stream().map(c -> lower(c.getName())).toList();
            List<String> to = foreignKey.isReferenceToPrimaryKey()
                    ? foreignKey.getReferencedTable().getPrimaryKey().getColumns().stream().map(c -> lower(c.getName())).toList()
                    : foreignKey.getReferencedColumns().stream().map(c -> lower(c.getName())).toList();
            String fkName = !foreignKey.getName().matches("FK[a-z0-9]{20,}")
                    ? lower(foreignKey.getName()) : conventional("fk", name, from);
            String onDelete = foreignKey.getOnDeleteAction() == null ? "NO ACTION"
                    : foreignKey.getOnDeleteAction().toSqlString().toUpperCase(Locale.ROOT).replace("ON DELETE ", "").strip();
            foreignKeys.add(new ForeignKey(fkName, from, lower(foreignKey.getReferencedTable().getName()), to,
                    onDelete.isEmpty() ? "NO ACTION" : onDelete));
        }
        return new Table(name, columns, primaryKey, autoIncrement, indexes, List.copyOf(uniques.values()), foreignKeys,
                null);
    }

    /** The column's type as BlogKit's migrations would declare it. */
    private static String type(org.hibernate.mapping.Column column, Metadata metadata, DatabaseKind kind) {
        if (column.getSqlType() != null) {
            // columnDefinition: the entity says exactly what it wants
            return column.getSqlType();
        }
        int code = column.getSqlTypeCode(metadata);
        Long length = column.getLength();
        boolean bounded = length != null && length != DEFAULT_LENGTH;
        boolean sqlite = kind == DatabaseKind.SQLITE;
        return switch (code) {
            case Types.BIGINT -> sqlite ? "INTEGER" : "BIGINT";
            case Types.INTEGER -> "INTEGER";
            case Types.SMALLINT, Types.TINYINT -> sqlite ? "INTEGER" : "SMALLINT";
            case Types.BOOLEAN, Types.BIT -> "BOOLEAN";
            case Types.VARCHAR, Types.NVARCHAR, Types.LONGVARCHAR, Types.LONGNVARCHAR, SqlTypes.LONG32VARCHAR,
                 SqlTypes.LONG32NVARCHAR, Types.CLOB, Types.NCLOB -> bounded ? "VARCHAR(" + length + ")" : "TEXT";
            case Types.CHAR, Types.NCHAR -> "CHAR(" + (length == null ? 1 : length) + ")";
            case SqlTypes.TIMESTAMP_UTC, Types.TIMESTAMP_WITH_TIMEZONE ->
                    sqlite ? "TIMESTAMP" : "TIMESTAMP WITH TIME ZONE";
            case Types.TIMESTAMP -> "TIMESTAMP";
            case Types.DATE -> "DATE";
            case Types.TIME, Types.TIME_WITH_TIMEZONE -> "TIME";
            case Types.DOUBLE, Types.FLOAT -> sqlite ? "REAL" : "DOUBLE PRECISION";
            case Types.REAL -> "REAL";
            case Types.NUMERIC, Types.DECIMAL -> column.getPrecision() == null ? "NUMERIC"
                    : "NUMERIC(" + column.getPrecision() + ", " + (column.getScale() == null ? 0 : column.getScale()) + ")";
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, SqlTypes.LONG32VARBINARY, Types.BLOB ->
                    sqlite ? "BLOB" : "BYTEA";
            case SqlTypes.UUID -> sqlite ? "TEXT" : "UUID";
            default -> column.getSqlType(metadata).toUpperCase(Locale.ROOT);
        };
    }

    private static List<String> names(List<Selectable> selectables) {
        return selectables.stream().map(s -> lower(s.getText())).toList();
    }

    /** BlogKit's name for a constraint or index the entities leave unnamed: {@code fk_posts_author_id}. */
    public static String conventional(String prefix, String table, List<String> columns) {
        return prefix + "_" + table + "_" + String.join("_", columns);
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
