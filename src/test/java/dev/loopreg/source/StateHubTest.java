package dev.loopreg.source;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopreg.format.Mappers;
import dev.loopreg.health.Task;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The state-hub client against a real HTTP server on loopback: paging, retries, timeouts, bad answers. */
@org.junit.jupiter.api.parallel.Isolated("measures time: nothing runs beside it")
class StateHubTest {

    static final Instant SINCE = Instant.parse("2026-06-24T11:00:00Z");

    static String task(String id, String status) {
        return "{\"id\":\"" + id + "\",\"title\":\"task " + id + "\",\"created_at\":\"2026-06-25T10:00:00Z\",\"status\":\"" + status + "\""
                + (status.equals("done") ? ",\"completed_at\":\"2026-06-25T11:00:00Z\"" : "") + "}";
    }

    static StateHub hub(Loopback s, int retries, Duration timeout) {
        return new StateHub(s.url(), "secret-token", new HttpJson(timeout, retries, Duration.ofMillis(10), Duration.ofMillis(50)), 2, 100);
    }

    @Test
    void tasks_followsCursorsAcrossPages_andSendsTokenAndFilter() throws Exception {
        try (Loopback s = new Loopback((r, n) -> {
            String q = r.query();
            if (!q.contains("cursor=")) return Loopback.Reply.json(200, "{\"tasks\":[" + task("T1", "open") + "," + task("T2", "done") + "],\"next_cursor\":\"p2\"}");
            if (q.contains("cursor=p2")) return Loopback.Reply.json(200, "{\"tasks\":[" + task("T3", "duplicate") + "],\"next_cursor\":null}");
            return Loopback.Reply.json(404, "{}");
        })) {
            List<Task> tasks = hub(s, 0, Duration.ofSeconds(5)).tasks("ws-1", SINCE);
            assertThat(tasks).extracting(Task::id).containsExactly("T1", "T2", "T3");
            assertThat(s.requests).hasSize(2);
            assertThat(s.requests.get(0).path()).isEqualTo("/api/workstreams/ws-1/tasks");
            assertThat(s.requests.get(0).query()).contains("active_since=2026-06-24T11%3A00%3A00Z").contains("limit=2");
            assertThat(s.requests.get(0).header("Authorization")).isEqualTo("Bearer secret-token");
        }
    }

    @Test
    void tasks_serverErrorThenSuccess_isRetriedWithBackoff() throws Exception {
        try (Loopback s = new Loopback((r, n) -> n < 3 ? Loopback.Reply.json(503, "{\"error\":\"busy\"}")
                : Loopback.Reply.json(200, "{\"tasks\":[" + task("T1", "open") + "],\"next_cursor\":null}"))) {
            assertThat(hub(s, 3, Duration.ofSeconds(5)).tasks("ws", SINCE)).hasSize(1);
            assertThat(s.requests).hasSize(3);
        }
    }

    @Test
    void tasks_alwaysFailing_givesUpAfterTheRetriesAndSaysSo() throws Exception {
        try (Loopback s = new Loopback((r, n) -> Loopback.Reply.json(500, "{\"error\":\"database down\"}"))) {
            assertThatThrownBy(() -> hub(s, 2, Duration.ofSeconds(5)).tasks("ws", SINCE))
                    .isInstanceOf(SourceException.class)
                    .hasMessageContaining("HTTP 500 (3 attempts)").hasMessageContaining("database down")
                    .hasMessageNotContaining("secret-token");
            assertThat(s.requests).hasSize(3);
        }
    }

