package dev.loopreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.format.Mappers;
import dev.loopreg.source.Loopback;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every decision reaches state-hub exactly once: its record is queued in the decision's own plan (the outbox), sent right
 * after the command with its key as Idempotency-Key, sent again until it lands, and — refused for good or failing past
 * dead_after — kept as a dead letter a person can queue again. The state-hub is a real HTTP server on loopback that
 * implements docs/state-hub.md's decisions endpoint (a repeated key answers the first record) and fails as scripted.
 */
class OutboxTest {

    @TempDir
    Path tmp;

    /** A state-hub that records each decision once by key, failing the requests {@code script} says. */
    static final class StateHub implements AutoCloseable {
        final Map<String, JsonNode> byKey = new LinkedHashMap<>();
        final List<String> keysSeen = new ArrayList<>();
        final AtomicInteger ids = new AtomicInteger();
        /** Counted down at the first record: a test waits on it for a delivery made in the background. */
        final java.util.concurrent.CountDownLatch firstRecord = new java.util.concurrent.CountDownLatch(1);
        volatile IntFunction<Integer> script = n -> 0;   // request n (1-based) → a status to fail with, or 0 to serve
        final Loopback server;

        StateHub() throws Exception {
            server = new Loopback((r, n) -> {
                if (!r.path().matches("/api/(workstreams/[^/]+/(decisions|tasks)|progress-events|hook)") || !r.method().equals("POST")) {
                    return Loopback.Reply.json(404, "{\"error\":\"no such endpoint\"}");
                }
                if (!"Bearer sh-token".equals(r.header("Authorization"))) return Loopback.Reply.json(401, "{}");
                int fail = script.apply(n);
                if (fail == 429) return new Loopback.Reply(429, "{}", Map.of("Retry-After", "0", "Content-Type", "application/json"));
                if (fail != 0) return Loopback.Reply.json(fail, "{\"error\":\"scripted\"}");
                String key = r.header("Idempotency-Key");
                synchronized (this) {
                    keysSeen.add(key);
                    JsonNode known = byKey.get(key);
                    if (known != null) return Loopback.Reply.json(200, "{\"id\":\"" + known.path("_id").asText() + "\"}");
                    var body = (com.fasterxml.jackson.databind.node.ObjectNode) Mappers.JSON.readTree(r.body());
                    body.put("_id", "SH-" + ids.incrementAndGet());
                    body.put("_path", r.path());
                    byKey.put(key, body);
                    firstRecord.countDown();
                    return Loopback.Reply.json(201, "{\"id\":\"" + body.path("_id").asText() + "\"}");
                }
            });
        }

        @Override
        public void close() {
            server.close();
        }
    }

    StateHub hub;

    @AfterEach
    void stop() {
        if (hub != null) hub.close();
    }

    static final Map<String, String> ENV = Map.of("SH_TOKEN", "sh-token", "USER", "tester");

    Path workspace(String extraPolicy) throws Exception {
        hub = new StateHub();
        Path ws = Cli.sample(tmp);
        Path policy = ws.resolve("loops/regulator/policy.yml");
        Files.writeString(policy, Files.readString(policy) + "\nstate_hub:\n  url: " + hub.server.url() + "\n  token_env: SH_TOKEN\n"
                + "  retries: 0\n  timeout_seconds: 5\n  backoff_ms: 1\n  max_backoff_ms: 10\n" + extraPolicy);
        return ws;
    }

    static Cli.Result run(String... args) {
        return Cli.runWithEnv(ENV, args);
    }

    static JsonNode outbox(Path ws) throws Exception {
        return Mappers.JSON.readTree(run("-w", ws.toString(), "outbox", "--json").out());
    }

