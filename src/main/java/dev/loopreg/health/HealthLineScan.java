package dev.loopreg.health;

import dev.loopreg.format.Instants;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The loop, cycle and phase of a health-record line in loopreg's own form, found without parsing the line: what an
 * evaluation needs of the records of a phase older than those its rules read (it counts them, and finds where the phase
 * began). The line must start with {@code {} and end with {@code }}; its top-level fields are walked from the start,
 * without whitespace, only as far as the three: each name and each string value without escapes, any other value a
 * literal (a number, {@code null}, {@code true}, {@code false}); an array or object before the three, or one of them
 * twice, ends the walk. The cycle must be an instant in loopreg's form and the phase a phase. Otherwise the answer is
 * null and the full reader decides. loopreg writes the three first ({@code loop}, {@code cycle}, {@code at},
 * {@code since}, {@code phase}), so a walk reads about a quarter of a line, never decoding it. The line is not
 * otherwise checked (a field repeated after the three is the full reader's to refuse): {@code validate} reads every
 * line in full. Pure.
 */
public record HealthLineScan(String loop, Instant cycle, Phase phase) {

    /** The scan of {@code line}, or null when it is not plainly in loopreg's form. */
    public static HealthLineScan of(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return of(b, 0, b.length);
    }

    /** The scan of the line held in {@code b[from, to)} as UTF-8, or null when it is not plainly in loopreg's form. */
    public static HealthLineScan of(byte[] b, int from, int to) {
        if (to - from < 2 || b[from] != '{' || b[to - 1] != '}') return null;
        String loop = null;
        String cycleText = null;
        String phaseText = null;
        int i = from + 1;
        while (loop == null || cycleText == null || phaseText == null) {
            if (i >= to || b[i] != '"') return null;
            int nameEnd = closingQuote(b, i + 1, to);
            if (nameEnd < 0 || nameEnd + 2 >= to || b[nameEnd + 1] != ':') return null;
            int v = nameEnd + 2;
            int end;          // the index after the value
            String text = null;
            if (b[v] == '"') {
                int q = closingQuote(b, v + 1, to);
                if (q < 0) return null;
                end = q + 1;
                int name = name(b, i + 1, nameEnd);
                if (name != NONE) {
                    if (q == v + 1) return null;   // empty
                    text = new String(b, v + 1, q - v - 1, name == LOOP ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
                }
                if (name == LOOP) {
                    if (loop != null) return null;
                    loop = text;
                } else if (name == CYCLE) {
                    if (cycleText != null) return null;
                    cycleText = text;
                } else if (name == PHASE) {
                    if (phaseText != null) return null;
                    phaseText = text;
                }
            } else {
                if (b[v] == '[' || b[v] == '{' || name(b, i + 1, nameEnd) != NONE) return null;
                end = v;
                while (end < to && b[end] != ',' && b[end] != '}' && b[end] != '"') end++;
                if (end == v || end >= to || b[end] == '"') return null;
            }
            if (end >= to - 1 || b[end] != ',') return null;   // the three come before the object's end
            i = end + 1;
        }
        Instant cycle = Instants.canonicalOrNull(cycleText);
        if (cycle == null) return null;
        Phase phase = Phase.parse(phaseText).orElse(null);
        return phase == null ? null : new HealthLineScan(loop, cycle, phase);
    }

    private static final int NONE = 0;
    private static final int LOOP = 1;
    private static final int CYCLE = 2;
    private static final int PHASE = 3;

    /** Which of the three the name {@code b[from, to)} is, or {@link #NONE}. */
    private static int name(byte[] b, int from, int to) {
        int n = to - from;
        if (n == 4 && b[from] == 'l' && b[from + 1] == 'o' && b[from + 2] == 'o' && b[from + 3] == 'p') return LOOP;
        if (n != 5) return NONE;
        if (b[from] == 'c' && b[from + 1] == 'y' && b[from + 2] == 'c' && b[from + 3] == 'l' && b[from + 4] == 'e') return CYCLE;
        if (b[from] == 'p' && b[from + 1] == 'h' && b[from + 2] == 'a' && b[from + 3] == 's' && b[from + 4] == 'e') return PHASE;
        return NONE;
    }

    /** The index of the quote that closes a string starting at {@code from}; -1 when there is none or it holds an escape. */
    private static int closingQuote(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c == '"') return i;
            if (c == '\\') return -1;
        }
        return -1;
    }
}
