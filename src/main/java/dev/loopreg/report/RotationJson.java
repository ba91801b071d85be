package dev.loopreg.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopreg.rotation.Automation;
import dev.loopreg.rotation.Roster;
import dev.loopreg.rotation.RotationStatus;
import dev.loopreg.rotation.Signal;
import dev.loopreg.rotation.SaturationRules;
import dev.loopreg.rotation.Trend;
import dev.loopreg.rotation.Verdict;
import java.math.BigDecimal;

/** The JSON shapes of the rotation picture, verdicts and their evidence (pure). */
public final class RotationJson {

    private RotationJson() {
    }

    /** {@code loopreg rotation --json}. */
    public static ObjectNode status(RotationStatus s) {
        ObjectNode o = Json.object();
        Json.putInstant(o, "evaluated_at", s.now());
        o.put("loop", s.policy().loop());
        o.put("agent", s.policy().agent());
        ArrayNode repos = o.putArray("repos");
        s.verdicts().forEach(v -> repos.add(verdict(v, false)));
        ArrayNode queue = o.putArray("queue");
        int i = 1;
        for (Roster.Entry e : s.roster().queue()) {
            ObjectNode q = queue.addObject();
            q.put("repo", e.repo());
            q.put("position", i++);
            Json.putInstant(q, "requeued_at", e.requeuedAt());
            if (e.reason() != null) q.put("reason", e.reason());
        }
        ArrayNode sat = o.putArray("saturated");
        for (RotationStatus.Saturated x : s.saturated()) {
            ObjectNode j = sat.addObject();
            j.put("repo", x.repo());
            Json.putInstant(j, "saturated_at", x.saturatedAt());
            Json.putInstant(j, "revisit_at", x.revisitAt());
            j.put("revisit_due", x.due());
            if (x.decision() != null) j.put("decision", x.decision());
        }
        ArrayNode cands = o.putArray("recommended_rotations");
        s.recommended().forEach(v -> cands.add(v.repo()));
        ArrayNode held = o.putArray("held_by_cooldown");
        if (s.recommended().isEmpty()) s.candidates().forEach(v -> held.add(v.repo()));
        o.set("automation", gate(s.gate()));
        ArrayNode w = o.putArray("warnings");
        s.warnings().forEach(w::add);
        return o;
    }

    /** One repo: its four signals, score and verdict; with {@code evidence}, every signal's evidence. */
    public static ObjectNode verdict(Verdict v, boolean evidence) {
        ObjectNode o = Json.object();
        o.put("repo", v.repo());
        o.put("agent", v.agent());
        ObjectNode sig = o.putObject("signals");
        for (Signal s : v.signals()) {
            if (s.fired() == null) sig.putNull(s.id()); else sig.put(s.id(), s.fired());
        }
        o.put("score", v.fired());
        o.put("saturation_score", v.saturationScore());
        o.put("candidate", v.candidate());
        o.put("status", v.status().word());
        o.put("summary", v.summary());
        o.put("snapshots", v.snapshots());
        Json.putInstant(o, "active_since", v.activeSince());
        if (evidence) {
            ObjectNode ev = o.putObject("evidence");
            v.signals().forEach(s -> ev.set(s.id(), signal(s)));
        }
        return o;
    }

    public static ObjectNode signal(Signal s) {
        ObjectNode o = Json.object();
        if (s.fired() == null) o.putNull("fired"); else o.put("fired", s.fired());
        o.put("detail", s.detail());
        o.set("window", window(s.window()));
        if (s instanceof Signal.QualityPlateau q) {
                o.set("prior_window", window(q.prior()));
                o.put("window_mean", q.windowMean());
                o.put("prior_mean", q.priorMean());
                o.put("delta", q.delta());
                o.put("min_delta", q.minDelta());
                o.put("mode", q.mode());
                o.put("measured_window", q.measuredWindow());
                o.put("measured_prior", q.measuredPrior());
            o.set("trend", trend(q.trend()));
        } else if (s instanceof Signal.SuccessStable x) {
                o.put("mean", x.mean());
                o.put("at_least", x.atLeast());
            o.put("measured", x.measured());
        } else if (s instanceof Signal.OptimizerStall x) {
                o.put("new_actionable_recommendations", x.newActionable());
            o.put("unmeasured_cycles", x.unmeasured());
        } else if (s instanceof Signal.NoMarginalGain x) {
                o.put("merged_prs", x.mergedPrs());
                if (x.progressEvents() == null) o.putNull("progress_events"); else o.put("progress_events", x.progressEvents());
                o.put("progress_configured", x.progressConfigured());
            o.put("unmeasured", x.unmeasured());
        }
        return o;
    }

    static ObjectNode window(Signal.Window w) {
        ObjectNode o = Json.object();
        o.put("snapshots", w.snapshots());
        Json.putInstant(o, "from", w.from());
        Json.putInstant(o, "to", w.to());
        return o;
    }

    static ObjectNode trend(Trend t) {
        ObjectNode o = Json.object();
        o.put("points", t.n());
        o.put("theil_sen_slope", t.slope() == null ? null : SaturationRules.round(t.slope()));
        if (t.mk() == null) {
            o.putNull("mann_kendall");
        } else {
            ObjectNode mk = o.putObject("mann_kendall");
            mk.put("s", t.mk().s());
            mk.put("variance", SaturationRules.round(t.mk().variance()));
            mk.put("z", SaturationRules.round(t.mk().z()));
            mk.put("p_value", SaturationRules.round(t.mk().pValue()));
            mk.put("direction", t.mk().direction());
            mk.put("alpha", BigDecimal.valueOf(Trend.ALPHA));
        }
        return o;
    }

    public static ObjectNode gate(Automation.Gate g) {
        ObjectNode o = Json.object();
        o.put("mode", g.mode());
        o.put("confirmations_required", g.required());
        o.put("confirmed", g.confirmed());
        ArrayNode rs = o.putArray("manual_rotations");
        for (Automation.Confirmation c : g.rotations()) {
            ObjectNode x = rs.addObject();
            x.put("decision", c.decision());
            x.put("repo", c.repo());
            Json.putInstant(x, "at", c.at());
            x.put("state", c.state().word());
            x.put("detail", c.detail());
        }
        ObjectNode cd = o.putObject("cooldown");
        cd.put("active", g.cooldown().active());
        cd.put("last_rotation", g.cooldown().lastDecision());
        cd.put("cycles_since", g.cooldown().cyclesSince());
        cd.put("cooldown_cycles", g.cooldown().cooldownCycles());
        o.put("may_auto_rotate", g.mayAutoRotate());
        o.put("reason", g.reason());
        return o;
    }
}
