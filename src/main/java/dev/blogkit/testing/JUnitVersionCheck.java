package dev.blogkit.testing;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Says in one line which JUnit {@link BlogKitTest} needs when the test class path has an older one: the JUnit
 * Platform's launcher finds this listener in BlogKit's jar (a service of {@code LauncherSessionListener}, JUnit 5.8
 * and later) and calls it before any test class is read. With JUnit Jupiter older than 5.13 (as Spring Boot 3 pins)
 * a {@code @BlogKitTest} class would otherwise fail with a bare {@code TypeNotPresentException} naming
 * {@code ClassTemplateInvocationContextProvider}. Silent, and nearly free, with a JUnit that has class templates.
 */
public final class JUnitVersionCheck implements LauncherSessionListener {

    /** The line printed with an older JUnit Jupiter. */
    static final String NEEDS = "BlogKit: @BlogKitTest needs JUnit Jupiter 5.13 or later (class templates); this test"
            + " class path has JUnit Jupiter ";

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        String old = olderJupiter(JUnitVersionCheck.class.getClassLoader());
        if (old != null) {
            System.err.println(NEEDS + old + ": import org.junit:junit-bom 5.13.4 or later (Spring Boot 3: the property"
                    + " junit-jupiter.version) in the build");
        }
    }

    /** The version of JUnit Jupiter on the class path when it has no class templates; null if it has them, or none. */
    static String olderJupiter(ClassLoader loader) {
        try {
            Class<?> test = Class.forName("org.junit.jupiter.api.Test", false, loader);
            try {
                Class.forName("org.junit.jupiter.api.extension.ClassTemplateInvocationContextProvider", false, loader);
                return null;
            } catch (ClassNotFoundException | LinkageError e) {
                String version = test.getPackage() == null ? null : test.getPackage().getImplementationVersion();
                return version == null ? "older than 5.13" : version;
            }
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}
