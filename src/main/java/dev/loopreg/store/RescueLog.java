package dev.loopreg.store;

import dev.loopreg.format.Problem;
import dev.loopreg.health.BootstrapLog;
import dev.loopreg.health.Outcome;
import dev.loopreg.workspace.AtomicFiles;
import dev.loopreg.workspace.LoopConfig;
import dev.loopreg.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A loop's bootstrap log ({@code loop.yml rescue_log}, Markdown that people write): its {@code [rescue]} entries. The
 * only reader of the file; loopreg never writes it. One reading, three views of it:
 * <ul>
 *   <li>{@link #measured} ({@code collect}'s {@code manual_rescues}): a missing or unreadable log, or a {@code [rescue]}
 *       entry whose time cannot be read, makes the count unknown — the metric is null with the {@code path:line} reason,
 *       because the unreadable entry may fall in the interval;</li>
 *   <li>{@link #logged} ({@code evaluate}'s rescues logged after the last record, and the watcher of {@code serve}): the
 *       entries whose times are known — these only add to what the records counted, so an unreadable entry can only
 *       under-count, and {@code validate} names it;</li>
 *   <li>{@link #read}'s problems ({@code validate}): every entry that cannot be read, as {@code path:line} errors.</li>
 * </ul>
 */
public final class RescueLog {

    /** What one reading found: the rescues with known times, every unreadable entry, and the first unreadable rescue. */
    public record Read(List<Instant> rescues, List<Problem> problems, String unknownRescue) {
    }

    private final Workspace ws;
    private final Path file;

    RescueLog(Workspace ws, LoopConfig c) {
        this.ws = ws;
        this.file = ws.resolve(c.rescueLog());
    }

    public Path file() {
        return file;
    }

    public boolean exists() {
        return Files.isRegularFile(file);
    }

    /** Reads and parses the log (the time zone reads times written without one). */
    public Read read(ZoneId zone) throws IOException {
        String rel = ws.rel(file);
        String text = AtomicFiles.read(file);
        BootstrapLog.Parsed parsed = BootstrapLog.parse(text, zone);
        String[] lines = text.split("\n", -1);
        List<Problem> problems = new ArrayList<>();
        String unknown = null;
        for (int i = 0; i < parsed.problems().size(); i++) {
            int line = parsed.problemLines().get(i);
            problems.add(Problem.error(rel, line, parsed.problems().get(i)));
            if (unknown == null && line - 1 < lines.length && lines[line - 1].toLowerCase(Locale.ROOT).contains("[rescue]")) {
                unknown = rel + ":" + line + ": " + parsed.problems().get(i) + " (a rescue whose time is unknown)";
            }
        }
        List<Instant> out = new ArrayList<>();
        for (BootstrapLog.Entry e : parsed.entries()) {
            if (e.rescue()) out.add(e.at());
        }
        return new Read(out, problems, unknown);
    }

    /** {@code collect}'s view: the rescues, or why their count is unknown. */
    public Outcome<List<Instant>> measured(ZoneId zone) {
        String rel = ws.rel(file);
        if (!Files.exists(file)) {
            return Outcome.failed(rel + ": file is missing; expected the loop's bootstrap log (loop.yml rescue_log)");
        }
        Read r;
        try {
            r = read(zone);
        } catch (IOException e) {
            return Outcome.failed(rel + ": cannot read: " + dev.loopreg.workspace.AtomicFiles.reason(e));
        }
        return r.unknownRescue() != null ? Outcome.failed(r.unknownRescue()) : Outcome.of(r.rescues());
    }

    /** {@code evaluate}'s and the watcher's view: the rescues whose times are known; none when the log is missing or unreadable. */
    public List<Instant> logged(ZoneId zone) {
        if (!exists()) return List.of();
        try {
            return read(zone).rescues();
        } catch (IOException e) {
            return List.of();
        }
    }
}
