package dev.loopreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopreg.Samples;
import dev.loopreg.auth.Identity;
import dev.loopreg.auth.OidcConfig;
import dev.loopreg.auth.Role;
import dev.loopreg.auth.SessionCookies;
import dev.loopreg.auth.Tokens;
import dev.loopreg.server.Daemon;
import dev.loopreg.server.Server;
import dev.loopreg.server.Web;
import dev.loopreg.workspace.Workspace;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet's queue is cut to size: the overview shows the first items (urgent tasks first) with a link to the rest, and
 * {@code /queue} pages through all of them, so a signed-in overview of thousands of loops stays a page, not megabytes.
 */
class QueuePagingTest {

    static final String KEY = "queue-paging-session-key-0123456789abcdef";

    @TempDir
    Path tmp;

    static int rows(String html) {
        return (int) Pattern.compile("<tr class=\"item").matcher(html).results().count();
    }

    @Test
    void theOverviewShowsTheFirstItems_andTheQueuePagesThroughAll() throws Exception {
        Path root = Samples.sample(tmp);
        String health = Files.readString(root.resolve("loops/quality-escalation/health.jsonl"));
        for (int i = 1; i <= 120; i++) {
            String id = String.format("qe-%03d", i);
            Samples.copyTree(root.resolve("loops/quality-escalation"), root.resolve("loops/" + id));
            Files.writeString(root.resolve("loops/" + id + "/health.jsonl"), health.replace("\"loop\":\"quality-escalation\"", "\"loop\":\"" + id + "\""));
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        String base = "http://127.0.0.1:" + port;
        Map<String, String> env = Map.of("S", "secret", "LOOPREG_SESSION_KEY", KEY);
        OidcConfig oidc = OidcConfig.parse("oidc.yml", "issuer: https://idp.invalid\nclient_id: loopreg\nclient_secret_env: S\nbase_url: " + base
                + "\nroles: {viewer: [\"*\"]}\n", env::get);
        Daemon.Settings ds = new Daemon.Settings(24, 0, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofSeconds(5),
                Duration.ofMinutes(10), Duration.ofMillis(50), false);
        Instant now = Instant.parse(Cli.SAMPLE_NOW);
        SessionCookies cookies = new SessionCookies(KEY.getBytes(StandardCharsets.UTF_8), Duration.ofHours(1));
        String ann = cookies.encode(cookies.start(new Identity("https://idp.invalid", "user-ann", "ann@example.com", true, null, List.of()),
                Role.APPROVER, now));
        try (Server server = Server.start(new Workspace(root), new Server.Config(new Web.Settings("127.0.0.1", port, Tokens.none(), 16384, oidc),
                ds, Duration.ZERO), Clock.fixed(now, ZoneOffset.UTC), env::get)) {
            // 123 loops: 122 promotions to approve or apply, one demotion
            String overview = get(base + "/", ann);
            assertThat(overview).contains("Waiting for a person (123)", "All 123 waiting, 100 a page →");
            assertThat(rows(overview)).isEqualTo(25);
            String p1 = get(base + "/queue", ann);
            assertThat(rows(p1)).isEqualTo(100);
            assertThat(p1).contains("page 1 of 2", "href=\"/queue?page=2\"", "Approve selected");
            String p2 = get(base + "/queue?page=2", ann);
            assertThat(rows(p2)).isEqualTo(23);
            assertThat(p2).contains("page 2 of 2", "href=\"/queue?page=1\"");
            assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/queue?page=zero"))
                    .header("Cookie", "loopreg_session=" + ann).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(400);
        }
    }

    private static String get(String url, String cookie) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).header("Cookie", "loopreg_session=" + cookie).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
