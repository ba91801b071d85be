package dev.loopreg.regulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopreg.cadence.Approval;
import dev.loopreg.cadence.CadenceRules;
import dev.loopreg.cadence.CadenceState;
import dev.loopreg.cadence.Crons;
import dev.loopreg.cadence.Phase;
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
import dev.loopreg.format.Mappers;
import dev.loopreg.format.Problem;
import dev.loopreg.format.YamlDoc;
import dev.loopreg.health.HealthRecord;
import dev.loopreg.report.Dashboard;
import dev.loopreg.report.DecisionRow;
import dev.loopreg.report.Json;
import dev.loopreg.report.LoopView;
import dev.loopreg.workspace.AtomicFiles;
import dev.loopreg.workspace.CadenceCodec;
import dev.loopreg.workspace.JsonlFile;
import dev.loopreg.workspace.LoopId;
import dev.loopreg.workspace.LoopSnapshot;
import dev.loopreg.workspace.Workspace;
import dev.loopreg.workspace.WorkspaceLock;
import dev.loopreg.workspace.WorkspaceReader;
import dev.loopreg.workspace.YamlEdit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The regulator's use cases over one workspace. */
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
        if (!Files.isDirectory(ws.loops())) {
            throw new RegulatorException(RegulatorException.BAD_INPUT, ws.root() + " is not a loopreg workspace: it has no loops/ "
                    + "directory; run 'loopreg init' there, or pass --workspace DIR");
        }
    }

    WorkspaceLock lock(String command) throws RegulatorException, IOException {
        requireWorkspace(ws);
        try {
            return WorkspaceLock.acquire(ws, command, lockWait, wallClock.instant());
        } catch (WorkspaceLock.LockedException e) {
            throw new RegulatorException(RegulatorException.BAD_INPUT, e.getMessage());
        }
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
            return new LoopView(s.id(), null, null, null, null, null, null, errors);
        }
        if (s.healthError() != null) {
            errors.add(s.healthError());
        }
        PhaseWindow window = s.healthError() == null ? PhaseWindow.of(s.tail(), s.tailComplete(), s.state(), now) : null;
        Recommendation rec = window == null ? null
                : CadenceRules.evaluate(s.id(), s.state(), window, s.exit(), policy, now);
        HealthRecord latest = null;
        for (int i = s.tail().size() - 1; i >= 0; i--) {
            if (!s.tail().get(i).cycle().isAfter(now)) {
                latest = s.tail().get(i);
                break;
            }
        }
        Duration inPhase = null;
        if (s.state().phaseSince() != null) {
            inPhase = Duration.between(s.state().phaseSince(), now);
        } else if (window != null && window.complete() && window.size() > 0) {
            inPhase = Duration.between(window.records().get(0).cycle(), now);
        }
        return new LoopView(s.id(), s.state(), window, latest, rec, Dashboard.nextCycle(s.state().cron(), policy, now),
                inPhase, errors);
    }

    /** {@code loopreg evaluate}: evaluates, appends to recommendations.jsonl, regenerates the dashboard. */
    public Evaluation evaluate(Instant now) throws RegulatorException, IOException {
        try (WorkspaceLock ignored = lock("loopreg evaluate")) {
            Evaluation e = evaluateAll(now);
            List<String> lines = new ArrayList<>();
            for (LoopView v : e.loops()) {
                lines.add(Json.line(recommendationLine(v, now)));
            }
            append(ws.recommendations(), lines);
            Evaluation.RotationView rv = e.rotation();
            if (rv != null && rv.context() != null) {
                Rotations.Auto auto = new Rotations(this, env).autoLocked(rv.context(), now);
                if (auto.rotated() != null) {
                    e = evaluateAll(now);
                }
                e = e.withRotation(new Evaluation.RotationView(e.rotation().context(), e.rotation().error(), auto));
            }
            writeDashboard(e);
            return e;
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
        e.loops().forEach(v -> loops.add(loopJson(v)));
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
        return o;
    }

    private void writeDashboard(Evaluation e) throws IOException {
        List<String> wsProblems = e.problems().stream().filter(Problem::isError).map(Problem::toString).toList();
        Evaluation.RotationView rv = e.rotation();
        Dashboard.Rotation rot = rv == null ? null : new Dashboard.Rotation(rv.context() == null ? null : rv.context().status(),
                rv.error(), rv.context() == null ? List.of() : rv.context().problems(),
                rv.auto() == null ? null : rv.auto().reason());
        String md = Dashboard.render(e.now(), e.policy(), e.loops(), lastDecisions(DASHBOARD_DECISIONS), wsProblems, rot);
        AtomicFiles.write(ws.dashboard(), md);
    }

    /** Regenerates the dashboard at {@code now} (after a change). */
    void refreshDashboard(Instant now) throws RegulatorException, IOException {
        writeDashboard(evaluateAll(now));
    }

    /** Appends a decision line to decisions.jsonl, then writes its Markdown record. */
    void appendDecision(String line, String markdownName, String markdown) throws IOException {
        append(ws.decisions(), List.of(line));
        AtomicFiles.write(ws.decisionsDir().resolve(markdownName), markdown);
    }

    private void append(Path file, List<String> lines) throws IOException {
        JsonlFile.Repair r = JsonlFile.append(file, lines, Regulator::isJson);
        if (r != null) {
            notices.add(ws.rel(file) + ":" + r.line() + ": torn last line (" + r.bytes() + " bytes, no newline) " + r.kind()
                    + " before appending");
        }
    }

    private static boolean isJson(String text) {
        try {
            JsonNode n = Mappers.JSON.readTree(text);
            return n != null && n.isObject();
        } catch (IOException e) {
            return false;
        }
    }

    /** The last {@code n} decisions, oldest first. */
    public List<DecisionRow> lastDecisions(int n) throws IOException {
        List<DecisionRow> rows = new ArrayList<>();
        try (JsonlFile.Tail tail = JsonlFile.tail(ws.decisions())) {
            while (tail.hasNext() && rows.size() < n) {
                JsonlFile.Line l = tail.next();
                try {
                    JsonNode node = Mappers.JSON.readTree(l.text());
                    if (node != null && node.isObject()) {
                        rows.add(DecisionRow.of(node));
                    }
                } catch (IOException ignored) {
                    // malformed or torn lines are reported by validate
                }
            }
        }
        Collections.reverse(rows);
        return rows;
    }

    // ---------------------------------------------------------------- changing a loop

    private LoopView requireLoop(Evaluation e, String id) throws RegulatorException, IOException {
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

    private Applied carryOut(Evaluation e, LoopView v, Recommendation rec, Instant now, String by, String reason)
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
        // the decision is written first: a crash after it leaves a recorded decision to finish, never a silent change
        append(ws.decisions(), List.of(Json.line(Json.decision(d))));
        AtomicFiles.write(ws.decisionsDir().resolve(d.id() + "-" + d.slug() + ".md"), DecisionMarkdown.render(d));
        AtomicFiles.write(ws.cadence(v.id()), updated);
        List<Path> defs = updateDefinitionCrons(v.id(), after.cron());
        writeDashboard(evaluateAll(now));
        return new Applied(d, after, defs);
    }

    /** Every DEC id already used, in decisions.jsonl (even in lines that do not parse) and in decisions/. */
    List<String> usedDecisionIds() throws IOException {
        List<String> used = new ArrayList<>();
        for (JsonlFile.Line l : JsonlFile.readAll(ws.decisions())) {
            Matcher m = RAW_DECISION_ID.matcher(l.text());
            while (m.find()) {
                used.add(m.group(1));
            }
        }
        if (Files.isDirectory(ws.decisionsDir())) {
            try (Stream<Path> s = Files.list(ws.decisionsDir())) {
                s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("DEC-")).forEach(used::add);
            }
        }
        return used;
    }

    /** Sets {@code cron} in the front matter of every activity definition bound to the loop ({@code loop: ID}). */
    private List<Path> updateDefinitionCrons(String loop, String cron) throws IOException {
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
            if (!loop.equals(doc.at("/loop").asText(null))) continue;
            if (cron.equals(doc.at("/cron").asText(null))) continue;
            String yaml = YamlEdit.set(fm.get().yaml(), List.of("cron"), YamlEdit.quote(cron));
            AtomicFiles.write(p, FrontMatter.join(yaml, fm.get().body()));
            updated.add(p);
        }
        return updated;
    }

    /**
     * {@code loopreg approve|reject LOOP}: sets {@code regulator_approval}.
     *
     * @throws RegulatorException REFUSED for a loop in operate (it has no promotion to approve)
     */
    public CadenceState setApproval(String id, Approval approval, Instant now, String by, String note)
            throws RegulatorException, IOException {
        try (WorkspaceLock ignored = lock("loopreg " + (approval == Approval.APPROVED ? "approve " : "reject ") + id)) {
            Evaluation e = evaluateAll(now);
            LoopView v = requireLoop(e, id);
            CadenceState s = v.state();
            if (s.phase().next().isEmpty()) {
                throw new RegulatorException(RegulatorException.REFUSED, "loop '" + id + "' is in " + s.phase()
                        + ", the last phase: there is no promotion to " + (approval == Approval.APPROVED ? "approve" : "reject"));
            }
            CadenceState after = s.withApproval(approval, by, now, note == null || note.isBlank() ? null : note.strip());
            String updated = CadenceCodec.updateApproval(AtomicFiles.read(ws.cadence(id)), after);
            AtomicFiles.write(ws.cadence(id), updated);
            writeDashboard(evaluateAll(now));
            return after;
        }
    }

    // ---------------------------------------------------------------- status

    /** One loop's last recommendation as recorded in recommendations.jsonl. */
    public record LastRecommendation(String at, String recommendation, String toPhase) {
    }

    /** The last recorded recommendation of each loop (reads recommendations.jsonl from the end). */
    public Map<String, LastRecommendation> lastRecommendations(List<String> loops) throws IOException {
        Map<String, LastRecommendation> out = new TreeMap<>();
        int budget = Math.max(1000, loops.size() * 100);
        try (JsonlFile.Tail tail = JsonlFile.tail(ws.recommendations())) {
            while (tail.hasNext() && out.size() < loops.size() && budget-- > 0) {
                JsonlFile.Line l = tail.next();
                try {
                    JsonNode n = Mappers.JSON.readTree(l.text());
                    if (n == null || !n.isObject()) continue;
                    String loop = n.path("loop").asText(null);
                    if (loop != null && loops.contains(loop) && !out.containsKey(loop)) {
                        out.put(loop, new LastRecommendation(n.path("evaluated_at").asText(null),
                                n.path("recommendation").isNull() ? "error" : n.path("recommendation").asText(null),
                                n.path("to_phase").isNull() ? null : n.path("to_phase").asText(null)));
                    }
                } catch (IOException ignored) {
                    // reported by validate
                }
            }
        }
        return out;
    }
}
