package dev.loopreg.workspace;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
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
 */
public final class WorkspaceLock implements AutoCloseable {

    /** The lock could not be had in time. */
    public static final class LockedException extends Exception {
        public LockedException(String message) {
            super(message);
        }
    }

    private final FileChannel channel;
    private final FileLock lock;

    private WorkspaceLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
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
        long deadline = System.nanoTime() + wait.toNanos();
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            while (true) {
                FileLock l;
                try {
                    l = ch.tryLock();
                } catch (OverlappingFileLockException e) {
                    l = null; // held by this very process (another thread)
                }
                if (l != null) {
                    String holder = "pid " + ProcessHandle.current().pid() + " on " + host() + " (" + command + ") since "
                            + startedAt + "\n";
                    ch.truncate(0);
                    ch.write(ByteBuffer.wrap(holder.getBytes(StandardCharsets.UTF_8)), 0);
                    ch.force(false);
                    return new WorkspaceLock(ch, l);
                }
                if (System.nanoTime() >= deadline) {
                    String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
                    ch.close();
                    throw new LockedException("workspace is locked by " + (holder.isEmpty() ? "another loopreg run" : holder)
                            + " (" + ws.rel(file) + "); waited " + wait.toSeconds() + " s. Try again when it has finished"
                            + " or raise --lock-timeout.");
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    ch.close();
                    throw new LockedException("interrupted while waiting for the workspace lock");
                }
            }
        } catch (IOException e) {
            ch.close();
            throw e;
        }
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

    @Override
    public void close() throws IOException {
        try {
            channel.truncate(0);
            lock.release();
        } finally {
            channel.close();
        }
    }
}
