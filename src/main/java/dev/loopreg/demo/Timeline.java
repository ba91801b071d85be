package dev.loopreg.demo;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** The demo's story as it happened: when, what, why. */
final class Timeline {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    /** One event: {@code what} happened at {@code at} because of {@code why}. */
    record Entry(Instant at, String what, String why) {
    }

    private final List<Entry> entries = new ArrayList<>();

    void add(Instant at, String what, String why) {
        entries.add(new Entry(at, what, why));
    }

    List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** Each entry on two lines: {@code 2026-06-01 11:50  what} and an indented {@code why}. */
    String render() {
        StringBuilder sb = new StringBuilder();
        for (Entry e : entries) {
            sb.append(WHEN.format(e.at())).append("  ").append(e.what()).append('\n');
            if (e.why() != null && !e.why().isBlank()) {
                sb.append(" ".repeat(18)).append(e.why()).append('\n');
            }
        }
        return sb.toString();
    }

    static String when(Instant at) {
        return WHEN.format(at);
    }
}
