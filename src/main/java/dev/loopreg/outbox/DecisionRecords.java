package dev.loopreg.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;

/**
 * The state-hub decision record of a line of {@code decisions.jsonl}: {@code POST {url}/workstreams/{workstream}/decisions}
 * with {@code Idempotency-Key: loopreg-decision-DEC-NNN} (docs/state-hub.md). Pure.
 */
public final class DecisionRecords {

    private DecisionRecords() {
    }

    /** The key of a decision's record in state-hub. */
    public static String key(String decisionId) {
        return "loopreg-decision-" + decisionId;
    }

    /** The path of the decisions of {@code workstream}, under state-hub's base URL. */
    public static String path(String workstream) {
        return "/workstreams/" + segment(workstream) + "/decisions";
    }

    /** A path segment: RFC 3986's unreserved characters as they are, every other byte of its UTF-8 as %XX. */
    static String segment(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            char c = (char) (x & 0xFF);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
                b.append(c);
            } else {
                b.append('%').append(String.format("%02X", x & 0xFF));
            }
        }
        return b.toString();
    }

    /**
     * The kind state-hub records: {@code promotion}, {@code demotion}, {@code operator_override} (a person's demotion),
     * {@code approval}, {@code rejection}, {@code rotation}, {@code revisit}, {@code cadence_change} (the regulator's own).
     */
    public static String kind(JsonNode d) {
        String kind = d.path("kind").asText("");
        if (kind.equals("approval")) return "rejected".equals(d.path("approval").asText()) ? "rejection" : "approval";
        if (kind.equals("demotion") && "override".equals(d.path("recommendation").asText())) return "operator_override";
        return kind;
    }

    /** How the person acted: the authentication of the actor ({@code oidc}, {@code token}), the page or session, else the CLI. */
    public static String how(JsonNode d) {
        if (d.path("actor").path("method").isTextual()) return d.path("actor").path("method").asText();
        if (d.path("via").isTextual()) return d.path("via").asText();
        if (d.path("automatic").asBoolean(false)) return "automatic";
        return "cli";
    }

    /**
     * The delivery of a decision's record, or empty when the line is no decision (no id).
     *
     * @param record     the decision's Markdown record, relative to the workspace, or null
     * @param workstream the state-hub workstream it is recorded in
     */
    public static Optional<Delivery> of(JsonNode d, String record, String workstream, Instant queuedAt) {
        return of(d, record, workstream, java.util.List.of(), queuedAt);
    }

    /**
     * @param exitTasks the state-hub task ids of the loop's exit tasks, sent with a promotion out of bootstrap (the exit
     *                  criteria it met); ignored for every other decision
     */
    public static Optional<Delivery> of(JsonNode d, String record, String workstream, java.util.List<String> exitTasks,
                                        Instant queuedAt) {
        String id = d.path("id").asText(null);
        if (id == null || id.isBlank()) return Optional.empty();
        ObjectNode b = JsonNodeFactory.instance.objectNode();
        b.put("id", id);
        b.put("kind", kind(d));
        text(b, "loop", d.path("loop"));
        text(b, "repo", d.path("repo"));
        text(b, "from", d.path("from"));
        text(b, "to", d.path("to"));
        text(b, "at", d.path("at"));
        text(b, "by", d.path("by"));
        b.put("how", how(d));
        String reason = d.path("reason").isTextual() ? d.path("reason").asText() : null;
        if (reason == null) b.putNull("reason"); else b.put("reason", firstLine(reason));
        String summary = d.path("summary").isTextual() ? d.path("summary").asText() : reason;
        if (summary == null) b.putNull("evidence"); else b.put("evidence", firstLine(summary));
        if (record == null) b.putNull("record"); else b.put("record", record);
        if (kind(d).equals("promotion") && "bootstrap".equals(d.path("from").asText()) && !exitTasks.isEmpty()) {
            var tasks = b.putArray("state_hub_task_ids");
            exitTasks.forEach(tasks::add);
        }
        b.put("source", "loopreg");
        return Optional.of(new Delivery(key(id), Delivery.STATE_HUB, path(workstream), id, b, queuedAt));
    }

    private static void text(ObjectNode b, String field, JsonNode v) {
        if (v.isValueNode() && !v.isNull()) b.put(field, v.asText());
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl).strip();
    }
}
