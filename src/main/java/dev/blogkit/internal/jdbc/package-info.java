/**
 * Not API: BlogKit's internals, free to change in any release. How BlogKit's connections are set up: the one place
 * for the settings of an SQLite connection and of a PostgreSQL connection, used by the repository's pool and by
 * the migrations' connections alike.
 */
package dev.blogkit.internal.jdbc;
