package dev.loopreg.db;

import dev.loopreg.store.Docs;
import dev.loopreg.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The {@link Docs} of a workspace whose state documents live in PostgreSQL: each loop's {@code cadence.yml} and
 * {@code roster.yaml} are rows of {@code documents} (their files are exports); every other document — policies, loop
 * configuration, workplans — is configuration and stays a file.
 */
public final class PgDocs implements Docs {

    private final Workspace ws;
    private final DataSource db;

    public PgDocs(Workspace ws, DataSource db) {
        this.ws = ws;
        this.db = db;
    }

    /** Whether the database holds {@code file}'s text. */
    public boolean holds(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        String name = abs.getFileName().toString();
        return (name.equals("cadence.yml") || name.equals("roster.yaml"))
                && abs.getParent() != null && ws.loops().toAbsolutePath().normalize().equals(abs.getParent().getParent());
    }

    @Override
    public String read(Path file) throws IOException {
        if (!holds(file)) return Docs.FILES.read(file);
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("SELECT text FROM documents WHERE path = ?")) {
            s.setString(1, ws.rel(file));
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IOException("database: " + e.getMessage(), e);
        }
    }

    /** Writes {@code file}'s text within the caller's transaction (a new version of the row). */
    void write(Connection c, Path file, String text) throws SQLException {
        upsert(c, "INSERT INTO documents (path, text) VALUES (?, ?) "
                + "ON CONFLICT (path) DO UPDATE SET text = EXCLUDED.text, version = documents.version + 1, "
                + "changed = nextval('document_changes')", file, text);
    }

    private void upsert(Connection c, String sql, Path file, String text) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, ws.rel(file));
            s.setString(2, text);
            s.executeUpdate();
        }
    }

    /**
     * Whether {@code file} is a rendering people read in git that a command writes — the dashboard, a decision file —
     * kept in {@code renderings} too, for the other replicas' exporters.
     */
    public boolean renders(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        String name = abs.getFileName().toString();
        return abs.equals(ws.dashboard().toAbsolutePath().normalize())
                || (name.startsWith("DEC-") && name.endsWith(".md") && ws.decisionsDir().toAbsolutePath().normalize().equals(abs.getParent()));
    }

    /** Records a rendering's text within the caller's transaction. */
    void render(Connection c, Path file, String text) throws SQLException {
        upsert(c, "INSERT INTO renderings (path, text) VALUES (?, ?) "
                + "ON CONFLICT (path) DO UPDATE SET text = EXCLUDED.text, changed = nextval('document_changes') "
                + "WHERE renderings.text <> EXCLUDED.text", file, text);
    }

    @Override
    public Changed changedSince(long mark) throws IOException {
        java.util.Map<String, String> docs = new java.util.LinkedHashMap<>();
        java.util.Map<String, String> renderings = new java.util.LinkedHashMap<>();
        long newest = mark;
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);   // both tables as of one moment
            for (String table : new String[] {"documents", "renderings"}) {
                try (PreparedStatement s = c.prepareStatement("SELECT path, text, changed FROM " + table + " WHERE changed > ? ORDER BY changed")) {
                    s.setLong(1, mark);
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            (table.equals("documents") ? docs : renderings).put(r.getString(1), r.getString(2));
                            newest = Math.max(newest, r.getLong(3));
                        }
                    }
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new IOException("database: " + e.getMessage(), e);
        }
        return new Changed(newest, docs, renderings);
    }
}
