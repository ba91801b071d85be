package dev.loopreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.format.Mappers;
import dev.loopreg.server.Daemon;
import dev.loopreg.server.Server;
import dev.loopreg.auth.Tokens;
import dev.loopreg.server.Web;
import dev.loopreg.workspace.Workspace;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every endpoint of {@code loopreg serve} over real HTTP on loopback, against the sample workspace. */
class ServeApiTest {

    static final String TOKEN = "s3cret-token-for-tests-0123456789";

    @TempDir
    Path tmp;

    private Server server;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private Server start(Path ws, String now, Tokens tokens) throws Exception {
        Daemon.Settings ds = new Daemon.Settings(24, 0, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofSeconds(5),
                Duration.ofMinutes(10), Duration.ofMillis(50), false);
        server = Server.start(new Workspace(ws), new Server.Config(new Web.Settings("127.0.0.1", 0, tokens, 4096), ds, Duration.ZERO),
                Clock.fixed(Instant.parse(now), ZoneOffset.UTC), k -> null);
        return server;
    }

    private Server startSample(Tokens tokens) throws Exception {
        return start(Cli.sample(tmp), Cli.SAMPLE_NOW, tokens);
    }

    private static Tokens token() throws Exception {
        return Tokens.of(TOKEN, null);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        if (token != null) b.header("Authorization", "Bearer " + token);
        if (body != null) b.header("Content-Type", "application/json");
        return http.send(b.POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Mappers.JSON.readTree(r.body());
    }

    private static void assertError(HttpResponse<String> r, int status, String details) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode e = json(r);
        assertThat(e.path("status").asInt()).isEqualTo(status);
        assertThat(e.path("title").asText()).isNotBlank();
        assertThat(e.path("details").asText()).contains(details);
    }

    // ---------------------------------------------------------------- pages

