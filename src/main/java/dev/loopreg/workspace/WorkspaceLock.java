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
        /** One holder at a time in this process, in arrival order; not reentrant: a nested acquire waits like any other. */
        final java.util.concurrent.Semaphore threads = new java.util.concurrent.Semaphore(1, true);
        FileChannel channel;
        Object fileKey;
        volatile String holder = "";
    }

    private static final java.util.concurrent.ConcurrentHashMap<Path, Shared> PROCESS = new java.util.concurrent.ConcurrentHashMap<>();

    /** The workspace whose lock this thread holds: its writes inside it must stay inside it (see {@link #requireInside}). */
    private static final ThreadLocal<Path[]> HELD = new ThreadLocal<>();

    /** The number of the holding this thread is in (0 outside one): each acquire is a new one. */
    private static final ThreadLocal<Long> SESSION = new ThreadLocal<>();
    private static final java.util.concurrent.atomic.AtomicLong SESSIONS = new java.util.concurrent.atomic.AtomicLong();

    /** Sees every write checked by {@link #requireInside}: the holding it was made in (0: none) and the path. */
    public interface WriteObserver {
        void wrote(long holding, Path path);
    }

    private static volatile WriteObserver observer;

    /** For the tests that show every write is made under the lock; null stops observing. */
    public static void observeWrites(WriteObserver o) {
        observer = o;
    }

    /** A write whose path is in the workspace but whose real path leaves it (through a symbolic link). */
    public static final class OutsideWorkspaceException extends PathException {
        public OutsideWorkspaceException(String message) {
            super(message);
        }
    }

    /**
     * Refuses a write, made under this thread's workspace lock, to a path inside the workspace whose real location is
     * outside it — a symbolic link (a linked decisions.jsonl, a linked loop directory) must not carry the regulator's
     * writes elsewhere. Paths outside the workspace as written (the fleet's clones under {@code repos_root}) are the
     * configuration's business and are not checked.
     */
    public static void requireInside(Path target) throws IOException {
        WriteObserver o = observer;
        if (o != null) {
            Long h = SESSION.get();
            o.wrote(h == null ? 0 : h, target.toAbsolutePath().normalize());
        }
        Path[] held = HELD.get();
        if (held == null) return;
        Path root = held[0];
        Path real = held[1];
        Path abs = target.toAbsolutePath().normalize();
        if (!abs.startsWith(root) && !abs.startsWith(real)) return;
        Path existing = abs;
        while (existing != null && !Files.exists(existing, java.nio.file.LinkOption.NOFOLLOW_LINKS)) existing = existing.getParent();
        if (existing == null) return;
        Path resolved;
        try {
            resolved = existing.toRealPath().resolve(existing.relativize(abs)).normalize();
        } catch (java.nio.file.NoSuchFileException e) {
            // a dangling link: its target is wherever it points, which cannot be checked
            throw new OutsideWorkspaceException(shown(root, abs) + ": a symbolic link that points nowhere; refusing to write through it "
                    + "(replace the link with the file itself)");
        }
        if (!resolved.startsWith(real)) {
            throw new OutsideWorkspaceException(shown(root, abs) + ": its real path " + resolved + " is outside the workspace (a symbolic "
                    + "link?); refusing to write there — nothing was changed by this write (replace the link with the file or "
                    + "directory itself)");
        }
    }

    private static String shown(Path root, Path abs) {
        return abs.startsWith(root) ? root.relativize(abs).toString() : abs.toString();
    }

    private final Shared shared;
    private final FileLock lock;
    private boolean released;
    private final java.util.List<AutoCloseable> alsoReleased = new java.util.ArrayList<>();

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
        AtomicFiles.ensureDirectory(file.getParent());
        Path key = file.getParent().toRealPath().resolve(file.getFileName());
        Shared s = PROCESS.computeIfAbsent(key, k -> new Shared());
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            if (!s.threads.tryAcquire(Math.max(0, wait.toNanos()), java.util.concurrent.TimeUnit.NANOSECONDS)) {
                throw busy(ws, file, wait, s.holder);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LockedException("interrupted while waiting for the workspace lock");
        }
        boolean ok = false;
        try {
            // the channel is kept for the process; reopened when the file it refers to is gone or replaced (a workspace
            // deleted and made again at the same path): a lock on a deleted file keeps nobody out
            Object fileKey = Files.exists(file) ? Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey() : null;
            if (s.channel == null || !s.channel.isOpen() || fileKey == null || !fileKey.equals(s.fileKey)) {
                if (s.channel != null) s.channel.close();   // safe: this process holds no lock through it now
                try {
                    s.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                } catch (java.nio.file.AccessDeniedException | java.nio.file.ReadOnlyFileSystemException e) {
                    throw readOnly(ws, file, command, "permission denied");
                } catch (java.nio.file.FileSystemException e) {
                    if (e.getReason() == null || !e.getReason().contains("Read-only")) throw e;
                    throw readOnly(ws, file, command, "a read-only file system");
                }
                s.fileKey = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
            }
            FileChannel ch = s.channel;
            while (true) {
                FileLock l = ch.tryLock();
                if (l != null) {
                    String holder = "pid " + ProcessHandle.current().pid() + " on " + host() + " (" + command + ") since "
                            + startedAt + "\n";
                    ch.truncate(0);
                    ch.write(ByteBuffer.wrap(holder.getBytes(StandardCharsets.UTF_8)), 0);
                    ch.force(false);
                    s.holder = holder.strip();
                    ok = true;
                    Path root = ws.root().toAbsolutePath().normalize();
                    HELD.set(new Path[] {root, root.toRealPath()});
                    SESSION.set(SESSIONS.incrementAndGet());
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
            if (!ok) s.threads.release();
        }
    }

    /** The commands that only read a workspace, and so run on one this user cannot write. */
    public static final String READ_ONLY_COMMANDS = "validate, status, rules, rotation, roster, simulate";

    private static PathException readOnly(Workspace ws, Path file, String command, String why) {
        return new PathException(ws.root() + ": the workspace is read-only for this user (" + why + ": " + ws.rel(file)
                + " cannot be written); '" + command + "' writes, so it did not run and nothing was changed. What still works here: "
                + READ_ONLY_COMMANDS + ". To write, run it as the workspace's owner or in a writable checkout");
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

    /**
     * Releases the lock. Only this object — the one {@link #acquire} returned to its holder — can: a thread that gave up
     * waiting has none, and releasing twice does nothing.
     */
    /** Releases {@code other} (a database's lock, held beside this one) when this lock is released, just before it. */
    public synchronized void alsoRelease(AutoCloseable other) {
        alsoReleased.add(other);
    }

    @Override
    public synchronized void close() throws IOException {
        if (released) return;
        released = true;
        try {
            for (AutoCloseable c : alsoReleased) {
                try {
                    c.close();
                } catch (Exception e) {
                    // the other lock goes with its connection; this one is released below either way
                }
            }
            shared.channel.truncate(0);
            lock.release();
        } finally {
            shared.holder = "";
            HELD.remove();
            SESSION.remove();
            shared.threads.release();
        }
    }
}
