package dev.loopreg.regulator;

import dev.loopreg.workspace.RegulatorException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopreg.cadence.CadenceRules;
import dev.loopreg.cadence.CadenceState;
import dev.loopreg.cadence.PhaseWindow;
import dev.loopreg.cadence.Recommendation;
import dev.loopreg.cadence.RuleResult;
import dev.loopreg.cadence.Transitions;
import dev.loopreg.decision.Decision;
import dev.loopreg.decision.DecisionIds;
import dev.loopreg.decision.DecisionMarkdown;
import dev.loopreg.format.FrontMatter;
import dev.loopreg.format.Instants;
import dev.loopreg.format.YamlDoc;
import dev.loopreg.report.Json;
import dev.loopreg.report.LoopView;
import dev.loopreg.workspace.AtomicFiles;
import dev.loopreg.workspace.LoopId;
import dev.loopreg.workspace.Workspace;
import dev.loopreg.store.CadenceFile;
import dev.loopreg.store.Plan;
import dev.loopreg.workspace.WorkspaceLock;
import dev.loopreg.workspace.YamlEdit;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The use cases that change a loop's phase: {@code apply LOOP} (a promote or demote the rules recommend), {@code demote
 * LOOP --reason} (the operator override), {@code apply --approved} (every approved pending action still recommended) and
 * {@code apply regulator} (the regulator's own cadence). Each change is one plan — its decision line, its Markdown record,
 * {@code cadence.yml} and the definitions' crons — carried out through the journal under the workspace lock.
 */
public final class Changes {

    private final Regulator reg;
    private final Workspace ws;
    private final java.util.function.Function<String, String> env;

    public Changes(Regulator reg) {
        this.reg = reg;
        this.ws = reg.workspace();
        this.env = reg.env();
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
        PersonText.by(by);
        try (WorkspaceLock ignored = reg.lock("loopreg apply " + id)) {
            Evaluation e = reg.evaluateAll(now);
            LoopView v = reg.requireLoop(e, id);
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
        PersonText.by(by);
        PersonText.reason(reason);
        if (reason == null || reason.isBlank()) {
            throw new RegulatorException(RegulatorException.BAD_INPUT, "--reason must say why the loop is demoted");
        }
        try (WorkspaceLock ignored = reg.lock("loopreg demote " + id)) {
            Evaluation e = reg.evaluateAll(now);
            LoopView v = reg.requireLoop(e, id);
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
        PersonText.by(by);
        try (WorkspaceLock ignored = reg.lock("loopreg apply --approved")) {
            List<ApprovedResult> out = new ArrayList<>();
            Evaluation e = reg.evaluateAll(now);
            Actions acts = new Actions(reg, env);
            String board = reg.readDashboard();
            if (board != null && acts.ingest(board, acts.board(e, now), e, now) > 0) {
                e = reg.evaluateAll(now);
            }
            List<dev.loopreg.decision.PendingAction> approved = acts.board(e, now).actions().stream()
                    .filter(dev.loopreg.decision.PendingAction::approved).toList();
            for (dev.loopreg.decision.PendingAction a : approved) {
                e = reg.evaluateAll(now);
                try {
                    out.add(carryOutApproved(e, a, acts, now, by));
                } catch (RegulatorException ex) {
                    out.add(new ApprovedResult(a.id(), a.label(), false, ex.getMessage()));
                }
            }
            reg.afterChange(now);
            return out;
        }
    }

    private ApprovedResult carryOutApproved(Evaluation e, dev.loopreg.decision.PendingAction a, Actions acts, Instant now, String by)
            throws RegulatorException, IOException {
        if (a instanceof dev.loopreg.decision.PendingAction.Promote || a instanceof dev.loopreg.decision.PendingAction.Demote) {
            String loop = a instanceof dev.loopreg.decision.PendingAction.Promote p ? p.loop()
                    : ((dev.loopreg.decision.PendingAction.Demote) a).loop();
            LoopView v = reg.requireLoop(e, loop);
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
            Rotations rot = new Rotations(reg, env);
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
        PersonText.by(by);
        try (WorkspaceLock ignored = reg.lock("loopreg apply regulator")) {
            Evaluation e = reg.evaluateAll(now);
            SelfApplied done = applySelfLocked(e, new Actions(reg, env), now, by);
            reg.afterChange(now);
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
        String id = DecisionIds.next(reg.usedDecisionIds());
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
                .then(p -> reg.store().decisions().append(p, id, List.of(d)))
                .replace(reg.store().decisions().record(id, slug), selfDecisionMarkdown(id, d, self))
                .replace(ws.selfCadence(), dev.loopreg.workspace.SelfCadenceCodec.render(after));
        List<Path> defs = new ArrayList<>(definitionCrons("role", "collector", after.collectorCron(), plan));
        defs.addAll(definitionCrons("role", "session", after.sessionCron(), plan));
        reg.carryOut(plan);
        if (defs.isEmpty()) {
            reg.notice("no activity definition has role: collector or role: session, so no definition cron was changed; "
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
        reg.afterChange(now);
        return a;
    }

    private Applied carryOutLocked(Evaluation e, LoopView v, Recommendation rec, Instant now, String by, String reason)
            throws IOException, RegulatorException {
        CadenceState before = v.state();
        CadenceState after = Transitions.apply(before, rec, e.policy(), now);
        String kind = rec instanceof Recommendation.Promote ? "promotion" : "demotion";
        String id = DecisionIds.next(reg.usedDecisionIds());
        Decision d = new Decision(id, kind, v.id(), before.phase(), after.phase(), now, by, reason, rec, before, after.cron());

        // one plan: the decision, its record, the state and the definitions' crons are made together or not at all
        Plan plan = new Plan("loopreg " + (kind.equals("promotion") ? "apply " : "demote ") + v.id())
                .then(p -> reg.store().decisions().append(p, d.id(), List.of(Json.decision(d))))
                .replace(reg.store().decisions().record(d.id(), d.slug()), DecisionMarkdown.render(d));
        try {
            reg.store().cadence(v.id()).replaceState(plan, after);
        } catch (CadenceFile.NotUpdatable ex) {
            throw new RegulatorException(RegulatorException.BAD_INPUT, ex.getMessage());
        }
        List<Path> defs = definitionCrons("loop", v.id(), after.cron(), plan);
        reg.carryOut(plan);
        return new Applied(d, after, defs);
    }

    /**
     * Plans setting {@code cron} in the front matter of every activity definition whose {@code key} is {@code value}: bound to
     * a loop ({@code loop: ID}) or playing a role of the regulator ({@code role: collector | session}).
     */
    List<Path> definitionCrons(String key, String loop, String cron, Plan plan) throws IOException {
        List<Path> updated = new ArrayList<>();
        for (DefinitionRepos.Bound b : DefinitionRepos.bound(reg, key, loop, "cron")) {
            if (cron.equals(b.doc().at("/cron").asText(null))) continue;
            String yaml = YamlEdit.set(b.fm().yaml(), List.of("cron"), YamlEdit.quote(cron));
            plan.replace(b.file(), FrontMatter.join(yaml, b.fm().body()));
            updated.add(b.file());
        }
        return updated;
    }
}
