package dev.loopreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code loopreg acknowledge URG-NNN}: once per open task, recorded in the ledger and shown on the dashboard; refusals write nothing. */
class AcknowledgeTest {

    @TempDir
    Path tmp;

    @Test
    void anOpenTask_isAcknowledgedOnce_andStaysOpenUntilItsTriggerClears() throws Exception {
        CollectFixture f = CollectFixture.copy(tmp);
        Cli.Result raised = UrgentTasksTest.collectAt(f, "2026-06-25T12:10:00Z", Map.of());
        assertThat(raised.out()).contains("URGENT URG-001 raised");

        Cli.Result ack = Cli.run("-w", f.ws.toString(), "--now", "2026-06-25T12:20:00Z", "acknowledge", "URG-001", "--by", "alice", "--note", "on it");
        assertThat(ack.exit()).as(ack.toString()).isZero();
        assertThat(ack.out()).isEqualTo("URG-001 acknowledged by alice: kaizen-stack rescues_24h (it stays open until the trigger clears)\n");
        List<JsonNode> ev = UrgentTasksTest.events(f.urgent());
        assertThat(ev).hasSize(2);
        JsonNode line = ev.get(1);
        assertThat(line.path("event").asText()).isEqualTo("acknowledged");
        assertThat(line.path("by").asText()).isEqualTo("alice");
        assertThat(line.path("note").asText()).isEqualTo("on it");
        assertThat(line.path("at").asText()).isEqualTo("2026-06-25T12:20:00Z");
        assertThat(line.has("actor")).as("the CLI authenticates no one: no actor").isFalse();

        // the dashboard says who has it; validate accepts the event
        Cli.Result ev2 = Cli.run("-w", f.ws.toString(), "--now", "2026-06-25T12:30:00Z", "evaluate");
        assertThat(ev2.exit()).as(ev2.toString()).isIn(0, 2);
        assertThat(Files.readString(f.ws.resolve("loops/regulator/dashboard.md")))
                .contains("**URG-001** — kaizen-stack `rescues_24h` fired, raised 2026-06-25T12:10:00Z")
                .contains("; acknowledged by alice at 2026-06-25T12:20:00Z");
        Cli.Result v = Cli.run("-w", f.ws.toString(), "--now", "2026-06-25T12:30:00Z", "validate");
        assertThat(v.err()).doesNotContain("urgent-tasks.jsonl");

        // a second acknowledgement is refused and writes nothing
        Map<String, String> before = Cli.snapshot(f.ws);
        Cli.Result again = Cli.run("-w", f.ws.toString(), "--now", "2026-06-25T12:40:00Z", "acknowledge", "URG-001", "--by", "bob");
        assertThat(again.exit()).isEqualTo(3);
        assertThat(again.err()).contains("urgent task URG-001 was acknowledged by alice at 2026-06-25T12:20:00Z already");
        assertThat(Cli.snapshot(f.ws)).isEqualTo(before);

        // a day later the trigger clears: the task is closed, and acknowledging it is refused
        UrgentTasksTest.collectAt(f, "2026-06-26T13:10:00Z", Map.of());
        before = Cli.snapshot(f.ws);
        Cli.Result closed = Cli.run("-w", f.ws.toString(), "--now", "2026-06-26T13:20:00Z", "acknowledge", "URG-001");
        assertThat(closed.exit()).isEqualTo(3);
        assertThat(closed.err()).contains("urgent task URG-001 is closed (its trigger cleared); nothing to acknowledge; open: none");
        assertThat(Cli.snapshot(f.ws)).isEqualTo(before);
    }

    @Test
    void unknownOrMalformedIds_areBadInput_andWriteNothing() throws Exception {
        CollectFixture f = CollectFixture.copy(tmp);
        UrgentTasksTest.collectAt(f, "2026-06-25T12:10:00Z", Map.of());
        Map<String, String> before = Cli.snapshot(f.ws);
        Cli.Result unknown = Cli.run("-w", f.ws.toString(), "--now", "2026-06-25T12:20:00Z", "acknowledge", "URG-009");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("no urgent task 'URG-009'; open: URG-001");
        Cli.Result bad = Cli.run("-w", f.ws.toString(), "--now", "2026-06-25T12:20:00Z", "acknowledge", "urgent-1");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("'urgent-1' is not an urgent task id; expected URG-NNN");
        assertThat(Cli.snapshot(f.ws)).isEqualTo(before);
    }
}
