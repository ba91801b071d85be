package dev.loopreg.workspace;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fault-injection switch of the crash tests: with {@code LOOPREG_FAULT_AT=N} in the environment, the process halts
 * (as a SIGKILL would stop it: no finally blocks, no shutdown hooks, exit status {@link #HALT_STATUS}) at the N-th
 * effect boundary it reaches — just before a file is replaced or lines are appended, just after a plan's journal is
 * durable, and just before it is removed. With {@code LOOPREG_FAULT_IO_AT=N} the N-th boundary fails instead as a full
 * disk would (an {@link IOException} "No space left on device"), so the tests see what a command says when a write fails
 * half-way. Unset (always, outside the tests), a boundary costs one comparison.
 */
public final class Faults {

    /** The exit status of an injected halt. */
    public static final int HALT_STATUS = 86;

    private static final int AT = parse(System.getenv("LOOPREG_FAULT_AT"));
    private static final int IO_AT = parse(System.getenv("LOOPREG_FAULT_IO_AT"));
    private static final AtomicInteger SEEN = new AtomicInteger();

    private Faults() {
    }

    private static int parse(String v) {
        try {
            return v == null || v.isBlank() ? 0 : Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** One effect boundary, named for the message the halt leaves on stderr. */
    public static void boundary(String what) throws IOException {
        if (AT <= 0 && IO_AT <= 0) return;
        int n = SEEN.incrementAndGet();
        if (n == IO_AT) {
            throw new IOException("No space left on device (injected at effect boundary " + n + ", " + what + ")");
        }
        if (n == AT) {
            System.err.println("loopreg: fault injected at effect boundary " + AT + " (" + what + ")");
            System.err.flush();
            Runtime.getRuntime().halt(HALT_STATUS);
        }
    }
}
