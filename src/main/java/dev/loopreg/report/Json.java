package dev.loopreg.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopreg.cadence.CadenceState;
import dev.loopreg.cadence.Recommendation;
import dev.loopreg.cadence.RuleResult;
import dev.loopreg.decision.Decision;
import dev.loopreg.format.Instants;
import dev.loopreg.format.Mappers;
import java.math.BigDecimal;
import java.time.Instant;

/** The JSON shapes of recommendations, rules and decisions (pure). */
public final class Json {

    private Json() {
    }

    public static ObjectNode object() {
        return Mappers.JSON.createObjectNode();
    }

    /** One line, no newline. */
    public static String line(JsonNode n) {
        try {
            return Mappers.JSON.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Indented with two spaces, Unix newlines, ending with a newline. */
    public static String pretty(JsonNode n) {
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try {
            return Mappers.JSON.writer(pp).writeValueAsString(n) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void putInstant(ObjectNode o, String key, Instant i) {
        if (i == null) {
            o.putNull(key);
        } else {
            o.put(key, Instants.format(i));
        }
    }

    /** {@code {"loop", "phase", "recommendation", "to_phase", "summary", "rules": [...]}}. */
    public static ObjectNode recommendation(Recommendation r) {
        ObjectNode o = object();
        o.put("loop", r.loop());
        o.put("phase", r.phase().id());
        o.put("recommendation", r.word());
        if (r.toPhase().isPresent()) {
            o.put("to_phase", r.toPhase().get().id());
        } else {
            o.putNull("to_phase");
        }
        o.put("summary", r.summary());
        ArrayNode rules = o.putArray("rules");
        r.rules().forEach(x -> rules.add(rule(x)));
        return o;
    }

    public static ObjectNode rule(RuleResult r) {
        ObjectNode o = object();
        o.put("id", r.id());
        o.put("kind", r.kind() == RuleResult.Kind.PROMOTION ? "promotion" : "demotion");
        if (r.holds() == null) {
            o.putNull("holds");
        } else {
            o.put("holds", r.holds());
        }
        putValue(o, "value", r.value());
        putValue(o, "threshold", r.threshold());
        o.put("detail", r.detail());
        ArrayNode cycles = o.putArray("cycles");
        r.cycles().forEach(c -> cycles.add(Instants.format(c)));
        return o;
    }

    /**
     * The fields of {@link #recommendation} written to {@code g} as they are made, no tree: a fleet's evaluation writes
     * thousands of these lines. The same text as the tree's (a test holds them equal).
     */
    public static void writeRecommendationFields(com.fasterxml.jackson.core.JsonGenerator g, Recommendation r) throws java.io.IOException {
        g.writeStringField("loop", r.loop());
        g.writeStringField("phase", r.phase().id());
        g.writeStringField("recommendation", r.word());
        if (r.toPhase().isPresent()) g.writeStringField("to_phase", r.toPhase().get().id());
        else g.writeNullField("to_phase");
        g.writeStringField("summary", r.summary());
        g.writeArrayFieldStart("rules");
        for (RuleResult x : r.rules()) writeRule(g, x);
        g.writeEndArray();
    }

    private static void writeRule(com.fasterxml.jackson.core.JsonGenerator g, RuleResult r) throws java.io.IOException {
        g.writeStartObject();
        g.writeStringField("id", r.id());
        g.writeStringField("kind", r.kind() == RuleResult.Kind.PROMOTION ? "promotion" : "demotion");
        if (r.holds() == null) g.writeNullField("holds");
        else g.writeBooleanField("holds", r.holds());
        writeValue(g, "value", r.value());
        writeValue(g, "threshold", r.threshold());
        g.writeStringField("detail", r.detail());
        g.writeArrayFieldStart("cycles");
        for (Instant c : r.cycles()) g.writeString(Instants.format(c));
        g.writeEndArray();
        g.writeEndObject();
    }

    /** {@link #putValue} as written: a number as the tree holds it (the node factory's form of a decimal). */
    private static void writeValue(com.fasterxml.jackson.core.JsonGenerator g, String key, Object v) throws java.io.IOException {
        g.writeFieldName(key);
        if (v == null) g.writeNull();
        else if (v instanceof BigDecimal d) Mappers.JSON.getNodeFactory().numberNode(d).serialize(g, null);
        else if (v instanceof Long l) g.writeNumber(l);
        else if (v instanceof Integer i) g.writeNumber(i);
        else if (v instanceof Boolean b) g.writeBoolean(b);
        else g.writeString(v.toString());
    }

    static void putValue(ObjectNode o, String key, Object v) {
        if (v == null) {
            o.putNull(key);
        } else if (v instanceof BigDecimal d) {
            o.put(key, d);
        } else if (v instanceof Long l) {
            o.put(key, l);
        } else if (v instanceof Integer i) {
            o.put(key, i);
        } else if (v instanceof Boolean b) {
            o.put(key, b);
        } else {
            o.put(key, v.toString());
        }
    }

    /** The line of {@code decisions.jsonl}. */
    public static ObjectNode decision(Decision d) {
        ObjectNode o = object();
        o.put("id", d.id());
        o.put("kind", d.kind());
        o.put("loop", d.loop());
        o.put("from", d.from().id());
        o.put("to", d.to().id());
        putInstant(o, "at", d.at());
        o.put("by", d.by());
        o.put("reason", d.reason());
        o.put("cron", d.cron());
        CadenceState b = d.before();
        if (d.kind().equals("promotion")) {
            ObjectNode approval = o.putObject("approval");
            approval.put("state", b.effectiveApproval().id());
            if (b.approvalBy() == null) approval.putNull("by"); else approval.put("by", b.approvalBy());
            putInstant(approval, "at", b.approvalAt());
            if (b.approvalNote() == null) approval.putNull("note"); else approval.put("note", b.approvalNote());
            if (b.transition() != null) approval.put("for", b.transition());
        } else {
            ObjectNode changed = o.putObject("changed");
            changed.put("phase_before", d.from().id());
            changed.put("cron_before", b.cron());
            changed.put("demotion_count_before", b.demotionCount());
            changed.put("demotion_count_after", b.demotionCount() + 1);
        }
        o.put("recommendation", d.evidence().word());
        o.put("summary", d.evidence().summary());
        ArrayNode rules = o.putArray("rules");
        d.rules().forEach(x -> rules.add(rule(x)));
        return o;
    }
}
