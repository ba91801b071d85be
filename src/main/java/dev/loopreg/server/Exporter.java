package dev.loopreg.server;

import dev.loopreg.decision.Checkboxes;
import dev.loopreg.store.Docs;
import dev.loopreg.store.Store;
import dev.loopreg.workspace.AtomicFiles;
import dev.loopreg.workspace.Workspace;
import dev.loopreg.workspace.WorkspaceLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A replica's exporter ({@code serve} on a database): keeps the git-visible files of this replica's checkout —
 * each loop's {@code cadence.yml} and {@code roster.yaml}, {@code dashboard.md}, {@code decisions/DEC-*.md} — equal to
 * what the database holds, whichever replica made the change. It asks the store's change feed for what changed since
 * its mark and writes each changed file that differs, atomically, under this checkout's file lock (one writer at a
 * time per checkout).
 *
 * <p>The dashboard is where people tick pending actions, in their git checkout: a checkout's dashboard with a tick the
 * new text does not have is not overwritten; {@link #sync} says so, and the daemon records the ticks through the same use
 * case as {@code evaluate} (which then writes the dashboard through the database to every replica).
 */
final class Exporter {

    private static final Logger LOG = LoggerFactory.getLogger(Exporter.class);

    /** What one pass wrote, and whether the checkout's dashboard holds ticks still to be recorded. */
    record Pass(int written, boolean ticksToRecord) {
    }

    private final Store store;
    private final Workspace ws;
    private final Duration lockWait;
    private long mark;

    Exporter(Store store, Duration lockWait) {
        this.store = store;
        this.ws = store.workspace();
        this.lockWait = lockWait;
    }

    /** Writes what changed since the last pass (everything, the first time); null when the store keeps no change feed. */
    synchronized Pass sync(Instant now) throws IOException {
        Docs.Changed c = store.docs().changedSince(mark);
        if (c == null) return null;
        Map<String, String> texts = new LinkedHashMap<>(c.documents());
        texts.putAll(c.renderings());
        if (texts.isEmpty()) {
            mark = c.mark();
            return new Pass(0, false);
        }
        int written = 0;
        boolean ticks = false;
        try (WorkspaceLock ignored = Store.files(ws).lock("loopreg serve (export)", lockWait, now, n -> LOG.warn("export: {}", n))) {
            for (var e : texts.entrySet()) {
                Path file = ws.resolve(e.getKey());
                String local = Files.exists(file) ? AtomicFiles.read(file) : null;
                if (e.getValue().equals(local)) continue;
                if (file.toAbsolutePath().normalize().equals(ws.dashboard().toAbsolutePath().normalize()) && local != null
                        && !ticked(e.getValue()).containsAll(ticked(local))) {
                    ticks = true;   // a person's tick would be lost: recorded first, then the dashboard comes back rewritten
                    continue;
                }
                Files.createDirectories(file.getParent());
                AtomicFiles.write(file, e.getValue());
                written++;
            }
        } catch (WorkspaceLock.LockedException e) {
            LOG.info("export: the checkout is busy ({}); the next pass writes it", e.getMessage());
            return new Pass(0, false);
        }
        mark = c.mark();
        return new Pass(written, ticks);
    }

    private static Set<String> ticked(String text) {
        return Checkboxes.ticked(text).stream().map(Checkboxes.Box::id).collect(Collectors.toSet());
    }
}
