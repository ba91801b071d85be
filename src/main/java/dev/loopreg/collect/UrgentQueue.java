package dev.loopreg.collect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.alert.Alerts;
import dev.loopreg.outbox.Delivery;
import dev.loopreg.outbox.Outbox;
import dev.loopreg.outbox.UrgentRecords;
import dev.loopreg.store.OutboxLog;
import dev.loopreg.store.UrgentLedger;
import dev.loopreg.workspace.CollectSettings;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Queues the deliveries of the urgent tasks in the outbox: every open task that has none yet for a configured target
 * (state-hub, the webhook) gets its entry, keyed {@code loopreg-LOOP-URG-NNN} / {@code loopreg-webhook-LOOP-URG-NNN}. It runs
 * in the same locked step that raised the task, right after the ledger's line; should a crash fall between the two, the
 * next run queues what is missing (the queueing is idempotent by key), so a raised task is never left undelivered. A task
 * delivered before the outbox existed (a {@code delivered} line in the ledger) is not queued again. The deliverer sends
 * them ({@code loopreg collect} right after, {@code serve} continuously, {@code loopreg deliver}).
 */
public final class UrgentQueue {

    private UrgentQueue() {
    }

    /** Queues what is missing; returns the keys queued. */
    public static List<String> queue(Instant now, CollectSettings settings, UrgentLedger ledger, OutboxLog outbox) throws IOException {
        CollectSettings.Urgent u = settings.urgent();
        String workstream = u.stateHubWorkstream() != null && settings.stateHub().url() != null ? u.stateHubWorkstream() : null;
        List<String> targets = new ArrayList<>();
        if (workstream != null) targets.add(Delivery.STATE_HUB);
        if (u.webhookUrl() != null) targets.add(Delivery.WEBHOOK);
        if (targets.isEmpty()) return List.of();
        List<Map.Entry<Alerts.Open, String>> undelivered = Alerts.undelivered(ledger.state(), targets);
        if (undelivered.isEmpty()) return List.of();
        Set<String> known = new HashSet<>();
        for (Outbox.Entry e : outbox.state().entries()) known.add(e.delivery().key());
        List<JsonNode> lines = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (Map.Entry<Alerts.Open, String> e : undelivered) {
            JsonNode raised = ledger.raised(e.getKey().id());
            boolean hub = e.getValue().equals(Delivery.STATE_HUB);
            for (Delivery d : UrgentRecords.of(raised, hub ? workstream : null, !hub, now)) {
                if (known.add(d.key())) {
                    lines.add(Outbox.queued(d));
                    keys.add(d.key());
                }
            }
        }
        if (!lines.isEmpty()) outbox.appendNow(lines);
        return keys;
    }
}
