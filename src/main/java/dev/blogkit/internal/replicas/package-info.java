/**
 * Not API: BlogKit's internals, free to change in any release. Read replicas: which server a read goes to, the
 * write-ahead-log positions that make a Blog's reads see its own writes, and the check that keeps a replica that is
 * down, lagging or not a replica out of the rotation until it is healthy.
 */
package dev.blogkit.internal.replicas;
