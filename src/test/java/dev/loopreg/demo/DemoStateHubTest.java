package dev.loopreg.demo;


import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopreg.cli.Main;
import dev.loopreg.format.Mappers;
import dev.loopreg.source.Progress;
import dev.loopreg.source.Loopback;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's 21 days against a state-hub on loopback (a real HTTP server implementing docs/state-hub.md) that fails the
 * first requests, times out (after storing: the answer is lost, not the record), answers 500, 429 with Retry-After, 409,
 * and once 400: afterwards — the dead letter queued again by a person — every decision, progress event and urgent task is
 * in state-hub exactly once by its key, and each was answered 2xx once.
 */
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
@org.junit.jupiter.api.parallel.ResourceLock("DemoStateHubTest")   // its own tests one after another
class DemoStateHubTest {

    @TempDir
    Path tmp;

    /** The state-hub: records each entry once by Idempotency-Key, failing the requests the script says. */
    static final class Hub implements AutoCloseable {
        final Map<String, JsonNode> byKey = new LinkedHashMap<>();
        final Map<String, Integer> answered2xx = new HashMap<>();
        final Map<String, Integer> failures = new HashMap<>();
        final Loopback server;
        final java.util.concurrent.atomic.AtomicInteger posts = new java.util.concurrent.atomic.AtomicInteger();

        /** GET /progress-events?repo=R&since=T: the events received for the repo since T, in one page. */
        synchronized Loopback.Reply events(String query) {
            Map<String, String> q = new HashMap<>();
            for (String kv : query == null ? new String[0] : query.split("&")) {
                String[] p = kv.split("=", 2);
                q.put(p[0], p.length < 2 ? "" : java.net.URLDecoder.decode(p[1], java.nio.charset.StandardCharsets.UTF_8));
            }
            var events = Mappers.JSON.createArrayNode();
            for (JsonNode b : byKey.values()) {
                if (b.path("_path").asText().equals("/api/progress-events") && b.path("repo").asText().equals(q.get("repo"))
                        && b.path("at").asText().compareTo(q.getOrDefault("since", "")) >= 0) {
                    events.addObject().put("id", b.path("_id").asText()).put("repo", b.path("repo").asText()).put("at", b.path("at").asText())
                            .put("kind", b.path("kind").asText());
                }
            }
            return Loopback.Reply.json(200, "{\"events\":" + events + ",\"next_cursor\":null}");
        }

        Hub() throws Exception {
            server = new Loopback((r, all) -> {
                if (!"Bearer demo-token".equals(r.header("Authorization"))) return Loopback.Reply.json(401, "{}");
                if (r.method().equals("GET") && r.path().equals("/api/progress-events")) return events(r.query());
                if (!r.method().equals("POST") || !r.path().matches("/api/(workstreams/[^/]+/(decisions|tasks)|progress-events)")) {
                    return Loopback.Reply.json(404, "{\"error\":\"no such endpoint\"}");
                }
                int n = posts.incrementAndGet();
                String key = r.header("Idempotency-Key");
                Loopback.Reply fail = n <= 3 ? Loopback.Reply.json(503, "{}")
                        : n == 20 ? Loopback.Reply.json(400, "{\"error\":\"scripted refusal\"}")
                        : n % 11 == 0 ? Loopback.Reply.json(500, "{}")
                        : n % 13 == 0 ? new Loopback.Reply(429, "{}", Map.of("Retry-After", "0", "Content-Type", "application/json"))
                        : n % 7 == 0 ? Loopback.Reply.json(409, "{\"error\":\"a request with this key is in progress\"}")
                        : null;
                synchronized (this) {
                    if (fail != null) {
                        failures.merge(key, 1, Integer::sum);
                        return fail;
                    }
                    JsonNode known = byKey.get(key);
                    String id;
                    if (known == null) {
                        ObjectNode body = (ObjectNode) Mappers.JSON.readTree(r.body());
                        body.put("_path", r.path());
                        id = "SH-" + (byKey.size() + 1);
                        body.put("_id", id);
                        byKey.put(key, body);
                    } else {
                        id = known.path("_id").asText();
                    }
                    if (n == 40 || n == 90) {
                        // stored, but the answer comes after the client's timeout: the record is there, the answer lost
                        failures.merge(key, 1, Integer::sum);
                    } else {
                        answered2xx.merge(key, 1, Integer::sum);
                        return Loopback.Reply.json(known == null ? 201 : 200, "{\"id\":\"" + id + "\"}");
                    }
                }
                Thread.sleep(2_500);   // past the demo's 2 s timeout: the only way to make a real client time out
                return Loopback.Reply.json(201, "{}");
            });
        }

