package dev.loopreg.source;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Executors for the repo readers: a pool of daemon threads for many reads, the caller's own thread for a few
 * (below {@link #INLINE_AT_MOST} reads a pool costs more to start than it saves: the hourly cycle of a small fleet).
 */
public final class Pools {

    static final int INLINE_AT_MOST = 16;

    private Pools() {
    }

    static ExecutorService open(String name, int parallelism, int tasks) {
        int threads = Math.max(1, Math.min(parallelism, tasks));
        if (threads == 1 || tasks <= INLINE_AT_MOST) {
            return new CallerRuns();
        }
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs each task in the submitting thread, at submission. */
    private static final class CallerRuns extends AbstractExecutorService {
        private volatile boolean shut;

        @Override public void execute(Runnable command) {
            command.run();
        }

        @Override public void shutdown() {
            shut = true;
        }

        @Override public List<Runnable> shutdownNow() {
            shut = true;
            return List.of();
        }

        @Override public boolean isShutdown() {
            return shut;
        }

        @Override public boolean isTerminated() {
            return shut;
        }

        @Override public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }
}
