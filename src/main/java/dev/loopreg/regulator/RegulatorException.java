package dev.loopreg.regulator;

/** A failure a person can act on, with the exit code it maps to. */
public final class RegulatorException extends Exception {

    /** Bad input or data. */
    public static final int BAD_INPUT = 1;
    /** Refused: nothing to do, or not allowed now. */
    public static final int REFUSED = 3;

    private final int exitCode;

    public RegulatorException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
