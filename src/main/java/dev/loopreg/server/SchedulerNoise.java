package dev.loopreg.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * db-scheduler's and HikariCP's lines that are expected after a fault loopreg recovers from, said once in loopreg's words instead
 * (logback.xml installs it). After a replica was paused or cut off from the database, db-scheduler writes a WARN line per
 * heartbeat it could not beat ("more than 1 failed heartbeats. Should not happen") and an ERROR saying "Indicates a bug"
 * when the woken replica completes a run another replica took over — both are what the design expects (a run whose
 * replica stopped beating is run again elsewhere; the late completion is dropped). A database restart, or a session
 * ended because its replica stalled, makes HikariCP warn, with a stack trace, about every connection it finds ended, and
 * db-scheduler log an ERROR with a stack trace per poll while the database is down. Each kind is said once at WARN per
 * {@link #QUIET} with what it means; a line of any other kind passes untouched.
 */
public final class SchedulerNoise extends TurboFilter {

    /** The same kind is said again at most this often. */
    static final long QUIET = 10 * 60 * 1000L;

    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger("dev.loopreg.server.Replica");
    private static final ConcurrentHashMap<String, AtomicLong> LAST = new ConcurrentHashMap<>();

    /** What an expected line means, or null for a line that is not one. */
    static String meaning(String loggerName, String format, Throwable t) {
        if (loggerName == null) return null;
        String f = format == null ? "" : format;
        if (loggerName.startsWith("com.zaxxer.hikari")) {
            // the pool finds connections the database ended (a restart; a session ended because this replica stalled)
            if (f.contains("Failed to validate connection") || f.contains("marked as broken") && connectionLost(t)) {
                return "the database ended connections of this replica (it restarted, or this replica was paused or cut off and "
                        + "its sessions were ended); the pool opens new ones as they are needed";
            }
            return null;
        }
        if (!loggerName.startsWith("com.github.kagkarlsson.scheduler")) return null;
        if (f.contains("Unhandled exception") && connectionLost(t)) {
            return "the scheduler could not reach the database (it is down or restarting, or this replica is cut off from it); "
                    + "it keeps trying, and the runs due meanwhile are run when it is back";
        }
        if (f.contains("more than 1 failed heartbeats")) {
            return "this replica could not mark its running jobs alive (it was paused, or cut off from the database); another "
                    + "replica runs them again if it stays so for 6 heartbeats";
        }
        String cause = t == null ? "" : String.valueOf(t.getMessage());
        boolean lateCompletion = f.contains("Failed while completing execution")
                && (cause.contains("Indicates a bug") || cause.contains("Failed to replace execution"));
        if (f.contains("Failed while handling dead execution") && cause.contains("Indicates a bug")) {
            return "another replica revived a run whose replica had stopped beating before this one could; this one leaves it "
                    + "to that replica";
        }
        if (lateCompletion || f.contains("Indicates a bug")) {
            return "a run of this replica finished after another replica had taken it over (this one was paused or cut off); its "
                    + "completion is dropped and the other replica's run stands";
        }
        return null;
    }

    /**
     * Whether {@code t} is a lost connection: an SQLState of class 08 (connection exception) or 57P (the server shut down,
     * or ended the session), or a closed connection.
     */
    static boolean connectionLost(Throwable t) {
        for (Throwable x = t; x != null; x = x.getCause() == x ? null : x.getCause()) {
            if (x instanceof java.sql.SQLException e) {
                String st = e.getSQLState();
                if (st != null && (st.startsWith("08") || st.startsWith("57P"))) return true;
                if (e instanceof java.sql.BatchUpdateException b && connectionLost(b.getNextException())) return true;
            }
            String msg = String.valueOf(x.getMessage());
            if (msg.contains("Connection is closed") || msg.contains("This connection has been closed")) return true;
        }
        return false;
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (logger == null || level == null || !level.isGreaterOrEqual(Level.WARN)) return FilterReply.NEUTRAL;
        // a throwable given as the last argument (as HikariCP gives it) is the event's throwable too
        Throwable thrown = t != null ? t : params != null && params.length > 0 && params[params.length - 1] instanceof Throwable x ? x : null;
        String m = meaning(logger.getName(), format, thrown);
        if (m == null) return FilterReply.NEUTRAL;
        long now = System.currentTimeMillis();
        AtomicLong last = LAST.computeIfAbsent(m, k -> new AtomicLong());
        long before = last.get();
        if (now - before >= QUIET && last.compareAndSet(before, now)) LOG.warn("{} (db-scheduler's lines of this kind are not shown)", m);
        return FilterReply.DENY;
    }
}
