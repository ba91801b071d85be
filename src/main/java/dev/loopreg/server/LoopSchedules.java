package dev.loopreg.server;

import dev.loopreg.cadence.CadenceState;
import dev.loopreg.format.Problem;
import dev.loopreg.format.YamlDoc;
import dev.loopreg.scheduler.JobScheduler;
import dev.loopreg.store.Docs;
import dev.loopreg.store.Store;
import dev.loopreg.store.WorkspaceReader;
import dev.loopreg.workspace.CadenceCodec;
import dev.loopreg.workspace.Workspace;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each loop's cron, for {@code serve} on a shared schedule, where each loop's cycle is its own task at its own cron: the
 * loops are the checkout's loop directories, each one's cron is its {@code cadence.yml}'s. On a database the documents are
 * read in full once, then only those changed since (the store's change feed): a replica rescans 10,000 loops with one
 * query that returns nothing when nothing changed.
 */
final class LoopSchedules {

    private static final Logger LOG = LoggerFactory.getLogger(LoopSchedules.class);
    static final String PREFIX = "loop:";

    private final Store store;
    private final Workspace ws;
    private final WorkspaceReader reader;
    private final Map<String, String> crons = new HashMap<>();   // loop → cron, as read from its cadence.yml
    private long mark = -1;                                        // the change feed's mark; -1: not read yet

    LoopSchedules(Store store, WorkspaceReader reader) {
        this.store = store;
        this.ws = store.workspace();
        this.reader = reader;
    }

    static String job(String loop) {
        return PREFIX + loop;
    }

    /** The loop of a per-loop job name, or null when {@code job} is not one. */
    static String loop(String job) {
        return job.startsWith(PREFIX) ? job.substring(PREFIX.length()) : null;
    }

    /**
     * Makes the shared schedule match the loops: each loop's cycle scheduled at its cadence's cron in {@code zone},
     * rescheduled when the cron changed (by whichever replica sees it first; a run under way cannot be, and is tried
     * again at the next re-read), unscheduled when the loop is gone or its cadence cannot be used — and every loop's
     * unscheduled when {@code enabled} is false (the collector's definition is disabled, or scheduling is off). Returns
     * how many loops have a cycle job.
     */
    int sync(JobScheduler scheduler, java.time.ZoneId zone, boolean enabled) {
        Map<String, String> now;
        try {
            now = enabled ? read() : Map.of();
        } catch (IOException e) {
            LOG.error("cannot read the loops' crons: {}; their schedules stay as they are", e.getMessage());
            return scheduler.scheduled(PREFIX).size();
        }
        for (var e : now.entrySet()) {
            try {
                scheduler.schedule(job(e.getKey()), e.getValue(), zone);
            } catch (JobScheduler.SchedulerFailure | RuntimeException ex) {
                LOG.warn("loops/{}/cadence.yml: cannot schedule '{}' now: {}", e.getKey(), e.getValue(), ex.getMessage());
            }
        }
        for (String job : scheduler.scheduled(PREFIX)) {
            if (now.containsKey(loop(job))) continue;
            try {
                scheduler.unschedule(job);
                LOG.info("{}: {}; its cycle is unscheduled", job, enabled ? "the loop is gone or its cadence cannot be used"
                        : "the collector is not scheduled");
            } catch (JobScheduler.SchedulerFailure | RuntimeException ex) {
                LOG.warn("cannot unschedule {} now: {}", job, ex.getMessage());
            }
        }
        return now.size();
    }

    /** Every loop's cron now (a loop whose cadence.yml cannot be used is left out, and said in the log). */
    synchronized Map<String, String> read() throws IOException {
        List<Problem> problems = new ArrayList<>();
        Set<String> ids = Set.copyOf(reader.loopIds(problems));
        Docs.Changed changed = store.docs().changedSince(Math.max(mark, 0));
        Map<String, String> texts = new HashMap<>();   // loop → its cadence.yml's new text, from the feed
        if (changed != null) {
            changed.documents().forEach((path, text) -> {
                String[] parts = path.split("/");
                if (parts.length == 3 && parts[0].equals("loops") && parts[2].equals("cadence.yml")) texts.put(parts[1], text);
            });
            mark = changed.mark();
        }
        crons.keySet().retainAll(ids);
        for (String id : ids) {
            boolean known = crons.containsKey(id) && changed != null;
            if (known && !texts.containsKey(id)) continue;
            String cron = texts.containsKey(id) ? cron(id, texts.get(id)) : cron(id, read(id));
            if (cron == null) crons.remove(id);
            else crons.put(id, cron);
        }
        problems.stream().filter(Problem::isError).forEach(p -> LOG.warn("{}", p));
        return new TreeMap<>(crons);
    }

    private String read(String id) {
        try {
            return store.docs().read(ws.cadence(id));
        } catch (IOException e) {
            LOG.warn("{}: its cycle is not scheduled: {}", ws.rel(ws.cadence(id)), e.getMessage());
            return null;
        }
    }

    private String cron(String id, String text) {
        if (text == null) return null;
        try {
            List<Problem> problems = new ArrayList<>();
            CadenceState s = CadenceCodec.read(YamlDoc.parse(ws.rel(ws.cadence(id)), text), problems);
            if (s == null || problems.stream().anyMatch(Problem::isError)) {
                LOG.warn("{}: its cycle is not scheduled: {}", ws.rel(ws.cadence(id)),
                        String.join("; ", problems.stream().filter(Problem::isError).map(Problem::toString).toList()));
                return null;
            }
            return s.cron();
        } catch (YamlDoc.SyntaxException e) {
            LOG.warn("{}: its cycle is not scheduled: {}", ws.rel(ws.cadence(id)), e.getMessage());
            return null;
        }
    }
}
