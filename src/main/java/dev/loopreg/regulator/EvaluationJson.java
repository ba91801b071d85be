package dev.loopreg.regulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopreg.format.Instants;
import dev.loopreg.report.Json;
import dev.loopreg.report.LoopView;
import java.time.Instant;
import java.util.Map;

/**
 * The JSON views of an evaluation (pure functions over it): {@code evaluate --json}, a loop's recommendation with its
 * rules, the line {@code evaluate} appends to recommendations.jsonl, and {@code status --json} (the server's
 * {@code /api/loops}).
 */
public final class EvaluationJson {

    private EvaluationJson() {
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

    /**
     * The line {@code evaluate} appends to recommendations.jsonl for a loop: {@code evaluated_at} and {@link #loopJson},
     * written as it is made (no tree; the same text, which a test holds equal).
     */
    static String recommendationLine(LoopView v, Instant now) {
        java.io.StringWriter w = new java.io.StringWriter(2048);
        try (com.fasterxml.jackson.core.JsonGenerator g = dev.loopreg.format.Mappers.JSON.getFactory().createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("evaluated_at", Instants.format(now));
            if (v.rec() != null) {
                Json.writeRecommendationFields(g, v.rec());
            } else {
                g.writeStringField("loop", v.id());
                if (v.state() == null) g.writeNullField("phase"); else g.writeStringField("phase", v.state().phase().id());
                g.writeNullField("recommendation");
                g.writeNullField("to_phase");
                g.writeNullField("summary");
                g.writeArrayFieldStart("rules");
                g.writeEndArray();
            }
            g.writeArrayFieldStart("errors");
            for (String e : v.errors()) g.writeString(e);
            g.writeEndArray();
            g.writeEndObject();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);   // (a StringWriter does not fail)
        }
        return w.toString();
    }

    /** The word of a loop's line (as {@link dev.loopreg.store.RecommendationLog#word} reads it back). */
    static String recommendationWord(LoopView v) {
        if (v.rec() == null) return dev.loopreg.cadence.SelfCadence.word(null, null);
        return dev.loopreg.cadence.SelfCadence.word(v.rec().word(), v.rec().toPhase().map(dev.loopreg.health.Phase::id).orElse(null));
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

    /** The JSON of {@code loopreg status --json} (and of the server's {@code /api/loops}). */
    public static ObjectNode statusJson(Evaluation e, Map<String, Regulator.LastRecommendation> last) {
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
    public static ObjectNode statusJson(LoopView v, Regulator.LastRecommendation lr) {
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
}
