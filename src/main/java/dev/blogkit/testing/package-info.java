/**
 * Testing an application against BlogKit with JUnit Jupiter: {@link dev.blogkit.testing.BlogKitTest} gives each
 * test method a fresh, migrated {@link dev.blogkit.Blog} on a temporary SQLite file, and in a fresh PostgreSQL
 * schema too when a server is configured. JUnit is an optional dependency of BlogKit: add
 * {@code org.junit.jupiter:junit-jupiter} (5.13 or later; BlogKit is tested with 6) to the application's test
 * scope, as it already has.
 */
package dev.blogkit.testing;
