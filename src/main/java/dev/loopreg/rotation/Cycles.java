package dev.loopreg.rotation;

import java.time.Instant;
import java.util.List;

/**
 * The rotation loop's recent cycles (the distinct {@code cycle}s of saturation.jsonl), newest first, to
 * count cycles since a rotation. Only the newest few are read: when {@code complete} is false, an instant
 * older than all of them is "at least {@code newestFirst.size()} cycles ago".
 */
public record Cycles(List<Instant> newestFirst, boolean complete) {

    public Cycles {
        newestFirst = List.copyOf(newestFirst);
    }

    /** Cycles after {@code t} (a lower bound when the list is not complete). */
    public int after(Instant t) {
        int n = 0;
        for (Instant c : newestFirst) {
            if (c.isAfter(t)) n++; else break;
        }
        return n;
    }
}
