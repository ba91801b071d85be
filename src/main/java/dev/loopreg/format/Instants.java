package dev.loopreg.format;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** Reading and writing instants: ISO-8601 with a zone or offset in, UTC with {@code Z} out. */
public final class Instants {

    private Instants() {
    }

    /**
     * Parses {@code 2026-06-18T14:05:00Z}, {@code 2026-06-18T14:05Z} or {@code 2026-06-18T16:05:00+02:00}.
     * A timestamp without a zone or offset is refused here: its meaning depends on the workspace's zone.
     */
    public static Instant parse(String text) {
        String t = text.trim();
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            return OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        }
    }

    /** UTC, {@code Z}, whole seconds unless the instant has a fraction. */
    public static String format(Instant instant) {
        return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant);
    }

}
