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
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Long lists over real HTTP on loopback: the overview and {@code /api/loops} of 250 loops come a page at a time, filter by
 * phase, recommendation, data and name, are rendered once per evaluation snapshot and answer 304 to a client that has
 * the page (ETag, If-None-Match).
 */
class ServePagingTest {

    @TempDir
    Path tmp;

    private Server server;
    private final HttpClient http = HttpClient.newHttpClient();
    private Path ws;

    /** The sample workspace with its registry-hygiene loop cloned into loop-001 … loop-247: 250 loops. */
    @BeforeEach
    void start() throws Exception {
        ws = Cli.sample(tmp);
        Path base = ws.resolve("loops/registry-hygiene");
        for (int i = 1; i <= 247; i++) {
            String id = String.format("loop-%03d", i);
            Path dir = Files.createDirectories(ws.resolve("loops").resolve(id));
            try (Stream<Path> files = Files.list(base)) {
                for (Path f : files.toList()) {
                    Files.writeString(dir.resolve(f.getFileName()), Files.readString(f).replace("registry-hygiene", id));
                }
            }
        }
        Daemon.Settings ds = new Daemon.Settings(24, 0, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofSeconds(5),
                Duration.ofMinutes(10), Duration.ofMillis(50), false);
        server = Server.start(new Workspace(ws), new Server.Config(new Web.Settings("127.0.0.1", 0, Tokens.none(), 4096), ds,
                Duration.ofHours(1)), Clock.fixed(Instant.parse(Cli.SAMPLE_NOW), ZoneOffset.UTC), k -> null);
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).GET();
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> ids(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.path("loops").forEach(l -> out.add(l.path("loop").asText()));
        return out;
    }

    @Test
    void apiLoops_comesAPageAtATime_withTotalAndLinks_andThePagesTogetherAreStatusJson() throws Exception {
        Cli.Result cli = Cli.run("-w", ws.toString(), "--now", Cli.SAMPLE_NOW, "status", "--json");
        JsonNode all = Mappers.JSON.readTree(cli.out());
        assertThat(all.path("loops")).hasSize(250);

        HttpResponse<String> first = get("/api/loops");
        assertThat(first.statusCode()).isEqualTo(200);
        JsonNode p1 = Mappers.JSON.readTree(first.body());
        assertThat(p1.path("loops")).hasSize(100);
        assertThat(p1.path("total").asInt()).isEqualTo(250);
        assertThat(p1.path("pages").asInt()).isEqualTo(3);
        assertThat(first.headers().firstValue("X-Total-Count")).contains("250");
        assertThat(first.headers().firstValue("Link")).contains("</api/loops?page=2>; rel=\"next\"");

        List<JsonNode> together = new ArrayList<>();
        for (int page = 1; page <= 3; page++) {
            HttpResponse<String> r = get("/api/loops?page=" + page);
            Mappers.JSON.readTree(r.body()).path("loops").forEach(together::add);
            if (page == 3) {
                assertThat(r.headers().firstValue("Link")).contains("</api/loops?page=2>; rel=\"prev\"");
            }
        }
        List<JsonNode> expected = new ArrayList<>();
        all.path("loops").forEach(expected::add);
        assertThat(together).isEqualTo(expected);

        JsonNode past = Mappers.JSON.readTree(get("/api/loops?page=9").body());
        assertThat(past.path("loops")).isEmpty();
        assertThat(past.path("total").asInt()).isEqualTo(250);
    }

    @Test
    void apiLoops_filtersByPhaseRecommendationDataAndName() throws Exception {
        JsonNode all = Mappers.JSON.readTree(get("/api/loops?per_page=1000").body());
        assertThat(all.path("loops")).hasSize(250);
        for (String phase : List.of("bootstrap", "stabilize", "operate")) {
            JsonNode f = Mappers.JSON.readTree(get("/api/loops?per_page=1000&phase=" + phase).body());
            long expected = 0;
            for (JsonNode l : all.path("loops")) if (l.path("phase").asText().equals(phase)) expected++;
            assertThat(f.path("total").asLong()).as(phase).isEqualTo(expected);
            f.path("loops").forEach(l -> assertThat(l.path("phase").asText()).isEqualTo(phase));
        }
        JsonNode byName = Mappers.JSON.readTree(get("/api/loops?q=LOOP-01").body());
        assertThat(ids(byName)).containsExactly("loop-010", "loop-011", "loop-012", "loop-013", "loop-014", "loop-015", "loop-016",
                "loop-017", "loop-018", "loop-019");
        JsonNode demote = Mappers.JSON.readTree(get("/api/loops?recommendation=demote&per_page=1000").body());
        JsonNode hold = Mappers.JSON.readTree(get("/api/loops?recommendation=hold&per_page=1000").body());
        JsonNode promote = Mappers.JSON.readTree(get("/api/loops?recommendation=promote&per_page=1000").body());
        JsonNode error = Mappers.JSON.readTree(get("/api/loops?recommendation=error&per_page=1000").body());
        assertThat(demote.path("total").asInt() + hold.path("total").asInt() + promote.path("total").asInt()
                + error.path("total").asInt()).isEqualTo(250);
        assertThat(demote.path("total").asInt()).isEqualTo(248);   // registry-hygiene and its 247 clones: rescues_24h fires
        JsonNode stale = Mappers.JSON.readTree(get("/api/loops?stale=true").body());
        JsonNode fresh = Mappers.JSON.readTree(get("/api/loops?stale=false").body());
        assertThat(stale.path("total").asInt() + fresh.path("total").asInt()).isEqualTo(250);
    }

