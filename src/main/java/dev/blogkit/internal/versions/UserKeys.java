package dev.blogkit.internal.versions;

import dev.blogkit.model.User;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

/**
 * The step of BlogKit's migration V7 that SQL cannot take: the lookup keys of the users there are already
 * ({@link User#lookupKey}, computed in Java so that they are the keys BlogKit computes for every later write). It
 * runs right after V7's script, inside its transaction; if two users' usernames or emails would have the same key,
 * it names them and fails, and the whole version is rolled back: nothing changes until they are renamed.
 */
final class UserKeys implements Callback {

    /** The version whose script adds the key columns. */
    static final String VERSION = "7";
    private static final int SHOWN = 10;

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.AFTER_EACH_MIGRATE && context.getMigrationInfo() != null
                && context.getMigrationInfo().getVersion() != null
                && VERSION.equals(context.getMigrationInfo().getVersion().getVersion());
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        try {
            fill(context.getConnection());
        } catch (SQLException e) {
            throw new FlywayException("V" + VERSION + ": cannot compute the users' lookup keys: " + e.getMessage(), e);
        }
    }

    @Override
    public String getCallbackName() {
        return "BlogKit user lookup keys";
    }

    private record Row(long id, String username, String email) {
    }

    static void fill(Connection connection) throws SQLException {
        List<Row> users = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT id, username, email FROM users ORDER BY id")) {
            while (rs.next()) {
                users.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3)));
            }
        }
        List<String> collisions = new ArrayList<>();
        collisions.addAll(collisions(users, "username", Row::username));
        collisions.addAll(collisions(users, "email", Row::email));
        if (!collisions.isEmpty()) {
            throw new FlywayException("V" + VERSION + " compares usernames and emails without regard to case, and these "
                    + "users would then share one: " + String.join("; ", collisions.subList(0, Math.min(SHOWN, collisions.size())))
                    + (collisions.size() > SHOWN ? "; and " + (collisions.size() - SHOWN) + " more" : "")
                    + ". Rename all but one of each (for example with editUser on the version before), then migrate "
                    + "again; V" + VERSION + " was rolled back and nothing was changed");
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE users SET username_key = ?, email_key = ? WHERE id = ?")) {
            int batched = 0;
            for (Row user : users) {
                update.setString(1, User.lookupKey(user.username()));
                update.setString(2, User.lookupKey(user.email()));
                update.setLong(3, user.id());
                update.addBatch();
                if (++batched % 1000 == 0) {
                    update.executeBatch();
                }
            }
            update.executeBatch();
        }
    }

    /** The groups of users whose values share a key, as {@code username 'Alice' (user 3), 'alice' (user 9)}. */
    private static List<String> collisions(List<Row> users, String field, java.util.function.Function<Row, String> value) {
        Map<String, List<Row>> byKey = new LinkedHashMap<>();
        for (Row user : users) {
            byKey.computeIfAbsent(User.lookupKey(value.apply(user)), k -> new ArrayList<>()).add(user);
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
