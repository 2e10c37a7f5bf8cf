package dev.blogkit.migration;

import java.io.IOException;
import java.net.URL;
import java.security.CodeSource;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The class loader that Flyway and the undo runner read scripts through: the application's (for its own
 * {@code classpath:} locations), except that BlogKit's folder {@code db/blogkit/} is read from BlogKit's own jar
 * (or its own build output while BlogKit itself is developed) alone. Another {@code db/blogkit} folder on the
 * application's class path, a script written there by mistake say, is never taken for one of BlogKit's versions.
 */
final class ScriptLoader extends ClassLoader {

    static final String BLOGKIT_FOLDER = "db/blogkit/";

    /** Where BlogKit's classes, and so its scripts, come from: a jar, or a folder such as target/classes. */
    private static final String OWN_CODE = ownCode();

    ScriptLoader(ClassLoader application) {
        super(application);
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
        List<URL> own = Collections.list(all).stream().filter(ScriptLoader::isOwn).toList();
        return Collections.enumeration(own);
    }

    private static boolean isBlogKits(String name) {
        String path = name.startsWith("/") ? name.substring(1) : name;
        return path.startsWith(BLOGKIT_FOLDER) || path.equals("db/blogkit");
    }

    /** A resource in BlogKit's own folder or jar: {@code file:/.../classes/db/...} or {@code jar:file:/...jar!/db/...}. */
    private static boolean isOwn(URL resource) {
        if (OWN_CODE == null) {
            return true;
        }
        String url = resource.toString();
        return url.startsWith(OWN_CODE) || url.startsWith("jar:" + OWN_CODE + "!/");
    }

    private static String ownCode() {
        CodeSource source = ScriptLoader.class.getProtectionDomain().getCodeSource();
        return source == null || source.getLocation() == null ? null : source.getLocation().toString();
    }
}
