package dev.loopreg.workspace;

import dev.loopreg.rotation.Cycles;
import dev.loopreg.rotation.Snapshot;
import dev.loopreg.rotation.SnapshotCodec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the tail of {@code saturation.jsonl} backwards: for each active repo the judged agent's newest
 * snapshots since it became active, and the newest distinct cycles (for the cooldown), and stops as soon as
 * it has them, so a year of snapshots costs what the windows cost. A torn (unterminated) last line is
 * skipped; any other line that is not a snapshot is reported as {@code path:line} and left out.
 */
public final class SaturationLog {

    /** Lines read at most, whatever else is still wanted. */
    public static final int MAX_LINES = 500_000;

    /** What was read: snapshots oldest first, the cycles, and the lines that are not snapshots. */
    public record Read(List<Snapshot> snapshots, Cycles cycles, List<String> problems) {
    }

    private SaturationLog() {
    }

    /**
     * @param active       repo → when it became active (null when unknown)
     * @param perRepo      snapshots wanted per repo
     * @param cyclesWanted distinct cycles wanted
     * @param now          lines after it are ignored
     */
    /**
     * The keys ({@code repo cycle}) of the snapshots already in the file for cycles after {@code after}, read from the
     * end: a collection that was cut off after writing its snapshots but before its health records writes them again
     * on the retry, and must not double them. Unreadable lines are left to {@link #read} to report.
     */
    public static java.util.Set<String> keysAfter(Path file, Instant after) throws java.io.IOException {
        java.util.Set<String> keys = new java.util.HashSet<>();
        try (JsonlFile.Tail t = JsonlFile.tail(file)) {
            while (t.hasNext()) {
                JsonlFile.Line l = t.next();
                if (!l.terminated()) continue;
                try {
                    dev.loopreg.rotation.Snapshot s = dev.loopreg.rotation.SnapshotCodec.parse(l.text());
                    if (after != null && !s.cycle().isAfter(after)) break;
                    keys.add(key(s));
                } catch (dev.loopreg.rotation.SnapshotCodec.SnapshotException e) {
                    // reported by read()
                }
            }
        }
        return keys;
    }

    /** The identity of a snapshot line: one per repo, agent and cycle. */
    public static String key(dev.loopreg.rotation.Snapshot s) {
        return s.repo() + " " + s.agent() + " " + s.cycle();
    }

    public static Read read(Path file, String rel, Map<String, Instant> active, String agent, int perRepo, int cyclesWanted,
                            Instant now) throws IOException {
        List<Snapshot> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Set<Instant> cycles = new LinkedHashSet<>();
        Map<String, Integer> count = new HashMap<>();
        Set<String> done = new java.util.HashSet<>();
        boolean reachedStart = true;
        try (JsonlFile.Tail tail = JsonlFile.tail(file)) {
            boolean first = true;
            int lines = 0;
            while (tail.hasNext()) {
                if (done.size() >= active.size() && cycles.size() >= cyclesWanted) {
                    reachedStart = false;
                    break;
                }
                if (++lines > MAX_LINES) {
                    reachedStart = false;
                    break;
                }
                JsonlFile.Line line = tail.next();
                Snapshot s;
                try {
                    s = SnapshotCodec.parse(line.text());
                } catch (SnapshotCodec.SnapshotException e) {
                    if (!(first && !line.terminated())) {
                        problems.add(rel + ":" + JsonlFile.lineNumberAt(file, line.offset()) + ": " + e.getMessage()
                                + " (left out of the signals)");
                    }
                    first = false;
                    continue;
                }
                first = false;
                if (s.cycle().isAfter(now)) continue;
                if (cycles.size() < cyclesWanted) cycles.add(s.cycle());
                for (Map.Entry<String, Instant> a : active.entrySet()) {
                    if (a.getValue() != null && !s.cycle().isAfter(a.getValue())) done.add(a.getKey());
                }
                if (!s.agent().equals(agent) || !active.containsKey(s.repo()) || done.contains(s.repo())) continue;
                out.add(s);
                if (count.merge(s.repo(), 1, Integer::sum) >= perRepo) done.add(s.repo());
            }
        }
        Collections.reverse(out);
        List<Instant> newestFirst = new ArrayList<>(cycles);
        newestFirst.sort(Collections.reverseOrder());
        return new Read(out, new Cycles(newestFirst, reachedStart), problems);
    }
}
