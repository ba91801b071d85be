package dev.loopreg.cadence.rules;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in rules: {@code 90s}, {@code 30m}, {@code 24h}, {@code 7d}. Pure. */
public final class DurationText {

    private static final Pattern P = Pattern.compile("(\\d{1,6})\\s*(s|m|h|d)");

    private DurationText() {
    }

    public static Optional<Duration> parse(String text) {
        Matcher m = P.matcher(text.strip());
        if (!m.matches()) return Optional.empty();
        long n = Long.parseLong(m.group(1));
        return Optional.of(switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        });
    }

    /** The shortest way back, in days from two days on: {@code 24h}, {@code 7d}, {@code 90m}. */
    public static String format(Duration d) {
        long s = d.getSeconds();
        if (s % 86400 == 0 && s >= 2 * 86400) return s / 86400 + "d";
        if (s % 3600 == 0) return s / 3600 + "h";
        if (s % 60 == 0) return s / 60 + "m";
        return s + "s";
    }
}
