package dev.loopreg.store;

import dev.loopreg.cadence.CadenceState;
import dev.loopreg.cadence.Policy;
import dev.loopreg.format.Problem;
import dev.loopreg.health.HealthLineScan;
import dev.loopreg.health.HealthRecord;
import dev.loopreg.workspace.AtomicFiles;
import dev.loopreg.workspace.JsonlFile;
import dev.loopreg.workspace.JsonlTail;
import dev.loopreg.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What an evaluation reads of a loop's health.jsonl ({@link #read}): the newest records of the current phase read in full,
 * and those of the phase before them counted. The reader of {@link WorkspaceReader#loop}, apart for its length.
 */
final class HealthTail {
    final List<HealthRecord> records = new ArrayList<>();
    boolean complete = true;
    int older;
    Instant olderFirst;

    static final class HealthException extends Exception {
        HealthException(String message) {
            super(message);
        }
    }


    /**
     * How many of the newest records (at or before now) an evaluation reads in full: the largest window of a rule, and
     * the trend a health range checks; the records inside the rescue span are read in full too, whatever their number.
     */
    static int fullRecords(Policy policy) {
        int k = Math.max(1, policy.largestWindow());
        for (dev.loopreg.health.HealthRange h : policy.healthModel().ranges()) k = Math.max(k, h.trendCycles() + 1);
        return k;
    }

    /**
     * Reads health.jsonl backwards: up to the first record of another phase (included, to mark the
     * boundary), a record from before {@code phase_since}, or {@code max_records_read} records. The newest records the
     * rules look at ({@link #fullRecords}, and the rescue span) are read in full; older ones are counted from their cycle
     * and phase ({@link HealthLineScan}), or read in full when the scan cannot tell.
     */
    static HealthTail read(Workspace ws, Logs logs, boolean scanOlder, String id, CadenceState state, Policy policy, Instant now,
                           List<Problem> problems) throws HealthException {
        HealthTail out = new HealthTail();
        HealthLog log = new HealthLog(ws, id, logs);
        Path file = log.file();
        String rel = log.rel();
        if (!log.exists()) {
            problems.add(Problem.warning(rel, 0, "file is missing; the loop has no health records yet"));
            return out;
        }
        int full = fullRecords(policy);
        Instant spanFrom = now.minus(policy.rescuesSpan());
        int inFullAtOrBeforeNow = 0;
        int read = 0;
        boolean boundary = false;
        boolean atStart;
        Instant later = null;
        try (JsonLines.Newest<HealthRecord> tail = log.newestFirst()) {
            // an older record of the phase is counted from its bytes (no object made of it), when the scan can tell
            HealthLineScan.LoopLines lines = new HealthLineScan.LoopLines(id);
            long[] before = new long[1];   // the later record's cycle, in epoch seconds
            long olderFirstScanned = 0;
            boolean olderFirstWasScanned = false;   // the oldest record counted so far was scanned (else read in full)
            JsonlTail.ByteScan<HealthLineScan.LoopLines> older = (b, from, to) ->
                    lines.scan(b, from, to) && lines.cycleSecond() < before[0] ? lines : null;
            // while older records are scanned, the later record's cycle is kept as seconds (laterScanned), not an Instant
            boolean scanning = false;
            long laterScanned = 0;
            while (true) {
                boolean light = scanOlder && inFullAtOrBeforeNow >= full
                        && (scanning ? laterScanned <= spanFrom.getEpochSecond() : later != null && !later.isAfter(spanFrom));
                // a whole-second cycle c is before 'later' when c < later rounded up to a second
                before[0] = scanning ? laterScanned
                        : later == null ? Long.MIN_VALUE : later.getEpochSecond() + (later.getNano() > 0 ? 1 : 0);
                HealthLineScan.LoopLines scan = !light ? null : tail.skim(older);
                if (scan == null && !tail.hasNext()) break;
                JsonlFile.Line raw = scan != null ? null : tail.nextLine();
                read++;
                // a log that cannot skim (the database's) scans the line's text; a file's skim has already said no
                if (scan == null && light && !tail.skims() && raw.terminated()) {
                    byte[] text = raw.text().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    if (older.scan(text, 0, text.length) != null) scan = lines;
                }
                if (scan != null) {
                    long c = scan.cycleSecond();
                    scanning = true;
                    laterScanned = c;
                    // not after now, and outside the phase (another phase, or at or before phase_since)
                    if (c <= now.getEpochSecond() && (scan.phase() != state.phase()
                            || (state.phaseSince() != null && c <= state.phaseSince().getEpochSecond()))) {
                        boundary = true;   // outside the phase: not part of the window, nothing more to read
                        break;
                    }
                    out.older++;
                    olderFirstScanned = c;
                    olderFirstWasScanned = true;
                    if (read >= policy.maxRecordsRead()) break;
                    continue;
                }
                if (scanning) {
                    later = Instant.ofEpochSecond(laterScanned);
                    scanning = false;
                }
                JsonLines.Entry<HealthRecord> line = tail.entry(raw);
                if (!line.ok() && line.torn()) {
                    problems.add(Problem.error(rel, log.lineNumberAt(line.offset()),
                            "torn last line (" + line.text().length() + " characters, no newline): left out of the evaluation; "
                                    + "the next append moves it to " + file.getFileName() + ".torn"));
                    read--;
                    continue;
                }
                if (!line.ok()) {
                    int n = log.lineNumberAt(line.offset());
                    problems.add(Problem.error(rel, n, line.problem()));
                    throw new HealthException(rel + ":" + n + ": " + line.problem());
                }
                HealthRecord r = line.value();
                if (!r.loop().equals(id)) {
                    int n = log.lineNumberAt(line.offset());
                    String msg = "record of loop '" + r.loop() + "' in the health file of loop '" + id + "'; expected loop: " + id;
                    problems.add(Problem.error(rel, n, msg));
                    throw new HealthException(rel + ":" + n + ": " + msg);
                }
                if (later != null && !r.cycle().isBefore(later)) {
                    int n = log.lineNumberAt(line.offset());
                    String msg = "cycle " + r.cycle() + " is not before the next record's cycle " + later
                            + "; expected one record per cycle, in time order";
                    problems.add(Problem.error(rel, n, msg));
                    throw new HealthException(rel + ":" + n + ": " + msg);
                }
                later = r.cycle();
                boolean outside = !r.cycle().isAfter(now) && (r.phase() != state.phase()
                        || (state.phaseSince() != null && !r.cycle().isAfter(state.phaseSince())));
                if (out.older > 0) {
                    // past the records read in full: a line the scan could not tell, read in full, counted like the others
                    if (outside) {
                        boundary = true;
                        break;
                    }
                    out.older++;
                    out.olderFirst = r.cycle();
                    olderFirstWasScanned = false;
                } else {
                    out.records.add(r);
                    if (outside) {
                        boundary = true;
                        break;
                    }
                    if (!r.cycle().isAfter(now)) inFullAtOrBeforeNow++;
                }
                if (read >= policy.maxRecordsRead()) {
                    break;
                }
            }
            if (olderFirstWasScanned) out.olderFirst = Instant.ofEpochSecond(olderFirstScanned);
            atStart = tail.atStart();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new HealthException(rel + ": cannot read: " + AtomicFiles.reason(e));
        }
        Collections.reverse(out.records);
        out.complete = boundary || atStart;
        return out;
    }
}
