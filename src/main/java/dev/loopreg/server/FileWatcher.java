package dev.loopreg.server;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OS file watcher of {@code serve}: watches directories (not recursively), gathers the events that come within the
 * debounce of the first one, and hands the changed paths over in one batch (overflow: some events were lost, so the
 * receiver re-reads everything). A directory that cannot be watched is logged; the periodic re-read still sees it.
 */
final class FileWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FileWatcher.class);

    /** Receives one batch of changes. */
    interface Receiver {
        void changed(Set<Path> paths, boolean overflow);
    }

    private final Duration debounce;
    private final Receiver receiver;
    private final Set<Path> watched = ConcurrentHashMap.newKeySet();
    private final WatchService service;
    private final Thread thread;
    private volatile boolean running = true;

    FileWatcher(Duration debounce, Receiver receiver) throws IOException {
        this.debounce = debounce;
        this.receiver = receiver;
        this.service = FileSystems.getDefault().newWatchService();
        this.thread = new Thread(this::loop, "loopreg-watch");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Watches {@code dir} (once); false when it is not a directory or cannot be watched. */
    boolean register(Path dir) {
        if (dir == null || !Files.isDirectory(dir) || !watched.add(dir)) return false;
        try {
            dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
            return true;
        } catch (IOException e) {
            watched.remove(dir);
            LOG.warn("cannot watch {}: {} (the periodic re-read still sees its changes)", dir, e.getMessage());
            return false;
        }
    }

    boolean watches(Path dir) {
        return watched.contains(dir);
    }

    private void loop() {
        while (running) {
            Set<Path> batch = new HashSet<>();
            boolean overflow = false;
            try {
                WatchKey key = service.take();
                long until = System.nanoTime() + debounce.toNanos();
                while (key != null) {
                    Path dir = (Path) key.watchable();
                    for (WatchEvent<?> ev : key.pollEvents()) {
                        if (ev.kind() == StandardWatchEventKinds.OVERFLOW) {
                            overflow = true;
                            continue;
                        }
                        batch.add(dir.resolve((Path) ev.context()));
                    }
                    key.reset();
                    long left = until - System.nanoTime();
                    key = left > 0 ? service.poll(left, TimeUnit.NANOSECONDS) : null;
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            try {
                receiver.changed(batch, overflow);
            } catch (RuntimeException e) {
                LOG.error("handling file changes: {}", e.toString());
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            service.close();
        } catch (IOException ignored) {
            // closing
        }
        thread.interrupt();
    }
}
