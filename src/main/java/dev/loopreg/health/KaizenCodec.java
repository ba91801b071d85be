package dev.loopreg.health;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.format.Instants;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the improvement agents' metric files (pure): {@code summary.json} and the lines of
 * {@code executions.jsonl} (docs/formats.md). Messages name the field and what was expected.
 */
public final class KaizenCodec {

    /** A file or line that cannot be read. */
    public static final class KaizenException extends Exception {
        public KaizenException(String message) {
            super(message);
        }
    }

    private KaizenCodec() {
    }

    public static AgentMetrics.Summary summary(JsonNode n) throws KaizenException {
        if (n == null || !n.isObject()) {
            throw new KaizenException("not a JSON object; expected {\"success_rate\": ..., \"executions\": ..., \"mean_session_time_sec\": ...}");
        }
        List<String> p = new ArrayList<>();
        BigDecimal rate = number(n, "success_rate", true, BigDecimal.ONE, p);
        BigDecimal quality = number(n, "avg_quality", false, null, p);
        BigDecimal executions = number(n, "executions", true, null, p);
        BigDecimal mean = number(n, "mean_session_time_sec", true, null, p);
        Instant updated = instant(n, "updated_at", p);
        if (executions != null && executions.stripTrailingZeros().scale() > 0) {
            p.add("executions: " + dev.loopreg.format.JsonFields.plain(executions) + " is not a whole number; expected a count ≥ 0");
        } else if (executions != null && (executions.signum() < 0 || executions.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0)) {
            p.add("executions: " + dev.loopreg.format.JsonFields.plain(executions) + " is out of range; expected a count from 0 to "
                    + Long.MAX_VALUE);
        }
        if (!p.isEmpty()) {
            throw new KaizenException(String.join("; ", p));
        }
        return new AgentMetrics.Summary(rate, quality, executions.longValueExact(), mean, updated);
    }

    public static AgentMetrics.Execution execution(JsonNode n) throws KaizenException {
        if (n == null || !n.isObject()) {
            throw new KaizenException("not a JSON object; expected {\"at\": ..., \"success\": ..., \"duration_sec\": ...}");
        }
        List<String> p = new ArrayList<>();
        Instant at = instant(n, "at", p);
        if (at == null && p.isEmpty()) p.add("at is missing; expected an ISO-8601 instant");
        JsonNode s = n.get("success");
        Boolean success = null;
        if (s == null || !s.isBoolean()) {
            p.add("success: " + (s == null ? "missing" : s.toString()) + "; expected true or false");
        } else {
            success = s.booleanValue();
        }
        BigDecimal quality = number(n, "quality", false, null, p);
        BigDecimal duration = number(n, "duration_sec", true, null, p);
        if (!p.isEmpty()) {
            throw new KaizenException(String.join("; ", p));
        }
        return new AgentMetrics.Execution(at, success, quality, duration);
    }

    /** One line of {@code .kaizen/recommendations.jsonl}; a line without {@code actionable} counts as actionable. */
    public record Recommendation(String id, Instant createdAt, String agent, boolean actionable) {
    }

    public static Recommendation recommendation(JsonNode n) throws KaizenException {
        if (n == null || !n.isObject()) {
            throw new KaizenException("not a JSON object; expected {\"id\": ..., \"created_at\": ..., \"agent\": ..., \"actionable\": ...}");
        }
        List<String> p = new ArrayList<>();
        Instant at = instant(n, "created_at", p);
        if (at == null && p.isEmpty()) p.add("created_at is missing; expected an ISO-8601 instant");
        JsonNode agent = n.get("agent");
        if (agent == null || !agent.isTextual()) {
            p.add("agent: " + (agent == null ? "missing" : agent.toString()) + "; expected the agent's name");
        }
        JsonNode a = n.get("actionable");
        if (a != null && !a.isNull() && !a.isBoolean()) {
            p.add("actionable: " + a + "; expected true or false");
        }
        if (!p.isEmpty()) {
            throw new KaizenException(String.join("; ", p));
        }
        return new Recommendation(n.path("id").asText(null), at, agent.asText(), a == null || a.isNull() || a.asBoolean());
    }

    private static BigDecimal number(JsonNode n, String f, boolean required, BigDecimal max, List<String> p) {
        JsonNode v = n.get(f);
        String expected = max == null ? "a number ≥ 0" : "a number from 0 to " + max.toPlainString();
        if (v == null || v.isNull()) {
            if (required) p.add(f + " is missing; expected " + expected);
            return null;
        }
        if (!v.isNumber() || ((v.isDouble() || v.isFloat()) && !Double.isFinite(v.doubleValue()))) {
            p.add(f + ": " + v + " is not a number; expected " + expected);
            return null;
        }
        BigDecimal d = v.decimalValue();
        if (d.signum() < 0 || (max != null && d.compareTo(max) > 0)) {
            p.add(f + ": " + d.toPlainString() + " is out of range; expected " + expected);
            return null;
        }
        return d;
    }

    private static Instant instant(JsonNode n, String f, List<String> p) {
        JsonNode v = n.get(f);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) {
            p.add(f + ": " + v + " is not a text; expected an ISO-8601 instant");
            return null;
        }
        try {
            return Instants.parse(v.asText());
        } catch (DateTimeParseException e) {
            p.add(f + ": '" + v.asText() + "' is not an instant; expected ISO-8601 with a zone, such as 2026-06-18T14:05:00Z");
            return null;
        }
    }
}
