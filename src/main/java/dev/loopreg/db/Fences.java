package dev.loopreg.db;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fencing tokens for the database's locks (the fencing-token pattern of distributed locks). Whoever takes a lock raises
 * its fence, on the connection that holds the lock, and this thread then writes under the new value; every writing
 * transaction checks first, {@code FOR SHARE}, that its fences still hold its values — so a later holder's raise waits
 * for that transaction to end, and a writer whose lock was lost (its session ended by a restart while the process was
 * paused, and another replica took the lock) has its transaction fail whole: a zombie can never write.
 *
 * <p>The fences a thread writes under are the thread's (a lock is taken and written under on one thread); a thread that
 * holds no lock checks nothing (the import, a read-only command).
 */
public final class Fences {

    /** The SQLState of a write refused because its lock was lost. */
    public static final String LOST = "LR001";

    private static final ThreadLocal<Map<String, Long>> HELD = ThreadLocal.withInitial(LinkedHashMap::new);

    private Fences() {
    }

    /** How long a writing transaction may sit idle, in ms: the time after which a lock's holder is taken as stalled. */
    private static volatile long idleLimitMs = 20_000;

    /** A writing transaction idle for {@code limit} is ended by the database (the locks' leases set it: 4 beats). */
    static void idleLimit(java.time.Duration limit) {
        idleLimitMs = Math.max(1000, limit.toMillis());
    }

    /** The fleet's lock (exclusive for a command, shared by the loops' cycles). */
    static final String FLEET = "fleet";

    static String loop(String id) {
        return "loop:" + id;
    }

    /** Raises {@code name}'s fence on {@code holder} (the connection holding its lock); this thread writes under it. */
    static long raise(Connection holder, String name) throws SQLException {
        return hold(holder, name, "1", "fences.token + 1");
    }

    /** This thread writes under {@code name}'s fence as it is now, without raising it (a loop's cycle under the shared fleet lock). */
    static long join(Connection holder, String name) throws SQLException {
        return hold(holder, name, "0", "fences.token");
    }

    /** The fence's value after {@code INSERT first / UPDATE SET token = next}, which this thread then writes under. */
    private static long hold(Connection holder, String name, String first, String next) throws SQLException {
        try (PreparedStatement s = holder.prepareStatement("INSERT INTO fences (name, token) VALUES (?, " + first + ") "
                + "ON CONFLICT (name) DO UPDATE SET token = " + next + " RETURNING token")) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                long t = r.getLong(1);
                HELD.get().put(name, t);
                return t;
            }
        }
    }

    /** This thread no longer writes under {@code names} (its lock is released). */
    static void release(String... names) {
        for (String n : names) HELD.get().remove(n);
    }

    /** The fences this thread writes under, for a lock taken on one thread and written under on another. */
    public static Map<String, Long> held() {
        return Map.copyOf(HELD.get());
    }

    /** Writes under {@code fences} on this thread too (see {@link #held}); empty: none. */
    public static void adopt(Map<String, Long> fences) {
        HELD.get().putAll(fences);
    }

    /**
     * In the writing transaction {@code c}, before its writes: every fence this thread writes under still has its value,
     * and stays so until the transaction ends; else an {@link SQLException} with SQLState {@link #LOST}.
     */
    static void check(Connection c) throws SQLException {
        Map<String, Long> mine = HELD.get();
        if (mine.isEmpty()) return;
        Map<String, Long> now = new HashMap<>();
        // the transaction also may not sit idle longer than a stalled holder is given: one whose process was paused or cut
        // off after this statement would keep these rows locked — and every later holder's raise waiting — until its
        // connection died; PostgreSQL ends it instead (idle_in_transaction_session_timeout, for this transaction only)
        try (PreparedStatement s = c.prepareStatement("WITH limited AS (SELECT set_config('idle_in_transaction_session_timeout', ?, true)) "
                + "SELECT name, token FROM fences, limited WHERE name = ANY (?) FOR SHARE OF fences")) {
            Array names = c.createArrayOf("text", mine.keySet().toArray());
            s.setString(1, Long.toString(idleLimitMs));
            s.setArray(2, names);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) now.put(r.getString(1), r.getLong(2));
            }
        }
        for (var e : mine.entrySet()) {
            Long t = now.get(e.getKey());
            if (t == null || t.longValue() != e.getValue()) {
                throw new SQLException("this replica no longer holds the " + (e.getKey().equals(FLEET) ? "fleet's lock"
                        : e.getKey().startsWith("slot:") ? "claim of the " + e.getKey().replaceFirst("^slot:([^:]+):(.*)$", "$1 slot $2")
                        : "lock of " + e.getKey().replace("loop:", "loop ")) + " it writes under (another holder took it since: fence "
                        + e.getValue() + ", now " + t + " — its database session ended while it was paused or cut off); nothing of "
                        + "this write was recorded, and the other holder carries on", LOST);
            }
        }
    }
}
