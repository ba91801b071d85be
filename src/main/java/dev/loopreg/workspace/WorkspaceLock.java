package dev.loopreg.workspace;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;

/**
 * One regulator at a time per workspace: an OS file lock on {@code loops/.loopreg.lock}, whose content
 * names the holder (pid, host, command, since). A second run waits up to a bounded time, then fails
 * naming the holder. The OS drops the lock when its process dies, so a crash never leaves it stuck.
 *
 * <p>Within one process the lock is shared by its threads: one {@link FileChannel} per lock file, kept open, and a
 * fair in-process lock in front of the OS lock. A thread that waits never opens (and so never closes) another
 * channel on the file: on Linux, closing any descriptor of a file drops every lock the process holds on it, which
 * would let another process in while this one is still writing. The lock is released only by its holder.
 */
public final class WorkspaceLock implements AutoCloseable {

    /** The lock could not be had in time. */
    public static final class LockedException extends Exception {
        public LockedException(String message) {
            super(message);
        }
    }

    /** The process's state of one lock file. */
    private static final class Shared {
        final java.util.concurrent.locks.ReentrantLock threads = new java.util.concurrent.locks.ReentrantLock(true);
        FileChannel channel;
        volatile String holder = "";
    }

    private static final java.util.concurrent.ConcurrentHashMap<Path, Shared> PROCESS = new java.util.concurrent.ConcurrentHashMap<>();

    private final Shared shared;
    private final FileLock lock;
    private boolean released;

    private WorkspaceLock(Shared shared, FileLock lock) {
        this.shared = shared;
        this.lock = lock;
    }

    /**
     * @param command what this run is, e.g. {@code loopreg evaluate}, written into the lock for others to see
     * @param wait    how long to wait for another holder to finish
     * @param startedAt the wall-clock instant written into the lock (not the evaluation's {@code --now})
     */
    public static WorkspaceLock acquire(Workspace ws, String command, Duration wait, Instant startedAt)
            throws IOException, LockedException {
        Path file = ws.lockFile();
        Files.createDirectories(file.getParent());
        Path key = file.getParent().toRealPath().resolve(file.getFileName());
        Shared s = PROCESS.computeIfAbsent(key, k -> new Shared());
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            if (!s.threads.tryLock(Math.max(0, wait.toNanos()), java.util.concurrent.TimeUnit.NANOSECONDS)) {
                throw busy(ws, file, wait, s.holder);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LockedException("interrupted while waiting for the workspace lock");
        }
        boolean ok = false;
        try {
            if (s.channel == null || !s.channel.isOpen()) {
                s.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            }
            FileChannel ch = s.channel;
            while (true) {
                FileLock l;
                try {
                    l = ch.tryLock();
                } catch (java.nio.channels.OverlappingFileLockException e) {
                    // this thread holds it already (a nested acquire): a bug, reported as busy rather than deadlocking
                    throw busy(ws, file, wait, s.holder + " — held by this very thread");
                }
                if (l != null) {
                    String holder = "pid " + ProcessHandle.current().pid() + " on " + host() + " (" + command + ") since "
                            + startedAt + "\n";
                    ch.truncate(0);
                    ch.write(ByteBuffer.wrap(holder.getBytes(StandardCharsets.UTF_8)), 0);
                    ch.force(false);
                    s.holder = holder.strip();
                    ok = true;
                    return new WorkspaceLock(s, l);
                }
                if (System.nanoTime() >= deadline) {
                    // another process holds it: read its name through our own channel (opening the file again is safe only
                    // while this process holds no lock on it, and reading through the channel needs no second descriptor)
                    ByteBuffer buf = ByteBuffer.allocate(4096);
                    int n = ch.read(buf, 0);
                    String other = n <= 0 ? "" : new String(buf.array(), 0, n, StandardCharsets.UTF_8).strip();
                    throw busy(ws, file, wait, other);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LockedException("interrupted while waiting for the workspace lock");
                }
            }
        } finally {
            if (!ok) s.threads.unlock();
        }
    }

    private static LockedException busy(Workspace ws, Path file, Duration wait, String holder) {
        return new LockedException("workspace is locked by " + (holder == null || holder.isEmpty() ? "another loopreg run" : holder)
                + " (" + ws.rel(file) + "); waited " + wait.toSeconds() + " s. Try again when it has finished"
                + " or raise --lock-timeout.");
    }

    private static String host() {
        String h = System.getenv("HOSTNAME");
        if (h != null && !h.isBlank()) {
            return h;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown host";
        }
    }

    /** Releases the lock; only its holder does, once. */
    @Override
    public void close() throws IOException {
        if (released) return;
        if (!shared.threads.isHeldByCurrentThread()) {
            throw new IllegalStateException("the workspace lock is released only by the thread that holds it");
        }
        released = true;
        try {
            shared.channel.truncate(0);
            lock.release();
        } finally {
            shared.holder = "";
            shared.threads.unlock();
        }
    }
}
