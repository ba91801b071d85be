package dev.loopreg.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopreg.alert.Alerts;
import dev.loopreg.alert.UrgentEvent;
import dev.loopreg.cadence.Staleness;
import dev.loopreg.format.Instants;
import dev.loopreg.health.Phase;
import dev.loopreg.report.Json;
import dev.loopreg.workspace.Workspace;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code loops/regulator/urgent-tasks.jsonl}: the urgent tasks' events (raised, cleared, delivered, delivery_failed, acknowledged),
 * keyed by {@code URG-NNN} and event; read once, replayed into {@link Alerts.Ledger} after each append. Written by
 * {@code collect} (demotion triggers, stale data, deliveries) and {@code evaluate} (stale data). Torn-line policy:
 * {@link JsonLines}.
 */
public final class UrgentLedger extends ObjectLines {

    private final List<String> notices;
    private final List<UrgentEvent> events = new ArrayList<>();
    private final Map<String, ObjectNode> raised = new LinkedHashMap<>();
    private Alerts.Ledger state;

    /** Reads the ledger once; a whole line that is not an event is left out with a notice (validate lists it too). */
    UrgentLedger(Workspace ws, List<String> notices, Logs logs) throws IOException {
        super(ws, ws.urgentTasks(), logs);
        this.notices = notices;
        for (Entry<JsonNode> e : entries()) {
            if (e.torn() && !e.ok()) continue;
            try {
                if (!e.ok()) throw new IllegalArgumentException(e.problem());
                add((ObjectNode) e.value());
            } catch (IllegalArgumentException ex) {
                notices.add(where(e) + ": not an urgent-task event; left out (expected "
                        + "{\"id\": \"URG-NNN\", \"event\": \"raised\" | \"cleared\" | \"delivered\" | \"delivery_failed\" | \"acknowledged\", ...})");
            }
        }
        state = Alerts.replay(events);
    }

    private void add(ObjectNode n) {
        String id = n.path("id").asText(null);
        UrgentEvent.Kind kind = UrgentEvent.Kind.parse(n.path("event").asText("")).orElse(null);
        if (id == null || kind == null) {
            throw new IllegalArgumentException("not an event");
        }
        Instant at = null;
        try {
            at = n.hasNonNull("at") ? Instants.parse(n.get("at").asText()) : null;
        } catch (RuntimeException ignored) {
            // the instant is informative only
        }
        events.add(new UrgentEvent(id, kind, n.path("loop").asText(null), n.path("trigger").asText(null), at,
                n.path(kind == UrgentEvent.Kind.ACKNOWLEDGED ? "by" : "target").asText(null)));
        if (kind == UrgentEvent.Kind.RAISED) raised.put(id, n);
    }

    public Alerts.Ledger state() {
        return state;
    }

    public ObjectNode raised(String id) {
        return raised.getOrDefault(id, Json.object());
    }

    /** Appends events (each keyed by its task id and event) and replays them into the state. */
    public void append(List<ObjectNode> lines) throws IOException {
        if (lines.isEmpty()) return;
        String repair = appendNow(new ArrayList<>(lines));
        if (repair != null) notices.add(repair);
        lines.forEach(this::add);
        state = Alerts.replay(events);
    }

    /**
     * The urgent-task ledger lines for {@code actions} on one loop (raise or clear), in the ledger's format; what they
     * say goes to {@code out}. Shared by collect (demotion triggers, stale data) and evaluate (stale data).
     */
    public static List<ObjectNode> lines(String id, Phase phase, String recommendation, List<Alerts.Action> actions,
                                               Instant now, List<Urgent> out) {
        List<ObjectNode> lines = new ArrayList<>();
        for (Alerts.Action a : actions) {
            ObjectNode o = Json.object();
            if (a instanceof Alerts.Raise r) {
                boolean stale = r.rule().id().equals(Staleness.ALARM);
                o.put("id", r.id());
                o.put("event", UrgentEvent.Kind.RAISED.id());
                o.put("loop", id);
                o.put("trigger", r.rule().id());
                o.put("at", Instants.format(now));
                o.put("phase", phase.id());
                boolean dead = r.rule().id().equals("outbox_dead");
                o.put("title", stale ? "Urgent: loop " + id + " — stale data: no health record for " + r.rule().value() + " periods"
                        : dead ? "Urgent: loop " + id + " — " + r.rule().value() + " of its decisions not delivered (dead letters in the outbox)"
                        : "Urgent: loop " + id + " — demotion trigger " + r.rule().id() + " fired");
                o.put("recommendation", recommendation);
                o.set("evidence", Json.rule(r.rule()));
                out.add(new Urgent(r.id(), "raised", id, r.rule().id(), r.rule().detail(), null));
            } else if (a instanceof Alerts.Clear c) {
                o.put("id", c.task().id());
                o.put("event", UrgentEvent.Kind.CLEARED.id());
                o.put("loop", id);
                o.put("trigger", c.rule().id());
                o.put("at", Instants.format(now));
                o.set("evidence", Json.rule(c.rule()));
                out.add(new Urgent(c.task().id(), "cleared", id, c.rule().id(), c.rule().detail(), null));
            }
            lines.add(o);
        }
        return lines;
    }

}
