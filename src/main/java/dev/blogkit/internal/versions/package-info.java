/**
 * Not API: BlogKit's internals, free to change in any release. Schema versions through Flyway: one migration set
 * on one database ({@code VersionedSet}: migrate, undo, stamp, history, validate), the rules about versions
 * ({@code Versions}), the connections migrations use ({@code SetConnections}), the lock ({@code MigrationLock}),
 * the scripts and the tables they create ({@code ScriptLoader}, {@code SqlStatements}, {@code Ownership}), SQLite
 * files and their copies ({@code SqliteFile}), and check and generate ({@code Autogenerate}), which compare through
 * {@code dev.blogkit.internal.schema}.
 */
package dev.blogkit.internal.versions;
