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

    /** What {@link #canonicalSecond} answers for a text not in loopreg's form. */
    public static final long NOT_CANONICAL = Long.MIN_VALUE;

    /**
     * {@link #canonical} of the ASCII text {@code b[from, from + 20)}, as epoch seconds, made without objects (the scan of
     * a fleet's older health records reads a million of them); {@link #NOT_CANONICAL} for any other text, and when fewer
     * than 20 bytes are there ({@code to}).
     */
    public static long canonicalSecond(byte[] b, int from, int to) {
        if (to - from != 20 || b[from + 4] != '-' || b[from + 7] != '-' || b[from + 10] != 'T' || b[from + 13] != ':'
                || b[from + 16] != ':' || b[from + 19] != 'Z') {
            return NOT_CANONICAL;
        }
        int year = digits(b, from, 4);
        int month = digits(b, from + 5, 2);
        int day = digits(b, from + 8, 2);
        int hour = digits(b, from + 11, 2);
        int minute = digits(b, from + 14, 2);
        int second = digits(b, from + 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59
                || second > 59 || day > daysIn(year, month)) {
            return NOT_CANONICAL;   // as LocalDateTime.of refuses them
        }
        // days from 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil; years 0-9999 here)
        int y = month <= 2 ? year - 1 : year;
        int era = (y >= 0 ? y : y - 399) / 400;
        int yoe = y - era * 400;
        int doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        long days = era * 146097L + doe - 719468;
        return days * 86400 + hour * 3600 + minute * 60 + second;
    }

    private static int daysIn(int year, int month) {
        if (month == 2) return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
        return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
    }

    private static int digits(byte[] b, int from, int n) {
        int v = 0;
        for (int i = from; i < from + n; i++) {
            int c = b[i] - '0';
            if (c < 0 || c > 9) return -1;
            v = v * 10 + c;
        }
        return v;
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
        long days = Math.floorDiv(s, 86400);
        int secs = (int) Math.floorMod(s, 86400);
        // the civil date of a day count (H. Hinnant's civil_from_days)
        long z = days + 719468;
        long era = (z >= 0 ? z : z - 146096) / 146097;
        int doe = (int) (z - era * 146097);
        int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        int mp = (5 * doy + 2) / 153;
        int day = doy - (153 * mp + 2) / 5 + 1;
        int month = mp < 10 ? mp + 3 : mp - 9;
        int year = (int) (yoe + era * 400) + (month <= 2 ? 1 : 0);
        byte[] b = {'0', '0', '0', '0', '-', '0', '0', '-', '0', '0', 'T', '0', '0', ':', '0', '0', ':', '0', '0', 'Z'};
        put(b, 0, 4, year);
        put(b, 5, 2, month);
        put(b, 8, 2, day);
        put(b, 11, 2, secs / 3600);
        put(b, 14, 2, secs / 60 % 60);
        put(b, 17, 2, secs % 60);
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
