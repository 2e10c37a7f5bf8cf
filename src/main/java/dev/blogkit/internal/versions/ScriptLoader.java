package dev.blogkit.internal.versions;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The class loader that Flyway and the undo runner read scripts through: the application's (for its own
 * {@code classpath:} locations), except that BlogKit's folder {@code db/blogkit/} is read from BlogKit's own jar
 * (or its own build output while BlogKit itself is developed) alone. Another {@code db/blogkit} folder on the
 * application's class path, a script written there by mistake say, is never taken for one of BlogKit's versions.
 */
public final class ScriptLoader extends ClassLoader {

    public static final String BLOGKIT_FOLDER = "db/blogkit/";

    /** Where BlogKit's classes, and so its scripts, come from: a jar, or a folder such as target/classes. */
    private static final String OWN_ROOT = ownRoot();

    /** The loader over BlogKit's own class loader, the default one: made once, not at every Migrations. */
    private static final ScriptLoader OVER_BLOGKITS = new ScriptLoader(ScriptLoader.class.getClassLoader());

    private ScriptLoader(ClassLoader application) {
        super(application);
    }

    /** The scripts as {@code application} sees them, with BlogKit's own folder read from BlogKit's jar alone. */
    public static ScriptLoader over(ClassLoader application) {
        return application == OVER_BLOGKITS.getParent() ? OVER_BLOGKITS : new ScriptLoader(application);
    }

    @Override
    public URL getResource(String name) {
        if (!isBlogKits(name)) {
            return super.getResource(name);
        }
        try {
            Enumeration<URL> own = getResources(name);
            return own.hasMoreElements() ? own.nextElement() : null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        Enumeration<URL> all = super.getResources(name);
        if (!isBlogKits(name)) {
            return all;
        }
        List<URL> own = Collections.list(all).stream().filter(url -> isOwn(url, name)).toList();
        return Collections.enumeration(own);
    }

    private static boolean isBlogKits(String name) {
        String path = name.startsWith("/") ? name.substring(1) : name;
        return path.startsWith(BLOGKIT_FOLDER) || path.equals("db/blogkit");
    }

    /**
     * A resource in BlogKit's own folder or jar: its URL, less its name, is the root this class was loaded from
     * ({@code file:/.../classes/}, {@code jar:file:/...jar!/}, or a nested jar's URL in a Spring Boot jar).
     */
    private static boolean isOwn(URL resource, String name) {
        String path = withoutTrailingSlash(name.startsWith("/") ? name.substring(1) : name);
        String url = withoutTrailingSlash(resource.toString());
        return OWN_ROOT == null || (url.endsWith(path) && url.substring(0, url.length() - path.length()).equals(OWN_ROOT));
    }

    private static String withoutTrailingSlash(String text) {
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    /** The root of this class's own URL; null if it cannot be told, and then every resource counts as BlogKit's. */
    private static String ownRoot() {
        String self = ScriptLoader.class.getName().replace('.', '/') + ".class";
        URL url = ScriptLoader.class.getClassLoader() == null ? null : ScriptLoader.class.getClassLoader().getResource(self);
        if (url == null || !url.toString().endsWith(self)) {
            return null;
        }
        String text = url.toString();
        return text.substring(0, text.length() - self.length());
    }
}
