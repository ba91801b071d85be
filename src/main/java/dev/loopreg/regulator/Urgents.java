package dev.loopreg.regulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopreg.alert.Alerts;
import dev.loopreg.alert.UrgentEvent;
import dev.loopreg.format.Instants;
import dev.loopreg.report.Json;
import dev.loopreg.store.Plan;
import dev.loopreg.store.UrgentLedger;
import dev.loopreg.workspace.RegulatorException;
import dev.loopreg.workspace.WorkspaceLock;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Acknowledging an urgent task: a person says they have taken it on. The task stays open — only its trigger clearing
 * closes it — but the dashboard, the pages and the ledger show who has it and since when, so two people do not both
 * chase it. Recorded as an {@code acknowledged} event in {@code urgent-tasks.jsonl} (with {@code actor} when the
 * server authenticated who acted).
 */
public final class Urgents {

    private final Regulator reg;

    public Urgents(Regulator reg) {
        this.reg = reg;
    }

    /** What was acknowledged. */
    public record Acknowledged(String id, String loop, String trigger, String by, Instant at) {
    }

    /**
     * Records that {@code by} took on open task {@code id}.
     *
     * @throws RegulatorException BAD_INPUT for an id that is not an urgent task's, REFUSED for a task that is closed
     *                            or acknowledged already
     */
    public Acknowledged acknowledge(String id, Instant now, String by, String note) throws RegulatorException, IOException {
        PersonText.by(by);
        PersonText.note(note);
        if (!Alerts.ID.matcher(id).matches()) {
            throw new RegulatorException(RegulatorException.BAD_INPUT, "'" + id + "' is not an urgent task id; expected URG-NNN (the dashboard lists the open ones)");
        }
        try (WorkspaceLock ignored = reg.lock("loopreg acknowledge " + id)) {
            UrgentLedger ledger = reg.store().urgent(new ArrayList<>());
            Optional<Alerts.Open> open = ledger.state().open().values().stream().filter(o -> o.id().equals(id)).findFirst();
            if (open.isEmpty()) {
                List<String> ids = ledger.state().open().values().stream().map(Alerts.Open::id).sorted().toList();
                boolean known = !ledger.raised(id).isEmpty();
                throw new RegulatorException(known ? RegulatorException.REFUSED : RegulatorException.BAD_INPUT,
                        (known ? "urgent task " + id + " is closed (its trigger cleared); nothing to acknowledge"
                                : "no urgent task '" + id + "'") + "; open: " + (ids.isEmpty() ? "none" : String.join(", ", ids)));
            }
            Alerts.Open o = open.get();
            if (o.acknowledged() != null) {
                throw new RegulatorException(RegulatorException.REFUSED, "urgent task " + id + " was acknowledged by " + o.acknowledged().by()
                        + " at " + Instants.format(o.acknowledged().at()) + " already");
            }
            ObjectNode line = Json.object();
            line.put("id", id);
            line.put("event", UrgentEvent.Kind.ACKNOWLEDGED.id());
            line.put("loop", o.loop());
            line.put("trigger", o.trigger());
            line.put("at", Instants.format(now));
            line.put("by", by);
            if (note == null) line.putNull("note"); else line.put("note", note);
            if (reg.actor() != null) line.set("actor", reg.actor().json());
            Plan plan = ledger.append(new Plan("loopreg acknowledge " + id), id + "/acknowledged", List.<JsonNode>of(line));
            reg.carryOut(plan);
            return new Acknowledged(id, o.loop(), o.trigger(), by, now);
        }
    }
}
