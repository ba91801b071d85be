package dev.loopreg.db;

import dev.loopreg.store.LineLog;
import dev.loopreg.workspace.JsonlFile;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Predicate;
import javax.sql.DataSource;

/**
 * A log's lines as rows of {@code lines}, named by the workspace-relative path of the file they stand for. A line's
 * offset is its row's {@code seq}; a row is always a whole line, so nothing is ever torn and {@link #append} repairs
 * nothing.
 */
public final class PgLineLog implements LineLog {

    /** Rows fetched per round trip when reading newest first. */
    static final int FETCH = 256;

    private final DataSource db;
    private final String log;
    /** {@code health_lines} (partitioned by month) for a loop's health records, {@code lines} for every other log. */
    private final String table;

    public PgLineLog(DataSource db, String log) {
        this.db = db;
        this.log = log;
        this.table = table(log);
    }

    /** The table that holds {@code log}'s lines. */
    static String table(String log) {
        return HealthMonths.isHealthLog(log) ? "health_lines" : "lines";
    }

    public String name() {
        return log;
    }

    @Override
    public boolean exists() {
        try (Connection c = db.getConnection()) {
            return exists(c);
        } catch (SQLException e) {
            throw new java.io.UncheckedIOException(io(e));
        }
    }

    /** Whether the log exists, seen from the caller's transaction. */
    boolean exists(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM logs WHERE log = ?")) {
            s.setString(1, log);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
    }

    @Override
    public List<JsonlFile.Line> readAll() throws IOException {
        List<JsonlFile.Line> out = new ArrayList<>();
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT seq, line FROM " + table + " WHERE log = ? ORDER BY seq")) {
            c.setAutoCommit(false);   // a cursor: a long log is fetched in parts
            s.setFetchSize(FETCH * 4);
            s.setString(1, log);
            try (ResultSet r = s.executeQuery()) {
                int n = 0;
                while (r.next()) out.add(new JsonlFile.Line(r.getLong(1), ++n, r.getString(2), true));
            }
            c.commit();
        } catch (SQLException e) {
            throw io(e);
        }
        return out;
    }

    @Override
    public Tail newestFirst() throws IOException {
        try {
            return new RowTail(db.getConnection());
        } catch (SQLException e) {
            throw io(e);
        }
    }

    @Override
    public int lineNumberAt(long offset) throws IOException {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT count(*) FROM " + table + " WHERE log = ? AND seq <= ?")) {
            s.setString(1, log);
            s.setLong(2, offset);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return (int) r.getLong(1);
            }
        } catch (SQLException e) {
            throw io(e);
        }
    }

    @Override
    public Object version() throws IOException {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT coalesce(max(seq), -1), count(*) FROM " + table + " WHERE log = ?")) {
            s.setString(1, log);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return List.of(r.getLong(1), r.getLong(2));
            }
        } catch (SQLException e) {
            throw io(e);
        }
    }

    @Override
    public JsonlFile.Repair append(List<String> lines, Predicate<String> complete) throws IOException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                Fences.check(c);   // lines appended under a lock that was lost since are not appended
                append(c, lines);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw io(e);
        }
        return null;
    }

    /** Appends within the caller's transaction. */
    public void append(Connection c, List<String> lines) throws SQLException {
        // a new month's partition first, before this transaction locks anything else (HealthMonths.prepare)
        if (table.equals("health_lines")) HealthMonths.prepare(c, lines);
        try (PreparedStatement s = c.prepareStatement("INSERT INTO logs (log) VALUES (?) ON CONFLICT DO NOTHING")) {
            s.setString(1, log);
            s.executeUpdate();
        }
        if (lines.isEmpty()) return;
        for (String l : lines) {
            if (l.indexOf('\n') >= 0) throw new IllegalArgumentException("a line of " + log + " holds a newline");
        }
        if (table.equals("health_lines")) {
            HealthMonths.append(c, log, lines);
            return;
        }
        // a keyed line already there is "already there" (lines_key_once, V9): a retry, or a writer that lost its lock, adds no row
        try (PreparedStatement s = c.prepareStatement("INSERT INTO lines (log, line, key) VALUES (?, ?, ?) "
                + "ON CONFLICT (log, key) WHERE key IS NOT NULL DO NOTHING")) {
            for (String l : lines) {
                s.setString(1, log);
                s.setString(2, l);
                s.setString(3, LineKeys.of(log, l));
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /**
     * Copies a file's lines as they are, within the caller's transaction ({@code db import}): a line that repeats an
     * earlier one's key is kept, without the key, as the migration keeps those already in a database.
     */
    void copy(Connection c, List<String> lines) throws SQLException {
        if (table.equals("health_lines")) {
            append(c, lines);
            return;
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO logs (log) VALUES (?) ON CONFLICT DO NOTHING")) {
            s.setString(1, log);
            s.executeUpdate();
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        try (PreparedStatement s = c.prepareStatement("INSERT INTO lines (log, line, key) VALUES (?, ?, ?)")) {
            for (String l : lines) {
                if (l.indexOf('\n') >= 0) throw new IllegalArgumentException("a line of " + log + " holds a newline");
                String key = LineKeys.of(log, l);
                s.setString(1, log);
                s.setString(2, l);
                s.setString(3, key != null && seen.add(key) ? key : null);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static IOException io(SQLException e) {
        return new IOException("database: " + e.getMessage(), e);
    }

    /** The rows newest first through a cursor, {@link #FETCH} at a time, on a connection of its own. */
    private final class RowTail implements Tail {
        private final Connection c;
        private final PreparedStatement s;
        private final ResultSet r;
        private JsonlFile.Line next;
        private boolean done;

        RowTail(Connection c) throws SQLException {
            this.c = c;
            try {
                c.setAutoCommit(false);
                s = c.prepareStatement("SELECT seq, line FROM " + table + " WHERE log = ? ORDER BY seq DESC");
                s.setFetchSize(FETCH);
                s.setString(1, log);
                r = s.executeQuery();
            } catch (SQLException e) {
                c.close();
                throw e;
            }
        }

        @Override
        public boolean hasNext() {
            if (next == null && !done) {
                try {
                    if (r.next()) next = new JsonlFile.Line(r.getLong(1), 0, r.getString(2), true);
                    else done = true;
                } catch (SQLException e) {
                    throw new java.io.UncheckedIOException(io(e));
                }
            }
            return next != null;
        }

        @Override
        public JsonlFile.Line next() {
            if (!hasNext()) throw new NoSuchElementException();
            JsonlFile.Line l = next;
            next = null;
            return l;
        }

        @Override
        public boolean atStart() {
            return !hasNext();
        }

        @Override
        public void close() throws IOException {
            try (c; s; r) {
                c.commit();
            } catch (SQLException e) {
                throw io(e);
            }
        }
    }
}
