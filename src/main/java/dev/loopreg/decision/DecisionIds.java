package dev.loopreg.decision;

import java.util.Collection;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code DEC-NNN} numbering (pure): on from the highest number already used, at least three digits. */
public final class DecisionIds {

    public static final Pattern ID = Pattern.compile("DEC-(\\d{1,9})");

    private DecisionIds() {
    }

    public static Optional<Integer> number(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Matcher m = ID.matcher(id);
        return m.matches() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    public static String format(int n) {
        return String.format("DEC-%03d", n);
    }

    /** The id after the highest of {@code used} (ids or file names starting with an id); DEC-001 when none. */
    public static String next(Collection<String> used) {
        int max = 0;
        for (String u : used) {
            Matcher m = Pattern.compile("^DEC-(\\d{1,9})").matcher(u);
            if (m.find()) {
                max = Math.max(max, Integer.parseInt(m.group(1)));
            }
        }
        return format(max + 1);
    }
}
