package dev.loopreg.regulator;

import dev.loopreg.store.Store;
import dev.loopreg.workspace.RegulatorException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.cadence.CadenceRules;
import dev.loopreg.cadence.Policy;
import dev.loopreg.format.Problem;
import dev.loopreg.report.Dashboard;
import dev.loopreg.report.DecisionRow;
import dev.loopreg.report.LoopView;
import dev.loopreg.workspace.AtomicFiles;
import dev.loopreg.workspace.LoopId;
import dev.loopreg.workspace.Workspace;
import dev.loopreg.store.Journal;
import dev.loopreg.store.JsonLines;
import dev.loopreg.store.Plan;
import dev.loopreg.workspace.WorkspaceLock;
import dev.loopreg.store.WorkspaceReader;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The regulator over one workspace: evaluating (read once through the store, rules applied, a dashboard written), and the
 * helpers every use case shares — the lock (which finishes an interrupted plan first), the journaled plan writer, decision
 * numbering, the dashboard. The use cases that change things are their own classes: {@link Changes} (apply, demote,
 * apply --approved, apply regulator), {@link Approvals}, {@link Rotations}, {@link Sessions}, {@link Urgents}, and
 * {@link RuleListing} reads; the JSON views are {@link EvaluationJson}.
 *
 * <p>Over 400 lines: evaluation and the shared helpers in one place, so every use case's lock, plan, actor and request
 * go through the same code; each use case itself lives in its own class.
 */
public final class Regulator {

    /** How many decisions the dashboard lists. */
    public static final int DASHBOARD_DECISIONS = 10;


    private final Workspace ws;
    private final Store store;
    private final WorkspaceReader reader;
    private final Duration lockWait;
    private final Clock wallClock;
    private final List<String> notices = new ArrayList<>();
    /** The outbox entries this regulator's plans queued (their keys), for the command to deliver right after. */
    private final java.util.Set<String> queued = new java.util.LinkedHashSet<>();
    private final java.util.function.Function<String, String> env;

    /**
     * @param lockWait  how long a writing command waits for another run's lock
     * @param wallClock the real clock, used only to stamp the lock file (never for evaluation)
     */
    public Regulator(Workspace ws, Duration lockWait, Clock wallClock) {
        this(ws, lockWait, wallClock, System::getenv);
    }

    /** @param env reads environment variables (the state-hub token for rotation progress events) */
    public Regulator(Workspace ws, Duration lockWait, Clock wallClock, java.util.function.Function<String, String> env) {
        this(Store.files(ws), lockWait, wallClock, env);
    }

    /** A regulator reading and writing through {@code store} (the files, or a database). */
    public Regulator(Store store, Duration lockWait, Clock wallClock, java.util.function.Function<String, String> env) {
        this.env = env;
        this.ws = store.workspace();
        this.store = store;
        this.reader = new WorkspaceReader(store);
        this.lockWait = lockWait;
        this.wallClock = wallClock;
    }

    /** Environment variables (tokens). */
    java.util.function.Function<String, String> env() {
        return env;
    }

    /** Every file kind the use cases read and write, and the plan writer. */
    public Store store() {
        return store;
    }

    public Workspace workspace() {
        return ws;
    }

    /** Things done along the way that a person should hear of (repairs of torn lines), taken once. */
    public List<String> takeNotices() {
        List<String> n = List.copyOf(notices);
        notices.clear();
        return n;
    }

    /** @throws RegulatorException BAD_INPUT when {@code ws} has no {@code loops/} directory */
    public static void requireWorkspace(Workspace ws) throws RegulatorException {
        ws.require();
    }

    void queuedDelivery(String key) {
        queued.add(key);
    }

    /** The keys of the outbox entries queued by the plans carried out so far. */
    public java.util.Set<String> queuedDeliveries() {
        return java.util.Set.copyOf(queued);
    }

    /** Takes the workspace lock, finishing first what a crashed run left in the journal (said once, as a notice). */
    WorkspaceLock lock(String command) throws RegulatorException, IOException {
        requireWorkspace(ws);
        try {
            return store.lock(command, lockWait, wallClock.instant(), notices::add);
        } catch (WorkspaceLock.LockedException e) {
            throw RegulatorException.busy(e.getMessage());
        } catch (Journal.JournalException e) {
            throw new RegulatorException(RegulatorException.BAD_INPUT, e.getMessage());
        }
    }

    /** Carries a plan out through the journal (the caller holds the lock); repairs of torn lines become notices. */
    void carryOut(Plan plan) throws IOException {
        plan.regenerates(ws.dashboard());   // every change is followed by the dashboard that shows it
        if (actor != null) plan = plan.mapLines(ws.decisions(), actor::stamp);
        if (request != null) plan = Requests.record(store, request, plan, wallClock.instant(), actor);
        plan = DecisionEffects.enqueue(this, plan);   // the decisions' external effects, in the same plan (the outbox)
        notices.addAll(store.carryOut(plan, wallClock.instant()));
    }

