/**
 * Not API: BlogKit's internals, free to change in any release. Schemas as values and the pipeline check and
 * generate run on them: read the database ({@code DatabaseSchemaReader}) and the entities
 * ({@code EntitySchemaReader}), compare once into change values that each know their reverse ({@code SchemaDiff}),
 * render them as SQL per database ({@code ScriptWriter}: ALTERs, or SQLite's table rebuild), and say what the
 * changes lose ({@code ChangeWarnings}). No Flyway, no connection beyond the one a reader is given.
 */
package dev.blogkit.internal.schema;
