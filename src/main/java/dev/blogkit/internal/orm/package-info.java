/**
 * Not API: BlogKit's internals, free to change in any release. BlogKit on Hibernate ORM: the one transaction helper
 * ({@link dev.blogkit.internal.orm.Transactions}), the SQLite dialect BlogKit's mapping needs, and the routing of
 * Hibernate's logs to SLF4J.
 */
package dev.blogkit.internal.orm;
