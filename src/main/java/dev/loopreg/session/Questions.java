package dev.loopreg.session;

import dev.loopreg.cadence.CadenceRules;
import dev.loopreg.health.Phase;
import dev.loopreg.cadence.Recommendation;
import dev.loopreg.format.Instants;
import dev.loopreg.report.LoopView;
import dev.loopreg.report.PendingActions;
import dev.loopreg.rotation.RotationStatus;
import dev.loopreg.rotation.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a regulator session must answer (the bundle's {@code {{questions}}}) and the outcome file it offers to fill
 * in ({@code {{outcome_template}}}), from one evaluation. Pure.
 */
public final class Questions {

    private Questions() {
    }

    /** An open urgent task as the questions name it. */
    public record Urgent(String id, String loop, String trigger) {
    }

    /** The numbered questions, in Markdown. */
    public static String questions(List<LoopView> loops, RotationStatus rotation, List<Urgent> urgent,
                                   List<PendingActions.OpenNoise> noise) {
        List<String> q = new ArrayList<>();
        for (LoopView v : loops) {
            if (v.state() == null || v.rec() == null) {
                q.add("**" + v.id() + "** could not be evaluated (" + String.join("; ", v.errors()) + "): what is wrong with its files?");
                continue;
            }
            Phase phase = v.state().phase();
            String options = phase.next().isEmpty() ? "hold or demote" : "promote, hold or demote";
            q.add("**" + v.id() + "** (" + phase.id() + ", regulator: " + v.rec().summary() + "): " + options
                    + "? Give the reason for a hold or a demote.");
        }
        if (rotation != null) {
            for (Verdict r : rotation.recommended()) {
                q.add("Rotate **" + r.repo() + "** (" + r.fired() + " of 4 saturation signals)? Tick its box on the dashboard, "
                        + "or say why not.");
            }
        }
        for (Urgent u : urgent) {
            q.add("Urgent task **" + u.id() + "** (" + u.loop() + " `" + u.trigger() + "`): what caused it, and should the loop be "
                    + "demoted?");
        }
        for (PendingActions.OpenNoise n : noise) {
            q.add("Noise source **" + n.id() + "** (" + n.action() + " \"" + n.source() + "\" of " + n.loop() + "): is it dealt with? "
                    + "If so, list it under resolved_noise.");
        }
        q.add("Which noise sources (duplicate or useless tasks, flapping checks) should be disabled or throttled? → noise_sources");
        q.add("What friction did the loops meet with the supplier's tooling or process? → supplier_friction");
        q.add("Should any loop's phase or cron change beyond what the rules recommend? → cadence_proposals (never applied: a person "
                + "decides)");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < q.size(); i++) sb.append(i + 1).append(". ").append(q.get(i)).append('\n');
        return sb.toString();
    }

    /** The verdict the regulator would give: promote when only the approval blocks (or it recommends promote). */
    public static Outcome.Verdict suggested(Recommendation rec) {
        if (rec instanceof Recommendation.Promote) return Outcome.Verdict.PROMOTE;
        if (rec instanceof Recommendation.Demote) return Outcome.Verdict.DEMOTE;
        if (rec instanceof Recommendation.Hold h && !h.blocking().isEmpty()
                && h.blocking().stream().allMatch(r -> r.id().equals(CadenceRules.REGULATOR_APPROVAL))) {
            return Outcome.Verdict.PROMOTE;
        }
        return Outcome.Verdict.HOLD;
    }

    /** A prefilled outcome file: the regulator's suggested verdicts, to be reviewed, completed and recorded. */
    public static String outcomeTemplate(Instant now, String bundle, List<LoopView> loops) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Outcome of the regulator session prepared at ").append(Instants.format(now)).append(".\n");
        sb.append("# Review it, fill in by and duration_sec, then: loopreg session record ").append(bundle).append("/outcome.yml\n");
        sb.append("# Format: docs/formats.md \"Session outcome\". The verdicts below are the regulator's suggestions.\n");
        sb.append("held_at: ").append(Instants.format(now)).append('\n');
        sb.append("by: null                  # who reviewed: the agent or the person\n");
        sb.append("duration_sec: null        # how long the session took, in seconds\n");
        sb.append("success: true             # did the session complete its review?\n");
        sb.append("# quality: 0.8            # optional, 0–1\n");
        sb.append("bundle: ").append(bundle).append('\n');
        sb.append("loops:                    # promote sets regulator_approval: approved; hold or demote sets rejected, with the reason;\n");
        sb.append("                          # each is for the transition out of the phase the bundle saw (phase, phase_since)\n");
        boolean any = false;
        for (LoopView v : loops) {
            if (v.state() == null || v.rec() == null) continue;
            any = true;
            Outcome.Verdict s = suggested(v.rec());
            if (v.state().phase().next().isEmpty() && s == Outcome.Verdict.PROMOTE) s = Outcome.Verdict.HOLD;
            String reason = s == Outcome.Verdict.PROMOTE ? null : v.rec().summary();
            sb.append("  ").append(v.id()).append(": {verdict: ").append(s.id());
            if (reason != null) sb.append(", reason: ").append(quote("regulator: " + reason));
            sb.append(", phase: ").append(v.state().phase().id());
            if (v.state().phaseSince() != null) sb.append(", phase_since: ").append(Instants.format(v.state().phaseSince()));
            sb.append("}\n");
        }
        if (!any) sb.append("  {}\n");
        sb.append("noise_sources: []\n");
        sb.append("#  - {loop: kaizen-stack, source: \"duplicate lint tasks\", action: disable, reason: \"...\"}   # action: disable | throttle\n");
        sb.append("resolved_noise: []          # ids of listed noise sources now dealt with, e.g. [NOI-001]\n");
        sb.append("supplier_friction: []\n");
        sb.append("#  - {item: \"...\", source: \"kaizen-agentic CLI\"}   # appended to loops/kaizen-stack/supplier-notes.md\n");
        sb.append("cadence_proposals: []\n");
        sb.append("#  - {loop: registry-hygiene, cron: \"0 */2 * * *\", reason: \"...\"}   # written as proposals, never applied\n");
        return sb.toString();
    }

    /** A YAML double-quoted scalar. */
    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ") + "\"";
    }
}
