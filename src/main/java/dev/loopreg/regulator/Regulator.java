package dev.loopreg.regulator;

import dev.loopreg.workspace.RegulatorException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopreg.cadence.CadenceRules;
import dev.loopreg.cadence.Staleness;
import dev.loopreg.cadence.CadenceState;
import dev.loopreg.cadence.PhaseWindow;
import dev.loopreg.cadence.Policy;
import dev.loopreg.cadence.Recommendation;
import dev.loopreg.cadence.RuleResult;
import dev.loopreg.cadence.Transitions;
import dev.loopreg.decision.Decision;
import dev.loopreg.decision.DecisionIds;
import dev.loopreg.decision.DecisionMarkdown;
import dev.loopreg.format.FrontMatter;
import dev.loopreg.format.Instants;
import dev.loopreg.format.Problem;
import dev.loopreg.format.YamlDoc;
import dev.loopreg.health.HealthRecord;
import dev.loopreg.report.Dashboard;
import dev.loopreg.report.DecisionRow;
import dev.loopreg.report.Json;
import dev.loopreg.report.LoopView;
import dev.loopreg.workspace.AtomicFiles;
import dev.loopreg.workspace.CadenceCodec;
import dev.loopreg.workspace.LoopId;
import dev.loopreg.store.LoopSnapshot;
import dev.loopreg.workspace.Workspace;
import dev.loopreg.store.DecisionLog;
import dev.loopreg.store.Journal;
import dev.loopreg.store.JsonLines;
import dev.loopreg.store.RecommendationLog;
import dev.loopreg.store.Plan;
import dev.loopreg.workspace.WorkspaceLock;
import dev.loopreg.store.WorkspaceReader;
import dev.loopreg.workspace.YamlEdit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The regulator's use cases over one workspace.
 *
 * <p>Over 400 lines: evaluation, apply/demote, the regulator's own cadence and status still share one class and its
 * helpers (lock, decision numbering, dashboard). Issue 16 splits it by use case around the store and its plan writer;
 * approvals already moved to {@link Approvals}.
 */
public final class Regulator {

    /** How many decisions the dashboard lists. */
    public static final int DASHBOARD_DECISIONS = 10;

    private static final Pattern RAW_DECISION_ID = Pattern.compile("\"id\"\\s*:\\s*\"(DEC-\\d{1,9})\"");

    private final Workspace ws;
    private final WorkspaceReader reader;
    private final Duration lockWait;
    private final Clock wallClock;
    private final List<String> notices = new ArrayList<>();
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
        this.env = env;
        this.ws = ws;
        this.reader = new WorkspaceReader(ws);
        this.lockWait = lockWait;
        this.wallClock = wallClock;
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

    /** Takes the workspace lock, finishing first what a crashed run left in the journal (said once, as a notice). */
    WorkspaceLock lock(String command) throws RegulatorException, IOException {
        requireWorkspace(ws);
        try {
            return Journal.lockAndRecover(ws, command, lockWait, wallClock.instant(), notices::add);
        } catch (WorkspaceLock.LockedException e) {
            throw RegulatorException.busy(e.getMessage());
        } catch (Journal.JournalException e) {
            throw new RegulatorException(RegulatorException.BAD_INPUT, e.getMessage());
        }
    }

    /** Carries a plan out through the journal (the caller holds the lock); repairs of torn lines become notices. */
    void carryOut(Plan plan) throws IOException {
        notices.addAll(Journal.carryOut(ws, plan, wallClock.instant()));
    }

    // ---------------------------------------------------------------- reading and evaluating

