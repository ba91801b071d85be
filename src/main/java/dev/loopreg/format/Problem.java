package dev.loopreg.format;

import java.util.Comparator;
import java.util.Objects;

/**
 * A problem found in a workspace file, printed as {@code path:line: message}.
 *
 * @param path     the file, relative to the workspace (or as given)
 * @param line     1-based line, or 0 when the problem concerns the whole file
 * @param severity error (exit 1) or warning (reported, exit unaffected)
 * @param message  what is wrong and what was expected
 */
public record Problem(String path, int line, Severity severity, String message) implements Comparable<Problem> {

    public enum Severity { ERROR, WARNING }

    private static final Comparator<Problem> ORDER = Comparator.comparing(Problem::path)
            .thenComparingInt(Problem::line).thenComparing(Problem::severity).thenComparing(Problem::message);

    public Problem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
    }

    public static Problem error(String path, int line, String message) {
        return new Problem(path, line, Severity.ERROR, message);
    }

    public static Problem warning(String path, int line, String message) {
        return new Problem(path, line, Severity.WARNING, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        String where = line > 0 ? path + ":" + line : path;
        return where + ": " + (severity == Severity.WARNING ? "warning: " : "") + message;
    }

    @Override
    public int compareTo(Problem o) {
        return ORDER.compare(this, o);
    }
}
