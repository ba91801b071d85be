package dev.loopreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopreg.Samples;
import dev.loopreg.auth.Role;
import dev.loopreg.auth.SessionCookies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet's queue is cut to size: the overview shows the first items (urgent tasks first) with a link to the rest, and
 * {@code /queue} pages through all of them, so a signed-in overview of thousands of loops stays a page, not megabytes.
 */
class QueuePagingTest {

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
        try (SignedInServer server = SignedInServer.start(root, Instant.parse(Cli.SAMPLE_NOW))) {
            SessionCookies.Session ann = server.session("user-ann", "ann@example.com", Role.APPROVER);
            // 123 loops: 122 promotions to approve or apply, one demotion
            String overview = server.get("/", ann).body();
            assertThat(overview).contains("Waiting for a person (123)", "All 123 waiting, 40 a page →");
            assertThat(rows(overview)).isEqualTo(25);
            String p1 = server.get("/queue", ann).body();
            assertThat(rows(p1)).isEqualTo(40);
            assertThat(p1).contains("page 1 of 4", "href=\"/queue?page=2\"", "Approve selected");
            String p4 = server.get("/queue?page=4", ann).body();
            assertThat(rows(p4)).isEqualTo(3);
            assertThat(p4).contains("page 4 of 4", "href=\"/queue?page=3\"");
            assertThat(server.get("/queue?page=zero", ann).statusCode()).isEqualTo(400);
        }
    }
}
