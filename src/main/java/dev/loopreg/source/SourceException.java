package dev.loopreg.source;

/** A source that failed: missing, malformed, unreachable or answering wrongly. The message says which and why. */
public final class SourceException extends Exception {
    private final int status;

    public SourceException(String message) {
        this(message, 0);
    }

    /** @param status the HTTP status answered, or 0 when there was no answer (no connection, a timeout) or none applies */
    public SourceException(String message, int status) {
        super(message);
        this.status = status;
    }

    /** The HTTP status answered, or 0. */
    public int status() {
        return status;
    }
}
