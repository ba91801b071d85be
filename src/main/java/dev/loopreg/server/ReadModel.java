package dev.loopreg.server;

import dev.loopreg.store.Store;
import dev.loopreg.store.HealthLog;
import dev.loopreg.store.JsonLines;
import dev.loopreg.store.UrgentLedger;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopreg.alert.Alerts;
import dev.loopreg.format.Mappers;
import dev.loopreg.health.HealthRecord;
import dev.loopreg.health.HealthRecordCodec;
import dev.loopreg.regulator.Evaluation;
import dev.loopreg.regulator.Regulator;
import dev.loopreg.workspace.RegulatorException;
import dev.loopreg.report.Json;
import dev.loopreg.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What the pages and the API show, read through the same regulator the CLI uses (reads only, no lock). The
 * fleet's evaluation is cached: it is read again, in the background, when the watcher or a run reports a change
 * or when it is older than the time to live (recommendations depend on the time); after an action, before the
 * next answer.
 */
public final class ReadModel {

    /** The health records a page or API call returns at most (the most recent ones in the range). */
    public static final int MAX_HEALTH_RECORDS = 5000;
    /** Decisions returned at most by one call. */
    public static final int MAX_DECISIONS = 1000;

    /** One reading of the fleet, and the pages rendered from it (each once). */
    public record Snapshot(Instant at, Evaluation evaluation, Map<String, Regulator.LastRecommendation> last,
                           List<Alerts.Open> urgentOpen, Map<String, JsonNode> urgentRaised, Rendered rendered,
                           List<dev.loopreg.decision.PendingAction> pending, Map<String, dev.loopreg.report.LoopView> views,
                           dev.loopreg.outbox.Outbox outbox) {
    }

    private final Workspace ws;
    private final Store store;
    private final Clock clock;
    private final Function<String, String> env;
    private final Duration ttl;
    private volatile Snapshot cached;
    private volatile long generation;
    private volatile long cachedGeneration = -1;

    public ReadModel(Workspace ws, Clock clock, Function<String, String> env, Duration ttl) {
        this(ws, clock, env, ttl, Duration.ofSeconds(30));
    }

    /** @param lockWait how long an action waits for the workspace lock before it answers 503 */
    public ReadModel(Workspace ws, Clock clock, Function<String, String> env, Duration ttl, Duration lockWait) {
        this(Store.files(ws), clock, env, ttl, lockWait);
    }

    /** The read model of a store (the files, or a database). */
    public ReadModel(Store store, Clock clock, Function<String, String> env, Duration ttl, Duration lockWait) {
        this.ws = store.workspace();
        this.store = store;
        this.clock = clock;
        this.env = env;
        this.ttl = ttl;
        this.lockWait = lockWait;
    }

    private final Duration lockWait;

    public Workspace workspace() {
        return ws;
    }

    public Instant now() {
        return clock.instant();
    }

    Regulator regulator() {
        return new Regulator(store, lockWait, clock, env);
    }

    /** How long an action waits for the lock ({@link #actions}); the runs' wait unless set. */
    private volatile Duration actionWait;

    /**
     * Actions (API, pages) wait at most {@code wait} for the lock, then answer 503 with Retry-After: on replicas, where a
     * stalled replica may hold the lock until its lease is taken from it, a client gets an answer within about two seconds.
     */
    void actionWait(Duration wait) {
        this.actionWait = wait;
    }

    /** The regulator an action acts through: it waits for the lock only as long as {@link #actionWait} says. */
    Regulator actions() {
        return new Regulator(store, actionWait == null ? lockWait : actionWait, clock, env);
    }

    /**
     * Marks the cache stale (a file changed, a run finished): the next request still gets the current snapshot
     * while a fresh one is read in the background (stale-while-revalidate), so a refresh never stalls the pages.
     */
    public void invalidate() {
        generation++;
    }

    /** Drops the cache (after an action): the next request reads the workspace before it answers. */
    public synchronized void invalidateNow() {
        generation++;
        cached = null;
    }