    @Test
    void badParameters_are400_withWhatIsAllowed() throws Exception {
        for (String[] c : List.of(
                new String[] {"page=0", "page: '0' is not allowed; expected a whole number from 1 to the last page"},
                new String[] {"per_page=5000", "per_page: '5000' is not allowed; expected a whole number from 1 to 1000"},
                new String[] {"phase=weekly", "phase: 'weekly' is not allowed; expected one of bootstrap, stabilize, operate, error"},
                new String[] {"recommendation=maybe", "recommendation: 'maybe' is not allowed; expected one of promote, hold, demote, error"},
                new String[] {"stale=yes", "stale: 'yes' is not allowed; expected one of true, false"})) {
            HttpResponse<String> api = get("/api/loops?" + c[0]);
            assertThat(api.statusCode()).as(c[0]).isEqualTo(400);
            assertThat(Mappers.JSON.readTree(api.body()).path("details").asText()).isEqualTo(c[1]);
            HttpResponse<String> page = get("/?" + c[0]);
            assertThat(page.statusCode()).as(c[0]).isEqualTo(400);
            assertThat(page.body()).contains(c[1].replace("'", "&#x27;"));
        }
    }

    @Test
    void overview_showsAPageWithFiltersAndLinks() throws Exception {
        HttpResponse<String> r = get("/");
        assertThat(r.statusCode()).isEqualTo(200);
        String body = r.body();
        assertThat(body).contains("250 loops · 0 open urgent tasks · evaluated <time datetime=\"2026-06-25T12:00:00Z\">2026-06-25 12:00</time>", "Loops 1–100 of 250 · page 1 of 3",
                "href=\"/?page=2\"", "<select name=\"phase\">", "name=\"q\"", "href=\"/loops/loop-099\"")
                .doesNotContain("href=\"/loops/loop-100\"");
        String p3 = get("/?page=3").body();
        assertThat(p3).contains("Loops 201–250 of 250 · page 3 of 3", "href=\"/?page=2\"", "href=\"/loops/loop-247\"")
                .doesNotContain("next →");
        String filtered = get("/?q=loop-24&phase=bootstrap").body();
        assertThat(filtered).contains("<option value=\"bootstrap\" selected>").contains("value=\"loop-24\"");
    }

    @Test
    void aPageIsRenderedOncePerSnapshot_andA304AnswersAClientThatHasIt() throws Exception {
        for (String path : List.of("/", "/api/loops", "/api/loops?phase=bootstrap&page=1")) {
            HttpResponse<String> a = get(path);
            HttpResponse<String> b = get(path);
            String etag = a.headers().firstValue("ETag").orElseThrow();
            assertThat(etag).matches("\"[0-9a-f]{24}\"");
            assertThat(b.headers().firstValue("ETag")).contains(etag);
            assertThat(b.body()).isEqualTo(a.body());
            assertThat(a.headers().firstValue("Cache-Control")).contains("no-cache");

            HttpResponse<String> again = get(path, "If-None-Match", etag);
            assertThat(again.statusCode()).as(path).isEqualTo(304);
            assertThat(again.body()).isEmpty();
            assertThat(get(path, "If-None-Match", "W/" + etag + ", \"other\"").statusCode()).isEqualTo(304);
            assertThat(get(path, "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
        }
        assertThat(get("/api/loops?page=2").headers().firstValue("ETag"))
                .isNotEqualTo(get("/api/loops").headers().firstValue("ETag"));
    }
}