    @Test
    void aPromotion_isRecordedInStateHub_onceByItsKey_rightAfterTheCommand() throws Exception {
        Path ws = workspace("");
        // the seed workplan's tasks carry their state-hub ids: a promotion out of bootstrap names the exit tasks it met
        Path wp = ws.resolve("workplans/LOOP-WP-0004-loop-regulator.md");
        Files.writeString(wp, Files.readString(wp).replace("title: Define loop health model and cadence state machine\n",
                "title: Define loop health model and cadence state machine\nstate_hub_task_id: \"task-t01\"\n")
                .replace("title: Draft hourly loop-health-collector ActivityDefinition\n",
                        "title: Draft hourly loop-health-collector ActivityDefinition\nstate_hub_task_id: \"task-t03\"\n"));
        Cli.Result r = run("-w", ws.toString(), "--now", "2026-06-25T12:05:00Z", "apply", "kaizen-stack", "--by", "alice");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("delivered DEC-002 to state-hub (SH-1)");
        assertThat(hub.byKey).containsOnlyKeys("loopreg-decision-DEC-002");
        JsonNode rec = hub.byKey.get("loopreg-decision-DEC-002");
        assertThat(rec.path("_path").asText()).isEqualTo("/api/workstreams/08970648-dbd8-48f6-9b3a-72f196013089/decisions");
        assertThat(rec.path("kind").asText()).isEqualTo("promotion");
        assertThat(rec.path("loop").asText()).isEqualTo("kaizen-stack");
        assertThat(rec.path("from").asText() + " → " + rec.path("to").asText()).isEqualTo("bootstrap → stabilize");
        assertThat(rec.path("by").asText()).isEqualTo("alice");
        assertThat(rec.path("how").asText()).isEqualTo("cli");
        assertThat(rec.path("record").asText()).startsWith("loops/regulator/decisions/DEC-002-");
        assertThat(Files.exists(ws.resolve(rec.path("record").asText()))).isTrue();
        assertThat(rec.path("evidence").asText()).contains("every promotion rule holds");
        assertThat(rec.path("state_hub_task_ids").toString()).isEqualTo("[\"task-t01\",\"task-t03\"]");
        JsonNode o = outbox(ws);
        assertThat(o.path("pending").asInt()).isZero();
        assertThat(o.path("entries").get(0).path("status").asText()).isEqualTo("delivered");
        assertThat(o.path("entries").get(0).path("reference").asText()).isEqualTo("SH-1");

        // deliver again: nothing is due, nothing is sent
        Cli.Result d = run("-w", ws.toString(), "--now", "2026-06-25T12:06:00Z", "deliver");
        assertThat(d.exit()).as(d.toString()).isZero();
        assertThat(d.out()).contains("outbox: 1 delivered, 0 pending, 0 dead");
        assertThat(hub.keysSeen).containsExactly("loopreg-decision-DEC-002");
        assertThat(run("-w", ws.toString(), "validate").exit()).isZero();
    }