    /** Reads the policy and every loop and evaluates them at {@code now}. Writes nothing. */
    public Evaluation evaluateAll(Instant now) throws RegulatorException, IOException {
        requireWorkspace(ws);
        List<Problem> problems = new ArrayList<>();
        Policy policy = reader.policy(problems);
        if (policy == null) {
            throw new RegulatorException(RegulatorException.BAD_INPUT, "the policy cannot be used:\n" + String.join("\n",
                    problems.stream().filter(Problem::isError).map(Problem::toString).toList()));
        }
        List<LoopView> views = new ArrayList<>();
        for (String id : reader.loopIds(problems)) {
            LoopSnapshot s = reader.loop(id, policy, now);
            problems.addAll(s.problems());
            views.add(view(s, policy, now));
        }
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

    /** The view of one loop: its window, recommendation, next cycle and time in phase. */
    static LoopView view(LoopSnapshot s, Policy policy, Instant now) {
        List<String> errors = new ArrayList<>();
        if (s.state() == null) {
            s.problems().stream().filter(Problem::isError).forEach(p -> errors.add(p.toString()));
            return new LoopView(s.id(), null, null, null, null, null, null, errors, null);
        }
        if (s.healthError() != null) {
            errors.add(s.healthError());
        }
        PhaseWindow window = s.window(now);
        HealthRecord latest = s.latest(now);
        Staleness fresh = s.freshness(policy, now);
        Recommendation rec = window == null ? null
                : CadenceRules.evaluate(s.id(), s.state(), window, s.exit(), policy, now, fresh);
        Duration inPhase = null;
        if (s.state().phaseSince() != null) {
            inPhase = Duration.between(s.state().phaseSince(), now);
        } else if (window != null && window.complete() && window.size() > 0) {
            inPhase = Duration.between(window.records().get(0).cycle(), now);
        }
        return new LoopView(s.id(), s.state(), window, latest, rec, Dashboard.nextCycle(s.state().cron(), policy, now),
                inPhase, errors, fresh);
    }

    /**
     * Under the caller's lock: raises an urgent task for each loop whose data went stale (once; the ledger keeps it
     * open) and clears it for each whose records resumed — as {@code collect} does for a demotion trigger.
     */
    void staleAlarms(Evaluation e, Instant now) throws IOException {
        List<String> ledgerNotices = new ArrayList<>();
        dev.loopreg.store.UrgentLedger ledger = new dev.loopreg.store.UrgentLedger(ws, ledgerNotices);
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
            List<JsonNode> lines = new ArrayList<>();
            for (LoopView v : e.loops()) {
                lines.add(recommendationLine(v, now));
            }
            repaired(new RecommendationLog(ws).appendNow(lines));
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

    /** The JSON of one loop's evaluation: the recommendation with its rules, or the errors. */
    public static ObjectNode loopJson(LoopView v) {
        ObjectNode o;
        if (v.rec() != null) {
            o = Json.recommendation(v.rec());
        } else {
            o = Json.object();
            o.put("loop", v.id());
            if (v.state() == null) o.putNull("phase"); else o.put("phase", v.state().phase().id());
            o.putNull("recommendation");
            o.putNull("to_phase");
            o.putNull("summary");
            o.putArray("rules");
        }
        ArrayNode errs = o.putArray("errors");
        v.errors().forEach(errs::add);
        return o;
    }

    private static ObjectNode recommendationLine(LoopView v, Instant now) {
        ObjectNode line = Json.object();
        line.put("evaluated_at", Instants.format(now));
        line.setAll(loopJson(v));
        return line;
    }

    /** The JSON of {@code loopreg evaluate --json}. */
    public static ObjectNode evaluationJson(Evaluation e) {
        ObjectNode o = Json.object();
        o.put("evaluated_at", Instants.format(e.now()));
        ArrayNode loops = o.putArray("loops");
        e.loops().forEach(v -> {
            ObjectNode l = loopJson(v);
            putFreshness(l, v);
            loops.add(l);
        });
        ArrayNode problems = o.putArray("problems");
        e.problems().forEach(p -> problems.add(p.toString()));
        Evaluation.RotationView rv = e.rotation();
        if (rv != null && rv.context() != null) {
            ObjectNode rot = dev.loopreg.report.RotationJson.status(rv.context().status());
            if (rv.auto() != null) {
                rot.put("this_evaluation", rv.auto().reason());
                if (rv.auto().rotated() != null) rot.put("rotated", rv.auto().rotated().decision().id());
            }
            o.set("rotation", rot);
        } else if (rv != null) {
            o.put("rotation_error", rv.error());
        }
        if (e.board() != null) {
            o.set("actions", Actions.actionsJson(e.board().actions()));
            o.set("regulator", Actions.selfJson(e.board().self()));
        }
        return o;
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
            if (written) return e;
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

    private String readDashboard() throws IOException {
        return Files.exists(ws.dashboard()) ? AtomicFiles.read(ws.dashboard()) : null;
    }

    private String readDashboardQuietly() {
        try {
            return readDashboard();
        } catch (IOException ex) {
            return null;
        }
    }

    /** Regenerates the dashboard at {@code now} (after a change). */
    void refreshDashboard(Instant now) throws RegulatorException, IOException {
        writeDashboard(evaluateAll(now));
    }

    void notice(String n) {
        notices.add(n);
    }

    /** The repair of a torn line an append made (null: none), for the person running the command. */
    void repaired(String notice) {
        if (notice != null) notices.add(notice);
    }

    /** The last {@code n} decisions, oldest first. */
    public List<DecisionRow> lastDecisions(int n) throws IOException {
        return new DecisionLog(ws).last(n).stream().map(DecisionRow::of).toList();
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

    /** What {@link #apply} did. */
    public record Applied(Decision decision, CadenceState after, List<Path> definitionsUpdated) {
    }

    /**
     * {@code loopreg apply LOOP}: re-evaluates the loop at {@code now} and carries out a promote or demote.
     *
     * @throws RegulatorException REFUSED (exit 3) for a hold, naming the blocking rules; nothing is changed
     */
    public Applied apply(String id, Instant now, String by) throws RegulatorException, IOException {
        try (WorkspaceLock ignored = lock("loopreg apply " + id)) {
            Evaluation e = evaluateAll(now);
            LoopView v = requireLoop(e, id);
            if (v.rec() == null) {
                throw new RegulatorException(RegulatorException.BAD_INPUT, "loop '" + id + "' cannot be evaluated:\n"
                        + String.join("\n", v.errors()));
            }
            Recommendation rec = v.rec();
            if (rec instanceof Recommendation.Hold h) {
                StringBuilder sb = new StringBuilder("nothing to apply: " + h.summary());
                List<RuleResult> block = h.blocking().isEmpty() ? List.of() : h.blocking();
                for (RuleResult r : block) {
                    sb.append("\n  ").append(r.id()).append(": ").append(r.outcomeWord()).append(" — ").append(r.detail());
                }
                throw new RegulatorException(RegulatorException.REFUSED, sb.toString());
            }
            return carryOut(e, v, rec, now, by, rec.summary());
        }
    }

    /** {@code loopreg demote LOOP --reason TEXT}: the operator override, applied at once. */
    public Applied demote(String id, Instant now, String by, String reason) throws RegulatorException, IOException {
        if (reason == null || reason.isBlank()) {
            throw new RegulatorException(RegulatorException.BAD_INPUT, "--reason must say why the loop is demoted");
        }
        try (WorkspaceLock ignored = lock("loopreg demote " + id)) {
            Evaluation e = evaluateAll(now);
            LoopView v = requireLoop(e, id);
            Recommendation evaluated = v.rec();
            if (evaluated == null) {
                // the health records are unreadable: the override does not need them
                evaluated = CadenceRules.evaluate(id, v.state(), new PhaseWindow(List.of(), true),
                        dev.loopreg.cadence.ExitCriteria.unreadable("(not read)", "health records unreadable"), e.policy(), now);
            }
            Recommendation.Demote d = CadenceRules.override(evaluated, by, reason.strip(), e.policy());
            return carryOut(e, v, d, now, by, reason.strip());
        }
    }

    /** One approved action as {@code apply --approved} handled it. */
    public record ApprovedResult(String action, String label, boolean done, String outcome) {
    }

    /**
     * {@code loopreg apply --approved}: carries out every approved pending action that is still recommended — a
     * promotion whose loop is approved and recommended to promote, an approved demotion, an approved rotation, the
     * regulator's approved cadence change — and reports each approved action it could not carry out and why.
     */
    public List<ApprovedResult> applyApproved(Instant now, String by) throws RegulatorException, IOException {
        try (WorkspaceLock ignored = lock("loopreg apply --approved")) {
            List<ApprovedResult> out = new ArrayList<>();
            Evaluation e = evaluateAll(now);
            Actions acts = new Actions(this, env);
            String board = readDashboard();
            if (board != null && acts.ingest(board, acts.board(e, now), e, now) > 0) {
                e = evaluateAll(now);
            }
            List<dev.loopreg.decision.PendingAction> approved = acts.board(e, now).actions().stream()
                    .filter(dev.loopreg.decision.PendingAction::approved).toList();
            for (dev.loopreg.decision.PendingAction a : approved) {
                e = evaluateAll(now);
                try {
                    out.add(carryOutApproved(e, a, acts, now, by));
                } catch (RegulatorException ex) {
                    out.add(new ApprovedResult(a.id(), a.label(), false, ex.getMessage()));
                }
            }
            writeDashboard(evaluateAll(now));
            return out;
        }
    }

    private ApprovedResult carryOutApproved(Evaluation e, dev.loopreg.decision.PendingAction a, Actions acts, Instant now, String by)
            throws RegulatorException, IOException {
        if (a instanceof dev.loopreg.decision.PendingAction.Promote || a instanceof dev.loopreg.decision.PendingAction.Demote) {
            String loop = a instanceof dev.loopreg.decision.PendingAction.Promote p ? p.loop()
                    : ((dev.loopreg.decision.PendingAction.Demote) a).loop();
            LoopView v = requireLoop(e, loop);
            Recommendation rec = v.rec();
            boolean wanted = a instanceof dev.loopreg.decision.PendingAction.Promote ? rec instanceof Recommendation.Promote
                    : rec instanceof Recommendation.Demote;
            if (!wanted) {
                return new ApprovedResult(a.id(), a.label(), false, "approved, not carried out: the recommendation is now "
                        + (rec == null ? "unavailable (" + String.join("; ", v.errors()) + ")" : rec.summary()));
            }
            Applied done = carryOutLocked(e, v, rec, now, by, rec.summary());
            return new ApprovedResult(a.id(), a.label(), true, done.decision().id() + ": " + done.decision().kind() + " of " + loop
                    + " " + done.decision().from().id() + " → " + done.decision().to().id());
        }
        if (a instanceof dev.loopreg.decision.PendingAction.Rotate r) {
            Rotations rot = new Rotations(this, env);
            Rotations.Rotated done = rot.rotateLocked(rot.read(now), r.repo(), now, by, false, null, false);
            return new ApprovedResult(a.id(), a.label(), true, done.decision().id() + ": rotated " + r.repo()
                    + (done.move().promoted() == null ? "" : ", " + done.move().promoted().repo() + " now active"));
        }
        if (a instanceof dev.loopreg.decision.PendingAction.Regulator) {
            SelfApplied done = applySelfLocked(e, acts, now, by);
            return new ApprovedResult(a.id(), a.label(), true, done.id() + ": the regulator " + done.from() + " → " + done.to());
        }
        return new ApprovedResult(a.id(), a.label(), false, "nothing to carry out");
    }

    /** What applying the regulator's own cadence change did. */
    public record SelfApplied(String id, String from, String to, String collectorCron, String sessionCron, String reason,
                              List<Path> definitionsUpdated) {
    }

    /**
     * {@code loopreg apply regulator}: carries out the regulator's own recommended cadence change: rewrites
     * loops/regulator/cadence.yml, sets the crons of the activity definitions with {@code role: collector} and
     * {@code role: session}, and records a decision ({@code kind: cadence_change}).
     *
     * @throws RegulatorException REFUSED (exit 3) for a hold
     */
    public SelfApplied applySelf(Instant now, String by) throws RegulatorException, IOException {
        try (WorkspaceLock ignored = lock("loopreg apply regulator")) {
            Evaluation e = evaluateAll(now);
            SelfApplied done = applySelfLocked(e, new Actions(this, env), now, by);
            writeDashboard(evaluateAll(now));
            return done;
        }
    }

    private SelfApplied applySelfLocked(Evaluation e, Actions acts, Instant now, String by) throws RegulatorException, IOException {
        Actions.Self self = acts.self(e, now);
        if (self.state() == null) {
            throw new RegulatorException(RegulatorException.BAD_INPUT, "the regulator's cadence cannot be read: " + self.error());
        }
        dev.loopreg.cadence.SelfCadence.Verdict v = self.verdict();
        if (!v.isChange()) {
            throw new RegulatorException(RegulatorException.REFUSED, "nothing to apply: " + v.summary());
        }
        dev.loopreg.cadence.SelfCadence.State after = dev.loopreg.cadence.SelfCadence.apply(self.state(), v, now);
        String id = DecisionIds.next(usedDecisionIds());
        ObjectNode d = Json.object();
        d.put("id", id);
        d.put("kind", "cadence_change");
        d.put("loop", LoopId.REGULATOR);
        d.put("from", v.from().id());
        d.put("to", v.to().id());
        d.put("at", Instants.format(now));
        d.put("by", by);
        d.put("reason", v.summary());
        d.put("collector_cron", after.collectorCron());
        d.put("session_cron", after.sessionCron());
        d.set("evidence", Actions.selfJson(self));
        String slug = (v.word().equals("promote") ? "promote" : "demote") + "-regulator-to-" + v.to().id();
        Plan plan = new Plan("loopreg apply regulator")
                .then(p -> new DecisionLog(ws).append(p, id, List.of(d)))
                .replace(ws.decisionsDir().resolve(id + "-" + slug + ".md"), selfDecisionMarkdown(id, d, self))
                .replace(ws.selfCadence(), dev.loopreg.workspace.SelfCadenceCodec.render(after));
        List<Path> defs = new ArrayList<>(definitionCrons("role", "collector", after.collectorCron(), plan));
        defs.addAll(definitionCrons("role", "session", after.sessionCron(), plan));
        carryOut(plan);
        if (defs.isEmpty()) {
            notices.add("no activity definition has role: collector or role: session, so no definition cron was changed; "
                    + "add the key to the collector's and the session's definitions");
        }
        return new SelfApplied(id, v.from().id(), v.to().id(), after.collectorCron(), after.sessionCron(), v.summary(), defs);
    }

    private static String selfDecisionMarkdown(String id, ObjectNode d, Actions.Self self) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(id).append(" — the regulator's own cadence: ").append(d.get("from").asText()).append(" → ")
                .append(d.get("to").asText()).append("\n\n");
        sb.append("- at: ").append(d.get("at").asText()).append("\n- by: ").append(d.get("by").asText())
                .append("\n- collector cron: `").append(d.get("collector_cron").asText()).append("`\n- session cron: `")
                .append(d.get("session_cron").asText()).append("`\n\n");
        sb.append("## Why\n\n").append(d.get("reason").asText()).append("\n\n");
        sb.append("Emergency demotion of a loop stays event-driven: the collector raises an urgent task whenever a loop's "
                + "demotion trigger fires, whatever the regulator's cadence.\n\n## Evidence\n\n```json\n")
                .append(Json.line(d.get("evidence"))).append("\n```\n");
        return sb.toString();
    }

    private Applied carryOut(Evaluation e, LoopView v, Recommendation rec, Instant now, String by, String reason)
            throws IOException, RegulatorException {
        Applied a = carryOutLocked(e, v, rec, now, by, reason);
        writeDashboard(evaluateAll(now));
        return a;
    }

    private Applied carryOutLocked(Evaluation e, LoopView v, Recommendation rec, Instant now, String by, String reason)
            throws IOException, RegulatorException {
        CadenceState before = v.state();
        CadenceState after = Transitions.apply(before, rec, e.policy(), now);
        String kind = rec instanceof Recommendation.Promote ? "promotion" : "demotion";
        String id = DecisionIds.next(usedDecisionIds());
        Decision d = new Decision(id, kind, v.id(), before.phase(), after.phase(), now, by, reason, rec, before, after.cron());

        String current = AtomicFiles.read(ws.cadence(v.id()));
        String updated = CadenceCodec.update(current, after);
        List<Problem> check = new ArrayList<>();
        CadenceState reread;
        try {
            reread = CadenceCodec.read(YamlDoc.parse(ws.rel(ws.cadence(v.id())), updated), check);
        } catch (YamlDoc.SyntaxException ex) {
            reread = null;
        }
        if (reread == null || !reread.equals(after)) {
            throw new RegulatorException(RegulatorException.BAD_INPUT, ws.rel(ws.cadence(v.id()))
                    + ": cannot be updated in place (is it hand-formatted in flow style?); nothing was changed. Expected block "
                    + "style 'key: value' lines as loopreg init writes them.");
        }
        // one plan: the decision, its record, the state and the definitions' crons are made together or not at all
        Plan plan = new Plan("loopreg " + (kind.equals("promotion") ? "apply " : "demote ") + v.id())
                .then(p -> new DecisionLog(ws).append(p, d.id(), List.of(Json.decision(d))))
                .replace(ws.decisionsDir().resolve(d.id() + "-" + d.slug() + ".md"), DecisionMarkdown.render(d))
                .replace(ws.cadence(v.id()), updated);
        List<Path> defs = definitionCrons("loop", v.id(), after.cron(), plan);
        carryOut(plan);
        return new Applied(d, after, defs);
    }

    /** Every DEC id already used, in decisions.jsonl (even in lines that do not parse) and in decisions/. */
    List<String> usedDecisionIds() throws IOException {
        return new DecisionLog(ws).usedIds();
    }

    /**
     * Plans setting {@code cron} in the front matter of every activity definition whose {@code key} is {@code value}: bound to
     * a loop ({@code loop: ID}) or playing a role of the regulator ({@code role: collector | session}).
     */
    List<Path> definitionCrons(String key, String loop, String cron, Plan plan) throws IOException {
        List<Path> updated = new ArrayList<>();
        for (Path p : ws.activityDefinitionFiles()) {
            String text = AtomicFiles.read(p);
            var fm = FrontMatter.split(text);
            if (fm.isEmpty()) continue;
            YamlDoc doc;
            try {
                doc = YamlDoc.parse(ws.rel(p), fm.get().yaml(), 1);
            } catch (YamlDoc.SyntaxException ex) {
                notices.add(ex.problem() + " (its cron was not updated)");
                continue;
            }
            if (!loop.equals(doc.at("/" + key).asText(null))) continue;
            if (cron.equals(doc.at("/cron").asText(null))) continue;
            String yaml = YamlEdit.set(fm.get().yaml(), List.of("cron"), YamlEdit.quote(cron));
            plan.replace(p, FrontMatter.join(yaml, fm.get().body()));
            updated.add(p);
        }
        return updated;
    }

    // ---------------------------------------------------------------- status

    /** The JSON of {@code loopreg status --json} (and of the server's {@code /api/loops}). */
    public static ObjectNode statusJson(Evaluation e, Map<String, LastRecommendation> last) {
        ObjectNode o = Json.object();
        o.put("now", Instants.format(e.now()));
        ArrayNode loops = o.putArray("loops");
        e.loops().forEach(v -> loops.add(statusJson(v, last.get(v.id()))));
        return o;
    }

    /** {@code "freshness": {latest_cycle, periods_since, stale_after_periods, stale, detail}} or null when unknown. */
    static void putFreshness(ObjectNode l, LoopView v) {
        if (v.freshness() == null) {
            l.putNull("freshness");
            return;
        }
        ObjectNode f = l.putObject("freshness");
        Json.putInstant(f, "latest_cycle", v.freshness().recorded() ? v.freshness().reference() : null);
        f.put("periods_since", v.freshness().periods());
        f.put("stale_after_periods", v.freshness().limit());
        f.put("stale", v.freshness().stale());
        f.put("detail", v.freshness().detail());
    }

    /** One loop's entry of {@link #statusJson(Evaluation, Map)}. */
    public static ObjectNode statusJson(LoopView v, LastRecommendation lr) {
        ObjectNode l = Json.object();
        l.put("loop", v.id());
        if (v.state() == null) {
            l.putNull("phase");
            l.putNull("cron");
        } else {
            l.put("phase", v.state().phase().id());
            l.put("cron", v.state().cron());
        }
        if (v.window() == null) l.putNull("cycles_in_phase"); else l.put("cycles_in_phase", v.window().size());
        l.put("cycles_in_phase_complete", v.window() != null && v.window().complete());
        Json.putInstant(l, "phase_since", v.state() == null ? null : v.state().phaseSince());
        if (v.timeInPhase() == null) l.putNull("time_in_phase_seconds"); else l.put("time_in_phase_seconds", v.timeInPhase().toSeconds());
        if (lr == null) {
            l.putNull("last_recommendation");
        } else {
            ObjectNode r = l.putObject("last_recommendation");
            r.put("evaluated_at", lr.at());
            r.put("recommendation", lr.recommendation());
            r.put("to_phase", lr.toPhase());
        }
        Json.putInstant(l, "next_cycle", v.nextCycle());
        putFreshness(l, v);
        ArrayNode errs = l.putArray("errors");
        v.errors().forEach(errs::add);
        return l;
    }

    /** One loop's last recommendation as recorded in recommendations.jsonl. */
    public record LastRecommendation(String at, String recommendation, String toPhase) {
    }

    /** The last recorded recommendation of each loop (reads recommendations.jsonl from the end). */
    public Map<String, LastRecommendation> lastRecommendations(List<String> loops) throws IOException {
        Map<String, LastRecommendation> out = new TreeMap<>();
        int budget = Math.max(1000, loops.size() * 100);
        try (JsonLines.Newest<JsonNode> tail = new RecommendationLog(ws).newestFirst()) {
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
