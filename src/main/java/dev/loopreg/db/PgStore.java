package dev.loopreg.db;

import dev.loopreg.store.Plan;
import dev.loopreg.store.Store;
import dev.loopreg.workspace.Workspace;
import dev.loopreg.workspace.WorkspaceLock;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The store of a workspace whose state is in PostgreSQL: the JSON Lines kinds' lines ({@link PgLogs}) and the state
 * documents ({@link PgDocs}) are rows; policies, loop configuration and workplans stay files. A plan is carried out in
 * two steps: what the database holds in one transaction; then, under the workspace's file lock and journal, the files —
 * the documents people read in git (the dashboard, decision files) and the exports of the state documents.
 * One writer at a time across replicas: a PostgreSQL advisory lock, held beside the file lock.
 */
public final class PgStore implements Store.Writes {

    /** The advisory lock's key: one regulator's state per database. */
    static final long LOCK_KEY = 0x6c6f6f7072656cL;   // "looprel"

    private final Workspace ws;
    private final Database db;
    private final SlotClaims claims;
    private final Store files;
    private final PgLogs logs;
    private final PgDocs docs;

    private PgStore(Workspace ws, Database db) {
        this.ws = ws;
        this.db = db;
        this.claims = new SlotClaims(db);
        this.files = Store.files(ws);
        this.logs = new PgLogs(ws, db.dataSource());
        this.docs = new PgDocs(ws, db.dataSource());
    }

