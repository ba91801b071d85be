package dev.loopreg.health;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** A loop's cadence phase, in promotion order: bootstrap (hourly), stabilize (daily), operate (weekly). */
public enum Phase {
    BOOTSTRAP, STABILIZE, OPERATE;

    /** The id used in files and output: {@code bootstrap}, {@code stabilize}, {@code operate}. */
    public String id() {
        return id;
    }

    private final String id = name().toLowerCase(Locale.ROOT);

    /** The phase a promotion leads to, empty for {@code operate}. */
    public Optional<Phase> next() {
        return ordinal() + 1 < values().length ? Optional.of(values()[ordinal() + 1]) : Optional.empty();
    }

    public static Optional<Phase> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        return switch (text.trim()) {   // (read for every health record: no stream, no copy of values())
            case "bootstrap" -> Optional.of(BOOTSTRAP);
            case "stabilize" -> Optional.of(STABILIZE);
            case "operate" -> Optional.of(OPERATE);
            default -> Optional.empty();
        };
    }

    /** "bootstrap | stabilize | operate", for error messages. */
    public static String choices() {
        return Arrays.stream(values()).map(Phase::id).collect(Collectors.joining(" | "));
    }

    @Override
    public String toString() {
        return id();
    }
}
