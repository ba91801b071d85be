package dev.loopreg.demo;

import dev.loopreg.outbox.Outbox;
import dev.loopreg.regulator.Deliveries;
import dev.loopreg.regulator.Regulator;
import dev.loopreg.workspace.AtomicFiles;
import dev.loopreg.workspace.RegulatorException;
import dev.loopreg.workspace.Workspace;
import dev.loopreg.workspace.YamlEdit;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * The demo against a state-hub ({@code loopreg demo --state-hub URL}): policy.yml names it, with the workstream {@code demo}
 * for the decisions and the urgent tasks, and every simulated hour the deliverer sends what is due — as {@code serve}'s
 * deliverer does each minute — so the fleet's system of record receives every decision, progress event and urgent task of
 * the simulated weeks, through the outbox.
 */
final class DemoStateHub {

    /** The workstream the demo's decisions and urgent tasks are recorded in. */
    static final String WORKSTREAM = "demo";

    private final Deliveries deliveries;
    private int attempts;

    DemoStateHub(Regulator reg, Function<String, String> env) {
        this.deliveries = new Deliveries(reg, env);
    }

    /** Points policy.yml at {@code url}: state_hub.url, the decisions' and urgent tasks' workstream. */
    static void configure(Workspace ws, String url) throws IOException {
        String text = AtomicFiles.read(ws.policy());
        text = YamlEdit.set(text, List.of("state_hub", "url"), YamlEdit.quote(url));
        // a simulated hour passes in milliseconds: the outbox tries again each hour, so one attempt does not wait long
        text = YamlEdit.set(text, List.of("state_hub", "timeout_seconds"), "2");
        text = YamlEdit.set(text, List.of("state_hub", "retries"), "1");
        text = YamlEdit.set(text, List.of("state_hub", "backoff_ms"), "50");
        text = YamlEdit.set(text, List.of("state_hub", "max_backoff_ms"), "200");
        text = YamlEdit.set(text, List.of("urgent", "state_hub_workstream"), YamlEdit.quote(WORKSTREAM));
        text = text + "\n# Every decision is recorded in state-hub (loopreg demo --state-hub).\ndecisions:\n  state_hub_workstream: "
                + WORKSTREAM + "\n";
        AtomicFiles.write(ws.policy(), text);
    }

    /** One pass of the deliverer at the simulated {@code now} ({@code forced}: every pending entry, whatever its backoff). */
    void deliver(Instant now, boolean forced) throws IOException, RegulatorException {
        attempts += deliveries.deliver(now, null, forced).size();
    }

    /** The outbox at the end, in a line. */
    String summary() throws IOException {
        Outbox o = deliveries.state();
        return "state-hub: " + o.with(Outbox.Status.DELIVERED).size() + " deliveries landed in " + attempts + " attempts, "
                + o.with(Outbox.Status.PENDING).size() + " pending, " + o.with(Outbox.Status.DEAD).size() + " dead"
                + (o.with(Outbox.Status.DEAD).isEmpty() ? "" : " (loopreg outbox lists them; loopreg outbox retry --all sends them again)");
    }
}