    /**
     * loopreg changes a definition's cron in a promotion's plan: its owner is told, through the outbox, as a state-hub
     * task assigned to them and by the webhook naming them — each once, by its own key, beside the decision's record.
     */
    @Test
    void aDefinitionsOwner_isToldOfTheChange_byAStateHubTask_andTheWebhook() throws Exception {
        Path ws = workspace("urgent:\n  webhook_url: URL/api/hook\n  webhook_token_env: SH_TOKEN\n");
        Path policy = ws.resolve("loops/regulator/policy.yml");
        Files.writeString(policy, Files.readString(policy).replace("URL/api/hook", hub.server.url() + "/hook"));
        Path def = ws.resolve("activity-definitions/kaizen-stack-hourly.md");
        Files.writeString(def, "---\nid: kaizen-stack-hourly\nloop: kaizen-stack\ncron: \"0 * * * *\"\nenabled: true\nowner: dora\n"
                + "command: kaizen-agentic run kaizen-stack\n---\n# kaizen-stack\n");
        Cli.Result r = run("-w", ws.toString(), "--now", "2026-06-25T12:05:00Z", "apply", "kaizen-stack", "--by", "alice");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(Files.readString(def)).contains("cron: \"0 11 * * *\"").contains("owner: dora");
        assertThat(hub.byKey).containsOnlyKeys("loopreg-decision-DEC-002", "loopreg-owner-DEC-002-kaizen-stack-hourly",
                "loopreg-owner-webhook-DEC-002-kaizen-stack-hourly");
        JsonNode task = hub.byKey.get("loopreg-owner-DEC-002-kaizen-stack-hourly");
        assertThat(task.path("_path").asText()).isEqualTo("/api/workstreams/08970648-dbd8-48f6-9b3a-72f196013089/tasks");
        assertThat(task.path("assignee").asText()).isEqualTo("dora");
        assertThat(task.path("decision").asText()).isEqualTo("DEC-002");
        assertThat(task.path("definition").asText()).isEqualTo("activity-definitions/kaizen-stack-hourly.md");
        assertThat(task.path("changes").toString()).isEqualTo("[\"cron: \\\"0 * * * *\\\" → \\\"0 11 * * *\\\"\"]");
        JsonNode hook = hub.byKey.get("loopreg-owner-webhook-DEC-002-kaizen-stack-hourly");
        assertThat(hook.path("_path").asText()).isEqualTo("/api/hook");
        assertThat(hook.path("owner").asText()).isEqualTo("dora");
        assertThat(hook.path("kind").asText()).isEqualTo("definition_change");
        assertThat(hook.path("text").asText()).startsWith("dora: loopreg changed your activity definition activity-definitions/kaizen-stack-hourly.md"
                + " in decision DEC-002 (loop kaizen-stack)");
        assertThat(outbox(ws).path("pending").asInt()).isZero();

        // a definition without an owner is changed all the same; nobody is told
        Files.writeString(def, Files.readString(def).replace("owner: dora\n", ""));
        Cli.Result d = run("-w", ws.toString(), "--now", "2026-06-25T12:10:00Z", "demote", "kaizen-stack", "--by", "alice", "--reason", "noise");
        assertThat(d.exit()).as(d.toString()).isZero();
        assertThat(Files.readString(def)).contains("cron: \"0 * * * *\"");
        assertThat(hub.byKey.keySet()).filteredOn(k -> k.startsWith("loopreg-owner")).hasSize(2);
        assertThat(hub.byKey).containsKey("loopreg-decision-DEC-003");
    }

    @Test
    void aFailingStateHub_leavesTheDeliveryPending_exit5_andDeliverSendsItOnce() throws Exception {
        Path ws = workspace("decisions:\n  state_hub_workstream: ops-decisions\n");
        hub.script = n -> n <= 2 ? 503 : 0;
        Cli.Result r = run("-w", ws.toString(), "--now", "2026-06-25T12:10:00Z", "approve", "quality-escalation", "--by", "carol",
                "--note", "dedup fix merged");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.INCOMPLETE);
        assertThat(r.out()).contains("DEC-002: quality-escalation: regulator_approval: approved");
        assertThat(r.err()).contains("DEC-002: delivery to state-hub pending — POST " + hub.server.url()
                + "/workstreams/ops-decisions/decisions: HTTP 503").contains("'loopreg deliver' (or serve) sends it again");
        assertThat(hub.byKey).isEmpty();

