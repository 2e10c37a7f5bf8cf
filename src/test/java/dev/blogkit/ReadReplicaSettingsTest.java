package dev.blogkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blogkit.internal.replicas.WalPosition;
import dev.blogkit.internal.replicas.WriteTokens;
import dev.blogkit.model.User;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read-replica settings and write tokens, without a server: what is refused with which message, and what an
 * SQLite blog (which has no replicas) does with tokens. The replicas themselves are {@link ReadReplicasTest}'s.
 */
class ReadReplicaSettingsTest {

    private static final String PRIMARY = "jdbc:postgresql://db-primary:5432/blog";
    private static final String REPLICA = "jdbc:postgresql://db-replica:5432/blog";

    @TempDir
    Path dir;

    @Test
    void anSqliteBlogRefusesReadReplicasAndSaysWhy() {
        BlogConfig.Builder sqlite = BlogConfig.builder("jdbc:sqlite:" + dir.resolve("blog.db"));
        assertThatThrownBy(() -> sqlite.readReplicas(REPLICA)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("read replicas are for PostgreSQL").hasMessageContaining("blog.db");
        assertThat(sqlite.readReplicas(new String[0]).build().readReplicas()).as("none is no replica").isEmpty();
    }

    @Test
    void replicasMustBeDistinctPostgresqlServersOtherThanThePrimary() {
        BlogConfig.Builder builder = BlogConfig.builder(PRIMARY);
        assertThatThrownBy(() -> builder.readReplicas("jdbc:sqlite:replica.db")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("must be a PostgreSQL server");
        assertThatThrownBy(() -> builder.readReplicas(REPLICA, REPLICA)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("given twice");
        assertThatThrownBy(() -> builder.readReplicas(PRIMARY)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("the primary itself");
        assertThatThrownBy(() -> builder.readReplicas((String) null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> builder.readReplicas((String[]) null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> builder.readReplicas((javax.sql.DataSource) null))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> builder.readReplicas("mysql://nope")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void theReplicaSettingsAreCheckedAndKept() {
        BlogConfig config = BlogConfig.builder(PRIMARY).readReplicas(REPLICA, "jdbc:postgresql://db-replica-2/blog")
                .readYourWritesTimeout(Duration.ZERO).maxReplicaLag(Duration.ofSeconds(3))
                .replicaCheckInterval(Duration.ofMillis(250)).build();
        assertThat(config.readReplicas()).extracting(BlogConfig.ReadReplica::displayName)
                .containsExactly(REPLICA, "jdbc:postgresql://db-replica-2/blog");
        assertThat(config.readReplicas().get(0).jdbcUrl()).contains(REPLICA);
        assertThat(config.readReplicas().get(0).dataSource()).isEmpty();
        assertThat(config.readYourWritesTimeout()).isZero();
        assertThat(config.maxReplicaLag()).hasSeconds(3);
        assertThat(config.replicaCheckInterval()).hasMillis(250);

        BlogConfig defaults = BlogConfig.builder(PRIMARY).build();
        assertThat(defaults.readReplicas()).isEmpty();
        assertThat(defaults.readYourWritesTimeout()).isEqualTo(BlogConfig.DEFAULT_READ_YOUR_WRITES_TIMEOUT)
                .hasMillis(100);
        assertThat(defaults.maxReplicaLag()).isEqualTo(BlogConfig.DEFAULT_MAX_REPLICA_LAG).hasSeconds(10);
        assertThat(defaults.replicaCheckInterval()).isEqualTo(BlogConfig.DEFAULT_REPLICA_CHECK_INTERVAL).hasSeconds(1);

        BlogConfig.Builder builder = BlogConfig.builder(PRIMARY);
        assertThatThrownBy(() -> builder.readYourWritesTimeout(Duration.ofMillis(-1)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("readYourWritesTimeout");
        assertThatThrownBy(() -> builder.readYourWritesTimeout(Duration.ofMinutes(2)))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> builder.readYourWritesTimeout(null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> builder.maxReplicaLag(Duration.ofMillis(99))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("maxReplicaLag");
        assertThatThrownBy(() -> builder.replicaCheckInterval(Duration.ofMillis(10)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("replicaCheckInterval");
    }

    @Test
    void aReplicasPasswordNeverShowsAndCredentialsAreGivenOneWayOnly() {
        BlogConfig config = BlogConfig.builder(PRIMARY).readReplicas(REPLICA + "?user=blog&password=s3cret").build();
        assertThat(config.toString()).doesNotContain("s3cret").contains("readReplicas=");
        assertThat(config.readReplicas().get(0).displayName()).doesNotContain("s3cret");
        assertThatThrownBy(() -> BlogConfig.builder(PRIMARY).credentials("blog", "s3cret")
                .readReplicas(REPLICA + "?user=blog").build()).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("replicas' user and password");
    }

    @Test
    void thePrimaryMayBeAMultiHostUrlOfPgJdbcButEachReplicaHasAUrlOfItsOwn() {
        BlogConfig config = BlogConfig.builder("jdbc:postgresql://db1:5432,db2:5432/blog?targetServerType=primary")
                .readReplicas(REPLICA).build();
        assertThat(config.kind()).isEqualTo(DatabaseKind.POSTGRESQL);
        assertThat(config.readReplicas()).hasSize(1);
        assertThatThrownBy(() -> BlogConfig.builder(PRIMARY).readReplicas(
                "jdbc:postgresql://db2:5432,db3:5432/blog?targetServerType=preferSecondary"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("a URL of its own");
    }

    @Test
    void walPositionsParseAsPostgresqlWritesThemAndNothingPastALong() {
        long position = WalPosition.parse("16/B374D848");
        assertThat(position).isEqualTo((0x16L << 32) | 0xB374D848L);
        assertThat(WalPosition.format(position)).isEqualTo("16/B374D848");
        assertThat(WalPosition.parse("7FFFFFFF/FFFFFFFF")).isEqualTo(Long.MAX_VALUE);
        for (String bad : new String[] {"80000000/0", "FFFFFFFF/FFFFFFFF", "1/", "/1", "123456789/0", "-1/0", "x"}) {
            assertThatThrownBy(() -> WalPosition.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    static final String KEY = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    @Test
    void writeTokensAreSignedByTheDatabasesKeyAndAnythingElseIsRefused() {
        WriteTokens tokens = new WriteTokens(KEY);
        long position = WalPosition.parse("16/B374D848");
        String token = tokens.token(position);
        assertThat(token).startsWith("wal2.16b374d848.").matches("[A-Za-z0-9._-]+");
        assertThat(tokens.position(token)).isEqualTo(position);
        assertThat(tokens.token(0)).isEmpty();
        assertThat(tokens.position("")).isZero();

        String mac = token.substring(token.lastIndexOf('.') + 1);
        char last = mac.charAt(mac.length() - 1);
        List<String> forged = new java.util.ArrayList<>(List.of("wal1.16/B374D848", "wal1.FFFFFFFF/FFFFFFFF",
                "wal1.100/0", "wal2.", "wal2.16b374d848", "wal2.16b374d848." + mac + "x",
                "wal2.16b374d849." + mac, "wal2.016b374d848." + mac, "wal2.16B374D848." + mac,
                "wal2.16b374d848." + mac.substring(0, mac.length() - 1) + (last == 'A' ? 'B' : 'A'),
                "wal2.ffffffffffffffff." + mac, "wal2.0." + mac, " " + token, token + " ", token + "\0", "x"));
        // the same position signed by another database's key
        forged.add(new WriteTokens(KEY.replace('0', '1')).token(position));
        for (String bad : forged) {
            assertThatThrownBy(() -> tokens.position(bad)).as(bad).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("not a write token")
                    .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("writeToken");
        }
        assertThatThrownBy(() -> tokens.position(null)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void randomTokensAreRefused() {
        WriteTokens tokens = new WriteTokens(KEY);
        java.util.Random random = new java.util.Random(2);
        for (int i = 0; i < 2000; i++) {
            long position = random.nextLong() & Long.MAX_VALUE;
            byte[] mac = new byte[16];
            random.nextBytes(mac);
            String guess = "wal2." + Long.toHexString(position) + "."
                    + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
            assertThatThrownBy(() -> tokens.position(guess)).isInstanceOf(InvalidInputException.class);
        }
    }

    @Test
    void aBlogWithoutReplicasGivesTheEmptyTokenAndReadsAfterAnyTokenFromItsOneDatabase() {
        try (Blog blog = Blog.open(BlogConfig.builder("jdbc:sqlite:" + dir.resolve("blog.db")).build())) {
            User alice = blog.repository().createUser("alice", "alice@example.com");
            assertThat(blog.writeToken()).isEmpty();
            assertThat(blog.repositoryAfter("").findUser(alice.getId())).isPresent();
            String key = TestDatabase.rows(dir.resolve("blog.db"), "SELECT value FROM blogkit_settings WHERE name = 'cursor_key'")
                    .get(0).get("value").toString();
            assertThat(blog.repositoryAfter(new WriteTokens(key).token(12345)).findUser(alice.getId())).isPresent();
            assertThatThrownBy(() -> blog.repositoryAfter(new WriteTokens(KEY).token(12345)))
                    .isInstanceOf(InvalidInputException.class);
            User found = blog.inReadTransactionAfter("", session -> session.find(User.class, alice.getId()));
            assertThat(found).isNotNull();
            assertThatThrownBy(() -> blog.repositoryAfter("forged")).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> blog.inReadTransactionAfter("", null)).isInstanceOf(InvalidInputException.class);
        }
    }
}
