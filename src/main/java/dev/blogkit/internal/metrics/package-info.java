/**
 * Not API: BlogKit's internals, free to change in any release. What an application's Micrometer registry sees of
 * BlogKit ({@code BlogConfig.Builder.meterRegistry}): the only package that uses Micrometer, loaded only when a
 * registry is configured, so that an application without Micrometer never needs it.
 */
package dev.blogkit.internal.metrics;
