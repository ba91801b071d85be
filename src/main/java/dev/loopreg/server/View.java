package dev.loopreg.server;

import static j2html.TagCreator.span;
import static j2html.TagCreator.text;


import dev.loopreg.format.Fmt;
import dev.loopreg.format.Instants;
import j2html.tags.DomContent;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * What every page is rendered for: the instant it shows ({@code now}), the workspace's time zone (the policy's
 * {@code time_zone}; every time on the pages is written in it, one format: {@code 2026-06-01 10:50}, the zone named
 * once in the footer) and the workspace's name.
 */
record View(Instant now, ZoneId zone, String workspace) {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT);

    /** An instant as the pages write it, in the workspace's zone. */
    String format(Instant t) {
        return t == null ? "—" : MINUTE.format(t.atZone(zone));
    }

    /** A day as the pages' date fields take it ({@code 2026-06-01}). */
    String day(Instant t) {
        return t == null ? "" : DAY.format(t.atZone(zone));
    }

    /** A {@code <time>} element: the instant in the workspace's zone, the exact instant in its {@code datetime}. */
    DomContent time(Instant t) {
        if (t == null) return text("—");
        return j2html.TagCreator.time(format(t)).attr("datetime", Instants.format(t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
    }

    /** The instant and how far it is from now: {@code 2026-06-22 00:00 (in 9m)}. */
    DomContent timeAndRelative(Instant t) {
        if (t == null) return text("—");
        return span(time(t), text(" (" + relative(t) + ")"));
    }

    /** {@code in 9m}, {@code 3h 5m ago}, or {@code now}. */
    String relative(Instant t) {
        if (t == null) return "—";
        Duration d = Duration.between(now, t);
        if (d.abs().compareTo(Duration.ofMinutes(1)) < 0) return "now";
        return d.isNegative() ? Fmt.duration(d.negated()) + " ago" : "in " + Fmt.duration(d);
    }

    /** The zone as the footer names it. */
    String zoneName() {
        return zone.normalized().equals(java.time.ZoneOffset.UTC) ? "UTC" : zone.getId();
    }

}
