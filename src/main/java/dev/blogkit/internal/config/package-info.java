/**
 * Not API: BlogKit's internals, free to change in any release. The project file, {@code blogkit.properties}
 * ({@code ProjectFile}), that the command line and {@code BlogConfig.fromFile} read.
 */
package dev.blogkit.internal.config;
