package dev.loopreg.workspace;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fault-injection switch of the crash tests: with {@code LOOPREG_FAULT_AT=N} in the environment, the process halts
 * (as a SIGKILL would stop it: no finally blocks, no shutdown hooks, exit status {@link #HALT_STATUS}) at the N-th
 * effect boundary it reaches — just before a file is replaced or lines are appended, just after a plan's journal is
 * durable, and just before it is removed. Unset (always, outside the tests), a boundary costs one comparison.
 */
public final class Faults {

    /** The exit status of an injected halt. */
    public static final int HALT_STATUS = 86;

    private static final int AT = parse(System.getenv("LOOPREG_FAULT_AT"));
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
    public static void boundary(String what) {
        if (AT <= 0) return;
        if (SEEN.incrementAndGet() == AT) {
            System.err.println("loopreg: fault injected at effect boundary " + AT + " (" + what + ")");
            System.err.flush();
            Runtime.getRuntime().halt(HALT_STATUS);
        }
    }
}
