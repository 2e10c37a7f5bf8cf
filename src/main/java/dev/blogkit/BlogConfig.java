package dev.blogkit;

import dev.blogkit.internal.errors.Masking;
import dev.blogkit.internal.jdbc.Drivers;
import dev.blogkit.internal.jdbc.JdbcUrl;
import dev.blogkit.internal.orm.HibernateLogging;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * How {@link Blog#open(BlogConfig)} connects: the database URL and the few settings worth changing.
 * Immutable; make one with {@link #builder(String)}, or with {@link #builder(DataSource)} to hand BlogKit the
 * application's own connection pool to a PostgreSQL database.
 *
 * <pre>{@code
 * BlogConfig config = BlogConfig.builder("jdbc:sqlite:blog.db")
 *         .poolSize(8)
 *         .busyTimeout(Duration.ofSeconds(10))
 *         .build();
 * }</pre>
 */
public final class BlogConfig {

    /** Connections kept by the pool unless {@link Builder#poolSize(int)} says otherwise. */
    public static final int DEFAULT_POOL_SIZE = 10;

    /** The history table of an application's own migrations unless {@link Builder#migrations} names another. */
    public static final String DEFAULT_HISTORY_TABLE = "app_schema_history";

    /** How long a statement waits for another connection's write lock before failing. */
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(10);

    /** How long a call waits for a connection (a server that is down or unreachable) unless told otherwise. */
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(10);

    /** How long a server may take to answer one statement (a frozen server) unless told otherwise. */
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(20);

    /**
     * How long a read after one's own write waits for a read replica to replay that write before it reads from the
     * primary instead, unless {@link Builder#readYourWritesTimeout} says otherwise.
     */
    public static final Duration DEFAULT_READ_YOUR_WRITES_TIMEOUT = Duration.ofMillis(100);

    /** How far a read replica may fall behind the primary before reads skip it, unless told otherwise. */
    public static final Duration DEFAULT_MAX_REPLICA_LAG = Duration.ofSeconds(10);

    /** How often BlogKit looks at each read replica (and the primary's position) unless told otherwise. */
    public static final Duration DEFAULT_REPLICA_CHECK_INTERVAL = Duration.ofSeconds(1);

    /** The databases migrations are written for unless {@link Builder#migrationDatabases} says otherwise. */
    private static final List<DatabaseKind> ALL_DATABASES = List.of(DatabaseKind.values());

    private final JdbcUrl url;
    private final boolean migrateOnOpen;
    private final int poolSize;
    private final Duration busyTimeout;
    private final Clock clock;
    private final Consumer<String> sqlObserver;
    private final List<Class<?>> entities;
    private final String migrationLocation;
    private final String historyTable;
    private final List<DatabaseKind> migrationDatabases;
    private final JdbcUrl scratchDatabase;
    private final ClassLoader classLoader;
    private final boolean readOnly;
    private final String user;
    private final String password;
    private final Duration connectionTimeout;
    private final Duration statementTimeout;
    private final DataSource dataSource;
    /** A Micrometer MeterRegistry, or null; Object so that BlogKit runs without Micrometer on the class path. */
    private final Object meterRegistry;
    private final List<ReadReplica> readReplicas;
    private final Duration readYourWritesTimeout;
    private final Duration maxReplicaLag;
    private final Duration replicaCheckInterval;

    private BlogConfig(Builder builder) {
        this.readReplicas = List.copyOf(builder.readReplicas);
        this.readYourWritesTimeout = builder.readYourWritesTimeout;
        this.maxReplicaLag = builder.maxReplicaLag;
        this.replicaCheckInterval = builder.replicaCheckInterval;
        this.dataSource = builder.dataSource;
        this.meterRegistry = builder.meterRegistry;
        this.connectionTimeout = builder.connectionTimeout == null ? DEFAULT_CONNECTION_TIMEOUT : builder.connectionTimeout;
        this.statementTimeout = builder.statementTimeout == null ? DEFAULT_STATEMENT_TIMEOUT : builder.statementTimeout;
        this.user = builder.user;
        this.password = builder.password;
        this.classLoader = builder.classLoader;
        this.readOnly = builder.readOnly;
        this.entities = List.copyOf(builder.entities);
        this.migrationLocation = builder.migrationLocation;
        this.historyTable = builder.historyTable;
        this.migrationDatabases = List.copyOf(builder.migrationDatabases);
        this.scratchDatabase = builder.scratchDatabase;
        this.url = builder.url;
        this.migrateOnOpen = builder.migrateOnOpen;
        this.poolSize = builder.poolSize == null ? DEFAULT_POOL_SIZE : builder.poolSize;
        this.busyTimeout = builder.busyTimeout;
        this.clock = builder.clock;
        this.sqlObserver = builder.sqlObserver;
    }

    /**
     * Starts a configuration for this JDBC URL, for example {@code jdbc:sqlite:blog.db} (a file, created if
     * missing; its folder must exist).
     *
     * @throws InvalidInputException if the URL is null or not a supported JDBC URL
     * @throws BlogException if the database's JDBC driver is not on the class path (for PostgreSQL: add
     *     {@code org.postgresql:postgresql}); the message names the dependency
     */
    public static Builder builder(String jdbcUrl) {
        // every way into Hibernate (Blog.open, Migrations' validate, check and generate) starts here
        HibernateLogging.routeHibernateToSlf4j();
        JdbcUrl url = JdbcUrl.parse(jdbcUrl);
        Drivers.require(url.kind());
        return new Builder(url, null);
    }

    /**
     * Starts a configuration from the project file, {@code blogkit.properties}, that the command line reads too:
     * its {@code url} (default {@code jdbc:sqlite:blog.db}), {@code user} (with the password of the environment
     * variable {@code BLOGKIT_PASSWORD}), {@code entities} (class names, loaded by the thread's context class loader),
     * {@code migrations}, {@code history} and {@code databases} ({@link Builder#migrationDatabases}), and
     * {@code scratch}, else {@code target}, as the {@link Builder#scratchDatabase} when it is a server of another
     * kind than {@code url}'s. {@code classpath} is the command line's and is not used here. The application, its tests and the command line then name the set once:
     * {@code Blog.open(BlogConfig.fromFile(Path.of("blogkit.properties")).build())}.
     *
     * @throws InvalidInputException if the file is missing, has an unknown key, holds a password, or names an
     *     entity class that cannot be loaded
     */
    public static Builder fromFile(java.nio.file.Path file) {
        dev.blogkit.internal.config.ProjectFile project = dev.blogkit.internal.config.ProjectFile.read(file);
        Builder builder = builder(project.url().orElse(dev.blogkit.internal.config.ProjectFile.DEFAULT_URL));
        ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : BlogConfig.class.getClassLoader();
        List<Class<?>> entities = new java.util.ArrayList<>();
        for (String name : project.entities()) {
            try {
                entities.add(Class.forName(name, false, loader));
            } catch (ClassNotFoundException | LinkageError e) {
                throw new InvalidInputException("entities", file + ": cannot load the entity class " + name);
            }
        }
        builder.entities(entities.toArray(Class<?>[]::new));
        project.migrations().ifPresent(location -> builder.migrations(location,
                project.history().orElse(DEFAULT_HISTORY_TABLE)));
        project.user().ifPresent(user -> builder.credentials(user, dev.blogkit.internal.config.ProjectFile.password()));
        builder.migrationDatabases(project.databases().toArray(DatabaseKind[]::new));
        project.scratchOrTarget().filter(url -> JdbcUrl.parse(url).kind() != DatabaseKind.SQLITE)
                .filter(url -> JdbcUrl.parse(url).kind() != builder.url.kind()).ifPresent(builder::scratchDatabase);
        return builder;
    }

    /**
     * Starts a configuration over the application's own connection pool to a PostgreSQL database (HikariCP,
     * Apache DBCP, an application server's pool): BlogKit's repository, and its migrations, take their
     * connections from it and open none of their own.
     *
     * <p>The application owns the data source: {@link Blog#close()} closes BlogKit's Hibernate but never the data
     * source, which the application closes itself after the Blog. The pool's own settings govern its connections,
     * so {@link Builder#poolSize}, {@link Builder#connectionTimeout}, {@link Builder#statementTimeout},
     * {@link Builder#credentials} and {@link Builder#readOnly} are refused with it: set the pool's size and
     * connection timeout, and pgJDBC's {@code socketTimeout}, {@code connectTimeout} and
     * {@code options=-c statement_timeout=...}, on the pool. Migrating needs up to three connections at once
     * (the migration lock and Flyway's two).
     *
     * <p>To learn which database it reaches, this asks the data source for one connection at once, and gives it
     * back. An SQLite file is refused: BlogKit opens SQLite files itself, with the settings its guarantees rest on
     * (foreign keys on for {@code ON DELETE CASCADE}, WAL, one writer at a time), so give its URL to
     * {@link #builder(String)}.
     *
     * @throws InvalidInputException if the data source is null, or reaches a database other than PostgreSQL
     * @throws BlogException if the data source gives no connection (its message, password masked)
     */
    public static Builder builder(DataSource dataSource) {
        HibernateLogging.routeHibernateToSlf4j();
        if (dataSource == null) {
            throw new InvalidInputException("dataSource", "dataSource must not be null");
        }
        return new Builder(JdbcUrl.of(dataSource), dataSource);
    }

    /**
     * A new builder for the same database and schema: reached the same way (URL and credentials, or data source),
     * with the same connection settings (timeouts, busy timeout, pool size), the same entities, migrations (location,
     * history table, {@link #migrationDatabases()}, {@link #scratchDatabase()}), class loader and clock, so that a
     * blog opened with it maps and migrates what this one does, and reads the same time (a test's fixed clock).
     * What says how the blog is used starts from its default: {@link Builder#readOnly}, {@link Builder#migrateOnOpen},
     * read replicas and the meter registry. For a configuration derived from this one, such as a read-only blog
     * over a {@code @BlogKitTest}'s database.
     */
    public Builder sameDatabase() {
        Builder builder = new Builder(url, dataSource);
        if (dataSource == null) {
            builder.poolSize(poolSize).connectionTimeout(connectionTimeout).statementTimeout(statementTimeout);
            builder.credentialsOf(this);
        }
        builder.entities = entities;
        builder.migrationLocation = migrationLocation;
        builder.historyTable = historyTable;
        builder.migrationDatabases = migrationDatabases;
        builder.scratchDatabase = scratchDatabase;
        builder.classLoader = classLoader;
        builder.clock = clock;
        return builder.busyTimeout(busyTimeout);
    }

    /**
     * The application's own data source, when the configuration was made with {@link #builder(DataSource)}; BlogKit
     * never closes it.
     */
    public Optional<DataSource> dataSource() {
        return Optional.ofNullable(dataSource);
    }

    /**
     * The JDBC URL as given, password included if it has one: never print it; {@link #displayUrl()} is for people.
     * For a {@link #builder(DataSource) data source}, the URL its connections report.
     */
    public String jdbcUrl() {
        return url.jdbcUrl();
    }

    /**
     * The JDBC URL as BlogKit shows it in logs, messages and reports: a password in it ({@code password=...}, or
     * {@code //user:password@host}) is masked as {@code ***}.
     */
    public String displayUrl() {
        return url.displayed();
    }

    /**
     * {@code text} with every password a URL in it carries ({@code password=...}, {@code //user:password@host})
     * masked as {@code ***}: what BlogKit does to every message, log line and report it writes.
     */
    public static String masked(String text) {
        return Masking.mask(text);
    }

    /** The user of {@link Builder#credentials}; empty when the URL (or the driver's default) names the user. */
    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    /**
     * The password of {@link Builder#credentials}, for the connections BlogKit opens; BlogKit never prints it
     * (nor {@link #toString()}).
     */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /** Which database the URL names. */
    public DatabaseKind kind() {
        return url.kind();
    }

    /** For SQLite, the database file the URL names, as an absolute path; empty for a server. */
    public Optional<Path> databaseFile() {
        return Optional.ofNullable(url.sqliteFile());
    }

    /** Whether {@link Blog#open} migrates; never for a {@link #readOnly()} blog. */
    public boolean migrateOnOpen() {
        return migrateOnOpen && !readOnly;
    }

    /** Whether the blog only reads (see {@link Builder#readOnly}). */
    public boolean readOnly() {
        return readOnly;
    }

    public int poolSize() {
        return poolSize;
    }

    public Duration busyTimeout() {
        return busyTimeout;
    }

    public Clock clock() {
        return clock;
    }

    /** How long a call waits for a connection before it fails (see {@link Builder#connectionTimeout}). */
    public Duration connectionTimeout() {
        return connectionTimeout;
    }

    /** How long a server may take to answer one statement (see {@link Builder#statementTimeout}). */
    public Duration statementTimeout() {
        return statementTimeout;
    }

    /** The application's own entity classes, mapped beside BlogKit's {@code User} and {@code Post}. */
    public List<Class<?>> entities() {
        return entities;
    }

    /**
     * The application's own migrations: a Flyway location ({@code classpath:db/comments} or
     * {@code filesystem:src/main/resources/db/comments}) holding {@code migration/<vendor>/V<n>__*.sql} and
     * {@code undo/<vendor>/U<n>__*.sql}, as BlogKit's own; empty when the application has none.
     */
    public Optional<String> migrationLocation() {
        return Optional.ofNullable(migrationLocation);
    }

    /** The history table of the application's migrations (set with {@link Builder#migrations}). */
    public String historyTable() {
        return historyTable;
    }

    /**
     * The databases the migrations are written for (see {@link Builder#migrationDatabases}): {@code generate} writes
     * each version's script for every one of them, {@code check} reports a version one of them lacks.
     */
    public List<DatabaseKind> migrationDatabases() {
        return migrationDatabases;
    }

    /**
     * The database of another kind that {@code generate} builds scratch schemas in (see
     * {@link Builder#scratchDatabase}), with this configuration's credentials; empty when none was given.
     */
    public Optional<BlogConfig> scratchDatabase() {
        if (scratchDatabase == null) {
            return Optional.empty();
        }
        Builder scratch = new Builder(scratchDatabase, null).connectionTimeout(connectionTimeout).classLoader(classLoader);
        if (user != null && !scratchDatabase.jdbcUrl().toLowerCase(java.util.Locale.ROOT).matches(".*[?&;](user|password)=.*")) {
            scratch.credentials(user, password);
        }
        return Optional.of(scratch.build());
    }

    /**
     * The class loader in which {@code classpath:} locations of the application's migrations are found (default:
     * the one that loaded BlogKit). BlogKit's own scripts always come from BlogKit's own jar, whatever this is.
     */
    public ClassLoader classLoader() {
        return classLoader;
    }

    /**
     * The Micrometer {@code MeterRegistry} BlogKit's meters go to (see {@link Builder#meterRegistry}); empty when
     * none was configured. Typed {@code Object}, as HikariCP's {@code getMetricRegistry()}: no signature of
     * BlogKit names Micrometer, so that an application without it can load and reflect over every class.
     */
    public Optional<Object> meterRegistry() {
        return Optional.ofNullable(meterRegistry);
    }

    /** The registry, untyped, for Blog: reading it never needs Micrometer's classes. */
    Object meterRegistryOrNull() {
        return meterRegistry;
    }

    /**
     * The read replicas the blog reads from (see {@link Builder#readReplicas(String...)}), in the order given; empty
     * when every call goes to the primary.
     */
    public List<ReadReplica> readReplicas() {
        return readReplicas;
    }

    /** How long a read after one's own write waits for a replica (see {@link Builder#readYourWritesTimeout}). */
    public Duration readYourWritesTimeout() {
        return readYourWritesTimeout;
    }

    /** How far a replica may lag before reads skip it (see {@link Builder#maxReplicaLag}). */
    public Duration maxReplicaLag() {
        return maxReplicaLag;
    }

    /** How often each replica is looked at (see {@link Builder#replicaCheckInterval}). */
    public Duration replicaCheckInterval() {
        return replicaCheckInterval;
    }

    /**
     * One read replica of a {@link BlogConfig}: a JDBC URL, whose connections BlogKit pools itself with the
     * primary's credentials and timeouts, or the application's own data source, which BlogKit never closes.
     */
    public static final class ReadReplica {
        private final JdbcUrl url;
        private final DataSource dataSource;
        private final String name;

        private ReadReplica(JdbcUrl url, DataSource dataSource, String name) {
            this.url = url;
            this.dataSource = dataSource;
            this.name = name;
        }

        /** The replica's JDBC URL as given, password included: never print it; empty for a data source. */
        public Optional<String> jdbcUrl() {
            return Optional.ofNullable(url).map(JdbcUrl::jdbcUrl);
        }

        /** The application's own data source to the replica; empty for a URL. */
        public Optional<DataSource> dataSource() {
            return Optional.ofNullable(dataSource);
        }

        /**
         * How BlogKit names the replica in messages and logs: its URL with any password masked, or for a data
         * source {@code replica N} and the data source's own description.
         */
        public String displayName() {
            return name;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Sees every SQL statement Hibernate prepares; for BlogKit's own statement-count tests. */
    Consumer<String> sqlObserver() {
        return sqlObserver;
    }

    @Override
    public String toString() {
        return "BlogConfig{jdbcUrl='" + url.displayed() + "'" + (dataSource == null ? "" : ", dataSource="
                + dataSource.getClass().getName()) + (user == null ? "" : ", user=" + user)
                + (password == null ? "" : ", password=***") + ", migrateOnOpen=" + migrateOnOpen
                + ", connectionTimeout=" + connectionTimeout + ", statementTimeout=" + statementTimeout
                + (readOnly ? ", readOnly=true" : "") + ", poolSize=" + poolSize
                + ", busyTimeout=" + busyTimeout + ", clock=" + clock
                + (entities.isEmpty() ? "" : ", entities=" + entities.stream().map(Class::getName).toList())
                + (migrationLocation == null ? "" : ", migrations=" + migrationLocation + " (" + historyTable + ")")
                + (migrationDatabases.equals(ALL_DATABASES) ? "" : ", migrationDatabases=" + migrationDatabases)
                + (scratchDatabase == null ? "" : ", scratchDatabase=" + scratchDatabase.displayed())
                + (meterRegistry == null ? "" : ", meterRegistry=" + meterRegistry.getClass().getName())
                + (readReplicas.isEmpty() ? "" : ", readReplicas=" + readReplicas + ", readYourWritesTimeout="
                        + readYourWritesTimeout + ", maxReplicaLag=" + maxReplicaLag + ", replicaCheckInterval="
                        + replicaCheckInterval)
                + "}";
    }

    /** Collects the settings; every setter checks its argument at once. */
    public static final class Builder {

        private final JdbcUrl url;
        private final DataSource dataSource;
        private boolean migrateOnOpen = true;
        /** Null: not set (the default, and the only value with the application's data source). */
        private Integer poolSize;
        private Duration busyTimeout = DEFAULT_BUSY_TIMEOUT;
        private Clock clock = Clock.systemUTC();
        private Consumer<String> sqlObserver;
        private List<Class<?>> entities = List.of();
        private String migrationLocation;
        private String historyTable = DEFAULT_HISTORY_TABLE;
        private List<DatabaseKind> migrationDatabases = ALL_DATABASES;
        private JdbcUrl scratchDatabase;
        private ClassLoader classLoader = BlogConfig.class.getClassLoader();
        private boolean readOnly;
        private String user;
        private String password;
        private Duration connectionTimeout;
        private Duration statementTimeout;
        private Object meterRegistry;
        private List<ReadReplica> readReplicas = List.of();
        private Duration readYourWritesTimeout = DEFAULT_READ_YOUR_WRITES_TIMEOUT;
        private Duration maxReplicaLag = DEFAULT_MAX_REPLICA_LAG;
        private Duration replicaCheckInterval = DEFAULT_REPLICA_CHECK_INTERVAL;

        private Builder(JdbcUrl url, DataSource dataSource) {
            this.url = url;
            this.dataSource = dataSource;
        }

        /**
         * Whether {@link Blog#open(BlogConfig)} applies the migrations that are pending (default true). When false,
         * a database with pending migrations is refused with a {@link BlogException} naming them, and left as is.
         */
        public Builder migrateOnOpen(boolean migrateOnOpen) {
            this.migrateOnOpen = migrateOnOpen;
            return this;
        }

        /**
         * The most connections the pool holds (default {@value BlogConfig#DEFAULT_POOL_SIZE}). On SQLite, readers
         * each use one and never block each other; writers take turns whatever the size.
         *
         * @throws InvalidInputException unless 1 to 1000
         */
        public Builder poolSize(int poolSize) {
            if (poolSize < 1 || poolSize > 1000) {
                throw new InvalidInputException("poolSize", "poolSize must be 1 to 1000, was " + poolSize);
            }
            this.poolSize = poolSize;
            return this;
        }

        /**
         * How long a write waits for the database's write lock held by another connection or process before it
         * fails with a {@link BlogException} (SQLite's busy timeout; default 10 seconds).
         *
         * @throws InvalidInputException unless positive and at most 24 days
         */
        public Builder busyTimeout(Duration busyTimeout) {
            if (busyTimeout == null || busyTimeout.isNegative() || busyTimeout.isZero()
                    || busyTimeout.toMillis() > Integer.MAX_VALUE) {
                throw new InvalidInputException("busyTimeout",
                        "busyTimeout must be positive and at most 24 days, was " + busyTimeout);
            }
            this.busyTimeout = busyTimeout;
            return this;
        }

        /**
         * How long a call waits for a connection before it fails with a {@link BlogException} (default
         * 10 seconds, {@link BlogConfig#DEFAULT_CONNECTION_TIMEOUT}): every connection of the pool busy, or a server that
         * is stopped, unreachable or frozen (then also the time to open and log in a new connection).
         *
         * @throws InvalidInputException unless at least 250 milliseconds and at most 24 days
         */
        public Builder connectionTimeout(Duration connectionTimeout) {
            this.connectionTimeout = timeout("connectionTimeout", connectionTimeout);
            return this;
        }

        /**
         * How long a database server may take to answer one statement of a repository call before the call fails
         * with a {@link BlogException} and changes nothing (default 20
         * seconds, {@link BlogConfig#DEFAULT_STATEMENT_TIMEOUT}): the server cancels a statement that runs longer, and a server that does not answer at all
         * (frozen, or a network that drops packets) is given up a few seconds after that. A long call of many
         * statements, such as a bulk insert of 100,000 posts, is not bounded as a whole. Migrations are not
         * bounded by it: a migration of a large table may take long. SQLite answers from a local file and ignores it.
         *
         * @throws InvalidInputException unless at least 250 milliseconds and at most 24 days
         */
        public Builder statementTimeout(Duration statementTimeout) {
            this.statementTimeout = timeout("statementTimeout", statementTimeout);
            return this;
        }

        private static Duration timeout(String field, Duration timeout) {
            if (timeout == null || timeout.toMillis() < 250 || timeout.toMillis() > Integer.MAX_VALUE) {
                throw new InvalidInputException(field, field + " must be at least 250 ms and at most 24 days, was "
                        + timeout);
            }
            return timeout;
        }

        /**
         * The clock that stamps {@code created_at} (default: the system clock, UTC). Tests use a fixed or
         * stepping clock to get predictable order.
         *
         * @throws InvalidInputException if null
         */
        public Builder clock(Clock clock) {
            if (clock == null) {
                throw new InvalidInputException("clock", "clock must not be null");
            }
            this.clock = clock;
            return this;
        }

        /**
         * The application's own {@code @Entity} classes, for example a {@code Comment} that belongs to a
         * {@link dev.blogkit.model.Post}. Hibernate maps them beside BlogKit's entities and validates them against
         * the schema at open; {@link Blog#inTransaction} and {@link Blog#inReadTransaction} give access to them;
         * {@code check} and {@code generate} compare them with the database. Replaces earlier calls.
         *
         * @throws InvalidInputException if a class is null, not annotated {@code @Entity}, or one of BlogKit's own
         */
        public Builder entities(Class<?>... entityClasses) {
            if (entityClasses == null) {
                throw new InvalidInputException("entities", "entities must not be null");
            }
            for (Class<?> entity : entityClasses) {
                if (entity == null || !entity.isAnnotationPresent(jakarta.persistence.Entity.class)) {
                    throw new InvalidInputException("entities", "not an @Entity class: " + entity);
                }
                if (entity.getPackageName().equals("dev.blogkit.model")) {
                    throw new InvalidInputException("entities", entity.getName() + " is BlogKit's own: it is always mapped");
                }
            }
            this.entities = List.of(entityClasses);
            return this;
        }

        /**
         * The application's own migrations and their history table, kept apart from BlogKit's
         * ({@code blogkit_schema_history}). {@code location} is a Flyway location, {@code classpath:PATH} or
         * {@code filesystem:DIR}, laid out as BlogKit's own: {@code migration/sqlite/V1__create_comments.sql} with
         * its undo {@code undo/sqlite/U1__create_comments.sql}, and {@code postgresql} beside {@code sqlite}.
         * {@link Blog#open} applies BlogKit's migrations first, then these; {@code Migrations.ofApplication}
         * migrates and undoes them alone.
         *
         * @throws InvalidInputException if the location is not {@code classpath:} or {@code filesystem:}, or the
         *     table name is not a plain lower-case SQL name other than BlogKit's own history table
         */
        public Builder migrations(String location, String historyTable) {
            if (location == null || !location.matches("(classpath|filesystem):\\S+")) {
                throw new InvalidInputException("migrations",
                        "the migration location must be classpath:PATH or filesystem:DIR, was " + location);
            }
            if (location.matches("classpath:/?db/blogkit(/.*)?")) {
                throw new InvalidInputException("migrations", "classpath:db/blogkit holds BlogKit's own migrations: "
                        + "give the application's migrations a folder of their own, such as classpath:db/comments");
            }
            if (historyTable == null || !historyTable.matches("[a-z_][a-z0-9_]{0,62}")
                    || historyTable.equals("blogkit_schema_history")) {
                throw new InvalidInputException("historyTable", "the history table must be a lower-case SQL name "
                        + "other than blogkit_schema_history, was " + historyTable);
            }
            this.migrationLocation = location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
            this.historyTable = historyTable;
            return this;
        }

        /**
         * The databases the migrations are written for, so that every one of them has every version (default: every
         * database BlogKit supports, {@link DatabaseKind#values()}). {@code Migrations.generate} writes each new
         * version for all of them at once, as one version number from one comparison, so that their versions never
         * drift apart; {@code check} and {@code validate} report a version that one of them lacks, or that differs
         * between them. An application that runs on SQLite alone says {@code migrationDatabases(DatabaseKind.SQLITE)}.
         *
         * @throws InvalidInputException if no database, or null, is given
         */
        public Builder migrationDatabases(DatabaseKind... kinds) {
            if (kinds == null || kinds.length == 0 || java.util.Arrays.asList(kinds).contains(null)) {
                throw new InvalidInputException("migrationDatabases", "name at least one database, none null");
            }
            this.migrationDatabases = java.util.Arrays.stream(DatabaseKind.values())
                    .filter(java.util.Arrays.asList(kinds)::contains).toList();
            return this;
        }

        /**
         * A database of another kind than this configuration's, where {@code Migrations.generate} builds the previous
         * version of the migrations in a scratch schema of its own ({@code blogkit_scratch_*}, dropped afterwards) to
         * write that database's script of the next version: a PostgreSQL database while the URL is an SQLite file
         * (SQLite needs none: a temporary file serves). Its user and password are the URL's, else those of
         * {@link #credentials}. Nothing but the scratch schema is ever created or changed there.
         *
         * @throws InvalidInputException if the URL is not a supported JDBC URL, or is of an SQLite file
         */
        public Builder scratchDatabase(String jdbcUrl) {
            JdbcUrl scratch = JdbcUrl.parse(jdbcUrl);
            if (scratch.kind() == DatabaseKind.SQLITE) {
                throw new InvalidInputException("scratchDatabase", "SQLite needs no scratch database (a temporary file "
                        + "serves): give a PostgreSQL database, was " + scratch.displayed());
            }
            Drivers.require(scratch.kind());
            this.scratchDatabase = scratch;
            return this;
        }

        /**
         * The user and password of a database server, given apart from the URL (they win over a {@code user} or
         * {@code password} in it), so that no password has to be written into a URL. SQLite files have none: they
         * are ignored there. BlogKit never prints the password: not in a log line, a message, a report or
         * {@link #toString()}.
         *
         * @throws InvalidInputException if the user is null or blank, or the password is null
         */
        public Builder credentials(String user, String password) {
            if (user == null || user.isBlank()) {
                throw new InvalidInputException("user", "user must not be null or blank");
            }
            if (password == null) {
                throw new InvalidInputException("password", "password must not be null (an empty one is \"\")");
            }
            this.user = user;
            this.password = password;
            return this;
        }

        /** The credentials of {@code other}, if it has some: for a configuration BlogKit derives from another. */
        public Builder credentialsOf(BlogConfig other) {
            if (other.user != null) {
                credentials(other.user, other.password);
            }
            return this;
        }

        /**
         * Opens the blog for reading only (default false): {@link Blog#open} migrates nothing (it refuses a database
         * with pending versions, as with {@code migrateOnOpen(false)}), and its connections cannot write: on SQLite
         * the file is opened read-only and its journal mode is left as it is, so that the file's bytes stay as they
         * were. Every write fails with a {@link BlogException}.
         */
        public Builder readOnly(boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        /**
         * Where {@code classpath:} locations of the application's migrations ({@link #migrations}) are looked up,
         * for example a class loader over {@code target/classes} (default: the one that loaded BlogKit).
         *
         * @throws InvalidInputException if null
         */
        public Builder classLoader(ClassLoader classLoader) {
            if (classLoader == null) {
                throw new InvalidInputException("classLoader", "classLoader must not be null");
            }
            this.classLoader = classLoader;
            return this;
        }

        /**
         * The application's Micrometer registry, to which the Blog then publishes (without it, BlogKit measures
         * nothing and needs no Micrometer on the class path):
         * <ul>
         * <li>{@code blogkit.repository.calls}, a timer per operation: each {@link BlogRepository} method (the
         *     repository of {@link Blog#inRepositoryTransaction} included) and {@code inTransaction},
         *     {@code inReadTransaction}, {@code inRepositoryTransaction} of {@link Blog}; tags {@code operation}
         *     (the method's name), {@code outcome} ({@code success}, {@code invalid_input}, {@code not_found},
         *     {@code duplicate}, {@code conflict}, {@code outcome_unknown}, {@code schema_changed},
         *     {@code not_loaded}, {@code database_error} for another {@link BlogException}, {@code error} for any
         *     other exception) and {@code exception} (the exception's simple class name, {@code none} on
         *     success);</li>
         * <li>{@code blogkit.repository.statements}, a distribution summary per {@code operation}: the SQL
         *     statements each call prepared (a JDBC batch of rows counts once); a method that returns a
         *     {@code Stream} is measured until it returns, its statements when read are not;</li>
         * <li>the pool's meters, as HikariCP publishes them ({@code hikaricp.connections},
         *     {@code hikaricp.connections.active}, {@code .idle}, {@code .pending}, {@code .max}, {@code .min},
         *     {@code .timeout}, {@code .acquire}, {@code .usage}, {@code .creation}), tagged {@code pool} with the
         *     pool's name ({@code blogkit:} and the SQLite file's name, or {@code blogkit:postgresql}, with {@code #2}, ...
         *     for another open pool of that name); removed when
         *     the Blog closes. Not with {@link BlogConfig#builder(DataSource)}: the application's pool is its own to
         *     watch.</li>
         * </ul>
         *
         * <p>Typed {@code Object}, as HikariCP's {@code setMetricRegistry}: no signature of BlogKit names
         * Micrometer, so that an application without it can load and reflect over every class (as frameworks that
         * introspect builders do).
         *
         * @param registry an {@code io.micrometer.core.instrument.MeterRegistry}
         * @throws InvalidInputException if null or not a Micrometer {@code MeterRegistry}
         */
        public Builder meterRegistry(Object registry) {
            if (registry == null) {
                throw new InvalidInputException("meterRegistry", "meterRegistry must not be null");
            }
            if (!isMeterRegistry(registry.getClass())) {
                throw new InvalidInputException("meterRegistry", "meterRegistry must be a Micrometer "
                        + "io.micrometer.core.instrument.MeterRegistry, not a " + registry.getClass().getName());
            }
            this.meterRegistry = registry;
            return this;
        }

        /** Whether the class is Micrometer's MeterRegistry or extends it, by name: Micrometer may be absent. */
        private static boolean isMeterRegistry(Class<?> type) {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                if (c.getName().equals("io.micrometer.core.instrument.MeterRegistry")) {
                    return true;
                }
            }
            return false;
        }

        /**
         * PostgreSQL streaming replicas of the primary, by JDBC URL, that serve the blog's reads: every read-only
         * call of the repository (finds, lists, pages, counts, search, {@code forEachPublishedPost}) and
         * {@link Blog#inReadTransaction} goes to one of them, spread over those that are healthy, while every
         * write, every migration and every {@link Blog#inRepositoryTransaction} goes to the primary. BlogKit pools
         * each replica's connections itself, with the primary's {@link #credentials} (if given, the replicas'
         * URLs name no user or password) and statement timeout; a replica gets at most 1 second to give a connection (less if
         * {@link #connectionTimeout} is shorter), since another server can serve the read.
         *
         * <p>Reads through a Blog see every write that Blog acknowledged before them: a read waits up to
         * {@link #readYourWritesTimeout} for a replica to replay them, then reads from the primary. Reads of other
         * writers' changes may be stale, by at most the replicas' lag ({@link #maxReplicaLag}), unless they pass
         * a {@link Blog#writeToken() write token}. A replica that is down, unreachable, lagging or not a replica is
         * skipped until it is healthy again. {@link Blog#open} checks that each replica it reaches is a replica at
         * the primary's schema version, waiting up to {@link #connectionTimeout} for it to catch up. Replaces the
         * replicas of an earlier call; none (the default) sends every call to the primary.
         *
         * @throws InvalidInputException if a URL is null, not a PostgreSQL URL, names several hosts (give each
         *     replica its own), or is given twice, or the blog is an SQLite one (its readers share its file and need
         *     no replica)
         */
        public Builder readReplicas(String... jdbcUrls) {
            refuseReplicasUnlessPostgresql(jdbcUrls);
            List<ReadReplica> replicas = new java.util.ArrayList<>();
            for (String jdbcUrl : jdbcUrls) {
                if (jdbcUrl == null) {
                    throw new InvalidInputException("readReplicas", "a read replica's URL must not be null");
                }
                JdbcUrl replica = JdbcUrl.parse(jdbcUrl);
                if (replica.kind() != DatabaseKind.POSTGRESQL) {
                    throw new InvalidInputException("readReplicas", "a read replica must be a PostgreSQL server "
                            + "(jdbc:postgresql://HOST/DATABASE), was " + replica.displayed());
                }
                if (replica.jdbcUrl().matches("(?i)jdbc:postgresql://[^/?]*,.*")) {
                    throw new InvalidInputException("readReplicas", "give each read replica a URL of its own, not one "
                            + "URL of several hosts: BlogKit follows what each server has replayed, "
                            + replica.displayed());
                }
                if (replica.jdbcUrl().equals(url.jdbcUrl())
                        || replicas.stream().anyMatch(r -> replica.jdbcUrl().equals(r.url.jdbcUrl()))) {
                    throw new InvalidInputException("readReplicas", "the read replica " + replica.displayed()
                            + " is given twice, or is the primary itself");
                }
                replicas.add(new ReadReplica(replica, null, replica.displayed()));
            }
            this.readReplicas = List.copyOf(replicas);
            return this;
        }

        /**
         * As {@link #readReplicas(String...)}, over the application's own connection pools to the replicas (one data
         * source each), which BlogKit never closes: their own settings govern their connections' timeouts.
         *
         * @throws InvalidInputException if a data source is null or given twice, or the blog is an SQLite one
         */
        public Builder readReplicas(DataSource... dataSources) {
            refuseReplicasUnlessPostgresql(dataSources);
            List<ReadReplica> replicas = new java.util.ArrayList<>();
            for (DataSource replica : dataSources) {
                if (replica == null) {
                    throw new InvalidInputException("readReplicas", "a read replica's data source must not be null");
                }
                if (replica == dataSource || replicas.stream().anyMatch(r -> r.dataSource == replica)) {
                    throw new InvalidInputException("readReplicas", "the read replica data source " + replica
                            + " is given twice, or is the primary itself");
                }
                replicas.add(new ReadReplica(null, replica, Masking.mask("replica " + (replicas.size() + 1) + " ("
                        + replica + ")")));
            }
            this.readReplicas = List.copyOf(replicas);
            return this;
        }

        private void refuseReplicasUnlessPostgresql(Object[] replicas) {
            if (replicas == null) {
                throw new InvalidInputException("readReplicas", "readReplicas must not be null (none: no argument)");
            }
            if (url.kind() == DatabaseKind.SQLITE && replicas.length > 0) {
                throw new InvalidInputException("readReplicas", "read replicas are for PostgreSQL: an SQLite blog is "
                        + "one file, whose readers share it and never wait for its writer; " + url.displayed()
                        + " takes no replica");
            }
        }

        /**
         * How long a read after one's own write (or after a {@link Blog#writeToken() write token}) waits for a read
         * replica to replay that write before it reads from the primary instead (default 100 milliseconds,
         * {@link BlogConfig#DEFAULT_READ_YOUR_WRITES_TIMEOUT}). Zero reads from the primary at once whenever no
         * replica has replayed the write yet.
         *
         * @throws InvalidInputException unless zero or positive and at most one minute
         */
        public Builder readYourWritesTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new InvalidInputException("readYourWritesTimeout",
                        "readYourWritesTimeout must be zero to one minute, was " + timeout);
            }
            this.readYourWritesTimeout = timeout;
            return this;
        }

        /**
         * How far a read replica may fall behind the primary before reads skip it (default 10 seconds,
         * {@link BlogConfig#DEFAULT_MAX_REPLICA_LAG}): the time since the primary was first seen past the
         * position the replica has replayed, as of its last check. Reads that ask for nothing may be this stale, and
         * one {@link #replicaCheckInterval} more.
         *
         * @throws InvalidInputException unless at least 100 milliseconds and at most 24 days
         */
        public Builder maxReplicaLag(Duration lag) {
            if (lag == null || lag.toMillis() < 100 || lag.toMillis() > Integer.MAX_VALUE) {
                throw new InvalidInputException("maxReplicaLag",
                        "maxReplicaLag must be at least 100 ms and at most 24 days, was " + lag);
            }
            this.maxReplicaLag = lag;
            return this;
        }

        /**
         * How often BlogKit checks each read replica (up, replaying, how far behind) and notes the primary's
         * position (default 1 second, {@link BlogConfig#DEFAULT_REPLICA_CHECK_INTERVAL}): a replica that failed
         * is used again at most this long after it answers again.
         *
         * @throws InvalidInputException unless at least 50 milliseconds and at most one hour
         */
        public Builder replicaCheckInterval(Duration interval) {
            if (interval == null || interval.toMillis() < 50 || interval.compareTo(Duration.ofHours(1)) > 0) {
                throw new InvalidInputException("replicaCheckInterval",
                        "replicaCheckInterval must be at least 50 ms and at most one hour, was " + interval);
            }
            this.replicaCheckInterval = interval;
            return this;
        }

        Builder sqlObserver(Consumer<String> sqlObserver) {
            this.sqlObserver = Objects.requireNonNull(sqlObserver);
            return this;
        }

        private static void refuseWithDataSource(String setting, boolean set) {
            if (set) {
                throw new InvalidInputException(setting, setting + " is a setting of the connection pool: with the "
                        + "application's own data source (BlogConfig.builder(DataSource)), set it on that pool");
            }
        }

        /**
         * @throws InvalidInputException if {@link #credentials} were given and the URL names a user or password too,
         *     or a setting of the pool ({@code poolSize}, {@code connectionTimeout}, {@code statementTimeout},
         *     {@code credentials}, {@code readOnly}) was given with the application's own data source
         */
        public BlogConfig build() {
            if (dataSource != null) {
                refuseWithDataSource("poolSize", poolSize != null);
                refuseWithDataSource("connectionTimeout", connectionTimeout != null);
                refuseWithDataSource("statementTimeout", statementTimeout != null);
                refuseWithDataSource("credentials", user != null);
                refuseWithDataSource("readOnly", readOnly);
            }
            if (user != null && readReplicas.stream().anyMatch(r -> r.url != null && r.url.jdbcUrl()
                    .toLowerCase(java.util.Locale.ROOT).matches(".*[?&;](user|password)=.*"))) {
                throw new InvalidInputException("credentials", "give the replicas' user and password either in their "
                        + "URLs or with BlogConfig.Builder.credentials(user, password), not both");
            }
            if (migrationLocation != null && !migrationDatabases.contains(url.kind())) {
                throw new InvalidInputException("migrationDatabases", "the application's migrations are written for "
                        + migrationDatabases.stream().map(DatabaseKind::folder).toList() + ", not for "
                        + url.kind().folder() + " (" + url.displayed() + "): add it to migrationDatabases");
            }
            if (user != null && url.jdbcUrl().toLowerCase(java.util.Locale.ROOT).matches(".*[?&;](user|password)=.*")) {
                throw new InvalidInputException("credentials", "give the user and password either in the URL or with "
                        + "BlogConfig.Builder.credentials(user, password), not both: " + url.displayed());
            }
            return new BlogConfig(this);
        }
    }
}
