package dev.loopreg.regulator;

import dev.loopreg.workspace.RegulatorException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopreg.source.HttpJson;
import dev.loopreg.source.SourceException;
import dev.loopreg.source.StateHub;
import dev.loopreg.decision.DecisionIds;
import dev.loopreg.decision.RotationDecision;
import dev.loopreg.format.Instants;
import dev.loopreg.format.Problem;
import dev.loopreg.format.YamlDoc;
import dev.loopreg.report.Json;
import dev.loopreg.report.RotationJson;
import dev.loopreg.rotation.Automation;
import dev.loopreg.rotation.Cycles;
import dev.loopreg.rotation.Roster;
import dev.loopreg.rotation.RotationEvent;
import dev.loopreg.rotation.RotationPolicy;
import dev.loopreg.rotation.RotationStatus;
import dev.loopreg.rotation.Verdict;
import dev.loopreg.workspace.AtomicFiles;
import dev.loopreg.workspace.CollectSettings;
import dev.loopreg.workspace.LoopConfig;
import dev.loopreg.store.SaturationLog;
import dev.loopreg.workspace.SchedulePatch;
import dev.loopreg.workspace.Workspace;
import dev.loopreg.store.DecisionLog;
import dev.loopreg.store.JsonLines;
import dev.loopreg.store.Plan;
import dev.loopreg.store.RosterFile;
import dev.loopreg.workspace.WorkspaceLock;
import dev.loopreg.store.WorkspaceReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The rotation use cases (ADR-004): the rotation picture, {@code rotate}, {@code revisit}, the roster, and
 * the automatic rotation {@code evaluate} performs once automation is earned. Reads through the pure
 * {@code rotation} core; writes decisions first, then the repo's schedule.yml, then roster.yaml.
 */
public final class Rotations {

    private final Regulator reg;
    private final Workspace ws;
    private final WorkspaceReader reader;
    private final Function<String, String> env;

    public Rotations(Regulator reg, Function<String, String> env) {
        this.reg = reg;
        this.ws = reg.workspace();
        this.reader = new WorkspaceReader(reg.store());
        this.env = env;
    }

    /**
     * Everything read for one rotation evaluation.
     *
     * @param rosterText the roster file's text (null when it does not exist)
     * @param problems   lines of saturation.jsonl or decisions.jsonl that were left out, and roster warnings
     * @param snapshots  the snapshots read for the active repos (the quality curves of the web page)
     */
    public record Context(RotationPolicy policy, LoopConfig loop, Roster roster, String rosterText, Cycles cycles,
                          List<RotationEvent> events, RotationStatus status, List<String> problems,
                          List<dev.loopreg.rotation.Snapshot> snapshots) {
        public Context {
            snapshots = List.copyOf(snapshots);
        }
    }

    // ---------------------------------------------------------------- reading

    /** Reads the rotation picture at {@code now}. Writes nothing. */
    public Context read(Instant now) throws RegulatorException, IOException {
        Regulator.requireWorkspace(ws);
        List<Problem> problems = new ArrayList<>();
        RotationPolicy p = reader.rotationPolicy(problems);
        failOn(problems, "the rotation policy cannot be used");
        String loop = p.loop();
        if (!Files.isDirectory(ws.loopDir(loop))) {
            throw new RegulatorException(RegulatorException.BAD_INPUT, "no loop '" + loop + "' in " + ws.root() + " (the loop named by "
                    + ws.rel(ws.rotationPolicy()) + " 'loop'); expected " + ws.rel(ws.loopDir(loop)) + "/");
        }
        LoopConfig config = LoopConfig.defaults(loop);
        YamlDoc ldoc = reader.yaml(ws.loopConfig(loop), false, problems);
        if (ldoc != null) config = LoopConfig.read(loop, ldoc, problems);
        RosterFile rosterFile = reg.store().roster(loop);
        RosterFile.Read rosterRead;
        try {
            rosterRead = rosterFile.read(problems);
        } catch (YamlDoc.SyntaxException e) {
            throw new RegulatorException(RegulatorException.BAD_INPUT, e.problem().toString());
        }
        Roster roster = rosterRead.roster();
        String rosterText = rosterRead.text();
        failOn(problems, "the roster cannot be used");
        List<String> notes = new ArrayList<>(problems.stream().map(Problem::toString).toList());
        if (rosterText == null) {
            notes.add(rosterFile.rel() + ": file is missing; the roster is empty (run 'loopreg init' to write it)");
        }
        Map<String, Instant> active = new LinkedHashMap<>();
        roster.active().forEach(e -> active.put(e.repo(), e.since()));
        SaturationLog.Read log = reg.store().saturation(loop).read(active, p.agent(),
                Math.max(2 * p.windowCycles(), p.warmupCycles()), Math.max(1, p.cooldownCycles()), now);
        notes.addAll(log.problems());
        List<RotationEvent> events = events(notes, now);
        RotationStatus status = RotationStatus.of(roster, log.snapshots(), events, log.cycles(), p, now);
        return new Context(p, config, roster, rosterText, log.cycles(), events, status, notes, log.snapshots());
    }

