package dev.loopreg.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The deliveries of an urgent task, made from its {@code raised} line of {@code urgent-tasks.jsonl}: a task in state-hub
 * ({@code POST {url}/workstreams/{workstream}/tasks}, key {@code loopreg-LOOP-URG-NNN}) and a call of the webhook (key
 * {@code loopreg-webhook-LOOP-URG-NNN}), each when its target is configured. Pure.
 */
public final class UrgentRecords {

    private UrgentRecords() {
    }

    /** The key of an urgent task's state-hub task (the key loopreg has always sent, so a receiver's records stay one). */
    public static String stateHubKey(String loop, String id) {
        return "loopreg-" + loop + "-" + id;
    }

    public static String webhookKey(String loop, String id) {
        return "loopreg-webhook-" + loop + "-" + id;
    }

    /**
     * @param raised     the task's {@code raised} line
     * @param workstream policy.yml {@code urgent.state_hub_workstream} when state-hub is configured, else null
     * @param webhook    whether policy.yml {@code urgent.webhook_url} is set
     */
    public static List<Delivery> of(JsonNode raised, String workstream, boolean webhook, Instant queuedAt) {
        String id = raised.path("id").asText("");
        String loop = raised.path("loop").asText("");
        List<Delivery> out = new ArrayList<>();
        if (workstream != null) {
            ObjectNode task = JsonNodeFactory.instance.objectNode();
            task.put("title", raised.path("title").asText());
            task.put("priority", "urgent");
            task.put("status", "open");
            task.put("external_id", stateHubKey(loop, id));
            ArrayNode labels = task.putArray("labels");
            labels.add("loopreg");
            labels.add("urgent");
            labels.add(raised.path("trigger").asText());
            task.put("description", description(raised));
            task.set("evidence", raised.path("evidence"));
            out.add(new Delivery(stateHubKey(loop, id), Delivery.STATE_HUB, "/workstreams/" + DecisionRecords.segment(workstream) + "/tasks",
                    id, task, queuedAt));
        }
        if (webhook) {
            ObjectNode body = raised.deepCopy();
            body.remove("event");
            body.put("source", "loopreg");
            body.put("text", description(raised));
            out.add(new Delivery(webhookKey(loop, id), Delivery.WEBHOOK, "", id, body, queuedAt));
        }
        return out;
    }

    /** The task's text: what fired, when, in which phase, what to do. */
    public static String description(JsonNode raised) {
        JsonNode ev = raised.path("evidence");
        return raised.path("title").asText() + " at " + raised.path("at").asText() + " (phase " + raised.path("phase").asText()
                + "): " + ev.path("detail").asText() + ". Recommendation: " + raised.path("recommendation").asText()
                + ". Review the loop and run 'loopreg apply " + raised.path("loop").asText() + "' or 'loopreg demote'.";
    }
}