    @Test
    void tasks_slowServer_timesOutAndRetries() throws Exception {
        try (Loopback s = new Loopback((r, n) -> {
            Thread.sleep(1500);
            return Loopback.Reply.json(200, "{\"tasks\":[],\"next_cursor\":null}");
        })) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> hub(s, 1, Duration.ofMillis(200)).tasks("ws", SINCE))
                    .isInstanceOf(SourceException.class).hasMessageContaining("no answer within 200 ms (2 attempts)");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1400));
        }
    }

    @Test
    void tasks_unauthorized_isNotRetried() throws Exception {
        try (Loopback s = new Loopback((r, n) -> Loopback.Reply.json(401, "{\"error\":\"bad token\"}"))) {
            assertThatThrownBy(() -> hub(s, 3, Duration.ofSeconds(5)).tasks("ws", SINCE)).hasMessageContaining("HTTP 401 (1 attempt)");
            assertThat(s.requests).hasSize(1);
        }
    }

    @Test
    void tasks_tooManyRequests_obeysRetryAfter() throws Exception {
        try (Loopback s = new Loopback((r, n) -> n == 1 ? new Loopback.Reply(429, "", Map.of("Retry-After", "0"))
                : Loopback.Reply.json(200, "{\"tasks\":[],\"next_cursor\":null}"))) {
            assertThat(hub(s, 1, Duration.ofSeconds(5)).tasks("ws", SINCE)).isEmpty();
            assertThat(s.requests).hasSize(2);
        }
    }

    @Test
    void tasks_malformedAnswers_areClearErrors() throws Exception {
        try (Loopback s = new Loopback((r, n) -> Loopback.Reply.json(200, "<html>maintenance</html>"))) {
            assertThatThrownBy(() -> hub(s, 2, Duration.ofSeconds(5)).tasks("ws", SINCE)).hasMessageContaining("the answer is not JSON");
            assertThat(s.requests).as("malformed answers are not retried").hasSize(1);
        }
        try (Loopback s = new Loopback((r, n) -> Loopback.Reply.json(200, "[1,2]"))) {
            assertThatThrownBy(() -> hub(s, 0, Duration.ofSeconds(5)).tasks("ws", SINCE)).hasMessageContaining("expected {\"tasks\": [...]");
        }
        try (Loopback s = new Loopback((r, n) -> Loopback.Reply.json(200, "{\"tasks\":[{\"id\":\"T1\",\"status\":\"open\"}]}"))) {
            assertThatThrownBy(() -> hub(s, 0, Duration.ofSeconds(5)).tasks("ws", SINCE))
                    .hasMessageContaining("page 1, task #1").hasMessageContaining("created_at is missing");
        }
        try (Loopback s = new Loopback((r, n) -> Loopback.Reply.json(200, "{\"tasks\":[],\"next_cursor\":\"same\"}"))) {
            assertThatThrownBy(() -> hub(s, 0, Duration.ofSeconds(5)).tasks("ws", SINCE)).hasMessageContaining("was already followed");
            assertThat(s.requests).hasSize(2);
        }
    }

    @Test
    void tasks_unreachableServer_isAClearError() {
        StateHub h = new StateHub("http://127.0.0.1:1/api", null, new HttpJson(Duration.ofMillis(500), 1, Duration.ofMillis(5), Duration.ofMillis(10)), 10, 10);
        assertThatThrownBy(() -> h.tasks("ws", SINCE)).isInstanceOf(SourceException.class).hasMessageContaining("(2 attempts)");
    }

    @Test
    void createTask_postsJsonWithIdempotencyKey_andReturnsTheId() throws Exception {
        try (Loopback s = new Loopback((r, n) -> Loopback.Reply.json(201, "{\"id\":\"sh-42\"}"))) {
            ObjectNode t = Mappers.JSON.createObjectNode().put("title", "Urgent");
            assertThat(hub(s, 0, Duration.ofSeconds(5)).createTask("reg-ws", t, "loopreg-x-URG-001")).isEqualTo("sh-42");
            Loopback.Request r = s.requests.get(0);
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/api/workstreams/reg-ws/tasks");
            assertThat(r.header("Idempotency-Key")).isEqualTo("loopreg-x-URG-001");
            assertThat(Mappers.JSON.readTree(r.body()).path("title").asText()).isEqualTo("Urgent");
        }
    }
}
