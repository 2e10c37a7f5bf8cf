/**
 * Not API: BlogKit's internals, free to change in any release. The repository behind
 * {@link dev.blogkit.BlogRepository}: each method one transaction of {@link dev.blogkit.internal.orm.Transactions},
 * over the named queries of {@code dev.blogkit.model}; the signed cursors of keyset pages; the dirty check of
 * stateless updates.
 */
package dev.blogkit.internal.repository;
