package dev.blogkit.internal.orm;

/**
 * Sends the logging of BlogKit's dependencies to SLF4J, so that the application's SLF4J backend (or none) decides
 * what is printed. Hikari and sqlite-jdbc log to SLF4J by themselves; Flyway is told so per configuration.
 * Hibernate logs through JBoss Logging, which falls back to java.util.logging, and so to the console, when it
 * finds neither JBoss LogManager, Log4j 2 nor Logback: in exactly that case, and only if the application has not
 * chosen a provider itself, BlogKit sets the system property {@code org.jboss.logging.provider=slf4j}.
 */
public final class HibernateLogging {

    static final String JBOSS_LOGGING_PROVIDER = "org.jboss.logging.provider";

    private HibernateLogging() {
    }

    public static void routeHibernateToSlf4j() {
        if (System.getProperty(JBOSS_LOGGING_PROVIDER) != null) {
            return;
        }
        if (present("org.jboss.logmanager.LogManager") || present("org.apache.logging.log4j.LogManager")
                || present("ch.qos.logback.classic.Logger")) {
            return;
        }
        System.setProperty(JBOSS_LOGGING_PROVIDER, "slf4j");
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, HibernateLogging.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