    /** Whether a workspace's state has been imported into {@code db} (a command refuses a database without one). */
    public static boolean imported(Database db) throws IOException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             java.sql.ResultSet r = s.executeQuery("SELECT 1 FROM imported")) {
            return r.next();
        } catch (SQLException e) {
            throw new IOException("database: " + e.getMessage(), e);
        }
    }

    /** The store of {@code ws} with its state in {@code db}. */
    public static Store open(Workspace ws, Database db) {
        PgStore w = new PgStore(ws, db);
        return Store.of(ws, w.logs, w.docs, w);
    }

    /** What an import copied: the logs, their lines, the state documents, and the torn last lines left out. */
    public record Copied(int logs, long lines, int documents, List<String> leftOut) {
    }

    /**
     * Copies a workspace's state into an empty database in one transaction: every JSON Lines file of {@code loops/}
     * and of the regulator's own metrics, and each loop's {@code cadence.yml} and {@code roster.yaml}. Nothing is
     * copied when anything fails; a database that already holds a log refuses.
     */
    public static Copied importFiles(Workspace ws, Database db) throws IOException {
        PgStore p = new PgStore(ws, db);
        List<String> leftOut = new java.util.ArrayList<>();
        List<java.nio.file.Path> logs = new java.util.ArrayList<>();
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                long lines = p.logs.importInto(c, leftOut, logs);
                int documents = 0;
                List<java.nio.file.Path> held = new java.util.ArrayList<>(List.of(ws.selfCadence()));
                for (String id : ws.loopDirectories()) held.addAll(List.of(ws.cadence(id), ws.roster(id)));
                for (java.nio.file.Path f : held) {
                    String text = dev.loopreg.store.Docs.FILES.read(f);
                    if (text == null) continue;
                    p.docs.write(c, f, text);
                    documents++;
                }
                try (PreparedStatement s = c.prepareStatement(
                        "INSERT INTO imported (imported_at, logs, lines, documents) VALUES (now(), ?, ?, ?)")) {
                    s.setInt(1, logs.size());
                    s.setLong(2, lines);
                    s.setInt(3, documents);
                    s.executeUpdate();
                } catch (SQLException e) {
                    if ("23505".equals(e.getSQLState())) {
                        throw new IOException("the database already holds an imported workspace; an import copies into an empty one");
                    }
                    throw e;
                }
                c.commit();
                return new Copied(logs.size(), lines, documents, leftOut);
            } catch (IOException | SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState()) && String.valueOf(e.getMessage()).contains("decisions_id_once")) {
                throw new IOException(ws.rel(ws.decisions()) + ": a decision id is used twice (" + detail(e) + "); expected each "
                        + "decision numbered once (loopreg validate names the lines); nothing was imported", e);
            }
            throw new IOException("database: " + e.getMessage() + "; nothing was imported", e);
        }
    }

    @Override
    public WorkspaceLock lock(String command, Duration wait, Instant startedAt, Consumer<String> said)
            throws IOException, WorkspaceLock.LockedException {
        WorkspaceLock local = files.lock(command, wait, startedAt, said);
        try {
            Holding h = advisory(wait, "SELECT pg_advisory_lock(?)", s -> s.setLong(1, LOCK_KEY), "the fleet's lock (" + command + ")");
            Connection held = h.c();
            local.alsoRelease(() -> {
                Fences.release(Fences.FLEET);
                db.leases().unregister(held, h.session());
                try (held; PreparedStatement s = held.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                    s.setLong(1, LOCK_KEY);
                    s.execute();
                }
            });
            try {
                Fences.raise(held, Fences.FLEET);   // from now on, a writer that held this lock before can write no more
            } catch (SQLException e) {
                local.close();
                throw e;
            }
            return local;
        } catch (SQLException e) {
            local.close();
            if ("55P03".equals(e.getSQLState())) {
                throw new WorkspaceLock.LockedException("another replica holds the database's lock (" + db.url()
                        + "); waited " + wait.toSeconds() + " s; try again, or raise --lock-timeout");
            }
            throw new IOException("database: " + e.getMessage(), e);
        }
    }

    /** Binds a statement's parameters. */
    private interface Binder {
        void bind(PreparedStatement s) throws SQLException;
    }

    /**
     * A connection of the pool holding the advisory locks {@code sql} takes, having waited at most {@code wait}
     * (PostgreSQL's {@code lock_timeout}); when taking them fails, the connection is closed and the failure thrown.
     */
    /** A connection holding locks, and its session's lease. */
    record Holding(Connection c, LockLeases.Session session) {
    }

    /** Who this process is, in {@code lock_sessions}: the host and the process. */
    static final String REPLICA = host() + " pid " + ProcessHandle.current().pid();

    private static String host() {
        String h = System.getenv("HOSTNAME");
        if (h != null && !h.isBlank()) return h;
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException | RuntimeException e) {
            return "localhost";
        }
    }

    /**
     * The locks as leases ({@link LockLeases}): the wait is cut in slices of at most half a second; after each slice that did
     * not get the lock, holders whose heartbeat stopped are ended, and the next slice finds their locks free. The session
     * that gets the lock registers and is beaten by this process until it is released.
     */
    private Holding advisory(Duration wait, String sql, Binder bind, String what) throws SQLException {
        Connection c = db.dataSource().getConnection();
        try {
            long deadline = System.nanoTime() + wait.toNanos();
            while (true) {
                long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                try (Statement s = c.createStatement()) {
                    s.execute("SET lock_timeout = " + Math.min(left, 500));
                }
                try (PreparedStatement s = c.prepareStatement(sql)) {
                    bind.bind(s);
                    s.execute();
                    break;
                } catch (SQLException e) {
                    if (!"55P03".equals(e.getSQLState()) || System.nanoTime() >= deadline) throw e;
                    db.leases().reap(c);
                }
            }
            try (Statement s = c.createStatement()) {
                // the fence's row lock below waits for what is left of the wait (at least 200 ms): an action's answer
                // within its bound, whatever a stalled writer still holds
                s.execute("SET lock_timeout = " + Math.max(200, (deadline - System.nanoTime()) / 1_000_000));
            }
            LockLeases.Session session = db.leases().register(c, REPLICA, what);
            return new Holding(c, session);
        } catch (SQLException e) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // the connection is gone, and its session locks with it
            }
            throw e;
        }
    }

    /** The first key of every loop's advisory lock (the second: the hash of its id); "loop". */
    static final int LOOP_LOCKS = 0x6c6f6f70;

    /**
     * A loop's cycle: the fleet lock shared (fleet-wide writers take it exclusively) and the loop's own lock, both held
     * by one connection's session — a replica that dies loses its connection and with it the locks. No file lock: a
     * loop's cycle writes rows only, and cycles of different loops run together on one replica.
     */
    @Override
    public Store.Held loopLock(String loop, String command, Duration wait, Instant startedAt)
            throws IOException, WorkspaceLock.LockedException {
        try {
            Holding h = advisory(wait, "SELECT pg_advisory_lock_shared(?), pg_advisory_lock(?, hashtext(?))", s -> {
                s.setLong(1, LOCK_KEY);
                s.setInt(2, LOOP_LOCKS);
                s.setString(3, loop);
            }, "the lock of loop " + loop + " (" + command + ")");
            Connection held = h.c();
            try {
                Fences.join(held, Fences.FLEET);
                Fences.raise(held, Fences.loop(loop));
            } catch (SQLException e) {
                Fences.release(Fences.FLEET, Fences.loop(loop));
                db.leases().unregister(held, h.session());
                held.close();
                throw e;
            }
            return () -> {
                Fences.release(Fences.FLEET, Fences.loop(loop));
                db.leases().unregister(held, h.session());
                try (held; Statement s = held.createStatement()) {
                    s.execute("SELECT pg_advisory_unlock_all()");
                } catch (SQLException e) {
                    throw new IOException("database: " + e.getMessage(), e);
                }
            };
        } catch (SQLException e) {
            if ("55P03".equals(e.getSQLState())) {
                throw new WorkspaceLock.LockedException("the cycle of loop '" + loop + "' waited " + wait.toSeconds()
                        + " s for the database's locks (" + db.url() + "): a fleet-wide command or the same loop's cycle holds them");
            }
            throw new IOException("database: " + e.getMessage(), e);
        }
    }

    @Override
    public void rendered(java.nio.file.Path file, String text) throws IOException {
        if (!docs.renders(file)) return;
        try (Connection c = db.dataSource().getConnection()) {
            docs.render(c, file, text);
        } catch (SQLException e) {
            throw new IOException("database: " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> carryOut(Plan plan, Instant startedAt) throws IOException {
        Plan onFiles = new Plan(plan.command());
        plan.regenerated().forEach(onFiles::regenerates);
        for (Plan.Effect e : plan.effects()) {
            if (e instanceof Plan.Append a && !logs.holds(a.file())) onFiles.append(a.file(), a.key(), a.lines(), a.complete());
            else if (e instanceof Plan.Replace r) onFiles.replace(r.file(), r.text());   // the file people read: written after the commit
        }
        // the files are checked before the transaction: a plan whose files cannot be written records nothing
        dev.loopreg.store.Preflight.check(ws, onFiles);
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                Fences.check(c);   // a plan made under a lock that was lost since records nothing
                for (Plan.Effect e : plan.effects()) {
                    if (e instanceof Plan.Append a && logs.holds(a.file())) {
                        new PgLineLog(db.dataSource(), ws.rel(a.file())).append(c, a.lines());
                    } else if (e instanceof Plan.Replace r) {
                        if (docs.holds(r.file())) docs.write(c, r.file(), r.text());
                        else if (docs.renders(r.file())) docs.render(c, r.file(), r.text());
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            if (Fences.LOST.equals(e.getSQLState())) throw new IOException("database: " + e.getMessage() + " ('" + plan.command() + "')", e);
            if ("23505".equals(e.getSQLState()) && String.valueOf(e.getMessage()).contains("decisions_id_once")) {
                throw new IOException("another writer recorded the same decision number at the same time (" + detail(e)
                        + "); nothing of '" + plan.command() + "' was recorded; run it again", e);
            }
            throw new IOException("database: " + e.getMessage() + "; nothing of '" + plan.command() + "' was recorded", e);
        }
        return onFiles.isEmpty() ? List.of() : files.carryOut(onFiles, startedAt);
    }

    /** What a violation of the decision ids' uniqueness says, as "DEC-007 is already recorded". */
    static String detail(SQLException e) {
        String m = String.valueOf(e.getMessage()) + (e.getNextException() == null ? "" : " " + e.getNextException().getMessage());
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("=\\((DEC-[0-9]+)\\)").matcher(m);
        return id.find() ? id.group(1) + " is already recorded" : "a decision number is already recorded";
    }

    @Override
    public Optional<String> pending() {
        return files.pending();
    }

    @Override
    public Optional<String> claimSlot(String job, Instant slot) throws IOException {
        return claims.claim(job, slot);
    }

    @Override
    public void finishSlot(String job, Instant slot) throws IOException {
        claims.finish(job, slot);
    }

    @Override
    public void releaseSlot(String job, Instant slot) throws IOException {
        claims.release(job, slot);
    }

    /** The probe in flight, if one is: a database that hangs is asked once at a time, not once per request. */
    private final java.util.concurrent.atomic.AtomicReference<java.util.concurrent.CompletableFuture<String>> probe =
            new java.util.concurrent.atomic.AtomicReference<>();

    /** A {@code SELECT 1} on a connection of the pool, answered within {@code within} or said not to be. */
    @Override
    public Optional<String> unavailable(Duration within) {
        java.util.concurrent.CompletableFuture<String> p = probe.get();
        if (p == null || p.isDone()) {
            p = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                    s.setQueryTimeout(5);
                    s.execute("SELECT 1");
                    return null;
                } catch (SQLException | RuntimeException e) {
                    return "the database " + db.url() + " cannot be reached: " + e.getMessage();
                }
            }, PROBES);
            probe.set(p);
        }
        try {
            return Optional.ofNullable(p.get(within.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
        } catch (java.util.concurrent.TimeoutException e) {
            return Optional.of("the database " + db.url() + " did not answer within " + within.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while asking the database");
        } catch (java.util.concurrent.ExecutionException e) {
            return Optional.of("the database " + db.url() + " cannot be reached: " + e.getCause());
        }
    }

    private static final java.util.concurrent.Executor PROBES = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "loopreg-db-probe");
        t.setDaemon(true);
        return t;
    });
}
