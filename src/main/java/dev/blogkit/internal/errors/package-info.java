/**
 * Not API: BlogKit's internals, free to change in any release. Failures and secrets: the one place where a failure
 * of the database, the driver, the pool, Hibernate or Flyway becomes a BlogKit exception
 * ({@link dev.blogkit.internal.errors.DatabaseErrors}), and the masking of passwords in every text BlogKit shows
 * ({@link dev.blogkit.internal.errors.Masking}). Depends on nothing of BlogKit but its exception types.
 */
package dev.blogkit.internal.errors;
