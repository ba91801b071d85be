package dev.loopreg.cadence;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The {@code regulator_approval} of a loop's {@code cadence.yml}. */
public enum Approval {
    PENDING, APPROVED, REJECTED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Approval> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        return Arrays.stream(values()).filter(a -> a.id().equals(text.trim())).findFirst();
    }

    public static String choices() {
        return Arrays.stream(values()).map(Approval::id).collect(Collectors.joining(" | "));
    }

    @Override
    public String toString() {
        return id();
    }
}
