package dev.loopreg.workspace;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** A second process that tries the workspace lock once: prints "acquired" or "busy: ...". */
public final class LockProbe {

    private LockProbe() {
    }

    public static void main(String[] args) throws Exception {
        try (WorkspaceLock l = WorkspaceLock.acquire(new Workspace(Path.of(args[0])), "probe", Duration.ZERO, Instant.now())) {
            System.out.println("acquired");
        } catch (WorkspaceLock.LockedException e) {
            System.out.println("busy: " + e.getMessage());
        }
    }
}
