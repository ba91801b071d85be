package dev.loopreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rotation page's forms over real HTTP: an operator rotates the candidate from the queue and revisits the saturated
 * repo, each recorded with the operator's identity; an approver sees neither form. The sessions are signed with the
 * server's key here (the sign-in itself is WebControlPlaneTest's, against a real provider).
 */
class RotationFormsTest {

    static final String KEY = "rotation-forms-session-key-0123456789abcdef";

    @TempDir
    Path tmp;

    @Test
    void anOperator_rotatesAndRevisitsFromThePages_anApproverCannot() throws Exception {
        RotationFixture f = new RotationFixture(tmp);
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
        Instant now = Instant.parse(RotationFixture.NOW);
        SessionCookies cookies = new SessionCookies(KEY.getBytes(StandardCharsets.UTF_8), Duration.ofHours(1));
        SessionCookies.Session otto = cookies.start(new Identity("https://idp.invalid", "user-otto", "otto@example.com", true, null, List.of()),
                Role.OPERATOR, now);
        SessionCookies.Session ann = cookies.start(new Identity("https://idp.invalid", "user-ann", "ann@example.com", true, null, List.of()),
                Role.APPROVER, now);
        try (Server server = Server.start(new Workspace(f.ws), new Server.Config(new Web.Settings("127.0.0.1", port, Tokens.none(), 16384, oidc),
                ds, Duration.ZERO), Clock.fixed(now, ZoneOffset.UTC), env::get)) {
            String asAnn = get(base + "/rotation", cookies.encode(ann));
            assertThat(asAnn).contains("ann@example.com (approver)").doesNotContain("Revisit a saturated repo");
            String page = get(base + "/", cookies.encode(otto));
            assertThat(page).contains("rotate repo-a", "value=\"rotate\"");
            String rotation = get(base + "/rotation", cookies.encode(otto));
            assertThat(rotation).contains("Revisit a saturated repo", "repo-old (revisit due)", "value=\"revisit\"");

            HttpResponse<String> rot = post(base, cookies.encode(otto), Map.of("csrf", otto.csrf(), "action", "rotate", "target", "repo-a",
                    "request", "rotate-request-id-000001"));
            assertThat(rot.statusCode()).as(rot.body()).isEqualTo(200);
            assertThat(rot.body()).containsPattern("DEC-\\d{3}: rotation of repo-a \\(by otto@example.com\\)");
            HttpResponse<String> rev = post(base, cookies.encode(otto), Map.of("csrf", otto.csrf(), "action", "revisit", "target", "repo-old",
                    "reason", "new features landed", "request", "revisit-request-id-00001"));
            assertThat(rev.statusCode()).as(rev.body()).isEqualTo(200);
            List<JsonNode> lines = UrgentTasksTest.events(f.ws.resolve("loops/regulator/decisions.jsonl"));
            JsonNode revisit = lines.get(lines.size() - 1);
            assertThat(revisit.path("kind").asText()).isEqualTo("revisit");
            assertThat(revisit.path("by").asText()).isEqualTo("otto@example.com");
            assertThat(revisit.path("actor").path("role").asText()).isEqualTo("operator");
            assertThat(lines.get(lines.size() - 2).path("kind").asText()).isEqualTo("rotation");

            // an approver's forged revisit: 403, nothing written
            Map<String, String> before = Cli.snapshot(f.ws);
            HttpResponse<String> forged = post(base, cookies.encode(ann), Map.of("csrf", ann.csrf(), "action", "revisit", "target", "repo-a",
                    "reason", "x", "request", "forged-revisit-request-01"));
            assertThat(forged.statusCode()).isEqualTo(403);
            assertThat(forged.body()).contains("ann@example.com has the role approver; revisit needs operator or above");
            assertThat(Cli.snapshot(f.ws)).isEqualTo(before);
        }
    }

    private static String get(String url, String cookie) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).header("Cookie", "loopreg_session=" + cookie).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static HttpResponse<String> post(String base, String cookie, Map<String, String> form) throws Exception {
        StringBuilder b = new StringBuilder();
        form.forEach((k, v) -> b.append(b.length() == 0 ? "" : "&").append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/ui/act")).header("Cookie", "loopreg_session=" + cookie)
                .header("Origin", base).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(b.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }
}
