package dev.loopreg.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database's locks as leases. A session that takes a lock registers in {@code lock_sessions}, and this process beats
 * the heartbeat of each session it holds every {@link #beat} from a thread of its own; a paused or cut-off process beats
 * no more. A waiter that cannot get a lock ends every holding session whose heartbeat is older than {@link #staleAfter}
 * ({@code pg_terminate_backend}): the database frees its locks, the waiter takes them, and the old holder's writes are
 * refused by their fences ({@link Fences}). One stalled replica never stalls the others for longer than that.
 */
public final class LockLeases {

    private static final Logger LOG = LoggerFactory.getLogger(LockLeases.class);

    /** A session of this process that holds a lock: its backend. */
    record Session(int pid, Instant backendStart) {
    }

    /** Opens a connection of the heartbeat's own, bounded in time by the beat. */
    interface Opener {
        Connection open(Duration timeout) throws SQLException;
    }

    private final Opener opener;
    private volatile Duration beat;
    private final Map<Session, String> held = new ConcurrentHashMap<>();
    /** The slot claims of this process that are open (job and slot): their heartbeat is beaten with the locks'. */
    private final java.util.Set<Map.Entry<String, Instant>> claims = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService beater;
    /** The heartbeat's own connection, not the pool's: a pool run dry never makes a live holder miss its beats. */
    private Connection own;

    LockLeases(Opener opener, Duration beat) {
        this.opener = opener;
        this.beat = beat;
        Fences.idleLimit(staleAfter());
    }

    /** How often this process beats its sessions' heartbeats (serve's --heartbeat). */
    public synchronized void beat(Duration every) {
        this.beat = every;
        Fences.idleLimit(staleAfter());
        stopBeating();
    }

    /**
     * Stops beating until the next lock or claim of this process: its locks and claims go stale as a paused process's do
     * (the fault tests pause a replica so, without stopping the JVM they run in).
     */
    public synchronized void stopBeating() {
        if (beater != null) {
            beater.shutdownNow();
            beater = null;
        }
    }

    /** This process's beat in ms, as its holders and claims record it. */
    int beatMs() {
        return (int) Math.min(Integer.MAX_VALUE, beat.toMillis());
    }

    /** A holder whose heartbeat is older than this is taken as stalled: four beats. */
    public Duration staleAfter() {
        return beat.multipliedBy(4);
    }

    /** Registers the session of {@code holder}, which has just taken a lock for {@code what}; returns it. */
    Session register(Connection holder, String replica, String what) throws SQLException {
        try (PreparedStatement s = holder.prepareStatement("INSERT INTO lock_sessions (pid, backend_start, heartbeat, replica, what, beat_ms) "
                + "SELECT pid, backend_start, now(), ?, ?, ? FROM pg_stat_activity WHERE pid = pg_backend_pid() "
                + "ON CONFLICT (pid, backend_start) DO UPDATE SET heartbeat = now(), replica = EXCLUDED.replica, what = EXCLUDED.what, "
                + "beat_ms = EXCLUDED.beat_ms RETURNING pid, backend_start")) {
            s.setString(1, replica);
            s.setString(2, what);
            s.setInt(3, beatMs());
            try (ResultSet r = s.executeQuery()) {
                r.next();
                Session session = new Session(r.getInt(1), r.getTimestamp(2).toInstant());
                held.put(session, what);
                startBeating();
                return session;
            }
        }
    }

    /** This process claimed {@code job}'s {@code slot}: the claim is beaten with the locks until {@link #unclaimed}. */
    void claimed(String job, Instant slot) {
        claims.add(Map.entry(job, slot));
        startBeating();
    }

    /** The claim ended (finished, given back, or lost): no longer beaten, so one the database did not hear end lapses. */
    void unclaimed(String job, Instant slot) {
        claims.remove(Map.entry(job, slot));
    }

    /** The session no longer holds the lock (it is released, or its connection is gone). */
    void unregister(Connection holder, Session session) {
        held.remove(session);
        try (PreparedStatement s = holder.prepareStatement("DELETE FROM lock_sessions WHERE pid = ? AND backend_start = ?")) {
            s.setInt(1, session.pid());
            s.setTimestamp(2, java.sql.Timestamp.from(session.backendStart()));
            s.executeUpdate();
        } catch (SQLException e) {
            // the session is gone with its connection: its row is a stale one the reaper passes over (it holds no lock)
        }
    }

    private synchronized void startBeating() {
        if (beater != null) return;
        beater = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "loopreg-lock-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long ms = Math.max(100, beat.toMillis());
        beater.scheduleWithFixedDelay(this::beatNow, ms, ms, TimeUnit.MILLISECONDS);
    }

    /**
     * One heartbeat of every session this process holds, on the heartbeat's own connection (opened again after a
     * failure; a beat that cannot reach the database gives up within two beats, and the next one tries again).
     */
    void beatNow() {
        if (held.isEmpty() && claims.isEmpty()) return;
        try {
            if (own == null) own = opener.open(beat.multipliedBy(2));
            if (!claims.isEmpty()) {
                try (PreparedStatement s = own.prepareStatement(
                        "UPDATE job_slots SET heartbeat = now() WHERE job = ? AND slot = ? AND replica = ? AND finished IS NULL")) {
                    for (var c : claims) {
                        s.setString(1, c.getKey());
                        s.setTimestamp(2, java.sql.Timestamp.from(c.getValue()));
                        s.setString(3, PgStore.REPLICA);
                        s.addBatch();
                    }
                    s.executeBatch();
                }
            }
            if (held.isEmpty()) return;
            try (PreparedStatement s = own.prepareStatement("UPDATE lock_sessions SET heartbeat = now() WHERE pid = ? AND backend_start = ?")) {
                for (Session x : held.keySet()) {
                    s.setInt(1, x.pid());
                    s.setTimestamp(2, java.sql.Timestamp.from(x.backendStart()));
                    s.addBatch();
                }
                s.executeBatch();
            }
        } catch (SQLException | RuntimeException e) {
            LOG.debug("lock heartbeat not beaten: {}", e.getMessage());
            closeOwn();
        }
    }

    private void closeOwn() {
        if (own == null) return;
        try {
            own.close();
        } catch (SQLException ignored) {
            // gone already
        }
        own = null;
    }

    /** Stops beating and closes the heartbeat's connection (the database is closing). */
    synchronized void close() {
        if (beater != null) {
            beater.shutdownNow();
            try {
                beater.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            beater = null;
        }
        closeOwn();
    }

    /**
     * Ends every session that holds an advisory lock of loopreg's and whose heartbeat stopped {@link #staleAfter} ago;
     * returns how many, each said once at WARN with what it held.
     */
    int reap(Connection c) throws SQLException {
        int n = 0;
        try (PreparedStatement s = c.prepareStatement("SELECT DISTINCT ls.pid, ls.replica, ls.what, "
                + "extract(epoch FROM now() - ls.heartbeat)::bigint, pg_terminate_backend(ls.pid) "
                + "FROM lock_sessions ls JOIN pg_stat_activity a ON a.pid = ls.pid AND a.backend_start = ls.backend_start "
                + "JOIN pg_locks l ON l.pid = ls.pid AND l.locktype = 'advisory' AND l.granted "
                + "WHERE ls.heartbeat < now() - make_interval(secs => 4 * coalesce(ls.beat_ms, ?) / 1000.0)")) {
            s.setInt(1, beatMs());   // a holder is stalled after 4 of its own beats; one that did not say, after 4 of ours
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    n++;
                    LOG.warn("ended the database session of {} ({}): it held the lock but its heartbeat stopped {} s ago (paused or cut off); "
                            + "its writes from now on are refused, and this replica takes the lock", r.getString(2), r.getString(3), r.getLong(4));
                }
            }
        }
        return n;
    }
}
