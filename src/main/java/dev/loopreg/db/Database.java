package dev.loopreg.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * A PostgreSQL database holding a workspace's state: a small connection pool (HikariCP) and the schema, created and
 * migrated by Flyway from {@code db/migration} on open. Close it when done.
 */
public final class Database implements AutoCloseable {

    /** The database cannot be reached or migrated; the message says which and why. */
    public static final class Unavailable extends Exception {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }

        /**
         * Whether waiting may help: the server refused or dropped the connection, or it is starting up or shutting down
         * (SQLState class 08, 57P01, 57P03) — not a wrong password, an unknown database or a schema that cannot be migrated.
         */
        public boolean worthWaiting() {
            for (Throwable t = getCause(); t != null; t = t.getCause()) {
                if (t instanceof SQLException e && e.getSQLState() != null) {
                    String st = e.getSQLState();
                    return st.startsWith("08") || st.equals("57P01") || st.equals("57P03");
                }
            }
            return false;
        }
    }

    /**
     * {@link #open}, waiting for a database that is not reachable yet (a replica started while PostgreSQL restarts): tried
     * again with backoff (0.5 s doubled, at most 5 s) for at most {@code max}, saying once that it waits; a failure waiting
     * cannot help (a wrong password, an unknown database) is thrown at once.
     */
    public static Database openWaiting(DatabaseUrl url, java.time.Duration max, java.util.function.Consumer<String> said) throws Unavailable {
        long start = System.nanoTime();
        boolean[] told = {false};
        dev.failsafe.RetryPolicy<Database> retry = dev.failsafe.RetryPolicy.<Database>builder()
                .handleIf(e -> e instanceof Unavailable u && u.worthWaiting())
                .withBackoff(java.time.Duration.ofMillis(500), java.time.Duration.ofSeconds(5))
                .withMaxDuration(max).withMaxRetries(-1)
                .onRetry(e -> {
                    if (!told[0]) {
                        told[0] = true;
                        said.accept("PostgreSQL is not reachable yet (" + e.getLastException().getMessage() + "); waiting up to "
                                + max.toSeconds() + " s (--database-wait)");
                    }
                }).build();
        try {
            Database d = dev.failsafe.Failsafe.with(retry).get(() -> open(url));
            if (told[0]) said.accept("connected to " + url + " after " + (System.nanoTime() - start) / 1_000_000_000L + " s");
            return d;
        } catch (dev.failsafe.FailsafeException e) {
            if (e.getCause() instanceof Unavailable u) throw u;
            throw new Unavailable(String.valueOf(e.getMessage()), e);
        }
    }

    private final DatabaseUrl url;
    private final HikariDataSource pool;

    private final LockLeases leases;

    private Database(DatabaseUrl url, HikariDataSource pool) {
        this.url = url;
        this.pool = pool;
        this.leases = new LockLeases(timeout -> heartbeatConnection(url, timeout), java.time.Duration.ofSeconds(3));
    }

    /** A connection of the locks' heartbeat, outside the pool; connecting and every statement bounded by {@code timeout}. */
    private static Connection heartbeatConnection(DatabaseUrl url, java.time.Duration timeout) throws SQLException {
        java.util.Properties props = new java.util.Properties();
        if (url.user() != null) props.setProperty("user", url.user());
        if (url.password() != null) props.setProperty("password", url.password());
        String secs = Long.toString(Math.max(1, (timeout.toMillis() + 999) / 1000));
        props.setProperty("connectTimeout", secs);
        props.setProperty("loginTimeout", secs);
        props.setProperty("socketTimeout", secs);
        props.setProperty("ApplicationName", "loopreg lock heartbeat");
        Connection c = new org.postgresql.Driver().connect(url.jdbc(), props);
        if (c == null) throw new SQLException("not a PostgreSQL URL: " + url);
        return c;
    }

    /** The locks' leases: this process's heartbeats of the sessions holding its locks, and the reaping of stalled ones. */
    public LockLeases leases() {
        return leases;
    }

    /** Connects to {@code url} and brings its schema to this version of loopreg. */
    public static Database open(DatabaseUrl url) throws Unavailable {
        // one plain connection first: a refused or unknown host is said at once (the pool would retry until its timeout)
        java.util.Properties props = new java.util.Properties();
        if (url.user() != null) props.setProperty("user", url.user());
        if (url.password() != null) props.setProperty("password", url.password());
        props.setProperty("connectTimeout", "10");
        try (Connection ignored = new org.postgresql.Driver().connect(url.jdbc(), props)) {
            // reachable
        } catch (SQLException e) {
            throw new Unavailable("cannot connect to " + url + ": " + e.getMessage()
                    + " (check the URL, that PostgreSQL is running and that the user may connect)", e);
        }
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(url.jdbc());
        if (url.user() != null) c.setUsername(url.user());
        if (url.password() != null) c.setPassword(url.password());
        c.setPoolName("loopreg");
        // serve runs 4 jobs at once, each holding its lock's connection and taking one for its reads and writes, beside
        // db-scheduler's polling and heartbeats and the web's reads: 16 never runs dry (8 did, under two replicas' load)
        c.setMaximumPoolSize(16);
        c.setMinimumIdle(0);
        c.setConnectionTimeout(10_000);
        c.setInitializationFailTimeout(-1);   // the first connection below reports the failure, not the pool's start
        HikariDataSource pool = new HikariDataSource(c);
        try (Connection ignored = pool.getConnection()) {
            // reachable
        } catch (SQLException e) {
            pool.close();
            throw new Unavailable("cannot connect to " + url + ": " + e.getMessage()
                    + " (check the URL, that PostgreSQL is running and that the user may connect)", e);
        }
        try {
            if (!current(pool)) {
                Flyway.configure().dataSource(pool).locations("classpath:db/migration").loggers("slf4j").load().migrate();
            }
        } catch (FlywayException e) {
            pool.close();
            throw new Unavailable("cannot bring the schema of " + url + " to this version: " + e.getMessage(), e);
        }
        return new Database(url, pool);
    }

    /** The newest migration in {@code db/migration} ({@code DatabaseTest} checks it against the files). */
    static final int SCHEMA_VERSION = 10;

    /**
     * Whether the schema is already at {@link #SCHEMA_VERSION}: then Flyway is not started at all (its set-up is most of
     * a short command's cost on a database). Any doubt — no history table, a failed or newer migration — says no, and
     * Flyway decides.
     */
    static boolean current(DataSource pool) {
        try (Connection c = pool.getConnection(); java.sql.Statement s = c.createStatement();
             java.sql.ResultSet r = s.executeQuery("SELECT max(version::int), bool_and(success) FROM flyway_schema_history"
                     + " WHERE version IS NOT NULL")) {
            return r.next() && r.getInt(1) == SCHEMA_VERSION && r.getBoolean(2);
        } catch (SQLException | RuntimeException e) {
            return false;   // no history yet: a new database
        }
    }

    public DataSource dataSource() {
        return pool;
    }

    public DatabaseUrl url() {
        return url;
    }

    @Override
    public void close() {
        leases.close();
        pool.close();
    }
}
