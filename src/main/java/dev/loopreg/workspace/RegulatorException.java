package dev.loopreg.workspace;

/** A failure a person can act on, with the exit code it maps to. */
public final class RegulatorException extends Exception {

    /** Bad input or data. */
    public static final int BAD_INPUT = 1;
    /** Refused: nothing to do, or not allowed now. */
    public static final int REFUSED = 3;

    private final int exitCode;
    private final boolean busy;

    public RegulatorException(int exitCode, String message) {
        this(exitCode, message, false);
    }

    private RegulatorException(int exitCode, String message, boolean busy) {
        super(message);
        this.exitCode = exitCode;
        this.busy = busy;
    }

    /** The workspace lock stayed busy past the wait (exit 1 on the CLI; 503 with Retry-After from the server). */
    public static RegulatorException busy(String message) {
        return new RegulatorException(BAD_INPUT, message, true);
    }

    /** True when the workspace lock was busy: trying again later may succeed. */
    public boolean busy() {
        return busy;
    }

    public int exitCode() {
        return exitCode;
    }
}
