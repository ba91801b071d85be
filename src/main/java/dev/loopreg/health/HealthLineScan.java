package dev.loopreg.health;

import dev.loopreg.format.Instants;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

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
        Walk w = new Walk();
        if (!w.walk(b, from, to)) return null;
        Instant cycle = Instants.canonicalOrNull(new String(b, w.cycleFrom, w.cycleTo - w.cycleFrom, StandardCharsets.ISO_8859_1));
        if (cycle == null) return null;
        Phase phase = Phase.parse(new String(b, w.phaseFrom, w.phaseTo - w.phaseFrom, StandardCharsets.ISO_8859_1)).orElse(null);
        if (phase == null) return null;
        return new HealthLineScan(new String(b, w.loopFrom, w.loopTo - w.loopFrom, StandardCharsets.UTF_8), cycle, phase);
    }

    /**
     * The scan of one loop's lines, made once per file and asked line after line: it answers what {@link #of} would
     * (for that loop: a line of another loop is not plainly one of its records) but makes no object, not even the text
     * of a value. A fleet's evaluation scans a million older records.
     */
    public static final class LoopLines {
        private final byte[] loop;
        private final Walk w = new Walk();
        private long cycle;
        private Phase phase;

        public LoopLines(String loop) {
            this.loop = loop.getBytes(StandardCharsets.UTF_8);
        }

        /** True when {@code b[from, to)} is plainly a record of this loop; its {@link #cycleSecond} and {@link #phase} then. */
        public boolean scan(byte[] b, int from, int to) {
            if (!w.walk(b, from, to) || !Arrays.equals(b, w.loopFrom, w.loopTo, loop, 0, loop.length)) return false;
            cycle = Instants.canonicalSecond(b, w.cycleFrom, w.cycleTo);
            if (cycle == Instants.NOT_CANONICAL) return false;
            phase = phaseOf(b, w.phaseFrom, w.phaseTo);
            return phase != null;
        }

        /** The cycle of the line last scanned, in epoch seconds. */
        public long cycleSecond() {
            return cycle;
        }

        /** The phase of the line last scanned. */
        public Phase phase() {
            return phase;
        }
    }

    private static final byte[][] PHASES = {
            "bootstrap".getBytes(StandardCharsets.US_ASCII), "stabilize".getBytes(StandardCharsets.US_ASCII),
            "operate".getBytes(StandardCharsets.US_ASCII)};

    private static final Phase[] PHASE_OF = {Phase.BOOTSTRAP, Phase.STABILIZE, Phase.OPERATE};

    /** {@link Phase#parse} of the text {@code b[from, to)} (trimmed as it trims), or null. */
    private static Phase phaseOf(byte[] b, int from, int to) {
        while (from < to && (b[from] & 0xFF) <= ' ') from++;
        while (to > from && (b[to - 1] & 0xFF) <= ' ') to--;
        for (int k = 0; k < PHASES.length; k++) {
            if (Arrays.equals(b, from, to, PHASES[k], 0, PHASES[k].length)) return PHASE_OF[k];
        }
        return null;
    }

    /** The walk of a line's first fields: where the values of the three are, once it has found them. */
    private static final class Walk {
        int loopFrom;
        int loopTo;
        int cycleFrom;
        int cycleTo;
        int phaseFrom;
        int phaseTo;

        boolean walk(byte[] b, int from, int to) {
            if (to - from < 2 || b[from] != '{' || b[to - 1] != '}') return false;
            loopFrom = -1;
            cycleFrom = -1;
            phaseFrom = -1;
            int i = from + 1;
            while (loopFrom < 0 || cycleFrom < 0 || phaseFrom < 0) {
                if (i >= to || b[i] != '"') return false;
                int nameEnd = closingQuote(b, i + 1, to);
                if (nameEnd < 0 || nameEnd + 2 >= to || b[nameEnd + 1] != ':') return false;
                int name = name(b, i + 1, nameEnd);
                int v = nameEnd + 2;
                int end;          // the index after the value
                if (b[v] == '"') {
                    int q = closingQuote(b, v + 1, to);
                    if (q < 0) return false;
                    end = q + 1;
                    if (name != NONE && q == v + 1) return false;   // empty
                    if (name == LOOP) {
                        if (loopFrom >= 0) return false;
                        loopFrom = v + 1;
                        loopTo = q;
                    } else if (name == CYCLE) {
                        if (cycleFrom >= 0) return false;
                        cycleFrom = v + 1;
                        cycleTo = q;
                    } else if (name == PHASE) {
                        if (phaseFrom >= 0) return false;
                        phaseFrom = v + 1;
                        phaseTo = q;
                    }
                } else {
                    if (b[v] == '[' || b[v] == '{' || name != NONE) return false;
                    end = v;
                    while (end < to && b[end] != ',' && b[end] != '}' && b[end] != '"') end++;
                    if (end == v || end >= to || b[end] == '"') return false;
                }
                if (end >= to - 1 || b[end] != ',') return false;   // the three come before the object's end
                i = end + 1;
            }
            return true;
        }
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