        @Override
        public void close() {
            server.close();
        }
    }

    static List<JsonNode> lines(Path f) throws Exception {
        return Files.readAllLines(f).stream().filter(l -> !l.isBlank()).map(l -> {
            try {
                return Mappers.JSON.readTree(l);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    /** A command's exit code, its output in the assertion's description. */
    static org.assertj.core.api.AbstractIntegerAssert<?> cli(Path ws, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "-w";
        all[1] = ws.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(all, new PrintWriter(out), new PrintWriter(err),
                k -> k.equals("STATE_HUB_TOKEN") ? "demo-token" : k.equals("USER") ? "tester" : null);
        return assertThat(code).as(String.join(" ", args) + "\n" + out + err);
    }

    @Test
    void theDemosWeeks_againstAFailingStateHub_everyEffectOnceByKey() throws Exception {
        try (Hub hub = new Hub()) {
            Path dir = tmp.resolve("demo");
            Demo.Result r = Demo.run(new Demo.Options(dir, 21, 42, hub.server.url(),
                    k -> k.equals("STATE_HUB_TOKEN") ? "demo-token" : null), Progress.none());
            assertThat(r.problems()).isEmpty();
            assertThat(r.summary()).contains("state-hub: ").contains("1 dead");

            // the refused one is a dead letter until a person queues it again
            // (queued again, it is sent at once, and the receiver may fail that too: deliver sends what is left)
            cli(dir, "--now", "2026-07-01T00:00:00Z", "outbox", "retry", "--all", "--by", "tester").isIn(0, 5);
            for (int i = 1; i <= 5 && outbox(dir).path("pending").asInt() > 0; i++) {
                cli(dir, "--now", "2026-07-01T0" + i + ":00:00Z", "deliver").isIn(0, 5);
            }

            Set<String> expected = new TreeSet<>();
            for (JsonNode d : lines(dir.resolve("loops/regulator/decisions.jsonl"))) {
                String id = d.path("id").asText();
                expected.add("loopreg-decision-" + id);
                String kind = d.path("kind").asText();
                if (kind.equals("rotation") || kind.equals("revisit")) expected.add("loopreg-" + kind + "-" + id);
            }
            for (JsonNode u : lines(dir.resolve("loops/regulator/urgent-tasks.jsonl"))) {
                if (u.path("event").asText().equals("raised")) expected.add("loopreg-" + u.path("loop").asText() + "-" + u.path("id").asText());
            }
            assertThat(expected).anyMatch(k -> k.startsWith("loopreg-rotation-")).anyMatch(k -> k.matches("loopreg-.*-URG-\\d+"))
                    .hasSizeGreaterThan(12);
            assertThat(new TreeSet<>(hub.byKey.keySet())).isEqualTo(expected);
            // each answered 2xx once: no entry was sent again after it landed
            assertThat(hub.answered2xx).allSatisfy((k, n) -> assertThat(n).as(k).isEqualTo(1));
            assertThat(hub.failures.values().stream().mapToInt(Integer::intValue).sum()).isGreaterThan(8);
            assertThat(hub.byKey.values()).allSatisfy(b -> assertThat(b.path("_path").asText()).startsWith("/api/"));
            for (JsonNode d : lines(dir.resolve("loops/regulator/decisions.jsonl"))) {
                JsonNode rec = hub.byKey.get("loopreg-decision-" + d.path("id").asText());
                assertThat(rec.path("_path").asText()).endsWith("/decisions");
                assertThat(rec.path("id").asText()).isEqualTo(d.path("id").asText());
            }
            // nothing pending, nothing dead; the outbox_dead task the dead letter raised was cleared when it landed
            JsonNode o = outbox(dir);
            assertThat(o.path("pending").asInt()).isZero();
            assertThat(o.path("dead").asInt()).isZero();
        }
    }

    static JsonNode outbox(Path ws) throws Exception {
        StringWriter out = new StringWriter();
        Main.run(new String[] {"-w", ws.toString(), "outbox", "--json"}, new PrintWriter(out), new PrintWriter(new StringWriter()), k -> null);
        return Mappers.JSON.readTree(out.toString());
    }
}
