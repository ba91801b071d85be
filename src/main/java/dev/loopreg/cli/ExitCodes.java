package dev.loopreg.cli;

/** The documented exit codes. */
public final class ExitCodes {
    /** Done; a "hold" is a normal outcome. */
    public static final int OK = 0;
    /** Bad input or data: a file that cannot be read or is wrong, a missing loop, the workspace lock held too long. */
    public static final int BAD_INPUT = 1;
    /** Usage: an unknown command or option, or a malformed argument. */
    public static final int USAGE = 2;
    /** Refused: nothing to do (apply on a hold), or not allowed (approve in operate). */
    public static final int REFUSED = 3;
    /** A bug in loopreg. */
    public static final int INTERNAL = 4;
    /** collect: records were written, but a configured source or an urgent-task delivery failed. */
    public static final int INCOMPLETE = 5;

    private ExitCodes() {
    }
}
