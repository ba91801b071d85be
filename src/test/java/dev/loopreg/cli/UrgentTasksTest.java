package dev.loopreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.source.Loopback;
import dev.loopreg.format.Mappers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Urgent regulator tasks raised by collect: once per firing trigger, again after clearing; delivery to webhook and state-hub. */
class UrgentTasksTest {

    @TempDir
    Path tmp;

    static List<JsonNode> events(Path file) throws Exception {
        if (!Files.exists(file)) return List.of();
        return Files.readAllLines(file).stream().map(l -> {
            try {
                return Mappers.JSON.readTree(l);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    static Cli.Result collectAt(CollectFixture f, String now, Map<String, String> env) {
        return Cli.runWithEnv(env, "-w", f.ws.toString(), "collect", "--now", now);
    }

    @Test
    void firingTrigger_raisesOneTask_clearsWhenItStops_raisesANewOneWhenItFiresAgain() throws Exception {
        CollectFixture f = CollectFixture.copy(tmp);
        Cli.Result first = collectAt(f, "2026-06-25T12:10:00Z", Map.of());
        assertThat(first.out()).contains("URGENT URG-001 raised: kaizen-stack rescues_24h");
        List<JsonNode> ev = events(f.urgent());
        assertThat(ev).singleElement().satisfies(e -> {
            assertThat(e.path("event").asText()).isEqualTo("raised");
            assertThat(e.path("loop").asText()).isEqualTo("kaizen-stack");
            assertThat(e.path("trigger").asText()).isEqualTo("rescues_24h");
            assertThat(e.path("at").asText()).isEqualTo("2026-06-25T12:10:00Z");
            assertThat(e.path("phase").asText()).isEqualTo("bootstrap");
            assertThat(e.path("evidence").path("value").asLong()).isEqualTo(2);
            assertThat(e.path("evidence").path("cycles").toString()).contains("2026-06-25T11:00:00Z", "2026-06-25T12:00:00Z");
        });

        // still firing an hour later: no second task
        Cli.Result second = collectAt(f, "2026-06-25T13:10:00Z", Map.of());
        assertThat(second.out()).doesNotContain("URGENT");
        assertThat(events(f.urgent())).hasSize(1);

        // a day later the rescues are out of the 24 h span: cleared
        Cli.Result third = collectAt(f, "2026-06-26T13:10:00Z", Map.of());
        assertThat(third.out()).contains("URGENT URG-001 cleared: kaizen-stack rescues_24h");
        assertThat(events(f.urgent())).extracting(e -> e.path("event").asText()).containsExactly("raised", "cleared");

        // two new rescues: a new task
        Files.writeString(f.loop("bootstrap-log.md"), Files.readString(f.loop("bootstrap-log.md"))
                + "- 2026-06-26T13:20Z [rescue] again\n- 2026-06-26T13:40Z [rescue] and again\n");
        Cli.Result fourth = collectAt(f, "2026-06-26T14:10:00Z", Map.of());
        assertThat(fourth.out()).contains("URGENT URG-002 raised: kaizen-stack rescues_24h");
        assertThat(events(f.urgent())).extracting(e -> e.path("id").asText() + " " + e.path("event").asText())
                .containsExactly("URG-001 raised", "URG-001 cleared", "URG-002 raised");
    }

    @Test
    void webhook_receivesTheTaskOnce_andAFailedDeliveryIsRetriedNextRun() throws Exception {
        AtomicBoolean down = new AtomicBoolean(true);
        try (Loopback hook = new Loopback((r, n) -> down.get() ? Loopback.Reply.json(503, "{}") : Loopback.Reply.json(200, ""))) {
            CollectFixture f = CollectFixture.copy(tmp);
            f.policyAppend("state_hub:\n  retries: 1\n  backoff_ms: 1\n  max_backoff_ms: 5\n"
                    + "urgent:\n  webhook_url: " + hook.url() + "/hook\n  webhook_token_env: HOOK_TOKEN\n");
            Cli.Result r = collectAt(f, "2026-06-25T12:10:00Z", Map.of("HOOK_TOKEN", "h00k"));
            assertThat(r.exit()).as(r.toString()).isEqualTo(5);
            assertThat(r.out()).contains("URGENT URG-001 raised: kaizen-stack rescues_24h");
            assertThat(r.err()).contains("URG-001: delivery to webhook pending — POST ").contains("HTTP 503 (2 attempts)");
            assertThat(hook.requests).hasSize(2);

            down.set(false);
            Cli.Result again = collectAt(f, "2026-06-25T12:20:00Z", Map.of("HOOK_TOKEN", "h00k"));
            assertThat(again.exit()).as(again.toString()).isZero();
            assertThat(again.out()).contains("delivered URG-001 to webhook").doesNotContain("URGENT");
            Loopback.Request req = hook.requests.get(2);
            assertThat(req.path()).isEqualTo("/api/hook");
            assertThat(req.header("Authorization")).isEqualTo("Bearer h00k");
            assertThat(req.header("Idempotency-Key")).isEqualTo("loopreg-webhook-kaizen-stack-URG-001");
            JsonNode body = Mappers.JSON.readTree(req.body());
            assertThat(body.path("id").asText()).isEqualTo("URG-001");
            assertThat(body.path("trigger").asText()).isEqualTo("rescues_24h");
            assertThat(body.path("text").asText()).contains("kaizen-stack").contains("2 manual rescues");

            Cli.Result third = collectAt(f, "2026-06-25T12:30:00Z", Map.of("HOOK_TOKEN", "h00k"));
            assertThat(third.out()).doesNotContain("URGENT");
            assertThat(hook.requests).as("delivered once").hasSize(3);
            // the ledger holds the task; its delivery is the outbox's: queued once, a failed attempt, a delivered one
            assertThat(events(f.urgent())).extracting(e -> e.path("event").asText()).containsExactly("raised");
            assertThat(events(f.ws.resolve("loops/regulator/outbox.jsonl"))).extracting(e -> e.path("event").asText())
                    .containsExactly("queued", "sending", "attempt", "sending", "attempt");
        }
    }

    @Test
    void stateHub_isTheTaskSource_andReceivesTheUrgentTask() throws Exception {
        String tasks = Files.readString(Path.of("src/test/resources/collect/ws/loops/kaizen-stack/tasks.jsonl"));
        String page = "{\"tasks\":[" + String.join(",", tasks.strip().split("\n")) + "],\"next_cursor\":null}";
        try (Loopback hub = new Loopback((r, n) -> r.method().equals("GET") ? Loopback.Reply.json(200, page)
                : Loopback.Reply.json(201, "{\"id\":\"sh-77\"}"))) {
            CollectFixture f = CollectFixture.copy(tmp);
            Files.writeString(f.loop("loop.yml"), Files.readString(f.loop("loop.yml"))
                    .replace("tasks: {source: file, path: loops/kaizen-stack/tasks.jsonl}", "tasks: {source: state-hub, workstream: ws-kaizen}"));
            f.policyAppend("state_hub:\n  url: " + hub.url() + "\n  token_env: HUB_TOKEN\n  retries: 0\n"
                    + "urgent:\n  state_hub_workstream: regulator\n");

            Cli.Result noToken = collectAt(f, "2026-06-25T12:10:00Z", Map.of());
            assertThat(noToken.exit()).isEqualTo(5);
            assertThat(noToken.out()).contains("environment variable HUB_TOKEN is not set");
            assertThat(CollectCommandTest.lastLine(f.health()).path("tasks_created").isNull()).isTrue();
        }
        try (Loopback hub = new Loopback((r, n) -> r.method().equals("GET") ? Loopback.Reply.json(200, page)
                : Loopback.Reply.json(201, "{\"id\":\"sh-77\"}"))) {
            CollectFixture f = CollectFixture.copy(tmp.resolve("with-token"));
            Files.writeString(f.loop("loop.yml"), Files.readString(f.loop("loop.yml"))
                    .replace("tasks: {source: file, path: loops/kaizen-stack/tasks.jsonl}", "tasks: {source: state-hub, workstream: ws-kaizen}"));
            f.policyAppend("state_hub:\n  url: " + hub.url() + "\n  token_env: HUB_TOKEN\n  retries: 0\n"
                    + "urgent:\n  state_hub_workstream: regulator\n");
            Cli.Result r = collectAt(f, "2026-06-25T12:10:00Z", Map.of("HUB_TOKEN", "t0k"));
            assertThat(r.exit()).as(r.toString()).isZero();
            JsonNode rec = CollectCommandTest.lastLine(f.health());
            assertThat(rec.path("tasks_created").asLong()).isEqualTo(4);
            assertThat(rec.path("false_positive_rate").decimalValue()).isEqualByComparingTo("0.25");
            assertThat(r.out()).contains("delivered URG-001 to state-hub (sh-77)");
            Loopback.Request post = hub.requests.stream().filter(q -> q.method().equals("POST")).findFirst().orElseThrow();
            assertThat(post.path()).isEqualTo("/api/workstreams/regulator/tasks");
            JsonNode task = Mappers.JSON.readTree(post.body());
            assertThat(task.path("priority").asText()).isEqualTo("urgent");
            assertThat(task.path("external_id").asText()).isEqualTo("loopreg-kaizen-stack-URG-001");
            assertThat(post.header("Idempotency-Key")).isEqualTo("loopreg-kaizen-stack-URG-001");
            assertThat(events(f.ws.resolve("loops/regulator/outbox.jsonl"))).filteredOn(e -> e.path("event").asText().equals("attempt"))
                    .singleElement().satisfies(e -> assertThat(e.path("reference").asText()).isEqualTo("sh-77"));
        }
    }

    static final Map<String, String> HUB = Map.of("STATE_HUB_TOKEN", "t0k");

    /** An urgent task goes to state-hub through the outbox: queued with the raise, sent after, again after a failure, once by its key. */
    @Test
    void anUrgentTask_reachesStateHub_throughTheOutbox_onceByItsKey() throws Exception {
        List<String> keys = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Loopback hub = new Loopback((r, n) -> {
            if (n == 1) return Loopback.Reply.json(503, "{}");
            keys.add(r.header("Idempotency-Key"));
            return Loopback.Reply.json(201, "{\"id\":\"sh-" + n + "\"}");
        })) {
            CollectFixture f = CollectFixture.copy(tmp);
            f.policyAppend("state_hub:\n  url: " + hub.url() + "\n  retries: 0\n" + "urgent:\n  state_hub_workstream: regulator\n");
            Cli.Result r = collectAt(f, "2026-06-25T12:10:00Z", HUB);
            assertThat(r.out()).contains("URGENT URG-001 raised: kaizen-stack rescues_24h");
            assertThat(r.exit()).as(r.toString()).isEqualTo(5);
            assertThat(keys).isEmpty();
            Cli.Result again = collectAt(f, "2026-06-25T12:20:00Z", HUB);
            assertThat(again.exit()).as(again.toString()).isZero();
            assertThat(again.out()).contains("delivered URG-001 to state-hub (sh-2)");
            collectAt(f, "2026-06-25T12:30:00Z", HUB);
            assertThat(Cli.runWithEnv(HUB, "-w", f.ws.toString(), "--now", "2026-06-25T12:40:00Z", "deliver").out())
                    .contains("outbox: 1 delivered, 0 pending, 0 dead");
            assertThat(keys).containsExactly("loopreg-kaizen-stack-URG-001");
            assertThat(hub.requests.get(1).path()).isEqualTo("/api/workstreams/regulator/tasks");
        }
    }
}
