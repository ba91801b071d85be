package dev.loopreg.source;

/** A source that failed: missing, malformed, unreachable or answering wrongly. The message says which and why. */
public final class SourceException extends Exception {
    public SourceException(String message) {
        super(message);
    }
}
