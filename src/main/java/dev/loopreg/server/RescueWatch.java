package dev.loopreg.server;

import dev.loopreg.store.Store;
import dev.loopreg.format.Problem;
import dev.loopreg.format.YamlDoc;
import dev.loopreg.store.RescueLog;
import dev.loopreg.store.WorkspaceReader;
import dev.loopreg.workspace.LoopConfig;
import dev.loopreg.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emergency path's memory: each loop's bootstrap log and the {@code [rescue]} entries already seen in it, so a new one
 * (seen by the watcher or the periodic re-read) runs that loop's demotion triggers at once, and only once.
 */
final class RescueWatch {

    private static final Logger LOG = LoggerFactory.getLogger(RescueWatch.class);

    private final Workspace ws;
    private final Store store;
    private final WorkspaceReader reader;
    private final Map<String, Set<Instant>> knownRescues = new HashMap<>();
    private final Map<Path, String> rescueLogs = new HashMap<>();
    private final Map<String, RescueLog> rescueLogOf = new HashMap<>();

    RescueWatch(Store store, WorkspaceReader reader) {
        this.store = store;
        this.ws = store.workspace();
        this.reader = reader;
    }

    /**
     * Reads which file is each loop's bootstrap log and its rescues (the directories go to {@code register}).
     *
     * @param report whether new rescues are reported (false on start: what is there is known)
     * @return the loops with rescues not seen before
     */
    synchronized List<String> refresh(boolean report, ZoneId zone, Consumer<Path> register) {
        List<Problem> problems = new ArrayList<>();
        List<String> ids;
        try {
            ids = reader.loopIds(problems);
        } catch (IOException e) {
            return List.of();
        }
        rescueLogs.clear();
        rescueLogOf.clear();
        for (String id : ids) {
            LoopConfig c = LoopConfig.defaults(id);
            YamlDoc d = reader.yaml(ws.loopConfig(id), false, problems);
            if (d != null) c = LoopConfig.read(id, d, problems);
            Path log = ws.resolve(c.rescueLog()).toAbsolutePath().normalize();
            rescueLogs.put(log, id);
            rescueLogOf.put(id, store.rescues(c));
            register.accept(log.getParent());
        }
        List<String> fresh = new ArrayList<>();
        for (var e : rescueLogs.entrySet()) {
            if (check(e.getValue(), e.getKey(), report, zone)) fresh.add(e.getValue());
        }
        knownRescues.keySet().retainAll(rescueLogs.values());
        return fresh;
    }

    /** The loops among {@code paths}' bootstrap logs with rescues not seen before. */
    synchronized List<String> changed(java.util.Set<Path> paths, ZoneId zone) {
        List<String> fresh = new ArrayList<>();
        for (Path p : paths) {
            String loop = rescueLogs.get(p.toAbsolutePath().normalize());
            if (loop != null && check(loop, p.toAbsolutePath().normalize(), true, zone)) fresh.add(loop);
        }
        return fresh;
    }

    /** Whether the log has rescues not seen before (remembered either way). */
    private boolean check(String loop, Path log, boolean report, ZoneId zone) {
        Set<Instant> now = new HashSet<>();
        RescueLog rl = rescueLogOf.get(loop);
        if (rl != null && rl.exists()) {
            try {
                now.addAll(rl.read(zone).rescues());
            } catch (IOException e) {
                return false;   // unreadable for now (being written?): what was known stays known
            }
        }
        Set<Instant> before = knownRescues.put(loop, now);
        if (!report || before == null) return false;
        Set<Instant> added = new TreeSet<>(now);
        added.removeAll(before);
        if (added.isEmpty()) return false;
        LOG.warn("{}: new [rescue] entr{} at {}: running the demotion triggers of {} now", ws.rel(log),
                added.size() == 1 ? "y" : "ies", added, loop);
        return true;
    }

    /** The newest rescue known in {@code loop}'s bootstrap log, or null. */
    synchronized Instant newest(String loop) {
        Set<Instant> known = knownRescues.get(loop);
        return known == null || known.isEmpty() ? null : java.util.Collections.max(known);
    }
}
