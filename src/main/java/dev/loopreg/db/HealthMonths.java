package dev.loopreg.db;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Health records by month: each loop's {@code health.jsonl} lines go to {@code health_lines}, partitioned by the month
 * of their {@code cycle} (UTC); the month's partition is made with its first record. Retention drops whole months.
 */
public final class HealthMonths {

    private static final Pattern HEALTH_LOG = Pattern.compile("loops/[^/]+/health\\.jsonl");
    private static final Pattern PARTITION = Pattern.compile("health_lines_y(\\d{4})m(\\d{2})");
    private static final JsonFactory JSON = new JsonFactory();

    private HealthMonths() {
    }

    static boolean isHealthLog(String log) {
        return HEALTH_LOG.matcher(log).matches();
    }

    /** The record's {@code cycle}, or null when the line has none that reads as an instant. */
    static Instant cycle(String line) {
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (name.equals("cycle")) return v == JsonToken.VALUE_STRING ? Instant.parse(p.getText()) : null;
                p.skipChildren();
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The first key of the lock that orders the making of partitions; "part". */
    static final long PARTITION_LOCK = 0x70617274L;

    /**
     * Makes the partitions {@code lines} need that do not exist yet, in the caller's transaction, before it locks
     * anything else: several loops' cycles append their first record of a month at once, and making a partition locks
     * {@code health_lines} and {@code logs} (its foreign key) — so the makers take one transaction-scoped advisory lock
     * first, and the second finds the partition made. A month that exists costs one catalog lookup and no lock.
     */
    static void prepare(Connection c, List<String> lines) throws SQLException {
        Set<YearMonth> months = new TreeSet<>();
        for (String l : lines) {
            Instant t = cycle(l);
            if (t != null) months.add(YearMonth.from(t.atZone(ZoneOffset.UTC)));
        }
        boolean locked = false;
        for (YearMonth m : months) {
            if (exists(c, m)) continue;
            if (!locked) {
                try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                    s.setLong(1, PARTITION_LOCK);
                    s.execute();
                }
                locked = true;
            }
            ensure(c, m);
        }
    }

    private static boolean exists(Connection c, YearMonth m) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            s.setString(1, partition(m));
            try (ResultSet r = s.executeQuery()) {
                return r.next() && r.getBoolean(1);
            }
        }
    }

    private static String partition(YearMonth m) {
        return "health_lines_y%04dm%02d".formatted(m.getYear(), m.getMonthValue());
    }

    static void append(Connection c, String log, List<String> lines) throws SQLException {
        List<Instant> cycles = new ArrayList<>(lines.size());
        for (String l : lines) cycles.add(cycle(l));
        // a loop's slot is recorded once: a second record of it is "already there" (the unique index health_lines_once)
        try (PreparedStatement s = c.prepareStatement("INSERT INTO health_lines (log, cycle, line) VALUES (?, ?, ?) "
                + "ON CONFLICT (log, cycle) DO NOTHING")) {
            for (int i = 0; i < lines.size(); i++) {
                s.setString(1, log);
                s.setTimestamp(2, cycles.get(i) == null ? null : Timestamp.from(cycles.get(i)));
                s.setString(3, lines.get(i));
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** The partition of month {@code m}, made when missing. */
    static void ensure(Connection c, YearMonth m) throws SQLException {
        String name = partition(m);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + name + " PARTITION OF health_lines FOR VALUES FROM ('"
                    + m.atDay(1) + " 00:00:00+00') TO ('" + m.plusMonths(1).atDay(1) + " 00:00:00+00')");
        }
    }

    /** The months that have a partition, oldest first. */
    public static List<YearMonth> months(Connection c) throws SQLException {
        List<YearMonth> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT child.relname FROM pg_inherits i JOIN pg_class child ON child.oid = i.inhrelid"
                + " JOIN pg_class parent ON parent.oid = i.inhparent WHERE parent.relname = 'health_lines'");
             ResultSet r = s.executeQuery()) {
            while (r.next()) {
                Matcher m = PARTITION.matcher(r.getString(1));
                if (m.matches()) out.add(YearMonth.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
            }
        }
        out.sort(null);
        return out;
    }

    /**
     * Drops the months of health records older than the {@code keep} months up to {@code now}'s (that month included),
     * in the caller's transaction; returns the months dropped. Decisions, approvals, sessions and every other log are
     * never dropped.
     */
    public static List<YearMonth> prune(Connection c, Instant now, int keep) throws SQLException {
        if (keep < 1) throw new IllegalArgumentException("keep at least 1 month");
        YearMonth first = YearMonth.from(now.atZone(ZoneOffset.UTC)).minusMonths(keep - 1L);
        List<YearMonth> dropped = new ArrayList<>();
        for (YearMonth m : months(c)) {
            if (!m.isBefore(first)) continue;
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE health_lines_y%04dm%02d".formatted(m.getYear(), m.getMonthValue()));
            }
            dropped.add(m);
        }
        return dropped;
    }
}