    @Test
    void overview_listsEveryLoopWithPhaseRecommendationAndNextCycle_withSecurityHeaders() throws Exception {
        startSample(Tokens.none());
        HttpResponse<String> r = get("/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(r.body()).contains("<!DOCTYPE html>", "href=\"/loops/kaizen-stack\"", "href=\"/loops/registry-hygiene\"",
                "href=\"/loops/quality-escalation\"", "Next cycle", "(in 1h 0m)", "Scheduler", "<html lang=\"en\">",
                "<link rel=\"icon\" href=\"/favicon.svg\"", "<meta name=\"robots\" content=\"noindex, nofollow\">")
                .doesNotContain("<script", "style=");
        // scripts and styles from the server itself only: no inline script or style is allowed to run
        assertThat(r.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'none'", "script-src 'self'",
                "style-src 'self'", "frame-ancestors 'none'").doesNotContain("unsafe-inline");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(r.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(r.headers().firstValue("Referrer-Policy")).contains("same-origin");
        assertThat(r.headers().firstValue("Server")).isEmpty();
    }

    @Test
    void loopPage_hasAChartPerMetricWithHealthyBandAndPhaseChanges() throws Exception {
        startSample(Tokens.none());
        HttpResponse<String> r = get("/loops/registry-hygiene?from=2026-06-01&to=2026-06-25");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("<svg", "id=\"chart-metric-false_positive_rate\"", "id=\"chart-metric-manual_rescues\"",
                "class=\"healthy\"", "healthy &lt; 0.2", "class=\"series\"", "Rules, as they see the window",
                "<script src=\"/assets/uplot/uPlot.iife.min.js\" defer></script>", "<script src=\"/assets/charts.js\" defer></script>",
                "<script type=\"application/json\" class=\"chart-data\" id=\"charts-loop-registry-hygiene\">");
        // the window value as the rule sees it: the pooled rate over its cycles against its threshold, not one cycle's
        assertThat(r.body()).containsPattern("<td><code>fpr_demotion</code></td><td>demotion trigger</td><td>[a-zA-Z ]+</td><td>[0-9.—]+</td>"
                + "<td>&gt; 0.4</td><td>\\d+</td>");
        assertThat(r.body()).contains("<td><code>rescues_24h</code></td><td>demotion trigger</td><td>FIRED</td><td>2</td><td>≥ 2</td>");
        // registry-hygiene was promoted to stabilize: the change is marked on the charts with its decision's id
        assertThat(r.body()).contains("class=\"marker\"").containsPattern("<text class=\"marker-label\"[^>]*>DEC-\\d{3}</text>");
        assertThat(get("/loops/nope").statusCode()).isEqualTo(404);
        assertThat(get("/loops/registry-hygiene?from=yesterday").statusCode()).isEqualTo(400);
    }

    /** The loop page says what validate and status say of the loop's definitions: a drifted cron, a loop nothing runs. */
    @Test
    void loopPage_showsTheDriftOfTheLoopsDefinitions() throws Exception {
        startSample(Tokens.none());
        assertThat(get("/loops/registry-hygiene").body()).doesNotContain("id=\"drift\"");
        assertThat(get("/loops/kaizen-stack").body()).contains("id=\"drift\"", "warning: loops/kaizen-stack: no activity definition is bound");
        Path def = tmp.resolve("ws/activity-definitions/registry-hygiene-daily.md");
        Files.writeString(def, Files.readString(def).replace("cron: \"0 11 * * *\"", "cron: \"0 12 * * *\""));
        assertThat(get("/loops/registry-hygiene").body()).contains("<li class=\"error\">error: activity-definitions/registry-hygiene-daily.md:4: "
                + "cron: &quot;0 12 * * *&quot; has drifted from the loop&#x27;s cadence.yml cron &quot;0 11 * * *&quot;");
    }

    @Test
    void decisionsAndUrgentPages_render() throws Exception {
        startSample(Tokens.none());
        HttpResponse<String> d = get("/decisions");
        assertThat(d.statusCode()).isEqualTo(200);
        assertThat(d.body()).contains("<table", "DEC-001", "<details>");
        HttpResponse<String> u = get("/urgent");
        assertThat(u.statusCode()).isEqualTo(200);
        assertThat(u.body()).contains("Urgent tasks", "Open (");
    }

    @Test
    void rotationPage_showsSignalsAndQualityCurvesWithPlateauWindows() throws Exception {
        RotationFixture f = new RotationFixture(tmp);
        start(f.ws, RotationFixture.NOW, Tokens.none());
        HttpResponse<String> r = get("/rotation");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("id=\"signals\"", "repo-a", "candidate", "id=\"chart-quality-repo-a\"", "class=\"window\"",
                "recent window: mean", "repo-old");
    }

    // ---------------------------------------------------------------- JSON API

    @Test
    void apiLoops_isTheSameAsStatusJson() throws Exception {
        Path ws = Cli.sample(tmp);
        Cli.Result cli = Cli.run("-w", ws.toString(), "--now", Cli.SAMPLE_NOW, "status", "--json");
        assertThat(cli.exit()).as(cli.toString()).isZero();
        start(ws, Cli.SAMPLE_NOW, Tokens.none());
        HttpResponse<String> r = get("/api/loops");
        assertThat(r.statusCode()).isEqualTo(200);
        com.fasterxml.jackson.databind.node.ObjectNode page = (com.fasterxml.jackson.databind.node.ObjectNode) json(r);
        // one page of 100 (ServePagingTest pages through more): where it is in the whole list, then status --json
        assertThat(List.of(page.remove("total"), page.remove("page"), page.remove("per_page"), page.remove("pages")).toString())
                .isEqualTo("[3, 1, 100, 1]");
        assertThat(page).isEqualTo(Mappers.JSON.readTree(cli.out()));
    }

    @Test
    void apiLoop_isTheEvaluationOfOneLoopWithItsStatus_unknownIs404() throws Exception {
        Path ws = Cli.sample(tmp);
        Cli.Result cli = Cli.run("-w", ws.toString(), "--now", Cli.SAMPLE_NOW, "evaluate", "--json");
        JsonNode evaluated = null;
        for (JsonNode l : Mappers.JSON.readTree(cli.out()).path("loops")) {
            if (l.path("loop").asText().equals("registry-hygiene")) evaluated = l;
        }
        start(ws, Cli.SAMPLE_NOW, Tokens.none());
        JsonNode o = json(get("/api/loops/registry-hygiene"));
        assertThat(o.path("recommendation").asText()).isEqualTo(evaluated.path("recommendation").asText());
        assertThat(o.path("rules")).isEqualTo(evaluated.path("rules"));
        assertThat(o.path("status").path("phase").asText()).isEqualTo("stabilize");
        assertError(get("/api/loops/nope"), 404, "no loop 'nope'");
    }

    @Test
    void apiHealth_returnsTheRecordsInTheRange_badRangeIs400() throws Exception {
        startSample(Tokens.none());
        JsonNode o = json(get("/api/loops/kaizen-stack/health?from=2026-06-25T00:00Z&to=2026-06-25T06:00Z"));
        assertThat(o.path("loop").asText()).isEqualTo("kaizen-stack");
        assertThat(o.path("records").size()).isEqualTo(7);
        for (JsonNode r : o.path("records")) {
            assertThat(r.path("cycle").asText()).startsWith("2026-06-25T0");
        }
        assertThat(o.path("truncated").asBoolean()).isFalse();
        assertError(get("/api/loops/kaizen-stack/health?from=2026-06-26&to=2026-06-25"), 400, "is after to");
        assertError(get("/api/loops/kaizen-stack/health?to=soon"), 400, "to: 'soon' is not a time");
        assertError(get("/api/loops/nope/health"), 404, "no loop 'nope'");
    }

    @Test
    void apiRotation_isTheSameAsRotationJson() throws Exception {
        RotationFixture f = new RotationFixture(tmp);
        Cli.Result cli = f.run(RotationFixture.NOW, "rotation", "--json");
        start(f.ws, RotationFixture.NOW, Tokens.none());
        assertThat(json(get("/api/rotation"))).isEqualTo(Mappers.JSON.readTree(cli.out()));
    }

    @Test
    void apiRotation_withoutARotationPolicyIs404() throws Exception {
        Path ws = Cli.sample(tmp);
        Files.deleteIfExists(ws.resolve("loops/regulator/rotation-policy.yml"));
        Files.deleteIfExists(ws.resolve("rotation-policy.yml"));
        start(ws, Cli.SAMPLE_NOW, Tokens.none());
        assertError(get("/api/rotation"), 404, "no rotation is configured");
        assertThat(get("/rotation").body()).contains("No rotation is configured");
    }

    @Test
    void apiDecisions_newestFirst_filteredByLoopAndKind_limitChecked() throws Exception {
        startSample(Tokens.none());
        JsonNode all = json(get("/api/decisions"));
        assertThat(all.path("decisions").size()).isGreaterThan(0);
        JsonNode one = json(get("/api/decisions?loop=registry-hygiene&kind=promotion&limit=1")).path("decisions");
        assertThat(one.size()).isEqualTo(1);
        assertThat(one.get(0).path("loop").asText()).isEqualTo("registry-hygiene");
        assertThat(one.get(0).path("kind").asText()).isEqualTo("promotion");
        assertError(get("/api/decisions?limit=0"), 400, "limit");
    }

    @Test
    void metricsAndHealthz() throws Exception {
        startSample(Tokens.none());
        HttpResponse<String> m = get("/metrics");
        assertThat(m.statusCode()).isEqualTo(200);
        assertThat(m.body()).contains("loopreg_loop_phase{loop=\"registry-hygiene\"} 1.0", "loopreg_loop_phase{loop=\"kaizen-stack\"} 0.0",
                "loopreg_loop_health{loop=\"registry-hygiene\",metric=\"false_positive_rate\"}", "loopreg_recommendations{outcome=\"hold\"}",
                "loopreg_urgent_tasks_open", "loopreg_loops 3.0");
        // each loop's latest-record age, and whether it is stale
        assertThat(m.body()).contains("loopreg_loop_latest_record_age_seconds{loop=\"kaizen-stack\"}", "loopreg_loop_stale{loop=\"kaizen-stack\"} 0.0");
        // the sample drafts its collector and session definitions disabled: serve says what is not running
        JsonNode h = json(get("/healthz"));
        assertThat(h.path("status").asText()).isEqualTo("degraded");
        assertThat(h.path("scheduler").asText()).isEqualTo("running");
        assertThat(h.path("reasons")).extracting(JsonNode::asText).containsExactly(
                "cycle is not scheduled: activity-definitions/hourly-loop-health-collector.md: enabled: false (set enabled: true to let serve run it)",
                "session is not scheduled: activity-definitions/regulator-session.md: enabled: false (set enabled: true to let serve run it)");
        // the overview says it once: which jobs at the top, why in the scheduler's table
        String overview = get("/").body();
        assertThat(overview).contains("Not running: </span>cycle, session — why: <a href=\"/#scheduler\">the scheduler</a>");
        assertThat(overview.split("enabled: false \\(set enabled: true to let serve run it\\)", -1)).hasSize(3);
        assertThat(overview).contains("<td class=\"error\">not scheduled: activity-definitions/hourly-loop-health-collector.md: enabled: false");
    }

    @Test
    void healthz_isOk_whenEveryConfiguredJobIsScheduled() throws Exception {
        Path ws = Cli.sample(tmp);
        for (String f : List.of("hourly-loop-health-collector.md", "regulator-session.md")) {
            Path d = ws.resolve("activity-definitions").resolve(f);
            Files.writeString(d, Files.readString(d).replace("enabled: false", "enabled: true"));
        }
        start(ws, Cli.SAMPLE_NOW, Tokens.none());
        JsonNode h = json(get("/healthz"));
        assertThat(h.path("reasons").toString()).as(h.toString()).isEqualTo("[]");
        assertThat(h.path("status").asText()).as(h.toString()).isEqualTo("ok");
        assertThat(h.path("reasons")).isEmpty();
        assertThat(get("/").body()).contains("Every configured job is scheduled.").doesNotContain("Not running:");
    }

    // ---------------------------------------------------------------- actions

    static final List<String> ACTIONS = List.of("/api/loops/kaizen-stack/approve", "/api/loops/kaizen-stack/reject",
            "/api/loops/registry-hygiene/apply", "/api/loops/registry-hygiene/demote", "/api/rotation/repo-a/rotate",
            "/api/rotation/repo-old/revisit");

    @Test
    void readOnlyServer_answers403ToEveryAction_andChangesNothing() throws Exception {
        startSample(Tokens.none());
        Path ws = tmp.resolve("ws");
        Map<String, String> before = Cli.snapshot(ws);
        for (String a : ACTIONS) {
            assertError(post(a, TOKEN, "{\"reason\": \"x\"}"), 403, "read-only");
        }
        assertThat(Cli.snapshot(ws)).isEqualTo(before);
    }

    @Test
    void missingOrWrongToken_is401_andChangesNothing() throws Exception {
        startSample(token());
        Path ws = tmp.resolve("ws");
        Map<String, String> before = Cli.snapshot(ws);
        for (String a : ACTIONS) {
            HttpResponse<String> none = post(a, null, null);
            assertError(none, 401, "missing Authorization");
            assertThat(none.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
            assertError(post(a, TOKEN + "x", null), 401, "not valid");
            assertError(post(a, "", null), 401, "");
        }
        assertThat(Cli.snapshot(ws)).isEqualTo(before);
    }

    @Test
    void getOnAnAction_is405_andChangesNothing() throws Exception {
        startSample(token());
        Map<String, String> before = Cli.snapshot(tmp.resolve("ws"));
        for (String a : ACTIONS) {
            HttpResponse<String> r = get(a);
            assertError(r, 405, "actions are POST requests");
            assertThat(r.headers().firstValue("Allow")).contains("POST");
        }
        assertThat(Cli.snapshot(tmp.resolve("ws"))).isEqualTo(before);
    }

    @Test
    void badBodies_areRefusedWithClearErrors_andChangeNothing() throws Exception {
        startSample(token());
        Map<String, String> before = Cli.snapshot(tmp.resolve("ws"));
        String a = "/api/loops/registry-hygiene/demote";
        assertError(post(a, TOKEN, "{\"reason\": \"" + "x".repeat(5000) + "\"}"), 413, "at most 4096");
        assertError(post(a, TOKEN, "{not json"), 400, "not valid JSON");
        assertError(post(a, TOKEN, "[1]"), 400, "not a JSON object");
        assertError(post(a, TOKEN, "{\"reason\": 5}"), 400, "reason: expected a string");
        assertError(post(a, TOKEN, "{\"by\": \"<script>\", \"reason\": \"x\"}"), 400, "by: '<script>' is not allowed");
        assertError(post(a, TOKEN, "{}"), 400, "reason: missing");
        HttpResponse<String> form = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + a))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("reason=x")).build(), HttpResponse.BodyHandlers.ofString());
        assertError(form, 415, "expected application/json");
        assertError(post("/api/loops/nope/apply", TOKEN, null), 404, "no loop 'nope'");
        assertThat(Cli.snapshot(tmp.resolve("ws"))).isEqualTo(before);
    }

    @Test
    void approveAndReject_withTheRightToken_areRecordedAsDecisionsWithWho() throws Exception {
        startSample(Tokens.of(null, writeTokens("alice-laptop:" + TOKEN)));
        Path ws = tmp.resolve("ws");
        HttpResponse<String> r = post("/api/loops/kaizen-stack/approve", TOKEN, "{\"by\": \"alice\", \"note\": \"checked the records\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode o = json(r);
        String dec = o.path("decision").asText();
        assertThat(dec).matches("DEC-\\d{3}");
        // the identity is the token's; the name the body gave is a note (actor.says), never the identity
        assertThat(o.path("by").asText()).isEqualTo("api token alice-laptop");
        assertThat(o.path("actor").toString()).isEqualTo("{\"method\":\"token\",\"token\":\"alice-laptop\",\"role\":\"operator\",\"says\":\"alice\"}");
        JsonNode line = ServeApiTestSupport.lastLine(ws.resolve("loops/regulator/decisions.jsonl"));
        assertThat(line.path("id").asText()).isEqualTo(dec);
        assertThat(line.path("kind").asText()).isEqualTo("approval");
        assertThat(line.path("approval").asText()).isEqualTo("approved");
        assertThat(line.path("by").asText()).isEqualTo("api token alice-laptop");
        assertThat(line.path("actor").toString()).isEqualTo(o.path("actor").toString());
        assertThat(line.path("via").asText()).isEqualTo("api");
        assertThat(Files.readString(ws.resolve("loops/kaizen-stack/cadence.yml"))).contains("regulator_approval: approved");

        HttpResponse<String> rej = post("/api/loops/kaizen-stack/reject", TOKEN, "{\"reason\": \"too many duplicates\"}");
        assertThat(rej.statusCode()).as(rej.body()).isEqualTo(200);
        assertThat(Files.readString(ws.resolve("loops/kaizen-stack/cadence.yml"))).contains("regulator_approval: rejected");
        JsonNode last = ServeApiTestSupport.lastLine(ws.resolve("loops/regulator/decisions.jsonl"));
        assertThat(last.path("approval").asText()).isEqualTo("rejected");
        assertThat(last.path("reason").asText()).isEqualTo("too many duplicates");
        assertThat(last.path("by").asText()).isEqualTo("api token alice-laptop");
        assertThat(last.path("actor").path("says").isMissingNode()).isTrue();
        // the new decisions are on the API and the workspace still validates
        assertThat(json(get("/api/decisions?kind=approval")).path("decisions").size()).isEqualTo(2);
        Cli.Result v = Cli.run("-w", ws.toString(), "--now", Cli.SAMPLE_NOW, "validate");
        assertThat(v.exit()).as(v.toString()).isZero();
    }

    @Test
    void staleApproval_givenForAPhaseTheLoopHasLeft_is409_andChangesNothing() throws Exception {
        startSample(token());
        Path ws = tmp.resolve("ws");
        // the page showed registry-hygiene in bootstrap; it is in stabilize since 2026-06-19
        String cadence = Files.readString(ws.resolve("loops/registry-hygiene/cadence.yml"));
        long decisions = Files.readAllLines(ws.resolve("loops/regulator/decisions.jsonl")).size();
        assertError(post("/api/loops/registry-hygiene/approve", TOKEN, "{\"phase\": \"bootstrap\"}"), 409,
                "given while it was in bootstrap; it is in stabilize");
        assertError(post("/api/loops/registry-hygiene/reject", TOKEN, "{\"phase\": \"stabilize\", \"phase_since\": "
                + "\"2026-06-01T00:00:00Z\", \"reason\": \"x\"}"), 409, "since 2026-06-01T00:00:00Z");
        assertError(post("/api/loops/registry-hygiene/approve", TOKEN, "{\"phase\": \"sideways\"}"), 400, "not a phase");
        assertThat(Files.readString(ws.resolve("loops/registry-hygiene/cadence.yml"))).isEqualTo(cadence);
        assertThat(Files.readAllLines(ws.resolve("loops/regulator/decisions.jsonl"))).hasSize((int) decisions);
        // what the page saw is still true: accepted, and cadence.yml says which transition it approves
        HttpResponse<String> ok = post("/api/loops/registry-hygiene/approve", TOKEN, "{\"phase\": \"stabilize\"}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(json(ok).path("done").asText()).isEqualTo("regulator_approval: approved for stabilize → operate");
        assertThat(Files.readString(ws.resolve("loops/registry-hygiene/cadence.yml")))
                .contains("approval_for: \"stabilize → operate\"").contains("approval_since: ");
    }

    @Test
    void unknownPages_getAnHtml404_theApiAJson404_andTimesOutOfRangeA400() throws Exception {
        startSample(Tokens.none());
        HttpResponse<String> page = get("/no-such-page");
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("<html").contains("Not Found");
        HttpResponse<String> loopPage = get("/loops/nope");
        assertThat(loopPage.statusCode()).isEqualTo(404);
        assertThat(loopPage.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertError(get("/api/no-such-thing"), 404, "no such page");
        assertError(get("/api/loops/nope"), 404, "no loop 'nope'");
        for (String q : List.of("from=-999999999-01-01T00:00:00Z", "to=+999999999-12-31T23:59:59Z", "from=0000-01-01", "to=99999-01-01",
                "from=2026-13-45", "from=1969-12-31")) {
            HttpResponse<String> api = get("/api/loops/kaizen-stack/health?" + q);
            assertThat(api.statusCode()).as(q + ": " + api.body()).isEqualTo(400);
            HttpResponse<String> html = get("/loops/kaizen-stack?" + q);
            assertThat(html.statusCode()).as(q).isEqualTo(400);
            assertThat(html.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        }
    }

    @Test
    void noResponse_showsTheWorkspacesAbsolutePath() throws Exception {
        startSample(token());
        String abs = tmp.resolve("ws").toAbsolutePath().toString();
        List<HttpResponse<String>> all = new java.util.ArrayList<>();
        for (String path : List.of("/", "/loops/kaizen-stack", "/rotation", "/decisions", "/urgent", "/nope", "/api/loops", "/api/loops/nope",
                "/api/loops/kaizen-stack", "/api/rotation", "/api/decisions", "/api/urgent", "/healthz", "/metrics")) {
            all.add(get(path));
        }
        all.add(post("/api/loops/nope/approve", TOKEN, "{}"));
        all.add(post("/api/rotation/repo-zzz/rotate", TOKEN, null));
        for (HttpResponse<String> r : all) {
            assertThat(r.body()).as(r.uri() + " (" + r.statusCode() + ")").doesNotContain(abs).doesNotContain(tmp.toString());
        }
    }

    @Test
    void anActionThatWaitedPastTheLockBound_is503WithRetryAfter_andChangesNothing() throws Exception {
        startSample(token());
        Path ws = tmp.resolve("ws");
        String cadence = Files.readString(ws.resolve("loops/kaizen-stack/cadence.yml"));
        try (dev.loopreg.workspace.WorkspaceLock held = dev.loopreg.workspace.WorkspaceLock.acquire(new dev.loopreg.workspace.Workspace(ws),
                "a long cron collect", Duration.ZERO, Instant.parse(Cli.SAMPLE_NOW))) {
            HttpResponse<String> r = post("/api/loops/kaizen-stack/approve", TOKEN, "{}");
            assertError(r, 503, "workspace is locked by pid");
            assertThat(r.headers().firstValue("Retry-After")).contains("5");
        }
        assertThat(Files.readString(ws.resolve("loops/kaizen-stack/cadence.yml"))).isEqualTo(cadence);
        // once it is free, the same action goes through
        assertThat(post("/api/loops/kaizen-stack/approve", TOKEN, "{}").statusCode()).isEqualTo(200);
    }

    @Test
    void demoteAndApply_withTheRightToken_writeDecisions() throws Exception {
        startSample(token());
        Path ws = tmp.resolve("ws");
        HttpResponse<String> d = post("/api/loops/registry-hygiene/demote", TOKEN, "{\"by\": \"bob\", \"reason\": \"noisy since Monday\"}");
        assertThat(d.statusCode()).as(d.body()).isEqualTo(200);
        assertThat(json(d).path("done").asText()).isEqualTo("demotion stabilize → bootstrap");
        JsonNode line = ServeApiTestSupport.lastLine(ws.resolve("loops/regulator/decisions.jsonl"));
        assertThat(line.path("kind").asText()).isEqualTo("demotion");
        assertThat(line.path("by").asText()).isEqualTo("api token env");
        assertThat(line.path("actor").path("says").asText()).isEqualTo("bob");
        assertThat(Files.readString(ws.resolve("loops/registry-hygiene/cadence.yml"))).contains("phase: bootstrap");
        // apply: kaizen-stack's promotion is recommended and approved in the sample
        HttpResponse<String> a = post("/api/loops/kaizen-stack/apply", TOKEN, null);
        assertThat(a.statusCode()).as(a.body()).isEqualTo(200);
        assertThat(json(a).path("done").asText()).isEqualTo("promotion bootstrap → stabilize");
        assertThat(ServeApiTestSupport.lastLine(ws.resolve("loops/regulator/decisions.jsonl")).path("kind").asText()).isEqualTo("promotion");
        // applied again: nothing to apply, a clear refusal, nothing written
        Map<String, String> before = Cli.snapshot(ws);
        assertError(post("/api/loops/kaizen-stack/apply", TOKEN, null), 409, "");
        assertThat(Cli.snapshot(ws)).isEqualTo(before);
        // the overview shows the change at once (the cache is dropped after an action)
        assertThat(get("/").body()).containsPattern("registry-hygiene</a></td><td>bootstrap");
    }

    @Test
    void rotateAndRevisit_withTheRightToken_writeDecisions() throws Exception {
        RotationFixture f = new RotationFixture(tmp);
        start(f.ws, RotationFixture.NOW, token());
        HttpResponse<String> r = post("/api/rotation/repo-a/rotate", TOKEN, "{\"by\": \"carol\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode rot = ServeApiTestSupport.lastLine(f.ws.resolve("loops/regulator/decisions.jsonl"));
        assertThat(rot.path("kind").asText()).isEqualTo("rotation");
        assertThat(rot.path("repo").asText()).isEqualTo("repo-a");
        assertThat(rot.path("by").asText()).isEqualTo("api token env");
        assertThat(rot.path("actor").path("says").asText()).isEqualTo("carol");
        HttpResponse<String> v = post("/api/rotation/repo-old/revisit", TOKEN, "{\"reason\": \"new features landed\"}");
        assertThat(v.statusCode()).as(v.body()).isEqualTo(200);
        JsonNode rev = ServeApiTestSupport.lastLine(f.ws.resolve("loops/regulator/decisions.jsonl"));
        assertThat(rev.path("kind").asText()).isEqualTo("revisit");
        assertThat(rev.path("repo").asText()).isEqualTo("repo-old");
        assertError(post("/api/rotation/repo-zzz/rotate", TOKEN, null), 400, "repo-zzz");
    }

    private Path writeTokens(String content) throws Exception {
        Path f = tmp.resolve("tokens");
        Files.writeString(f, "# who may act\n" + content + "\n");
        return f;
    }
}