    private Requests.Request request;
    private Actor actor;

    /**
     * This regulator, for one API request under an idempotency key: the plan of the action it carries out also records
     * the request, and a request already carried out with the same key throws {@link Requests.Replayed} instead of acting
     * again.
     */
    public Regulator forRequest(Requests.Request r) {
        Regulator copy = new Regulator(store, lockWait, wallClock, env);
        copy.request = r;
        copy.actor = actor;
        return copy;
    }

    /**
     * This regulator, acting for {@code a}: every line its plans append to {@code decisions.jsonl} carries
     * {@code "actor"} — who the server authenticated, and how.
     */
    /** Who this regulator acts for, as the server authenticated them, or null (the CLI). */
    Actor actor() {
        return actor;
    }

    public Regulator as(Actor a) {
        Regulator copy = new Regulator(store, lockWait, wallClock, env);
        copy.request = request;
        copy.actor = a;
        return copy;
    }

    // ---------------------------------------------------------------- reading and evaluating

    /**
     * What waits for a person in {@code e}: the dashboard's pending actions (promotions to approve or apply, demotions,
     * rotations, noise sources, the regulator's own cadence change), in the dashboard's order. Writes nothing.
     */
    public List<dev.loopreg.decision.PendingAction> pending(Evaluation e, Instant now) throws IOException {
        return new Actions(this, env).board(e, now).actions();
    }

    /** The workspace's reader, for the read-only use cases of this package. */
    WorkspaceReader reader() {
        return reader;
    }

    /** Reads the policy and every loop and evaluates them at {@code now}. Writes nothing. */
    public Evaluation evaluateAll(Instant now) throws RegulatorException, IOException {
        requireWorkspace(ws);
        List<Problem> problems = new ArrayList<>();
        Policy policy = reader.policy(problems);
        if (policy == null) {
            throw new RegulatorException(RegulatorException.BAD_INPUT, "the policy cannot be used:\n" + String.join("\n",
                    problems.stream().filter(Problem::isError).map(Problem::toString).toList()));
        }
        List<LoopView> views = LoopViews.read(reader, reader.loopIds(problems), policy, now, problems);
        return new Evaluation(now, policy, views, problems).withRotation(rotation(now));
    }

    /** The rotation picture, or why it cannot be read (no rotation loop is not an error: the section says so). */
    private Evaluation.RotationView rotation(Instant now) throws IOException {
        try {
            return new Evaluation.RotationView(new Rotations(this, env).read(now), null, null);
        } catch (RegulatorException e) {
            return new Evaluation.RotationView(null, e.getMessage(), null);
        }
    }

    /**
     * Under the caller's lock: raises an urgent task for each loop whose data went stale (once; the ledger keeps it
     * open) and clears it for each whose records resumed — as {@code collect} does for a demotion trigger.
     */
    void staleAlarms(Evaluation e, Instant now) throws IOException {
        List<String> ledgerNotices = new ArrayList<>();
        dev.loopreg.store.UrgentLedger ledger = store.urgent(ledgerNotices);
        List<dev.loopreg.store.Urgent> said = new ArrayList<>();
        for (LoopView v : e.loops()) {
            if (v.freshness() == null || v.state() == null) continue;
            var actions = dev.loopreg.alert.Alerts.reconcile(ledger.state(), v.id(), List.of(v.freshness().alarm()), CadenceRules.OPERATOR_OVERRIDE);
            ledger.append(dev.loopreg.store.UrgentLedger.lines(v.id(), v.state().phase(), v.rec() == null ? "none" : v.rec().word(),
                    actions, now, said));
        }
        ledgerNotices.forEach(this::notice);
        for (var u : said) {
            notice(u.id() + " urgent task " + u.event() + ": " + u.loop() + " " + u.trigger() + " — " + u.detail());
        }
    }

