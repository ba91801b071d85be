package dev.loopreg.db;

import dev.loopreg.store.LineLog;
import dev.loopreg.store.Logs;
import dev.loopreg.workspace.JsonlFile;
import dev.loopreg.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * The {@link Logs} of a workspace whose JSON Lines kinds live in PostgreSQL: the log of a file is named by the file's
 * path relative to the workspace ({@code loops/kaizen-stack/health.jsonl}).
 */
public final class PgLogs implements Logs {

    private final Workspace ws;
    private final DataSource db;

    public PgLogs(Workspace ws, DataSource db) {
        this.ws = ws;
        this.db = db;
    }

    /** The regulator's own logs, in {@code loops/regulator/}. */
    private static final java.util.Set<String> REGULATOR_LOGS = java.util.Set.of("recommendations.jsonl", "runs.jsonl", "decisions.jsonl",
            "urgent-tasks.jsonl", "approvals.jsonl", "noise-sources.jsonl", "sessions.jsonl",
            "api-requests.jsonl", "outbox.jsonl");

    /**
     * Whether the database holds {@code file}'s lines: the state loopreg writes — each loop's {@code health.jsonl} and
     * {@code saturation.jsonl}, the regulator's own logs, and its own executions. Anything else (a task export another
     * system writes into a loop's directory, the fleet's metric files) is a source, and stays a file.
     */
    public boolean holds(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        Path loops = ws.loops().toAbsolutePath().normalize();
        String name = abs.getFileName().toString();
        Path dir = abs.getParent();
        if (dir == null) return false;
        if (abs.equals(ws.ownMetrics().resolve("executions.jsonl").toAbsolutePath().normalize())) return true;
        if (!loops.equals(dir.getParent())) return false;
        if (dir.equals(ws.regulator().toAbsolutePath().normalize())) return REGULATOR_LOGS.contains(name);
        return name.equals("health.jsonl") || name.equals("saturation.jsonl");
    }

    @Override
    public LineLog of(Path file) {
        return holds(file) ? new PgLineLog(db, ws.rel(file)) : LineLog.file(file);
    }

    /**
     * Copies every JSON Lines file the database holds ({@link #holds}) into the database within the caller's transaction, each file's whole lines in order; returns the lines copied. A
     * torn last line (no newline) is not a line yet: it is left out and named in {@code leftOut}. A log already in the
     * database is refused, so an import is never doubled.
     */
    long importInto(Connection c, List<String> leftOut, List<Path> imported) throws IOException, SQLException {
        List<Path> files = new ArrayList<>();
        for (Path dir : List.of(ws.loops(), ws.ownMetrics())) {
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> s = Files.walk(dir)) {
                s.filter(p -> holds(p) && Files.isRegularFile(p)).sorted().forEach(files::add);
            }
        }
        long lines = 0;
        for (Path f : files) {
            PgLineLog log = new PgLineLog(db, ws.rel(f));
            if (log.exists(c)) {
                throw new IOException(ws.rel(f) + ": already in the database; an import copies into an empty one");
            }
            List<String> texts = new ArrayList<>();
            for (JsonlFile.Line l : JsonlFile.readAll(f)) {
                if (l.terminated()) texts.add(l.text());
                else leftOut.add(ws.rel(f) + ":" + l.number() + ": torn last line (no newline), not copied");
            }
            log.copy(c, texts);
            lines += texts.size();
            imported.add(f);
        }
        return lines;
    }
}
