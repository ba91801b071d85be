package dev.loopreg.regulator;

import dev.loopreg.store.Store;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopreg.format.Instants;
import dev.loopreg.format.Problem;
import dev.loopreg.report.Json;
import dev.loopreg.report.LoopView;
import dev.loopreg.report.PendingActions;
import dev.loopreg.session.Outcome;
import dev.loopreg.workspace.LoopId;
import dev.loopreg.workspace.Workspace;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A session outcome held against the workspace as it is now (pure but for reading nothing: the evaluation is passed
 * in): which verdicts name loops, actions and noise sources that exist, which were given for a phase the loop has left
 * (stale: refused), and the session line that records what the recording is to do.
 */
final class OutcomeChecks {

    private OutcomeChecks() {
    }

    /** @param resuming the id of the session whose interrupted recording this completes, or null */
    static void check(Store store, Outcome o, Evaluation e, Actions acts, String shown, List<Problem> problems, String resuming) throws IOException {
        Workspace ws = store.workspace();
        Set<String> loops = new java.util.TreeSet<>(e.loops().stream().map(LoopView::id).toList());
        String known = loops.isEmpty() ? "none" : String.join(", ", loops);
        for (Outcome.LoopVerdict v : o.loops()) {
            LoopView view = e.loop(v.loop()).orElse(null);
            if (view == null) {
                problems.add(Problem.error(shown, v.line(), "loops." + v.loop() + ": no such loop in " + ws.root() + "; loops: " + known));
            } else if (view.state() == null) {
                problems.add(Problem.error(shown, v.line(), "loops." + v.loop() + ": its cadence.yml is unusable ("
                        + String.join("; ", view.errors()) + ")"));
            } else if (v.verdict() == Outcome.Verdict.PROMOTE && view.state().phase().next().isEmpty()) {
                problems.add(Problem.error(shown, v.line(), "loops." + v.loop() + ": promote, but the loop is in "
                        + view.state().phase().id() + ", the last phase; expected hold or demote"));
            }
        }
        for (Outcome.Noise n : o.noise()) {
            if (!loops.contains(n.loop())) {
                problems.add(Problem.error(shown, n.line(), "noise_sources: loop '" + n.loop() + "' is not a loop of this workspace; loops: " + known));
            }
        }
        Set<String> open = new java.util.HashSet<>(acts.openNoise().stream().map(PendingActions.OpenNoise::id).toList());
        for (Outcome.Resolved r : o.resolved()) {
            boolean resolvedByThis = resuming != null && store.noise().values().stream().anyMatch(x -> x.path("id").asText()
                    .equals(r.id()) && x.path("event").asText().equals("resolved") && x.path("via").asText().equals("session " + resuming));
            if (!open.contains(r.id()) && !resolvedByThis) {
                problems.add(Problem.error(shown, r.line(), "resolved_noise: " + r.id() + " is not an open noise source; open: "
                        + (open.isEmpty() ? "none" : String.join(", ", new java.util.TreeSet<>(open)))));
            }
        }
        for (Outcome.Friction f : o.friction()) {
            String loop = f.loop() == null ? LoopId.SUPPLIER_NOTES_LOOP : f.loop();
            if (!loops.contains(loop)) {
                problems.add(Problem.error(shown, f.line(), "supplier_friction: the notes go to loops/" + loop + "/supplier-notes.md, but '"
                        + loop + "' is not a loop of this workspace; name one with loop: (loops: " + known + ")"));
            }
        }
        for (Outcome.Proposal p : o.proposals()) {
            if (!loops.contains(p.loop()) && !p.loop().equals(LoopId.REGULATOR)) {
                problems.add(Problem.error(shown, p.line(), "cadence_proposals: loop '" + p.loop() + "' is not a loop of this workspace; "
                        + "expected one of " + known + ", or regulator"));
            }
        }
    }

    static String proposal(Outcome.Proposal p) {
        List<String> parts = new ArrayList<>();
        if (p.phase() != null) parts.add("phase " + p.phase().id());
        if (p.cron() != null) parts.add("cron `" + p.cron() + "`");
        return String.join(", ", parts);
    }

    /**
     * Why a verdict given in the session does not apply to the loop's current transition, or null. The bundle's
     * {@code phase}/{@code phase_since} say what the session saw; a file without them is judged by {@code held_at}: a
     * loop that changed phase after the session was held had its verdict for the phase before.
     */
    static String stale(Outcome.LoopVerdict v, dev.loopreg.cadence.CadenceState now, Instant heldAt) {
        if (v.phase() != null || v.since() != null) {
            String saw = v.phase() == null ? now.phase().id() : v.phase().id();
            String r = Approvals.staleApproval(v.loop(), now, v.phase(), v.since());
            return r == null ? null : "the bundle saw " + v.loop() + " in " + saw + (v.since() == null ? "" : " (since "
                    + Instants.format(v.since()) + ")") + "; it is in " + now.phase().id() + (now.phaseSince() == null ? ""
                    : " (since " + Instants.format(now.phaseSince()) + ")") + " now" + review(v.phase(), now);
        }
        if (now.phaseSince() != null && heldAt != null && now.phaseSince().isAfter(heldAt)) {
            return "the session was held at " + Instants.format(heldAt) + "; " + v.loop() + " entered " + now.phase().id()
                    + " after it, at " + Instants.format(now.phaseSince()) + ", so the verdict was for the phase before";
        }
        return null;
    }

    private static String review(dev.loopreg.health.Phase saw, dev.loopreg.cadence.CadenceState now) {
        if (saw == null) return "";
        String was = dev.loopreg.cadence.CadenceState.transitionOf(saw);
        return was == null ? "" : ": a review of " + was + " does not approve "
                + (now.transition() == null ? "anything in " + now.phase().id() : now.transition());
    }

    static ObjectNode sessionLine(String id, Outcome o, Instant now, String shown, String sha, List<String> listedIds,
                                   Map<String, String> refused) {
        ObjectNode s = Json.object();
        s.put("id", id);
        s.put("held_at", Instants.format(o.heldAt()));
        s.put("recorded_at", Instants.format(now));
        s.put("by", o.by());
        s.put("duration_sec", o.durationSec());
        s.put("success", o.success());
        if (o.quality() == null) s.putNull("quality"); else s.put("quality", o.quality());
        s.put("file", shown);
        s.put("sha256", sha);
        if (o.bundle() == null) s.putNull("bundle"); else s.put("bundle", o.bundle());
        ArrayNode verdicts = s.putArray("verdicts");
        for (Outcome.LoopVerdict v : o.loops()) {
            ObjectNode x = verdicts.addObject();
            x.put("loop", v.loop());
            x.put("verdict", v.verdict().id());
            if (v.reason() == null) x.putNull("reason"); else x.put("reason", v.reason());
            if (v.phase() != null) x.put("phase", v.phase().id());
            if (refused.containsKey(v.loop())) x.put("refused", refused.get(v.loop()));
        }
        ArrayNode noise = s.putArray("noise_listed");
        listedIds.forEach(noise::add);
        ArrayNode resolved = s.putArray("noise_resolved");
        o.resolved().forEach(r -> resolved.add(r.id()));
        s.put("supplier_friction", o.friction().size());
        ArrayNode proposals = s.putArray("cadence_proposals");
        for (Outcome.Proposal p : o.proposals()) {
            ObjectNode x = proposals.addObject();
            x.put("loop", p.loop());
            if (p.phase() == null) x.putNull("phase"); else x.put("phase", p.phase().id());
            if (p.cron() == null) x.putNull("cron"); else x.put("cron", p.cron());
            x.put("reason", p.reason());
        }
        return s;
    }
}
