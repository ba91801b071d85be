package dev.loopreg.health;

import dev.loopreg.format.Instants;
import java.time.Instant;

/**
 * The loop, cycle and phase of a health-record line in loopreg's own form, found without parsing the line: what an
 * evaluation needs of the records of a phase older than those its rules read (it counts them, and finds where the phase
 * began). Each of {@code "loop":"}, {@code "cycle":"} and {@code "phase":"} must occur exactly once, with a value
 * without escapes, in a line that starts with {@code {} and ends with {@code }}; the cycle must be an instant in
 * loopreg's form and the phase a phase. Otherwise the answer is null and the full reader decides. Inside a JSON string a
 * quote is escaped, so these keys cannot be matched inside a value. The line is not otherwise checked: {@code validate}
 * reads every line in full. Pure.
 */
public record HealthLineScan(String loop, Instant cycle, Phase phase) {

    /** The scan of {@code line}, or null when it is not plainly in loopreg's form. */
    public static HealthLineScan of(String line) {
        int n = line.length();
        if (n < 2 || line.charAt(0) != '{' || line.charAt(n - 1) != '}') return null;
        String loop = value(line, "\"loop\":\"");
        if (loop == null) return null;
        String cycleText = value(line, "\"cycle\":\"");
        if (cycleText == null) return null;
        String phaseText = value(line, "\"phase\":\"");
        if (phaseText == null) return null;
        Instant cycle = Instants.canonicalOrNull(cycleText);
        if (cycle == null) return null;
        Phase phase = Phase.parse(phaseText).orElse(null);
        return phase == null ? null : new HealthLineScan(loop, cycle, phase);
    }

    private static String value(String line, String key) {
        int at = line.indexOf(key);
        if (at < 0 || line.indexOf(key, at + 1) >= 0) return null;
        int from = at + key.length();
        int end = line.indexOf('"', from);
        if (end < 0) return null;
        String v = line.substring(from, end);
        return v.indexOf('\\') >= 0 || v.isEmpty() ? null : v;
    }
}
