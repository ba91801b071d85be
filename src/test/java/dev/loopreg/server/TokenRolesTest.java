package dev.loopreg.server;

import dev.loopreg.auth.Tokens;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loopreg.Samples;
import dev.loopreg.store.Store;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Over real HTTP: a token's role decides what it may do. A viewer's action is refused (403, naming the role needed) and
 * changes nothing; an approver may approve but not demote; an operator may demote.
 */
class TokenRolesTest {

    private static final String VIEWER = "viewer-token-0123456789";
    private static final String APPROVER = "approver-token-0123456789";
    private static final String OPERATOR = "operator-token-0123456789";

    @TempDir
    Path tmp;

    @Test
    void aTokensRole_decidesWhatItMayDo_andARefusalChangesNothing() throws Exception {
        Workspace ws = new Workspace(Samples.sample(tmp));
        Path tokens = tmp.resolve("tokens");
        Files.writeString(tokens, "ci:viewer:" + VIEWER + "\nann:approver:" + APPROVER + "\nops:" + OPERATOR + "\n");
        Daemon.Settings ds = new Daemon.Settings(24, 0, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ofSeconds(30), Duration.ofMillis(200), false);
        Server.Config cfg = new Server.Config(new Web.Settings("127.0.0.1", 0, Tokens.of(null, tokens), 1 << 20), ds, Duration.ZERO);
        Clock clock = Clock.fixed(Instant.parse("2026-06-25T12:00:00Z"), ZoneOffset.UTC);
        try (Server s = Server.start(ws, cfg, clock, n -> null)) {
            Store files = Store.files(ws);
            String cadence = Files.readString(ws.cadence("kaizen-stack"));
            int decisions = files.decisions().values().size();

            HttpResponse<String> viewer = post(s, VIEWER, "/api/loops/kaizen-stack/approve", "{}");
            assertThat(viewer.statusCode()).isEqualTo(403);
            assertThat(viewer.body()).contains("token 'ci' has the role viewer; approve needs approver or above");
            HttpResponse<String> approverDemotes = post(s, APPROVER, "/api/loops/kaizen-stack/demote", "{\"reason\": \"noisy\"}");
            assertThat(approverDemotes.statusCode()).isEqualTo(403);
            assertThat(approverDemotes.body()).contains("token 'ann' has the role approver; demote needs operator or above");
            HttpResponse<String> approverAcks = post(s, APPROVER, "/api/urgent/URG-001/acknowledge", "{}");
            assertThat(approverAcks.statusCode()).isEqualTo(403);
            assertThat(approverAcks.body()).contains("token 'ann' has the role approver; acknowledge needs operator or above");
            assertThat(Files.readString(ws.cadence("kaizen-stack"))).isEqualTo(cadence);
            assertThat(files.decisions().values()).hasSize(decisions);
            // an operator may acknowledge: an id that is no task's is 404, with the open ones named
            HttpResponse<String> unknown = post(s, OPERATOR, "/api/urgent/URG-042/acknowledge", "{}");
            assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
            assertThat(unknown.body()).contains("no urgent task 'URG-042'; open: ");

            HttpResponse<String> approve = post(s, APPROVER, "/api/loops/registry-hygiene/approve", "{}");
            assertThat(approve.statusCode()).as(approve.body()).isEqualTo(200);
            HttpResponse<String> demote = post(s, OPERATOR, "/api/loops/kaizen-stack/demote", "{\"reason\": \"noisy\"}");
            assertThat(demote.statusCode()).as(demote.body()).isEqualTo(200);
            assertThat(files.decisions().values()).hasSize(decisions + 2);
            assertThat(demote.body()).doesNotContain("has the role");
        }
    }

    private static HttpResponse<String> post(Server s, String token, String path, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
