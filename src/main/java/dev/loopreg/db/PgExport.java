package dev.loopreg.db;

import dev.loopreg.workspace.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes a workspace back out of a database: its configuration files as they are in the workspace, and every log and
 * state document as the database holds them — so that importing a workspace and exporting it gives the same files.
 */
public final class PgExport {

    /** What an export wrote. */
    public record Written(int files, int logs, int documents) {
    }

    private PgExport() {
    }

    /** Exports {@code ws} with its state from {@code db} into {@code to}, which must not exist or be empty. */
    public static Written export(Workspace ws, Database db, Path to) throws IOException {
        PgLogs logs = new PgLogs(ws, db.dataSource());
        PgDocs docs = new PgDocs(ws, db.dataSource());
        Path root = ws.root().toAbsolutePath().normalize();
        Path dest = to.toAbsolutePath().normalize();
        int files = 0;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                Path rel = root.relativize(p);
                if (rel.startsWith(".git") || p.startsWith(dest) || logs.holds(p) || docs.holds(p) || skipped(rel)) continue;
                Path target = dest.resolve(rel.toString());
                Files.createDirectories(target.getParent());
                Files.copy(p, target);
                files++;
            }
        }
        int nLogs = 0;
        int nDocs;
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);   // one snapshot of every log and document
            for (String log : names(c, "SELECT log FROM logs ORDER BY log")) {
                Path target = dest.resolve(log);
                Files.createDirectories(target.getParent());
                String table = PgLineLog.table(log);
                try (PreparedStatement st = c.prepareStatement("SELECT line FROM " + table + " WHERE log = ? ORDER BY seq");
                     var w = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
                    st.setFetchSize(1024);
                    st.setString(1, log);
                    try (ResultSet r = st.executeQuery()) {
                        while (r.next()) {
                            w.write(r.getString(1));
                            w.write('\n');
                        }
                    }
                }
                nLogs++;
            }
            nDocs = writeTexts(c, "documents", dest);
            // the dashboard and decision files as the last replica wrote them (a checkout may be a pass behind)
            writeTexts(c, "renderings", dest);
            c.commit();
        } catch (SQLException e) {
            throw new IOException("database: " + e.getMessage(), e);
        }
        return new Written(files, nLogs, nDocs);
    }

    /** Writes each row of {@code table} (path, text) as the file at its path under {@code dest}; returns how many. */
    private static int writeTexts(Connection c, String table, Path dest) throws SQLException, IOException {
        int n = 0;
        try (PreparedStatement st = c.prepareStatement("SELECT path, text FROM " + table + " ORDER BY path"); ResultSet r = st.executeQuery()) {
            while (r.next()) {
                Path target = dest.resolve(r.getString(1));
                Files.createDirectories(target.getParent());
                Files.writeString(target, r.getString(2));
                n++;
            }
        }
        return n;
    }

    /** The lock and the journal are a run's, not the workspace's. */
    private static boolean skipped(Path rel) {
        String name = rel.getFileName().toString();
        return name.equals(".loopreg.lock") || name.startsWith(".loopreg-journal") || name.endsWith(".tmp");
    }

    private static List<String> names(Connection c, String sql) throws SQLException {
        List<String> out = new java.util.ArrayList<>();
        try (PreparedStatement st = c.prepareStatement(sql); ResultSet r = st.executeQuery()) {
            while (r.next()) out.add(r.getString(1));
        }
        return out;
    }
}
