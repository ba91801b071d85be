package dev.loopreg.store;

import dev.loopreg.workspace.*;
import dev.loopreg.rotation.Cycles;
import dev.loopreg.rotation.Snapshot;
import dev.loopreg.rotation.SnapshotCodec;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code loops/<rotation loop>/saturation.jsonl}: one snapshot per active repo, agent and slot, keyed by {@link #key};
 * only {@code collect} appends. Torn-line policy: {@link JsonLines}. {@link #read} reads the tail backwards: for each active repo the judged agent's newest
 * snapshots since it became active, and the newest distinct cycles (for the cooldown), and stops as soon as
 * it has them, so a year of snapshots costs what the windows cost. A torn (unterminated) last line is
 * skipped; any other line that is not a snapshot is reported as {@code path:line} and left out.
 */
public final class SaturationLog extends JsonLines<Snapshot> {

    /** Lines read at most, whatever else is still wanted. */
    public static final int MAX_LINES = 500_000;

    /** What was read: snapshots oldest first, the cycles, and the lines that are not snapshots. */
    public record Read(List<Snapshot> snapshots, Cycles cycles, List<String> problems) {
    }

    SaturationLog(Workspace ws, String loop, Logs logs) {
        super(ws, ws.saturation(loop), logs);
    }

    @Override
    protected Snapshot parse(String text) throws BadLine {
        try {
            return SnapshotCodec.parse(text);
        } catch (SnapshotCodec.SnapshotException e) {
            throw new BadLine(e.getMessage());
        }
    }

    @Override
    protected String encode(Snapshot value) {
        return SnapshotCodec.encode(value);
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
    public java.util.Set<String> keysAfter(Instant after) throws IOException {
        java.util.Set<String> keys = new java.util.HashSet<>();
        try (Newest<Snapshot> t = newestFirst()) {
            while (t.hasNext()) {
                Entry<Snapshot> l = t.next();
                if (!l.ok()) continue;   // reported by read()
                if (after != null && !l.value().cycle().isAfter(after)) break;
                keys.add(key(l.value()));
            }
        }
        return keys;
    }

    /** The identity of a snapshot line: one per repo, agent and cycle. */
    public static String key(dev.loopreg.rotation.Snapshot s) {
        return s.repo() + " " + s.agent() + " " + s.cycle();
    }

    public Read read(Map<String, Instant> active, String agent, int perRepo, int cyclesWanted, Instant now) throws IOException {
        List<Snapshot> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Set<Instant> cycles = new LinkedHashSet<>();
        Map<String, Integer> count = new HashMap<>();
        Set<String> done = new java.util.HashSet<>();
        boolean reachedStart = true;
        try (Newest<Snapshot> tail = newestFirst()) {
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
                Entry<Snapshot> line = tail.next();
                if (!line.ok()) {
                    if (!line.torn()) problems.add(where(line) + ": " + line.problem() + " (left out of the signals)");
                    continue;
                }
                Snapshot s = line.value();
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