    /** {@code loopreg evaluate}: evaluates, appends to recommendations.jsonl, regenerates the dashboard. */
    public Evaluation evaluate(Instant now) throws RegulatorException, IOException {
        try (WorkspaceLock ignored = lock("loopreg evaluate")) {
            Evaluation e = evaluateAll(now);
            // the ticks people committed count for this evaluation's recommendations
            String board = readDashboard();
            if (board != null) {
                Actions acts = new Actions(this, env);
                if (acts.ingest(board, acts.board(e, now), e, now) > 0) {
                    e = evaluateAll(now);
                }
            }
            // each line is written out as it is made: the lines of a large fleet are not held as trees
            List<String> lines = new ArrayList<>();
            Map<String, String> words = new TreeMap<>();
            for (LoopView v : e.loops()) {
                lines.add(EvaluationJson.recommendationLine(v, now));
                words.putIfAbsent(v.id(), EvaluationJson.recommendationWord(v));
            }
            // the run's digest: which words changed since the run before (one run read back, whatever the history)
            Map<String, String> before = store.recommendations().runBefore(now);
            repaired(store.recommendations().appendNowEncoded(lines));
            repaired(store.runs().appendNow(List.of(dev.loopreg.store.RunLog.line(now, lines.size(),
                    dev.loopreg.cadence.SelfCadence.changes(now, before, words)))));
            staleAlarms(e, now);
            Evaluation.RotationView rv = e.rotation();
            if (rv != null && rv.context() != null) {
                Rotations.Auto auto = new Rotations(this, env).autoLocked(rv.context(), now);
                if (auto.rotated() != null) {
                    e = evaluateAll(now);
                }
                e = e.withRotation(new Evaluation.RotationView(e.rotation().context(), e.rotation().error(), auto));
            }
            return writeDashboard(e);
        }
    }




    /** Called after the dashboard is rendered and before it is written (tests add a tick there). */
    private Runnable beforeDashboardWrite = () -> { };

    void beforeDashboardWrite(Runnable r) {
        this.beforeDashboardWrite = r;
    }

    /**
     * Rewrites the dashboard without losing a tick: the ticked checkboxes of the dashboard on disk are recorded
     * first, and the new dashboard replaces the old one only if nobody changed it meanwhile; if somebody did,
     * their ticks are read too and the dashboard is rendered again. Returns the evaluation it shows.
     */
    Evaluation writeDashboard(Evaluation e) throws IOException, RegulatorException {
        Actions acts = new Actions(this, env);
        for (int attempt = 1; ; attempt++) {
            String seen = readDashboard();
            Actions.Board b = acts.board(e, e.now());
            if (seen != null && acts.ingest(seen, b, e, e.now()) > 0) {
                e = evaluateAll(e.now()).withRotation(e.rotation() == null ? null : keepAuto(e.rotation(), e.now()));
                b = acts.board(e, e.now());
            }
            e = e.withBoard(b);
            String md = renderDashboard(e);
            beforeDashboardWrite.run();
            boolean written = AtomicFiles.writeIf(ws.dashboard(), md.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    () -> java.util.Objects.equals(readDashboardQuietly(), seen));
            if (written) {
                store.rendered(ws.dashboard(), md);   // for the other replicas of a database
                return e;
            }
            if (attempt >= 20) {
                throw new RegulatorException(RegulatorException.BAD_INPUT, ws.rel(ws.dashboard()) + " kept changing while "
                        + "loopreg rewrote it (20 attempts); it was left as it is. Run the command again.");
            }
        }
    }

    private Evaluation.RotationView keepAuto(Evaluation.RotationView old, Instant now) throws IOException {
        Evaluation.RotationView fresh = rotation(now);
        return new Evaluation.RotationView(fresh.context(), fresh.error(), old.auto());
    }

    private String renderDashboard(Evaluation e) throws IOException {
        List<String> wsProblems = e.problems().stream().filter(Problem::isError).map(Problem::toString).toList();
        Evaluation.RotationView rv = e.rotation();
        Dashboard.Rotation rot = rv == null ? null : new Dashboard.Rotation(rv.context() == null ? null : rv.context().status(),
                rv.error(), rv.context() == null ? List.of() : rv.context().problems(),
                rv.auto() == null ? null : rv.auto().reason());
        return Dashboard.render(e.now(), e.policy(), e.loops(), lastDecisions(DASHBOARD_DECISIONS), wsProblems, rot,
                e.board() == null ? null : e.board().board());
    }

    /** The dashboard as evaluated at {@code now}, with its board, without writing anything (the session bundle). */
    String dashboardText(Evaluation e) throws IOException {
        Evaluation withBoard = e.board() != null ? e : e.withBoard(new Actions(this, env).board(e, e.now()));
        return renderDashboard(withBoard);
    }

    String readDashboard() throws IOException {
        return Files.exists(ws.dashboard()) ? AtomicFiles.read(ws.dashboard()) : null;
    }

    private String readDashboardQuietly() {
        try {
            return readDashboard();
        } catch (IOException ex) {
            return null;
        }
    }

    /**
     * Records the ticks of this checkout's dashboard (as {@code evaluate} does before it rewrites it) and rewrites the
     * dashboard at {@code now}: a replica's exporter calls this when a person ticked the dashboard in its checkout.
     */
    public void recordTicks(Instant now) throws RegulatorException, IOException {
        try (WorkspaceLock ignored = lock("loopreg serve (ticks of the dashboard)")) {
            writeDashboard(evaluateAll(now));
        }
    }

