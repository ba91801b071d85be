package dev.loopreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.auth.Role;
import dev.loopreg.auth.SessionCookies;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rotation page's forms over real HTTP: an operator rotates the candidate from the queue and revisits the saturated
 * repo, each recorded with the operator's identity; an approver sees neither form.
 */
class RotationFormsTest {

    @TempDir
    Path tmp;

    @Test
    void anOperator_rotatesAndRevisitsFromThePages_anApproverCannot() throws Exception {
        RotationFixture f = new RotationFixture(tmp);
        try (SignedInServer s = SignedInServer.start(f.ws, Instant.parse(RotationFixture.NOW))) {
            SessionCookies.Session otto = s.session("user-otto", "otto@example.com", Role.OPERATOR);
            SessionCookies.Session ann = s.session("user-ann", "ann@example.com", Role.APPROVER);
            assertThat(s.get("/rotation", ann).body()).contains("ann@example.com (approver)").doesNotContain("Revisit a saturated repo");
            assertThat(s.get("/", otto).body()).contains("rotate repo-a", "value=\"rotate\"");
            assertThat(s.get("/rotation", otto).body()).contains("Revisit a saturated repo", "repo-old (revisit due)", "value=\"revisit\"");

            HttpResponse<String> rot = s.act(otto, Map.of("action", "rotate", "target", "repo-a", "request", "rotate-request-id-000001",
                    "return", "/"));
            // Post/Redirect/Get: back to the page acted from, the outcome shown there once
            assertThat(rot.statusCode()).as(rot.body()).isEqualTo(303);
            assertThat(rot.headers().firstValue("Location")).contains("/");
            assertThat(rot.headers().firstValue("X-Loopreg-Outcome")).contains("done");
            String back = s.follow(rot, otto).body();
            assertThat(back).containsPattern("DEC-\\d{3}: rotation of repo-a \\(by otto@example.com\\)");
            // the rotated repo has left the queue
            assertThat(back).doesNotContain("value=\"rotate\"");
            HttpResponse<String> rev = s.act(otto, Map.of("action", "revisit", "target", "repo-old", "reason", "new features landed",
                    "request", "revisit-request-id-00001", "return", "/rotation"));
            assertThat(rev.statusCode()).as(rev.body()).isEqualTo(303);
            assertThat(rev.headers().firstValue("Location")).contains("/rotation");
            assertThat(s.follow(rev, otto).body()).contains("Repo rotation").containsPattern("DEC-\\d{3}: revisit of repo-old");
            List<JsonNode> lines = UrgentTasksTest.events(f.ws.resolve("loops/regulator/decisions.jsonl"));
            JsonNode revisit = lines.get(lines.size() - 1);
            assertThat(revisit.path("kind").asText()).isEqualTo("revisit");
            assertThat(revisit.path("by").asText()).isEqualTo("otto@example.com");
            assertThat(revisit.path("actor").path("role").asText()).isEqualTo("operator");
            assertThat(lines.get(lines.size() - 2).path("kind").asText()).isEqualTo("rotation");

            // an approver's forged revisit: 403, nothing written
            Map<String, String> before = Cli.snapshot(f.ws);
            HttpResponse<String> forged = s.act(ann, Map.of("action", "revisit", "target", "repo-a", "reason", "x", "request", "forged-revisit-request-01"));
            assertThat(forged.statusCode()).isEqualTo(403);
            assertThat(forged.body()).contains("ann@example.com has the role approver; revisit needs operator or above");
            assertThat(Cli.snapshot(f.ws)).isEqualTo(before);
        }
    }
}
