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
        Instant fast = canonical(t);
        if (fast != null) {
            return fast;
        }
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            return OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        }
    }

    /**
     * The form loopreg writes, {@code yyyy-MM-ddTHH:mm:ssZ}, read without the general parser (health records,
     * snapshots and decisions hold millions of them); null for any other text, which the general parser then reads
     * (and reports, when it is not an instant).
     */
    static Instant canonical(String t) {
        if (t.length() != 20 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T' || t.charAt(13) != ':'
                || t.charAt(16) != ':' || t.charAt(19) != 'Z') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 7);
        int day = digits(t, 8, 10);
        int hour = digits(t, 11, 13);
        int minute = digits(t, 14, 16);
        int second = digits(t, 17, 19);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        try {
            return java.time.LocalDateTime.of(year, month, day, hour, minute, second).toInstant(java.time.ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
            return null;    // e.g. February 30: the general parser gives the standard message
        }
    }

    /** {@link #canonical} for other packages: the instant when {@code t} is in loopreg's form, else null. */
    public static Instant canonicalOrNull(String t) {
        return canonical(t);
    }

    private static int digits(String t, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** UTC, {@code Z}, whole seconds unless the instant has a fraction. */
    public static String format(Instant instant) {
        if (instant == null) return null;
        long s = instant.getEpochSecond();
        // whole seconds in years 0000-9999 (every instant loopreg writes): the same text, without the general formatter
        if (instant.getNano() != 0 || s < MIN_FAST || s > MAX_FAST) return DateTimeFormatter.ISO_INSTANT.format(instant);
        java.time.LocalDateTime t = java.time.LocalDateTime.ofEpochSecond(s, 0, java.time.ZoneOffset.UTC);
        byte[] b = {'0', '0', '0', '0', '-', '0', '0', '-', '0', '0', 'T', '0', '0', ':', '0', '0', ':', '0', '0', 'Z'};
        put(b, 0, 4, t.getYear());
        put(b, 5, 2, t.getMonthValue());
        put(b, 8, 2, t.getDayOfMonth());
        put(b, 11, 2, t.getHour());
        put(b, 14, 2, t.getMinute());
        put(b, 17, 2, t.getSecond());
        return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static final long MIN_FAST = java.time.LocalDateTime.of(0, 1, 1, 0, 0).toEpochSecond(java.time.ZoneOffset.UTC);
    private static final long MAX_FAST = java.time.LocalDateTime.of(9999, 12, 31, 23, 59, 59).toEpochSecond(java.time.ZoneOffset.UTC);

    private static void put(byte[] b, int at, int width, int v) {
        for (int i = at + width - 1; i >= at; i--) {
            b[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
    }

}
