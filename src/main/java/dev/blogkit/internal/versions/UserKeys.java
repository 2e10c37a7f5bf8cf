package dev.blogkit.internal.versions;

import dev.blogkit.internal.text.Identity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The step of BlogKit's migrations V7 and V9, and of the undo of V9, that SQL cannot take: the lookup keys of the
 * users there are already, computed in Java so that they are the keys BlogKit computes for every later write. It
 * runs right after the script, inside its transaction; if two users' usernames or emails would have the same key,
 * it names them and fails, and the whole version is rolled back: nothing changes until they are renamed.
 *
 * <p>Each version has its rule, frozen with it: V7's key is the text itself, NFKC then upper and lower case in the
 * root locale ({@link #version7Key}); V9's is the SHA-256 of Unicode's NFKC_Casefold ({@link Identity#storedKey}).
 */
final class UserKeys implements Callback {

    /** The version whose script adds the key columns. */
    static final String VERSION_7 = "7";
    /** The version whose script makes the keys NFKC_Casefold, stored as their SHA-256. */
    static final String VERSION_9 = "9";
    /** V7's columns on PostgreSQL: {@code varchar(256)}, {@code varchar(512)}. */
    private static final int VERSION_7_USERNAME_KEY_LENGTH = 256;
    private static final int VERSION_7_EMAIL_KEY_LENGTH = 512;
    private static final int SHOWN = 10;
    private static final Logger log = LoggerFactory.getLogger(UserKeys.class);

    /** A rule: the keys of one version, and the longest key its columns hold (0: any). */
    private record Rule(String version, Function<String, String> key, int usernameLimit, int emailLimit) {
    }

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.AFTER_EACH_MIGRATE && context.getMigrationInfo() != null
                && context.getMigrationInfo().getVersion() != null
                && List.of(VERSION_7, VERSION_9).contains(context.getMigrationInfo().getVersion().getVersion());
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        String version = context.getMigrationInfo().getVersion().getVersion();
        try {
            Connection connection = context.getConnection();
            if (VERSION_7.equals(version)) {
                fill(connection, version7(connection), false);
            } else {
                fill(connection, new Rule(VERSION_9, Identity::storedKey, 0, 0), false);
            }
        } catch (Refusal e) {
            throw new FlywayException(e.getMessage(), e);
        } catch (SQLException e) {
            throw new FlywayException("V" + version + ": cannot compute the users' lookup keys: " + e.getMessage(), e);
        }
    }

    @Override
    public String getCallbackName() {
        return "BlogKit user lookup keys";
    }

    /**
     * The undo of V9's step: V7's keys again. A user whose V7 key would not fit V7's columns (on PostgreSQL) is
     * refused, naming them, as are users whose keys would collide.
     */
    static void undoVersion9(Connection connection) throws SQLException {
        fill(connection, version7(connection), true);
    }

    /**
     * V7's key, frozen: NFKC, then upper and lower case in the root locale, then NFKC again (the JDK's Unicode
     * data). Not Unicode's case folding ({@code ẞ} keeps a key of its own; {@code ı} is {@code i}): V9 replaced it.
     */
    static String version7Key(String text) {
        String compatible = Normalizer.normalize(text, Normalizer.Form.NFKC);
        return Normalizer.normalize(compatible.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT), Normalizer.Form.NFKC);
    }

    private static Rule version7(Connection connection) throws SQLException {
        boolean sqlite = connection.getMetaData().getURL().startsWith("jdbc:sqlite:");
        return sqlite ? new Rule(VERSION_7, UserKeys::version7Key, 0, 0)
                : new Rule(VERSION_7, UserKeys::version7Key, VERSION_7_USERNAME_KEY_LENGTH, VERSION_7_EMAIL_KEY_LENGTH);
    }

    private record Row(long id, String username, String email) {
    }

    /** Users whose keys the rule cannot store: named, and nothing is changed. */
    private static final class Refusal extends SQLException {
        private static final long serialVersionUID = 1L;

        Refusal(String message) {
            super(message);
        }
    }

    /**
     * Computes every user's keys by the rule. A key longer than its column: on the way up (V7) it is left null
     * (V9, which keys every value, fills it), on the way down the undo is refused, naming the users.
     */
    private static void fill(Connection connection, Rule rule, boolean refuseLong) throws SQLException {
        List<Row> users = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT id, username, email FROM users ORDER BY id")) {
            while (rs.next()) {
                users.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3)));
            }
        }
        String where = refuseLong ? "the undo of V" + VERSION_9 : "V" + rule.version();
        List<String> collisions = new ArrayList<>();
        collisions.addAll(collisions(users, rule, "username", Row::username));
        collisions.addAll(collisions(users, rule, "email", Row::email));
        if (!collisions.isEmpty()) {
            throw new Refusal(where + " compares usernames and emails by the lookup keys of version "
                    + rule.version() + ", and these users would then share one: " + shown(collisions)
                    + ". Rename all but one of each, then try again; " + where + " was rolled back and nothing was changed");
        }
        List<String> tooLong = new ArrayList<>();
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE users SET username_key = ?, email_key = ? WHERE id = ?")) {
            int batched = 0;
            for (Row user : users) {
                String usernameKey = fitting(rule.key().apply(user.username()), rule.usernameLimit(), user, "username", tooLong);
                String emailKey = fitting(rule.key().apply(user.email()), rule.emailLimit(), user, "email", tooLong);
                update.setString(1, usernameKey);
                update.setString(2, emailKey);
                update.setLong(3, user.id());
                update.addBatch();
                if (++batched % 1000 == 0) {
                    update.executeBatch();
                }
            }
            if (refuseLong && !tooLong.isEmpty()) {
                throw new Refusal("the lookup keys of version " + rule.version() + " of these users would not fit "
                        + "its columns: " + shown(tooLong) + ". Rename them, then try again; nothing was changed");
            }
            update.executeBatch();
        }
        if (!tooLong.isEmpty()) {
            log.warn("V{}: {} lookup keys would not fit the version's columns and are left empty until V{} computes "
                    + "them: {}", rule.version(), tooLong.size(), VERSION_9, shown(tooLong));
        }
    }

    private static String fitting(String key, int limit, Row user, String field, List<String> tooLong) {
        if (limit > 0 && key.length() > limit) {
            tooLong.add(field + " of user " + user.id() + " (a key of " + key.length() + " characters, the column holds "
                    + limit + ")");
            return null;
        }
        return key;
    }

    private static String shown(List<String> items) {
        return String.join("; ", items.subList(0, Math.min(SHOWN, items.size())))
                + (items.size() > SHOWN ? "; and " + (items.size() - SHOWN) + " more" : "");
    }

    /** The groups of users whose values share a key, as {@code username 'Alice' (user 3), 'alice' (user 9)}. */
    private static List<String> collisions(List<Row> users, Rule rule, String field, Function<Row, String> value) {
        Map<String, List<Row>> byKey = new LinkedHashMap<>();
        for (Row user : users) {
            byKey.computeIfAbsent(rule.key().apply(value.apply(user)), k -> new ArrayList<>()).add(user);
        }
        List<String> found = new ArrayList<>();
        for (List<Row> group : byKey.values()) {
            if (group.size() > 1) {
                found.add(field + " " + String.join(", ", group.stream()
                        .map(u -> "'" + value.apply(u) + "' (user " + u.id() + ")").toList()));
            }
        }
        return found;
    }
}