    private static void failOn(List<Problem> problems, String what) throws RegulatorException {
        List<String> errors = problems.stream().filter(Problem::isError).map(Problem::toString).toList();
        if (!errors.isEmpty()) {
            throw new RegulatorException(RegulatorException.BAD_INPUT, what + ":\n" + String.join("\n", errors));
        }
    }

    /** The rotations and revisits of decisions.jsonl up to {@code now}. */
    List<RotationEvent> events(List<String> notes, Instant now) throws IOException {
        List<RotationEvent> out = new ArrayList<>();
        DecisionLog log = reg.store().decisions();
        for (JsonLines.Entry<JsonNode> l : log.mentioning(List.of(RotationEvent.ROTATION, RotationEvent.REVISIT))) {
            if (!l.ok()) continue;   // reported by validate
            JsonNode n = l.value();
            String kind = n.path("kind").asText("");
            if (!kind.equals(RotationEvent.ROTATION) && !kind.equals(RotationEvent.REVISIT)) continue;
            try {
                Instant at = Instants.parse(n.path("at").asText(""));
                if (at.isAfter(now)) continue;
                out.add(new RotationEvent(n.path("id").asText(), kind, n.path("repo").asText(), at,
                        n.path("recommended").asBoolean(false), n.path("automatic").asBoolean(false),
                        n.path("unconfirms").isTextual() ? n.get("unconfirms").asText() : null));
            } catch (RuntimeException e) {
                notes.add(log.where(l) + ": a " + kind + " decision without a readable 'at'; left out of "
                        + "the automation count");
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- rotate

    /** What a rotation did. */
    public record Rotated(RotationDecision decision, Roster.Rotation move, List<String> changedFiles, String progressEvent,
                          String progressFailure) {
    }

    /**
     * {@code loopreg rotate REPO}.
     *
     * @throws RegulatorException REFUSED (exit 3) when the repo is not a candidate or the roster is in its cooldown,
     *                            unless {@code force} (with a reason); BAD_INPUT for a repo not on the roster
     */
    public Rotated rotate(String repo, Instant now, String by, boolean force, String reason) throws RegulatorException, IOException {
        PersonText.by(by);
        PersonText.reason(reason);
        if (force && (reason == null || reason.isBlank())) {
            throw new RegulatorException(RegulatorException.BAD_INPUT, "--force needs --reason TEXT: say why the repo is rotated "
                    + "against the regulator's verdict");
        }
        try (WorkspaceLock ignored = reg.lock("loopreg rotate " + repo)) {
            Context c = read(now);
            Rotated r = rotateLocked(c, repo, now, by, force, reason, false);
            reg.refreshDashboard(now);
            return r;
        }
    }

    Rotated rotateLocked(Context c, String repo, Instant now, String by, boolean force, String reason, boolean automatic)
            throws RegulatorException, IOException {
        RotationPolicy p = c.policy();
        String id = DecisionIds.next(reg.usedDecisionIds());
        Roster.Rotation move;
        try {
            move = c.roster().rotate(repo, now, id, p.maxActive());
        } catch (Roster.MoveException e) {
            throw new RegulatorException(e.refused() ? RegulatorException.REFUSED : RegulatorException.BAD_INPUT,
                    "cannot rotate: " + e.getMessage());
        }
        Verdict v = c.status().verdict(repo);
        Automation.Cooldown cooldown = c.status().gate().cooldown();
        if (!force) {
            if (!v.candidate()) {
                throw new RegulatorException(RegulatorException.REFUSED, "not rotated: " + repo + " is not a rotation candidate — "
                        + v.summary() + "\n" + signalLines(v) + "\nTo rotate it anyway: loopreg rotate " + repo + " --force --reason TEXT");
            }
            if (cooldown.active()) {
                throw new RegulatorException(RegulatorException.REFUSED, "not rotated: the roster is in its " + cooldown.detail()
                        + "; cooldown_cycles is " + p.cooldownCycles() + ". To rotate anyway: loopreg rotate " + repo
                        + " --force --reason TEXT");
            }
        }
        Path root = ws.resolve(c.loop().reposRoot());
        String rootRel = c.loop().reposRoot();
        // every new text is made before anything is written: a schedule that cannot be patched changes nothing
        Path schedule = root.resolve(repo).resolve(".kaizen/schedule.yml");
        String scheduleRel = rootRel + "/" + repo + "/.kaizen/schedule.yml";
        if (!Files.isDirectory(root.resolve(repo))) {
            throw new RegulatorException(RegulatorException.BAD_INPUT, rootRel + "/" + repo + ": repo directory is missing; expected "
                    + "a clone under repos_root to pause its " + p.agent() + " schedule. Nothing was changed.");
        }
        String oldSchedule = Files.exists(schedule) ? AtomicFiles.read(schedule) : null;
        String newSchedule;
        try {
            newSchedule = SchedulePatch.setEnabled(scheduleRel, oldSchedule, p.agent(), false, "paused by loopreg rotate (" + id + ")");
        } catch (SchedulePatch.PatchException e) {
            throw new RegulatorException(RegulatorException.BAD_INPUT, e.getMessage() + ". Nothing was changed.");
        }
        String promotedRel = null;
        Path promotedSchedule = null;
        String newPromoted = null;
        List<String> notes = new ArrayList<>();
        if (move.note() != null) notes.add(move.note());
        if (move.promoted() != null) {
            String pr = move.promoted().repo();
            promotedSchedule = root.resolve(pr).resolve(".kaizen/schedule.yml");
            promotedRel = rootRel + "/" + pr + "/.kaizen/schedule.yml";
            if (!Files.exists(promotedSchedule)) {
                notes.add(promotedRel + " does not exist: " + pr + "'s " + p.agent() + " schedule was not touched");
                promotedSchedule = null;
            } else {
                String text = AtomicFiles.read(promotedSchedule);
                try {
                    YamlDoc d = YamlDoc.parse(promotedRel, text);
                    JsonNode en = d.at("/" + p.agent() + "/enabled");
                    if (en.isBoolean() && !en.booleanValue()) {
                        newPromoted = SchedulePatch.setEnabled(promotedRel, text, p.agent(), true, "resumed by loopreg rotate (" + id + ")");
                    } else {
                        promotedSchedule = null;
                    }
                } catch (YamlDoc.SyntaxException | SchedulePatch.PatchException e) {
                    notes.add((e instanceof YamlDoc.SyntaxException s ? s.problem().toString() : e.getMessage())
                            + " — " + pr + "'s schedule was not re-enabled");
                    promotedSchedule = null;
                }
            }
        }
        boolean recommended = v.candidate() && !cooldown.active();
        String why = reason != null && !reason.isBlank() ? reason.strip() : v.summary();
        RotationDecision d = new RotationDecision(id, RotationDecision.ROTATION, p.loop(), repo, Roster.ACTIVE, Roster.SATURATED, now, by,
                why, recommended, force, automatic, move.promoted() == null ? null : move.promoted().repo(), notes,
                scheduleRel, p.agent(), oldSchedule == null || !newSchedule.equals(oldSchedule),
                newPromoted != null ? promotedRel : null, null, RotationJson.verdict(v, true), cooldown.detail());

        // one plan: the decision, the schedules and the roster are changed together or not at all
        List<String> changed = new ArrayList<>();
        Plan plan = decisionPlan((automatic ? "loopreg evaluate (automatic rotation of " : "loopreg rotate ") + repo
                + (automatic ? ")" : ""), d);
        changed.add(ws.rel(ws.decisions()));
        if (oldSchedule == null || !newSchedule.equals(oldSchedule)) {
            plan.replace(schedule, newSchedule);
            changed.add(scheduleRel);
        }
        if (newPromoted != null) {
            plan.replace(promotedSchedule, newPromoted);
            changed.add(promotedRel);
        }
        RosterFile roster = reg.store().roster(p.loop());
        roster.replace(plan, new RosterFile.Read(c.rosterText(), c.roster()), move.after());
        changed.add(roster.rel());
        changed.addAll(DefinitionRepos.plan(reg, p.loop(), move.after().active().stream().map(Roster.Entry::repo).toList(), plan));
        String eventKey = queueProgressEvent(plan, d, v);
        reg.carryOut(plan);

        Sent progress = progressEvent(eventKey, d, now);
        return new Rotated(d, move, changed, progress.reference(), progress.failure());
    }

    /** A plan that starts with a rotation decision: its line in decisions.jsonl and its Markdown record. */
    private Plan decisionPlan(String command, RotationDecision d) {
        return new Plan(command)
                .then(p -> reg.store().decisions().append(p, d.id(), List.of(d.json())))
                .replace(reg.store().decisions().record(d.id(), d.slug()), d.markdown());
    }

    private static String signalLines(Verdict v) {
        StringBuilder sb = new StringBuilder();
        v.signals().forEach(s -> sb.append("  ").append(s.id()).append(": ").append(s.word()).append(" — ").append(s.detail()).append('\n'));
        return sb.toString().stripTrailing();
    }

    /** What became of a decision's progress event: its reference ("sent" without one), or why it was not sent; both null when state-hub is not configured. */
    private record Sent(String reference, String failure) {
    }

    /**
     * Adds the decision's progress event to its plan's outbox when state-hub is configured ({@code state_hub.url}): it is
     * then written with the decision or not at all, and sent until it lands. Returns its key, or null when none is queued.
     */
    private String queueProgressEvent(Plan plan, RotationDecision d, Verdict v) throws IOException {
        if (Deliveries.config(reg).collect().stateHub().url() == null) return null;
        ObjectNode ev = Json.object();
        ev.put("repo", d.repo());
        ev.put("kind", d.kind());
        ev.put("decision", d.id());
        ev.put("at", Instants.format(d.at()));
        ev.put("by", d.by());
        ev.put("summary", d.title());
        if (d.promoted() != null) ev.put("promoted", d.promoted());
        if (v != null) ev.put("saturation_score", v.saturationScore());
        String key = "loopreg-" + d.kind() + "-" + d.id();
        var delivery = new dev.loopreg.outbox.Delivery(key, dev.loopreg.outbox.Delivery.STATE_HUB, "/progress-events", d.id(), ev, d.at());
        reg.store().outbox().append(plan, key, List.of(dev.loopreg.outbox.Outbox.queued(delivery)));
        return key;
    }

    /** Sends the decision's progress event right away (the outbox sends it again until it lands); what became of it. */
    private Sent progressEvent(String key, RotationDecision d, Instant now) throws IOException {
        if (key == null) return new Sent(null, null);
        try {
            var sent = new Deliveries(reg, env).deliver(now, java.util.Set.of(key), true, true);   // under the rotation's lock
            if (sent.isEmpty()) return new Sent(null, null);
            var x = sent.get(0);
            if (x.delivered()) return new Sent(x.reference() == null ? "sent" : x.reference(), null);
            return new Sent(null, x.reason() + " (the progress event of " + d.id() + " is " + (x.dead() != null ? "a dead letter: "
                    + "loopreg outbox retry " + key : "in the outbox: loopreg deliver, or serve, sends it again") + ")");
        } catch (RegulatorException e) {
            return new Sent(null, e.getMessage() + " (the progress event of " + d.id() + " is in the outbox: loopreg deliver sends it)");
        }
    }

    // ---------------------------------------------------------------- revisit

    /** What a revisit did. */
    public record Revisited(RotationDecision decision, Roster after, String progressEvent, String progressFailure) {
    }

    /** {@code loopreg revisit REPO --reason TEXT}: a saturated repo goes back to the head of the queue. */
    public Revisited revisit(String repo, Instant now, String by, String reason) throws RegulatorException, IOException {
        PersonText.by(by);
        PersonText.reason(reason);
        if (reason == null || reason.isBlank()) {
            throw new RegulatorException(RegulatorException.BAD_INPUT, "--reason must say why the repo is revisited "
                    + "(a CI regression, a new workstream, ...)");
        }
        try (WorkspaceLock ignored = reg.lock("loopreg revisit " + repo)) {
            Context c = read(now);
            String id = DecisionIds.next(reg.usedDecisionIds());
            Roster after;
            try {
                after = c.roster().revisit(repo, now, id, reason.strip());
            } catch (Roster.MoveException e) {
                throw new RegulatorException(e.refused() ? RegulatorException.REFUSED : RegulatorException.BAD_INPUT,
                        "cannot revisit: " + e.getMessage());
            }
            String unconfirms = Automation.unconfirms(c.events(), repo, c.cycles(), c.policy()).orElse(null);
            List<String> notes = new ArrayList<>();
            if (unconfirms != null) {
                notes.add("revisited within the cooldown of " + unconfirms + ": that rotation no longer counts as confirmed");
            }
            RotationDecision d = new RotationDecision(id, RotationDecision.REVISIT, c.policy().loop(), repo, Roster.SATURATED,
                    Roster.QUEUE, now, by, reason.strip(), false, false, false, null, notes, null, c.policy().agent(), false, null,
                    unconfirms, null, null);
            Plan plan = reg.store().roster(c.policy().loop()).replace(decisionPlan("loopreg revisit " + repo, d),
                    new RosterFile.Read(c.rosterText(), c.roster()), after);
            DefinitionRepos.plan(reg, c.policy().loop(), after.active().stream().map(Roster.Entry::repo).toList(), plan);
            String eventKey = queueProgressEvent(plan, d, null);
            reg.carryOut(plan);
            Sent progress = progressEvent(eventKey, d, now);
            reg.refreshDashboard(now);
            return new Revisited(d, after, progress.reference(), progress.failure());
        }
    }

    // ---------------------------------------------------------------- automatic rotation (evaluate)

    /** What {@code evaluate} did about rotation: the rotation it carried out, or why not. */
    public record Auto(Rotated rotated, String reason) {
    }

    /** Under the caller's lock: rotates the most saturated candidate when automation is earned. */
    Auto autoLocked(Context c, Instant now) throws IOException {
        Automation.Gate g = c.status().gate();
        if (!g.mode().equals("auto")) {
            return new Auto(null, null);
        }
        if (c.status().candidates().isEmpty()) {
            return new Auto(null, "no rotation candidate");
        }
        Verdict first = c.status().candidates().get(0);
        if (!g.mayAutoRotate()) {
            return new Auto(null, first.repo() + " is a candidate, not rotated automatically: " + g.reason());
        }
        try {
            Rotated r = rotateLocked(c, first.repo(), now, "loopreg (automation.mode auto)", false, null, true);
            return new Auto(r, first.repo() + " rotated automatically (" + r.decision().id() + "): " + g.reason());
        } catch (RegulatorException e) {
            return new Auto(null, first.repo() + " is a candidate, but the automatic rotation failed: " + e.getMessage());
        }
    }
}