    private final java.util.concurrent.ExecutorService refresher = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "loopreg-read-model");
        t.setDaemon(true);
        return t;
    });
    private final java.util.concurrent.atomic.AtomicBoolean refreshing = new java.util.concurrent.atomic.AtomicBoolean();

    public Snapshot snapshot() throws RegulatorException, IOException {
        Snapshot s = cached;
        if (s == null) {
            synchronized (this) {
                if (cached == null) refresh();
                return cached;
            }
        }
        if (stale(s) && refreshing.compareAndSet(false, true)) {
            refresher.execute(() -> {
                try {
                    refresh();
                } catch (RegulatorException | IOException | RuntimeException e) {
                    org.slf4j.LoggerFactory.getLogger(ReadModel.class).warn("refreshing the pages' data: {}", e.getMessage());
                } finally {
                    refreshing.set(false);
                }
            });
        }
        return s;
    }

    private boolean stale(Snapshot s) {
        Instant now = clock.instant();
        return cachedGeneration != generation || now.isBefore(s.at()) || Duration.between(s.at(), now).compareTo(ttl) >= 0;
    }

    private synchronized void refresh() throws RegulatorException, IOException {
        long g = generation;
        Instant now = clock.instant();
        Regulator reg = regulator();
        Evaluation e = reg.evaluateAll(now);
        Map<String, Regulator.LastRecommendation> last = reg.lastRecommendations(e.loops().stream().map(v -> v.id()).toList());
        dev.loopreg.store.UrgentLedger ledger = store.urgent(new ArrayList<>());
        List<Alerts.Open> open = ledger.state().open().values().stream()
                .sorted(java.util.Comparator.comparing(Alerts.Open::id)).toList();
        Map<String, JsonNode> raised = new java.util.LinkedHashMap<>();
        open.forEach(o -> raised.put(o.id(), ledger.raised(o.id())));
        Map<String, dev.loopreg.report.LoopView> views = new java.util.HashMap<>();
        e.loops().forEach(v -> views.put(v.id(), v));
        cached = new Snapshot(now, e, last, open, raised, new Rendered(), reg.pending(e, now), Map.copyOf(views), store.outbox().state());
        cachedGeneration = g;
    }

    /** A loop's health records with cycles in {@code [from, to]}, oldest first; the most recent {@link #MAX_HEALTH_RECORDS}. */
    public Health health(String loop, Instant from, Instant to) throws IOException {
        return health(loop, from, to, MAX_HEALTH_RECORDS);
    }

    /** Records a loop page charts at most: two years of hourly records (the charts downsample them). */
    public static final int MAX_CHART_RECORDS = 20_000;

    /** A loop's health records with cycles in {@code [from, to]}, oldest first; the most recent {@code max}. */
    public Health health(String loop, Instant from, Instant to, int max) throws IOException {
        java.util.ArrayDeque<HealthRecord> out = new java.util.ArrayDeque<>();
        List<String> notes = new ArrayList<>();
        int total = 0;
        if (Files.exists(ws.health(loop))) {
            HealthLog log = store.health(loop);
            for (JsonLines.Entry<HealthRecord> l : log.entries()) {
                if (!l.ok()) {
                    notes.add(log.where(l) + ": " + l.problem() + (l.torn() ? "" : "; left out"));
                    continue;
                }
                HealthRecord r = l.value();
                if ((from != null && r.cycle().isBefore(from)) || (to != null && r.cycle().isAfter(to))) continue;
                total++;
                out.add(r);
                if (out.size() > max) out.removeFirst();
            }
        }
        return new Health(new ArrayList<>(out), total, notes);
    }

    /** Health records in a range: {@code total} matched, {@code records} the most recent of them. */
    public record Health(List<HealthRecord> records, int total, List<String> notes) {
        public boolean truncated() {
            return total > records.size();
        }
    }

    /** decisions.jsonl, newest first, filtered by loop (or repo) and kind, at most {@code limit}. */
    public List<JsonNode> decisions(String loop, String kind, int limit) throws IOException {
        List<JsonNode> all = new ArrayList<>();
        if (!Files.exists(ws.decisions())) return all;
        for (JsonNode n : store.decisions().values()) {
            if (loop != null && !loop.equals(n.path("loop").asText(null)) && !loop.equals(n.path("repo").asText(null))) continue;
            if (kind != null && !kind.equals(n.path("kind").asText(null))) continue;
            all.add(n);
        }
        Collections.reverse(all);
        return all.subList(0, Math.min(limit, all.size()));
    }

    /** Every event of urgent-tasks.jsonl, newest first, at most {@code limit}. */
    public List<JsonNode> urgentEvents(int limit) throws IOException {
        if (!Files.exists(ws.urgentTasks())) return List.of();
        List<JsonNode> all = new ArrayList<>(store.urgent(new ArrayList<>()).values());
        Collections.reverse(all);
        return all.subList(0, Math.min(limit, all.size()));
    }

    /** The JSON of a range of health records (each as health.jsonl has it). */
    public static ObjectNode healthJson(String loop, Instant from, Instant to, Health h) throws IOException {
        ObjectNode o = Json.object();
        o.put("loop", loop);
        Json.putInstant(o, "from", from);
        Json.putInstant(o, "to", to);
        o.put("total", h.total());
        o.put("returned", h.records().size());
        o.put("truncated", h.truncated());
        ArrayNode arr = o.putArray("records");
        for (HealthRecord r : h.records()) arr.add(Mappers.JSON.readTree(HealthRecordCodec.encode(r)));
        ArrayNode notes = o.putArray("notes");
        h.notes().forEach(notes::add);
        return o;
    }

    /**
     * The drift between {@code loop} and the activity definitions bound to it ({@link dev.loopreg.schedule.Drift}): what
     * validate and status say, for the loop's page. Read on each call (a handful of small files).
     */
    public List<dev.loopreg.schedule.Drift.Finding> drift(String loop) throws java.io.IOException {
        return new dev.loopreg.store.Validator(store).drift().stream().filter(f -> loop.equals(f.loop())).toList();
    }

    /** Why the store cannot be used now (its database does not answer within {@code within}), or empty. */
    public java.util.Optional<String> unavailable(Duration within) {
        return store.unavailable(within);
    }
}
