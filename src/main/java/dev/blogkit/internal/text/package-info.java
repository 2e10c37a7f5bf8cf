/**
 * Not API: BlogKit's internals, free to change in any release. Text rules shared by the model, the repository and
 * the migrations: when two names are one ({@link dev.blogkit.internal.text.Identity}), search's one text analysis
 * ({@link dev.blogkit.internal.text.SearchText}) and its snippets ({@link dev.blogkit.internal.text.Snippets}).
 * Depends on nothing of BlogKit.
 */
package dev.blogkit.internal.text;
