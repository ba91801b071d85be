package dev.loopreg.regulator;

import dev.loopreg.workspace.RegulatorException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopreg.alert.Alerts;
import dev.loopreg.cadence.Approval;
import dev.loopreg.cadence.CadenceRules;
import dev.loopreg.cadence.Crons;
import dev.loopreg.cadence.RuleResult;
import dev.loopreg.cadence.SelfCadence;
import dev.loopreg.decision.Checkboxes;
import dev.loopreg.decision.PendingAction;
import dev.loopreg.format.Fmt;
import dev.loopreg.format.Instants;
import dev.loopreg.format.Mappers;
import dev.loopreg.format.Problem;
import dev.loopreg.format.YamlDoc;
import dev.loopreg.report.Dashboard;
import dev.loopreg.report.Json;
import dev.loopreg.report.LoopView;
import dev.loopreg.report.PendingActions;
import dev.loopreg.store.JsonLines;
import dev.loopreg.store.Plan;
import dev.loopreg.workspace.SelfCadenceCodec;
import dev.loopreg.workspace.Workspace;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The pending actions of a workspace and what people do with them: the approvals ledger
 * ({@code approvals.jsonl}), the noise-source ledger ({@code noise-sources.jsonl}), the regulator's own cadence,
 * the dashboard's checkboxes (read before the dashboard is rewritten, attributed with git blame), and the
 * board the dashboard shows beside the loops.
 *
 * <p>Over 400 lines: the pending-action board, checkbox ingestion and the regulator's own cadence it shows are one
 * feature (the dashboard's actions: what a box means when it is drawn is what it means when it is ticked); the files
 * it reads and writes are the store's types.
 */
public final class Actions {

    private final Regulator reg;
    private final Workspace ws;
    private final Function<String, String> env;

    Actions(Regulator reg, Function<String, String> env) {
        this.reg = reg;
        this.ws = reg.workspace();
        this.env = env;
    }

    // ---------------------------------------------------------------- ledgers

    /** The action ids approved in approvals.jsonl. */
    Set<String> approvedIds() throws IOException {
        Set<String> ids = new HashSet<>();
        for (JsonNode n : reg.store().approvals().values()) {
            if ("approved".equals(n.path("event").asText()) && n.hasNonNull("action")) ids.add(n.get("action").asText());
        }
        return ids;
    }

    /** The noise sources listed by sessions and not resolved, in the order listed. */
    List<PendingActions.OpenNoise> openNoise() throws IOException {
        Map<String, PendingActions.OpenNoise> open = new LinkedHashMap<>();
        for (JsonNode n : reg.store().noise().values()) {
            String id = n.path("id").asText("");
            switch (n.path("event").asText("")) {
                case "listed" -> open.put(id, new PendingActions.OpenNoise(id, n.path("loop").asText(""), n.path("source").asText(""),
                        n.path("action").asText(""), n.path("reason").asText(""), n.path("session").asText("")));
                case "resolved" -> open.remove(id);
                default -> { }
            }
        }
        return new ArrayList<>(open.values());
    }

    /** Every NOI id used. */
    int highestNoise() throws IOException {
        int hi = 0;
        for (JsonNode n : reg.store().noise().values()) {
            String id = n.path("id").asText("");
            if (id.matches("NOI-\\d{1,9}")) hi = Math.max(hi, Integer.parseInt(id.substring(4)));
        }
        return hi;
    }

    // ---------------------------------------------------------------- the regulator's own cadence

    /** The regulator's own state and verdict, or why they cannot be had. */
    public record Self(SelfCadence.State state, SelfCadence.Verdict verdict, String error) {
    }

    Self self(Evaluation e, Instant now) throws IOException {
        String text = reg.store().docs().read(ws.selfCadence());
        if (text == null) {
            return new Self(null, null, ws.rel(ws.selfCadence()) + " does not exist; run 'loopreg init' to add it");
        }
        List<Problem> problems = new ArrayList<>();
        SelfCadence.State s;
        try {
            s = SelfCadenceCodec.read(YamlDoc.parse(ws.rel(ws.selfCadence()), text), problems);
        } catch (YamlDoc.SyntaxException ex) {
            return new Self(null, null, ex.problem().toString());
        }
        if (s == null) {
            return new Self(null, null, String.join("; ", problems.stream().filter(Problem::isError).map(Problem::toString).toList()));
        }
        List<SelfCadence.Trigger> firing = firing(e);
        // the evaluation history is read only when the verdict depends on it, and once per evaluation
        List<SelfCadence.RunDigest> runs = SelfCadence.needsRuns(s, firing, now)
                ? reg.runs(now.minus(Duration.ofDays(s.settings().promoteAfterDays())), now, this::digests) : List.of();
        return new Self(s, SelfCadence.evaluateDigests(s, runs, firing, now), null);
    }

    /** The loops' demotion triggers firing in this evaluation (not the operator override: that is a person's act). */
    static List<SelfCadence.Trigger> firing(Evaluation e) {
        List<SelfCadence.Trigger> out = new ArrayList<>();
        for (LoopView v : e.loops()) {
            if (v.rec() == null) continue;
            for (RuleResult r : v.rec().firedTriggers()) {
                if (r.id().equals(CadenceRules.OPERATOR_OVERRIDE)) continue;
                out.add(new SelfCadence.Trigger(v.id(), r.id(), r.detail()));
            }
        }
        return out;
    }

    /**
     * The evaluation runs in {@code (from, now]}, oldest first, from runs.jsonl — or, when recommendations.jsonl holds runs
     * older than runs.jsonl's first and the window reaches before it (a workspace from before runs.jsonl), from
     * recommendations.jsonl itself.
     */
    List<SelfCadence.RunDigest> digests(Instant from, Instant now) throws IOException {
        dev.loopreg.store.RunLog.Window w = reg.store().runs().window(from, now);
        if (!w.reachesFrom()) {
            Instant first = reg.store().recommendations().firstEvaluatedAt();
            if (first != null && (w.oldest() == null || first.isBefore(w.oldest()))) {
                return SelfCadence.digests(runs(from, now));
            }
        }
        return w.runs();
    }

    /** The evaluation runs in {@code (from, now]} from recommendations.jsonl, oldest first. */
    List<SelfCadence.Run> runs(Instant from, Instant now) throws IOException {
        Map<Instant, Map<String, String>> byRun = new TreeMap<>();
        try (JsonLines.Newest<JsonNode> tail = reg.store().recommendations().newestFirst()) {
            while (tail.hasNext()) {
                JsonLines.Entry<JsonNode> l = tail.next();
                if (!l.ok()) continue;
                JsonNode n = l.value();
                Instant at;
                try {
                    at = Instants.parse(n.path("evaluated_at").asText(""));
                } catch (DateTimeParseException ex) {
                    continue;
                }
                if (!at.isAfter(from)) break;
                if (at.isAfter(now)) continue;
                String loop = n.path("loop").asText(null);
                if (loop == null) continue;
                byRun.computeIfAbsent(at, k -> new TreeMap<>()).putIfAbsent(loop, dev.loopreg.store.RecommendationLog.word(n));
            }
        }
        List<SelfCadence.Run> out = new ArrayList<>();
        byRun.forEach((at, m) -> out.add(new SelfCadence.Run(at, m)));
        return out;
    }

    // ---------------------------------------------------------------- the board

    /** The pending actions and what the dashboard shows beside the loops. */
    public record Board(List<PendingAction> actions, Dashboard.Board board, Self self) {
    }

    Board board(Evaluation e, Instant now) throws IOException {
        Self self = self(e, now);
        Evaluation.RotationView rv = e.rotation();
        List<PendingAction> actions = PendingActions.of(e.loops(), rv == null || rv.context() == null ? null : rv.context().status(),
                approvedIds(), openNoise(), self.state(), self.verdict());
        return new Board(actions, new Dashboard.Board(actions, urgentLines(), selfLines(self, e, now), sessionLines(now, self)), self);
    }

    /** The open urgent tasks by id, each with its {@code raised} line. */
    Map<Alerts.Open, JsonNode> openUrgent() throws IOException {
        Map<Alerts.Open, JsonNode> out = new LinkedHashMap<>();
        dev.loopreg.store.UrgentLedger ledger = reg.store().urgent(new ArrayList<>());
        for (Alerts.Open o : ledger.state().open().values().stream().sorted(java.util.Comparator.comparing(Alerts.Open::id)).toList()) {
            out.put(o, ledger.raised(o.id()));
        }
        return out;
    }

    /** The open urgent tasks, one line each. */
    List<String> urgentLines() throws IOException {
        List<String> out = new ArrayList<>();
        for (Map.Entry<Alerts.Open, JsonNode> u : openUrgent().entrySet()) {
            Alerts.Open o = u.getKey();
            out.add("**" + o.id() + "** — " + o.loop() + " `" + o.trigger() + "` fired, raised "
                    + (o.raisedAt() == null ? "?" : Instants.format(o.raisedAt())) + ": "
                    + Fmt.cell(u.getValue().path("title").asText("(no title)"))
                    + (o.delivered().isEmpty() ? "" : " (delivered to " + String.join(", ", o.delivered()) + ")")
                    + (o.acknowledged() == null ? "" : "; acknowledged by " + Fmt.cell(o.acknowledged().by()) + " at "
                    + (o.acknowledged().at() == null ? "?" : Instants.format(o.acknowledged().at()))));
        }
        return out;
    }

    /** The open urgent tasks as JSON (for the session bundle). */
    List<String> urgentJson() throws IOException {
        return openUrgent().values().stream().map(Json::line).toList();
    }

    static List<String> selfLines(Self self, Evaluation e, Instant now) {
        List<String> out = new ArrayList<>();
        if (self.state() == null) {
            out.add("Not evaluated: " + Fmt.cell(self.error()) + ".");
            return out;
        }
        SelfCadence.State s = self.state();
        SelfCadence.Verdict v = self.verdict();
        out.add("Phase " + s.phase().id() + (s.phaseSince() == null ? "" : " since " + Instants.format(s.phaseSince()))
                + ": collector `" + s.collectorCron() + "` (next " + next(s.collectorCron(), e, now) + "), session `"
                + s.sessionCron() + "` (next " + next(s.sessionCron(), e, now) + "); " + s.demotionCount() + " demotion"
                + (s.demotionCount() == 1 ? "" : "s") + ".");
        out.add("");
        out.add("> " + v.summary());
        if (v.windowFrom() != null && v.runs() > 0) {
            out.add("");
            out.add("Evidence: " + v.runs() + " evaluation runs in (" + Instants.format(v.windowFrom()) + ", " + Instants.format(now)
                    + "]" + (v.largestGap() == null ? "" : ", longest pause " + Fmt.duration(v.largestGap()))
                    + (v.changes().isEmpty() ? ", no recommendation changed." : ", " + v.changes().size() + " change"
                    + (v.changes().size() == 1 ? "" : "s") + ":"));
            for (SelfCadence.Change c : v.changes().subList(Math.max(0, v.changes().size() - 5), v.changes().size())) {
                out.add("- " + Instants.format(c.at()) + " " + c.loop() + ": " + c.before() + " → " + c.after());
            }
        }
        for (SelfCadence.Trigger t : v.triggers()) {
            out.add("- " + t.loop() + " `" + t.rule() + "`: " + Fmt.cell(t.detail()));
        }
        if (v.isChange()) {
            out.add("");
            out.add("Apply with `loopreg apply regulator` (or tick its box above, then `loopreg apply --approved`).");
        }
        return out;
    }

    private static String next(String cron, Evaluation e, Instant now) {
        Instant n = Dashboard.nextCycle(cron, e.policy(), now);
        return n == null ? "—" : Instants.format(n);
    }

    List<String> sessionLines(Instant now, Self self) throws IOException {
        List<String> out = new ArrayList<>();
        JsonNode last = null;
        try (JsonLines.Newest<JsonNode> tail = reg.store().sessions().newestFirst()) {
            while (tail.hasNext() && last == null) {
                JsonLines.Entry<JsonNode> l = tail.next();
                if (l.ok()) last = l.value();   // the others are reported by validate
            }
        }
        if (last == null) {
            out.add("No session recorded yet. Prepare one with `loopreg session prepare`, record its outcome with "
                    + "`loopreg session record FILE`.");
            return out;
        }
        StringBuilder sb = new StringBuilder("Last session **" + last.path("id").asText() + "**, held " + last.path("held_at").asText()
                + " by " + Fmt.cell(last.path("by").asText()) + " (" + (last.path("success").asBoolean() ? "success" : "**not successful**")
                + ", " + Fmt.duration(Duration.ofSeconds(last.path("duration_sec").asLong())) + ")");
        List<String> verdicts = new ArrayList<>();
        for (JsonNode v : last.path("verdicts")) verdicts.add(v.path("loop").asText() + " " + v.path("verdict").asText());
        if (!verdicts.isEmpty()) sb.append(": ").append(String.join(", ", verdicts));
        sb.append('.');
        out.add(sb.toString());
        JsonNode proposals = last.path("cadence_proposals");
        if (proposals.size() > 0) {
            out.add("");
            out.add("Cadence proposals of that session (never applied: a person decides; all are in `"
                    + ws.rel(ws.cadenceProposals()) + "`):");
            for (JsonNode p : proposals) {
                out.add("- " + p.path("loop").asText() + ": " + proposalText(p) + " — " + Fmt.cell(p.path("reason").asText()));
            }
        }
        return out;
    }

    static String proposalText(JsonNode p) {
        List<String> parts = new ArrayList<>();
        if (p.hasNonNull("phase")) parts.add("phase " + p.get("phase").asText());
        if (p.hasNonNull("cron")) parts.add("cron `" + p.get("cron").asText() + "`");
        return String.join(", ", parts);
    }

    // ---------------------------------------------------------------- ticked checkboxes

    /**
     * Records every ticked, pending, not yet approved checkbox of {@code dashboardText} as an approval, by the
     * author of the commit that ticked it (git blame) — or, for an uncommitted tick or a workspace outside git, by
     * {@code $LOOPREG_USER}/{@code $USER}. A ticked box whose action is no longer pending is reported and ignored.
     *
     * @return how many approvals were recorded
     */
    int ingest(String dashboardText, Board b, Evaluation e, Instant now) throws IOException, RegulatorException {
        List<Checkboxes.Box> ticked = Checkboxes.ticked(dashboardText);
        if (ticked.isEmpty()) return 0;
        Map<String, PendingAction> pending = new LinkedHashMap<>();
        for (PendingAction a : b.actions()) pending.put(a.id(), a);
        List<Checkboxes.Box> todo = new ArrayList<>();
        String rel = ws.rel(ws.dashboard());
        Set<String> recorded = approvedIds();
        for (Checkboxes.Box box : ticked) {
            PendingAction a = pending.get(box.id());
            if (a == null && recorded.contains(box.id())) {
                continue; // recorded before and carried out since: nothing to say
            }
            if (a == null) {
                reg.notice(rel + ":" + box.line() + ": the ticked action '" + box.id() + "' is not pending any more (carried out, "
                        + "or from an earlier phase); ignored");
            } else if (!a.approved()) {
                todo.add(box);
            }
        }
        if (todo.isEmpty()) return 0;
        Map<Integer, GitBlame.Author> authors;
        try {
            authors = GitBlame.authors(ws.dashboard(), todo.stream().map(Checkboxes.Box::line).toList());
        } catch (IOException | RuntimeException ex) {
            reg.notice(rel + ": git blame failed (" + ex.getMessage() + "); ticks are recorded by $LOOPREG_USER/$USER");
            authors = Map.of();
        }
        int n = 0;
        for (Checkboxes.Box box : todo) {
            PendingAction a = pending.get(box.id());
            GitBlame.Author au = authors.get(box.line());
            String by = au != null && au.name() != null ? au.display() : user();
            String commit = au == null ? null : au.commit();
            String how = au == null ? "not a git repository" : au.name() == null ? "uncommitted" : "commit " + commit.substring(0, 12);
            String source = rel + ":" + box.line();
            ObjectNode line = Json.object();
            line.put("at", Instants.format(now));
            line.put("event", "approved");
            line.put("action", a.id());
            line.put("kind", a.id().substring(0, a.id().indexOf(':')));
            line.put("by", by);
            if (commit == null) line.putNull("commit"); else line.put("commit", commit);
            line.put("source", source + " (" + how + ")");
            line.put("label", box.label());
            // one plan: what the tick approves and its line in approvals.jsonl
            java.util.function.UnaryOperator<Plan> approvalLine = p -> reg.store().approvals().append(p, a.id(), List.of(line));
            if (a instanceof PendingAction.Promote p) {
                new Approvals(reg).approveLocked(e, p.loop(), Approval.APPROVED, now, by, "ticked on " + source + " (" + how + ")", "dashboard",
                        null, p.epoch(), approvalLine);
            } else {
                Plan plan = new Plan("loopreg evaluate (ticked on " + source + ")");
                if (a instanceof PendingAction.ResolveNoise r) {
                    ObjectNode res = Json.object();
                    res.put("id", r.noiseId());
                    res.put("event", "resolved");
                    res.put("at", Instants.format(now));
                    res.put("by", by);
                    res.put("via", source + " (" + how + ")");
                    reg.store().noise().append(plan, r.noiseId(), List.of(res));
                }
                reg.carryOut(approvalLine.apply(plan));
            }
            reg.notice(source + ": ticked \"" + box.label() + "\" recorded as approved by " + by + " (" + how + ")");
            n++;
        }
        return n;
    }

    String user() {
        String u = env.apply("LOOPREG_USER");
        if (u != null && !u.isBlank()) return u;
        u = env.apply("USER");
        return u != null && !u.isBlank() ? u : "unknown";
    }

    /** The JSON of the board's actions and the regulator's own cadence (evaluate --json). */
    static ObjectNode selfJson(Self self) {
        ObjectNode o = Json.object();
        if (self.state() == null) {
            o.put("error", self.error());
            return o;
        }
        SelfCadence.State s = self.state();
        SelfCadence.Verdict v = self.verdict();
        o.put("phase", s.phase().id());
        o.put("collector_cron", s.collectorCron());
        o.put("session_cron", s.sessionCron());
        o.put("phase_since", s.phaseSince() == null ? null : Instants.format(s.phaseSince()));
        o.put("recommendation", v.word());
        if (v.to() == null) o.putNull("to_phase"); else o.put("to_phase", v.to().id());
        o.put("summary", v.summary());
        o.put("runs", v.runs());
        o.put("window_from", v.windowFrom() == null ? null : Instants.format(v.windowFrom()));
        if (v.largestGap() == null) o.putNull("largest_gap_seconds"); else o.put("largest_gap_seconds", v.largestGap().toSeconds());
        ArrayNode ch = o.putArray("changes");
        for (SelfCadence.Change c : v.changes()) {
            ObjectNode x = ch.addObject();
            x.put("loop", c.loop());
            x.put("at", Instants.format(c.at()));
            x.put("before", c.before());
            x.put("after", c.after());
        }
        ArrayNode tr = o.putArray("triggers");
        for (SelfCadence.Trigger t : v.triggers()) {
            ObjectNode x = tr.addObject();
            x.put("loop", t.loop());
            x.put("rule", t.rule());
            x.put("detail", t.detail());
        }
        return o;
    }

    static ArrayNode actionsJson(List<PendingAction> actions) {
        ArrayNode a = Mappers.JSON.createArrayNode();
        for (PendingAction p : actions) {
            ObjectNode x = a.addObject();
            x.put("id", p.id());
            x.put("label", p.label());
            x.put("approved", p.approved());
        }
        return a;
    }

    /** Whether a cron is usable (for the definitions). */
    static boolean validCron(String c) {
        return c != null && Crons.problem(c).isEmpty();
    }
}
