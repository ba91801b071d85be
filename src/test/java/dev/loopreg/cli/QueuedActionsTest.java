package dev.loopreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.format.Mappers;
import dev.loopreg.server.Daemon;
import dev.loopreg.server.Server;
import dev.loopreg.auth.Tokens;
import dev.loopreg.server.Web;
import dev.loopreg.workspace.Workspace;
import dev.loopreg.workspace.WorkspaceLock;
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
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 100 actions queued at once through {@code serve}'s API while CLI commands run in the same process: every write to the
 * workspace is made under the workspace lock, no two holders' writes interleave, every accepted action is one decision
 * and nothing is doubled.
 */
class QueuedActionsTest {

    static final String TOKEN = "s3cret-token-for-tests-0123456789";

    @TempDir
    Path tmp;

    private Server server;

    @AfterEach
    void stop() {
        WorkspaceLock.observeWrites(null);
        if (server != null) server.close();
    }

    record Write(long holding, Path path) {
    }

    @Test
    void hundredQueuedActions_andConcurrentCliCommands_writeOnlyUnderTheLock() throws Exception {
        Path ws = Cli.sample(tmp);
        Path root = ws.toRealPath();
        List<Write> writes = Collections.synchronizedList(new ArrayList<>());
        WorkspaceLock.observeWrites((h, p) -> {
            if (p.startsWith(ws.toAbsolutePath().normalize()) || p.startsWith(root)) writes.add(new Write(h, p));
        });
        Daemon.Settings ds = new Daemon.Settings(24, 0, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofSeconds(120),
                Duration.ofMinutes(10), Duration.ofMillis(50), false);
        server = Server.start(new Workspace(ws), new Server.Config(new Web.Settings("127.0.0.1", 0, Tokens.of(TOKEN, null), 4096), ds,
                Duration.ZERO), Clock.fixed(Instant.parse(Cli.SAMPLE_NOW), ZoneOffset.UTC), k -> null);
        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(8)).build();
        String[] loops = {"quality-escalation", "kaizen-stack"};
        ExecutorService pool = Executors.newFixedThreadPool(24);
        List<Future<HttpResponse<String>>> actions = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String loop = loops[i % 2];
            String verb = i % 3 == 0 ? "reject" : "approve";
            String body = "{\"note\": \"queued action " + i + "\"}";
            actions.add(pool.submit(() -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/loops/"
                            + loop + "/" + verb)).header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString())));
        }
        List<Future<Cli.Result>> cli = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int n = i;
            cli.add(pool.submit(() -> n % 2 == 0
                    ? Cli.run("-w", ws.toString(), "--now", Cli.SAMPLE_NOW, "--lock-timeout", "120", "evaluate")
                    : Cli.run("-w", ws.toString(), "--now", Cli.SAMPLE_NOW, "--lock-timeout", "120", "approve", "registry-hygiene",
                    "--by", "cli-" + n, "--note", "from the shell " + n)));
        }
        int accepted = 0;
        for (Future<HttpResponse<String>> f : actions) {
            HttpResponse<String> r = f.get();
            assertThat(r.statusCode()).as(r.body()).isIn(200, 409);
            if (r.statusCode() == 200) accepted++;
        }
        int cliApprovals = 0;
        for (int i = 0; i < cli.size(); i++) {
            Cli.Result r = cli.get(i).get();
            assertThat(r.exit()).as(r.toString()).isIn(0, ExitCodes.REFUSED);
            if (r.exit() == 0 && i % 2 == 1) cliApprovals++;
        }
        pool.shutdown();
        WorkspaceLock.observeWrites(null);

        // every write under the lock, and one holder's writes never interleaved with another's
        assertThat(writes).isNotEmpty();
        assertThat(writes).filteredOn(w -> w.holding() == 0).as("writes made without the lock").isEmpty();
        Set<Long> finished = new HashSet<>();
        long current = -1;
        for (Write w : writes) {
            if (w.holding() != current) {
                assertThat(finished).as("holding " + w.holding() + " wrote again after another holder's writes").doesNotContain(w.holding());
                if (current >= 0) finished.add(current);
                current = w.holding();
            }
        }
        // each accepted action is one decision; none doubled; the workspace validates as the sample does
        List<JsonNode> approvals = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (String l : Files.readAllLines(ws.resolve("loops/regulator/decisions.jsonl"))) {
            JsonNode n = Mappers.JSON.readTree(l);
            assertThat(ids.add(n.path("id").asText())).as("decision id used twice: " + l).isTrue();
            if (n.path("kind").asText().equals("approval")) approvals.add(n);
        }
        assertThat(accepted).as("accepted actions").isGreaterThan(50);
        assertThat(approvals).hasSize(accepted + cliApprovals);
        Cli.Result v = Cli.run("-w", ws.toString(), "validate");
        assertThat(v.exit()).as(v.toString()).isZero();
        assertThat(v.out()).endsWith("ok: no errors, 4 warnings in " + ws + "\n");   // the sample's workplan (2), two loops no definition runs
    }
}