        Cli.Result again = run("-w", ws.toString(), "--now", "2026-06-25T12:20:00Z", "deliver");
        assertThat(again.exit()).as(again.toString()).isEqualTo(ExitCodes.INCOMPLETE);   // the second request fails too
        Cli.Result third = run("-w", ws.toString(), "--now", "2026-06-25T12:30:00Z", "deliver");
        assertThat(third.exit()).as(third.toString()).isZero();
        assertThat(third.out()).contains("delivered DEC-002 to state-hub (SH-1)").contains("outbox: 1 delivered, 0 pending, 0 dead");
        JsonNode rec = hub.byKey.get("loopreg-decision-DEC-002");
        assertThat(rec.path("kind").asText()).isEqualTo("approval");
        assertThat(rec.path("reason").asText()).isEqualTo("dedup fix merged");
        assertThat(rec.path("_path").asText()).isEqualTo("/api/workstreams/ops-decisions/decisions");
        JsonNode e = outbox(ws).path("entries").get(0);
        assertThat(e.path("attempts")).hasSize(3);
        assertThat(e.path("attempts").get(0).path("status").asInt()).isEqualTo(503);
        assertThat(e.path("attempts").get(2).path("outcome").asText()).isEqualTo("delivered");
    }

    @Test
    void aStateHubThatAnswers429WithRetryAfter_isAskedAgainWithinTheAttempt() throws Exception {
        Path ws = workspace("decisions:\n  state_hub_workstream: ops\n").resolve(".");
        Path policy = ws.resolve("loops/regulator/policy.yml");
        Files.writeString(policy, Files.readString(policy).replace("  retries: 0\n", "  retries: 2\n"));
        hub.script = n -> n == 1 ? 429 : 0;
        Cli.Result r = run("-w", ws.toString(), "--now", "2026-06-26T09:00:00Z", "demote", "kaizen-stack", "--reason", "noise", "--by", "alice");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(hub.byKey).containsOnlyKeys("loopreg-decision-DEC-002");
        assertThat(hub.byKey.get("loopreg-decision-DEC-002").path("kind").asText()).isIn("demotion", "operator_override");
    }

    @Test
    void aPermanentRefusal_isOneDeadLetter_andRetryQueuesItAgain() throws Exception {
        Path ws = workspace("");
        hub.script = n -> n == 1 ? 400 : 0;
        Cli.Result r = run("-w", ws.toString(), "--now", "2026-06-25T12:05:00Z", "apply", "kaizen-stack", "--by", "alice");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.INCOMPLETE);
        assertThat(r.err()).contains("DEC-002: a dead letter now, not delivered to state-hub — refused for good: POST")
                .contains("HTTP 400").contains("'loopreg outbox retry loopreg-decision-DEC-002' queues it again");
        JsonNode o = outbox(ws);
        assertThat(o.path("dead").asInt()).isEqualTo(1);
        assertThat(o.path("entries").get(0).path("status").asText()).isEqualTo("dead");
        Cli.Result listed = run("-w", ws.toString(), "--now", "2026-06-25T12:06:00Z", "outbox");
        assertThat(listed.out()).contains("loopreg-decision-DEC-002").contains("dead").contains("0 pending, 1 dead");
        Cli.Result status = run("-w", ws.toString(), "--now", "2026-06-25T12:06:00Z", "status");
        assertThat(status.out()).contains("Outbox: 0 pending, 1 dead letter — loopreg outbox lists them, loopreg outbox retry --all sends "
                + "them again");
        assertThat(Mappers.JSON.readTree(run("-w", ws.toString(), "--now", "2026-06-25T12:06:00Z", "status", "--json").out())
                .path("outbox").path("dead").asInt()).isEqualTo(1);
        // serve: /metrics has the outbox's gauges, /healthz is degraded while a dead letter is there
        var ds = new dev.loopreg.server.Daemon.Settings(24, 0, java.time.Duration.ofMillis(10), java.time.Duration.ofMillis(10),
                java.time.Duration.ofSeconds(5), java.time.Duration.ofMinutes(10), java.time.Duration.ofMillis(50), false);
        try (var server = dev.loopreg.server.Server.start(new dev.loopreg.workspace.Workspace(ws), new dev.loopreg.server.Server.Config(
                new dev.loopreg.server.Web.Settings("127.0.0.1", 0, dev.loopreg.auth.Tokens.none(), 4096), ds, java.time.Duration.ZERO),
                java.time.Clock.fixed(java.time.Instant.parse("2026-06-25T12:06:00Z"), java.time.ZoneOffset.UTC), k -> null)) {
            var http = java.net.http.HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.port();
            String metrics = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("loopreg_outbox_dead 1.0").contains("loopreg_outbox_pending 0.0")
                    .contains("loopreg_outbox_oldest_pending_age_seconds 0.0");
            JsonNode health = Mappers.JSON.readTree(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/healthz"))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body());
            assertThat(health.path("status").asText()).isEqualTo("degraded");
            assertThat(health.path("reasons").toString()).contains("1 delivery is a dead letter in the outbox");
            String overview = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(overview).contains("Not delivered: </span>DEC-002 — 1 delivery is a dead letter in the outbox (loopreg outbox; "
                    + "loopreg outbox retry --all)");
        }
        // a dead letter is not sent by deliver; deliver says it is there (exit 5)
        Cli.Result d = run("-w", ws.toString(), "--now", "2026-06-25T12:07:00Z", "deliver");
        assertThat(d.exit()).isEqualTo(ExitCodes.INCOMPLETE);
        assertThat(hub.server.requests).hasSize(1);
        // one urgent task for the loop while its delivery is a dead letter, raised once
        String ledger = Files.readString(ws.resolve("loops/regulator/urgent-tasks.jsonl"));
        assertThat(ledger.lines().filter(l -> l.contains("\"outbox_dead\"") && l.contains("\"raised\""))).hasSize(1);
        assertThat(r.err() + d.err()).contains("urgent task raised: kaizen-stack outbox_dead");

        Cli.Result retry = run("-w", ws.toString(), "--now", "2026-06-25T12:08:00Z", "outbox", "retry", "DEC-002", "--by", "bernd");
        assertThat(retry.exit()).as(retry.toString()).isZero();
        assertThat(retry.out()).contains("queued again: loopreg-decision-DEC-002").contains("delivered DEC-002 to state-hub (SH-1)");
        assertThat(hub.byKey).containsOnlyKeys("loopreg-decision-DEC-002");
        assertThat(retry.err()).contains("urgent task cleared: kaizen-stack outbox_dead");
        assertThat(run("-w", ws.toString(), "validate").exit()).isZero();
        Cli.Result none = run("-w", ws.toString(), "--now", "2026-06-25T12:09:00Z", "outbox", "retry", "--all");
        assertThat(none.out()).contains("No dead letter to queue again.");
        Cli.Result notDead = run("-w", ws.toString(), "--now", "2026-06-25T12:09:00Z", "outbox", "retry", "DEC-002");
        assertThat(notDead.exit()).isEqualTo(ExitCodes.REFUSED);
        assertThat(notDead.err()).contains("loopreg-decision-DEC-002 is delivered, not a dead letter; nothing was queued again");
    }

    @Test
    void anEntryStillFailingAfterDeadAfter_becomesADeadLetter() throws Exception {
        Path ws = workspace("outbox:\n  dead_after: 2h\n");
        hub.script = n -> 500;
        Cli.Result r = run("-w", ws.toString(), "--now", "2026-06-25T12:05:00Z", "apply", "kaizen-stack", "--by", "alice");
        assertThat(r.exit()).isEqualTo(ExitCodes.INCOMPLETE);
        assertThat(outbox(ws).path("pending").asInt()).isEqualTo(1);
        Cli.Result late = run("-w", ws.toString(), "--now", "2026-06-25T14:05:00Z", "deliver");
        assertThat(late.exit()).isEqualTo(ExitCodes.INCOMPLETE);
        assertThat(late.err()).contains("DEC-002: a dead letter now").contains("still failing 2h after it was queued");
        assertThat(outbox(ws).path("dead").asInt()).isEqualTo(1);
    }

    @Test
    void serve_sendsThePendingEntries_afterTheirBackoff() throws Exception {
        Path ws = workspace("");
        hub.script = n -> n == 1 ? 503 : 0;
        Cli.Result r = run("-w", ws.toString(), "--now", "2026-06-25T12:05:00Z", "apply", "kaizen-stack", "--by", "alice");
        assertThat(r.exit()).isEqualTo(ExitCodes.INCOMPLETE);
        var ds = new dev.loopreg.server.Daemon.Settings(24, 0, java.time.Duration.ofMillis(10), java.time.Duration.ofMillis(10),
                java.time.Duration.ofSeconds(5), java.time.Duration.ofMinutes(10), java.time.Duration.ofMillis(50), false);
        java.time.Instant[] now = {java.time.Instant.parse("2026-06-25T12:05:30Z")};
        java.time.Clock clock = new java.time.Clock() {
            public java.time.ZoneId getZone() { return java.time.ZoneOffset.UTC; }
            public java.time.Clock withZone(java.time.ZoneId z) { return this; }
            public java.time.Instant instant() { return now[0]; }
        };
        try (var server = dev.loopreg.server.Server.start(new dev.loopreg.workspace.Workspace(ws), new dev.loopreg.server.Server.Config(
                new dev.loopreg.server.Web.Settings("127.0.0.1", 0, dev.loopreg.auth.Tokens.none(), 4096), ds, java.time.Duration.ZERO),
                clock, ENV::get)) {
            server.daemon().deliver();   // 30 s after the failed attempt: its backoff (1m) is not over, nothing is sent
            assertThat(hub.server.requests).hasSize(1);
            now[0] = java.time.Instant.parse("2026-06-25T12:06:00Z");
            server.daemon().deliver();
            assertThat(hub.byKey).containsOnlyKeys("loopreg-decision-DEC-002");
            server.daemon().deliver();   // delivered: never sent again
            assertThat(hub.server.requests).hasSize(2);
        }
        assertThat(outbox(ws).path("entries").get(0).path("status").asText()).isEqualTo("delivered");
    }

    /**
     * A crash at every effect boundary of a decision with a delivery (the child JVM halts as a SIGKILL would): afterwards the
     * decision and its outbox entry are both there or both absent, and once the command is run again if it did not happen,
     * and 'deliver' is run, state-hub holds the decision exactly once.
     */
    @Test
    void aCrashAtEveryBoundary_neverLosesNorDoublesTheDelivery() throws Exception {
        for (int at = 1; ; at++) {
            Path ws = workspace("");
            Path dir = ws.getParent();
            RefusedPlansTest.Child c = childWithFault(at, "-w", ws.toString(), "--now", "2026-06-25T12:05:00Z", "apply", "kaizen-stack",
                    "--by", "alice");
            boolean halted = c.exit() == dev.loopreg.workspace.Faults.HALT_STATUS;
            // the next command finishes an interrupted plan (status), then the person runs what they meant if it did not happen
            run("-w", ws.toString(), "--now", "2026-06-25T12:06:00Z", "status");
            String decisions = Files.readString(ws.resolve("loops/regulator/decisions.jsonl"));
            boolean decided = decisions.contains("\"DEC-002\"");
            String outbox = Files.exists(ws.resolve("loops/regulator/outbox.jsonl")) ? Files.readString(ws.resolve("loops/regulator/outbox.jsonl")) : "";
            assertThat(outbox.contains("\"queued\"")).as("boundary " + at + ": a decision with its delivery, or neither").isEqualTo(decided);
            if (!decided) {
                assertThat(run("-w", ws.toString(), "--now", "2026-06-25T12:07:00Z", "apply", "kaizen-stack", "--by", "alice").exit()).isIn(0, 5);
            }
            run("-w", ws.toString(), "--now", "2026-06-25T12:10:00Z", "deliver");
            assertThat(hub.byKey).as("boundary " + at).containsOnlyKeys("loopreg-decision-DEC-002");
            assertThat(Files.readString(ws.resolve("loops/regulator/decisions.jsonl")).split("\"DEC-002\"", -1)).as("one decision").hasSize(2);
            assertThat(outbox(ws).path("entries")).hasSize(1);
            assertThat(run("-w", ws.toString(), "validate").exit()).as("boundary " + at).isZero();
            hub.close();
            hub = null;
            deleteTree(dir);
            Files.createDirectories(dir);
            if (!halted) break;   // the run went past its last boundary: every boundary was tried
        }
    }

    static void deleteTree(Path dir) throws Exception {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static RefusedPlansTest.Child childWithFault(int at, String... args) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(ENV);
        env.put("LOOPREG_FAULT_AT", Integer.toString(at));
        return RefusedPlansTest.child(env, args);
    }

    @Test
    void aRotationsProgressEvent_thatFails_isSentAgainUntilItLands_once() throws Exception {
        hub = new StateHub();
        RotationFixture f = new RotationFixture(tmp);
        Path policy = f.ws.resolve("loops/regulator/policy.yml");
        // init wrote the state_hub section with its defaults: this one replaces it
        Files.writeString(policy, Files.readString(policy).replaceFirst("(?s)\nstate_hub:\n.*?\n(?=urgent:)", "\nstate_hub:\n  url: "
                + hub.server.url() + "\n  token_env: SH_TOKEN\n  retries: 0\n  timeout_seconds: 5\n  backoff_ms: 1\n  max_backoff_ms: 10\n")
                + "decisions:\n  state_hub_workstream: ops\n");
        hub.script = n -> n == 1 ? 502 : 0;   // the progress event's first request fails
        Cli.Result r = run("-w", f.ws.toString(), "--now", RotationFixture.NOW, "rotate", "repo-a", "--by", "bernd");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.INCOMPLETE);
        assertThat(r.err()).contains("HTTP 502").contains("is in the outbox: loopreg deliver, or serve, sends it again");
        // the decision's own record went out right after (its own key), the progress event waits in the outbox
        assertThat(hub.byKey.keySet()).containsExactly("loopreg-decision-DEC-001");
        assertThat(hub.byKey.get("loopreg-decision-DEC-001").path("kind").asText()).isEqualTo("rotation");
        assertThat(hub.byKey.get("loopreg-decision-DEC-001").path("repo").asText()).isEqualTo("repo-a");
        Cli.Result d = run("-w", f.ws.toString(), "--now", "2026-07-02T06:20:00Z", "deliver");
        assertThat(d.exit()).as(d.toString()).isZero();
        assertThat(hub.byKey).containsOnlyKeys("loopreg-decision-DEC-001", "loopreg-rotation-DEC-001");
        JsonNode ev = hub.byKey.get("loopreg-rotation-DEC-001");
        assertThat(ev.path("_path").asText()).isEqualTo("/api/progress-events");
        assertThat(ev.path("repo").asText()).isEqualTo("repo-a");
        assertThat(ev.path("decision").asText()).isEqualTo("DEC-001");
        assertThat(run("-w", f.ws.toString(), "--now", "2026-07-02T06:30:00Z", "deliver").out()).contains("outbox: 2 delivered, 0 pending, 0 dead");
    }

    @Test
    void anApiAction_isRecordedInStateHub_rightAfter_withoutWaitingForIt() throws Exception {
        Path ws = workspace("");
        var ds = new dev.loopreg.server.Daemon.Settings(24, 0, java.time.Duration.ofMillis(10), java.time.Duration.ofMillis(10),
                java.time.Duration.ofSeconds(5), java.time.Duration.ofMinutes(10), java.time.Duration.ofMillis(50), false);
        String token = "s3cret-token-for-tests-0123456789";
        try (var server = dev.loopreg.server.Server.start(new dev.loopreg.workspace.Workspace(ws), new dev.loopreg.server.Server.Config(
                new dev.loopreg.server.Web.Settings("127.0.0.1", 0, dev.loopreg.auth.Tokens.of(token, null), 4096), ds,
                java.time.Duration.ZERO), java.time.Clock.fixed(java.time.Instant.parse("2026-06-25T12:05:00Z"), java.time.ZoneOffset.UTC),
                ENV::get)) {
            var http = java.net.http.HttpClient.newHttpClient();
            var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.port()
                            + "/api/loops/kaizen-stack/apply")).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(hub.firstRecord.await(20, java.util.concurrent.TimeUnit.SECONDS)).as("recorded in the background").isTrue();
            assertThat(hub.byKey).containsOnlyKeys("loopreg-decision-DEC-002");
            assertThat(hub.byKey.get("loopreg-decision-DEC-002").path("how").asText()).isEqualTo("token");
        }
    }

    @Test
    void withoutStateHub_noEntryIsQueued_andNothingChanges() throws Exception {
        Path ws = Cli.sample(tmp);
        Cli.Result r = run("-w", ws.toString(), "--now", "2026-06-25T12:05:00Z", "apply", "kaizen-stack", "--by", "alice");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(ws.resolve("loops/regulator/outbox.jsonl")).doesNotExist();
        assertThat(run("-w", ws.toString(), "outbox").out()).contains("The outbox is empty");
    }
}
