package dev.loopreg.cadence;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The {@code regulator_approval} of a loop's {@code cadence.yml}. */
public enum Approval {
    PENDING, APPROVED, REJECTED;

    public String id() {
        return id;
    }

    private final String id = name().toLowerCase(Locale.ROOT);
    private static final Approval[] VALUES = values();

    public static Optional<Approval> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim();
        for (Approval a : VALUES) if (a.id.equals(t)) return Optional.of(a);   // (read for every loop: no stream)
        return Optional.empty();
    }

    public static String choices() {
        return Arrays.stream(values()).map(Approval::id).collect(Collectors.joining(" | "));
    }

    @Override
    public String toString() {
        return id();
    }
}