    /** Regenerates the dashboard at {@code now} (after a change). */
    void refreshDashboard(Instant now) throws RegulatorException, IOException {
        afterChange(now);
    }

    /**
     * Regenerates the dashboard after a change was carried out. The change is made and recorded whatever happens here:
     * a dashboard that cannot be written (a failure no check before the plan could foresee) is said as a notice, not as
     * an error that would tell the person the change did not happen; the next evaluate regenerates it.
     */
    Evaluation afterChange(Instant now) throws RegulatorException, IOException {
        Evaluation e = evaluateAll(now);
        try {
            return writeDashboard(e);
        } catch (IOException ex) {
            notices.add(ws.rel(ws.dashboard()) + ": not regenerated after the change (" + AtomicFiles.reason(ex) + "); the change "
                    + "itself is made and recorded, and the next evaluate regenerates the dashboard");
            return e;
        }
    }

    void notice(String n) {
        notices.add(n);
    }

    /** The repair of a torn line an append made (null: none), for the person running the command. */
    void repaired(String notice) {
        if (notice != null) notices.add(notice);
    }

    /** Reads the evaluation runs in a window. */
    interface RunsReader {
        List<dev.loopreg.cadence.SelfCadence.RunDigest> read(Instant from, Instant now) throws IOException;
    }

    private Object runsKey;
    private List<dev.loopreg.cadence.SelfCadence.RunDigest> runsValue;

    /**
     * The evaluation runs in {@code (from, now]}, read once while runs.jsonl and recommendations.jsonl are unchanged (their
     * logs' {@code version}, on either store): an
     * evaluation asks for them for the dashboard's board and again for its JSON.
     */
    synchronized List<dev.loopreg.cadence.SelfCadence.RunDigest> runs(Instant from, Instant now, RunsReader reader) throws IOException {
        Object key = List.of(from, now, store.runs().version(), store.recommendations().version());
        if (!key.equals(runsKey)) {
            runsValue = List.copyOf(reader.read(from, now));
            runsKey = key;
        }
        return runsValue;
    }

    /** The last {@code n} decisions, oldest first. */
    public List<DecisionRow> lastDecisions(int n) throws IOException {
        return store.decisions().last(n).stream().map(DecisionRow::of).toList();
    }

    // ---------------------------------------------------------------- changing a loop

    LoopView requireLoop(Evaluation e, String id) throws RegulatorException, IOException {
        var bad = LoopId.problem(id);
        if (bad.isPresent()) {
            throw new RegulatorException(RegulatorException.BAD_INPUT, bad.get());
        }
        LoopView v = e.loop(id).orElse(null);
        if (v == null) {
            List<String> ids = e.loops().stream().map(LoopView::id).toList();
            throw new RegulatorException(RegulatorException.BAD_INPUT, "no loop '" + id + "' in " + ws.root() + ": "
                    + ws.rel(ws.cadence(id)) + " does not exist; loops: " + (ids.isEmpty() ? "none" : String.join(", ", ids)));
        }
        if (v.state() == null) {
            throw new RegulatorException(RegulatorException.BAD_INPUT, "loop '" + id + "' cannot be changed: its cadence.yml "
                    + "is unusable:\n" + String.join("\n", v.errors()));
        }
        return v;
    }

    /** Every DEC id already used, in decisions.jsonl (even in lines that do not parse) and in decisions/. */
    List<String> usedDecisionIds() throws IOException {
        return store.decisions().usedIds();
    }

    // ---------------------------------------------------------------- status




    /** One loop's last recommendation as recorded in recommendations.jsonl. */
    public record LastRecommendation(String at, String recommendation, String toPhase) {
    }

    /** The last recorded recommendation of each loop (reads recommendations.jsonl from the end). */
    public Map<String, LastRecommendation> lastRecommendations(List<String> loops) throws IOException {
        Map<String, LastRecommendation> out = new TreeMap<>();
        int budget = Math.max(1000, loops.size() * 100);
        try (JsonLines.Newest<JsonNode> tail = store.recommendations().newestFirst()) {
            while (tail.hasNext() && out.size() < loops.size() && budget-- > 0) {
                JsonLines.Entry<JsonNode> e = tail.next();
                if (!e.ok()) continue;   // reported by validate
                JsonNode n = e.value();
                String loop = n.path("loop").asText(null);
                if (loop != null && loops.contains(loop) && !out.containsKey(loop)) {
                    out.put(loop, new LastRecommendation(n.path("evaluated_at").asText(null),
                            n.path("recommendation").isNull() ? "error" : n.path("recommendation").asText(null),
                            n.path("to_phase").isNull() ? null : n.path("to_phase").asText(null)));
                }
            }
        }
        return out;
    }
}
