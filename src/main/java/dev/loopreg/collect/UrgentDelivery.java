package dev.loopreg.collect;

import dev.loopreg.source.*;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopreg.alert.Alerts;
import dev.loopreg.alert.UrgentEvent;
import dev.loopreg.cadence.Recommendation;
import dev.loopreg.format.Instants;
import dev.loopreg.report.Json;
import dev.loopreg.workspace.CollectSettings;
import dev.loopreg.store.Urgent;
import dev.loopreg.store.UrgentLedger;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Delivers the urgent tasks of the ledger: each open task not yet delivered goes to state-hub (as an urgent task in the
 * configured workstream) and to the webhook, with an idempotency key ({@code loopreg-LOOP-URG-NNN}) so a retry never opens
 * a second task; each attempt is a {@code delivered} or {@code delivery_failed} event in the ledger.
 */
final class UrgentDelivery {

    private final Function<String, String> env;

    UrgentDelivery(Function<String, String> env) {
        this.env = env;
    }

    /** Sends every open urgent task not yet delivered to each configured target, and records each delivery's event. */
    List<Urgent> deliver(Instant now, CollectSettings settings, HttpJson http, UrgentLedger ledger) throws IOException {
        List<String> targets = new ArrayList<>();
        CollectSettings.Urgent u = settings.urgent();
        if (u.stateHubWorkstream() != null && settings.stateHub().url() != null) targets.add(Collector.STATE_HUB);
        if (u.webhookUrl() != null) targets.add(Collector.WEBHOOK);
        if (targets.isEmpty()) {
            return List.of();
        }
        List<Urgent> out = new ArrayList<>();
        List<ObjectNode> lines = new ArrayList<>();
        for (Map.Entry<Alerts.Open, String> e : Alerts.undelivered(ledger.state(), targets)) {
            Alerts.Open open = e.getKey();
            String target = e.getValue();
            ObjectNode raised = ledger.raised(open.id());
            ObjectNode line = Json.object();
            line.put("id", open.id());
            line.put("loop", open.loop());
            line.put("trigger", open.trigger());
            line.put("target", target);
            line.put("at", Instants.format(now));
            try {
                String reference = send(target, raised, open, settings, http);
                line.put("event", UrgentEvent.Kind.DELIVERED.id());
                if (reference != null) line.put("reference", reference);
                out.add(new Urgent(open.id(), "delivered", open.loop(), open.trigger(), reference, target));
            } catch (SourceException ex) {
                line.put("event", UrgentEvent.Kind.DELIVERY_FAILED.id());
                line.put("reason", ex.getMessage());
                out.add(new Urgent(open.id(), "delivery_failed", open.loop(), open.trigger(), ex.getMessage(), target));
            }
            lines.add(line);
        }
        ledger.append(lines);
        return out;
    }

    private String send(String target, ObjectNode raised, Alerts.Open open, CollectSettings settings, HttpJson http)
            throws SourceException {
        String key = "loopreg-" + open.loop() + "-" + open.id();
        if (target.equals(Collector.STATE_HUB)) {
            String token = SourceTokens.token(env, "state-hub", settings.stateHub().tokenEnv(), "policy.yml state_hub.token_env");
            ObjectNode task = Json.object();
            task.put("title", raised.path("title").asText());
            task.put("priority", "urgent");
            task.put("status", "open");
            task.put("external_id", key);
            ArrayNode labels = task.putArray("labels");
            labels.add("loopreg");
            labels.add("urgent");
            labels.add(open.trigger());
            task.put("description", description(raised));
            task.set("evidence", raised.path("evidence"));
            StateHub hub = new StateHub(settings.stateHub().url(), token, http, settings.stateHub().pageSize(), settings.stateHub().maxPages());
            return hub.createTask(settings.urgent().stateHubWorkstream(), task, key);
        }
        String token = SourceTokens.token(env, "webhook", settings.urgent().webhookTokenEnv(), "policy.yml urgent.webhook_token_env");
        ObjectNode body = raised.deepCopy();
        body.remove("event");
        body.put("source", "loopreg");
        body.put("text", description(raised));
        http.post(java.net.URI.create(settings.urgent().webhookUrl()), token, body, key);
        return null;
    }

    private static String description(ObjectNode raised) {
        JsonNode ev = raised.path("evidence");
        return raised.path("title").asText() + " at " + raised.path("at").asText() + " (phase " + raised.path("phase").asText()
                + "): " + ev.path("detail").asText() + ". Recommendation: " + raised.path("recommendation").asText()
                + ". Review the loop and run 'loopreg apply " + raised.path("loop").asText() + "' or 'loopreg demote'.";
    }
}
