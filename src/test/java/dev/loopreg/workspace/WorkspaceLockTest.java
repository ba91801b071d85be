package dev.loopreg.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One lock per process, shared by its threads, released only by its holder — and still held against other processes. */
class WorkspaceLockTest {

    @TempDir
    Path tmp;

    static final Instant T = Instant.parse("2026-06-25T12:00:00Z");

    String probe(Path ws) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), LockProbe.class.getName(), ws.toString()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    @Test
    void aThreadThatGivesUpWaiting_doesNotReleaseTheProcesssLock() throws Exception {
        Files.createDirectories(tmp.resolve("loops"));
        Workspace ws = new Workspace(tmp);
        try (WorkspaceLock held = WorkspaceLock.acquire(ws, "loopreg serve: POST approve", Duration.ZERO, T)) {
            // another thread of this process waits, gives up — before the fix it opened and closed a second channel on the
            // lock file, which on Linux dropped the process's lock
            CompletableFuture<Throwable> other = CompletableFuture.supplyAsync(() -> {
                try (WorkspaceLock l = WorkspaceLock.acquire(ws, "loopreg serve: cycle", Duration.ofMillis(300), T)) {
                    return null;
                } catch (Exception e) {
                    return e;
                }
            });
            assertThat(other.get(30, TimeUnit.SECONDS)).isInstanceOf(WorkspaceLock.LockedException.class)
                    .hasMessageContaining("workspace is locked by pid " + ProcessHandle.current().pid())
                    .hasMessageContaining("(loopreg serve: POST approve)");
            // another process is still kept out
            assertThat(probe(tmp)).startsWith("busy: workspace is locked by pid " + ProcessHandle.current().pid());
            // a second failed wait does not release it either
            assertThatThrownBy(() -> WorkspaceLock.acquire(ws, "another", Duration.ofMillis(100), T))
                    .isInstanceOf(WorkspaceLock.LockedException.class);
            assertThat(probe(tmp)).startsWith("busy:");
        }
        // released by its holder: the next process gets it, and so does the next thread
        assertThat(probe(tmp)).isEqualTo("acquired");
        try (WorkspaceLock again = WorkspaceLock.acquire(ws, "x", Duration.ZERO, T)) {
            assertThat(Files.readString(tmp.resolve("loops/.loopreg.lock"))).contains("(x) since 2026-06-25T12:00:00Z");
        }
    }

    @Test
    void threadsTakeTurns_andEachHoldsTheOsLock() throws Exception {
        Files.createDirectories(tmp.resolve("loops"));
        Workspace ws = new Workspace(tmp);
        java.util.concurrent.atomic.AtomicInteger inside = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger overlaps = new java.util.concurrent.atomic.AtomicInteger();
        java.util.List<CompletableFuture<Void>> all = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            all.add(CompletableFuture.runAsync(() -> {
                try (WorkspaceLock l = WorkspaceLock.acquire(ws, "t", Duration.ofSeconds(30), T)) {
                    if (inside.incrementAndGet() > 1) overlaps.incrementAndGet();
                    Thread.onSpinWait();
                    inside.decrementAndGet();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        assertThat(overlaps.get()).isZero();
        // not reentrant: a nested acquire waits like any other, then names the holder
        assertThatThrownBy(() -> {
            try (WorkspaceLock a = WorkspaceLock.acquire(ws, "outer", Duration.ZERO, T);
                 WorkspaceLock b = WorkspaceLock.acquire(ws, "nested", Duration.ofMillis(200), T)) {
                assertThat(b).isNotNull();
            }
        }).isInstanceOf(WorkspaceLock.LockedException.class).hasMessageContaining("(outer) since");
    }

    @Test
    void aWorkspaceDeletedAndMadeAgainAtTheSamePath_isLockedAfresh() throws Exception {
        Files.createDirectories(tmp.resolve("loops"));
        Workspace ws = new Workspace(tmp);
        try (WorkspaceLock l = WorkspaceLock.acquire(ws, "first", Duration.ZERO, T)) {
            assertThat(l).isNotNull();
        }
        Files.delete(tmp.resolve("loops/.loopreg.lock"));
        Files.delete(tmp.resolve("loops"));
        Files.createDirectories(tmp.resolve("loops"));
        try (WorkspaceLock l = WorkspaceLock.acquire(ws, "second", Duration.ZERO, T)) {
            assertThat(probe(tmp)).startsWith("busy: workspace is locked by pid " + ProcessHandle.current().pid()).contains("(second)");
            // (reading the lock file here with a descriptor of its own would drop this process's lock: the probe goes first)
        }
    }
}
