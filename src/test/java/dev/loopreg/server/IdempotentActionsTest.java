package dev.loopreg.server;

import dev.loopreg.auth.Tokens;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.Samples;
import dev.loopreg.db.Database;
import dev.loopreg.db.DatabaseUrl;
import dev.loopreg.db.PgStore;
import dev.loopreg.db.TestPostgres;
import dev.loopreg.format.Mappers;
import dev.loopreg.scheduler.DbScheduler;
import dev.loopreg.store.Store;
import dev.loopreg.workspace.Workspace;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An action sent with an {@code Idempotency-Key} lands once: the same request sent to two replicas at once, and retried,
 * records one decision, and every answer names it; a key used for another request is refused. On the files, a retry to
 * the one server is answered the same way.
 */
class IdempotentActionsTest {

    private static final String TOKEN = "idempotent-token-0123456789";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-25T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    private static Server.Config config() throws Exception {
        Daemon.Settings ds = new Daemon.Settings(24, 0, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ofSeconds(30), Duration.ofMillis(200), false);
        return new Server.Config(new Web.Settings("127.0.0.1", 0, Tokens.of(TOKEN, null), 1 << 20), ds, Duration.ZERO);
    }

    @Test
    void theSameKeyOnTwoReplicasAtOnce_oneDecision_everyAnswerNamesIt() throws Exception {
        Workspace a = new Workspace(Samples.sample(tmp.resolve("a")));
        Workspace b = new Workspace(Samples.sample(tmp.resolve("b")));
        String url = TestPostgres.get().newDatabase();
        try (Database db = Database.open(DatabaseUrl.parse(url)); Database dbB = Database.open(DatabaseUrl.parse(url))) {
            PgStore.importFiles(a, db);
            Store sa = PgStore.open(a, db);
            Store sb = PgStore.open(b, dbB);
            try (Server ra = Server.start(sa, config(), CLOCK, n -> null, o -> new DbScheduler(db.dataSource(), "a", Duration.ofMillis(50), Duration.ofSeconds(1), o));
                 Server rb = Server.start(sb, config(), CLOCK, n -> null, o -> new DbScheduler(dbB.dataSource(), "b", Duration.ofMillis(50), Duration.ofSeconds(1), o))) {
                int before = sa.decisions().values().size();
                String path = "/api/loops/kaizen-stack/demote";
                String body = "{\"reason\": \"noisy week\", \"by\": \"ann\"}";
                List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
                for (Server s : List.of(ra, rb, ra, rb)) sent.add(postUntilAnswered(s, path, "click-7f3a", body));
                List<JsonNode> answers = new ArrayList<>();
                for (var f : sent) {
                    HttpResponse<String> r = f.get();
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                    answers.add(Mappers.JSON.readTree(r.body()));
                }
                assertThat(sa.decisions().values()).hasSize(before + 1);
                String id = sa.decisions().values().get(before).path("id").asText();
                assertThat(answers).allMatch(n -> n.path("decision").asText().equals(id));
                assertThat(answers).filteredOn(n -> n.path("replayed").asBoolean()).hasSize(3);
                assertThat(sa.requests().find("click-7f3a")).get().satisfies(l -> assertThat(l.path("decisions").get(0).asText()).isEqualTo(id));

                // the same key for another request: refused, nothing recorded
                HttpResponse<String> other = post(rb, "/api/loops/registry-hygiene/demote", "click-7f3a", body).get();
                assertThat(other.statusCode()).isEqualTo(422);
                assertThat(other.body()).contains("was used for POST " + path);
                HttpResponse<String> bad = post(rb, path, "no spaces allowed", body).get();
                assertThat(bad.statusCode()).isEqualTo(400);
                assertThat(sa.decisions().values()).hasSize(before + 1);
            }
        }
    }

    @Test
    void onTheFiles_aRetryIsAnsweredFromTheRecord() throws Exception {
        Workspace ws = new Workspace(Samples.sample(tmp.resolve("f")));
        try (Server s = Server.start(ws, config(), CLOCK, n -> null)) {
            Store files = Store.files(ws);
            int before = files.decisions().values().size();
            String body = "{\"reason\": \"noisy week\"}";
            JsonNode first = Mappers.JSON.readTree(post(s, "/api/loops/kaizen-stack/demote", "retry-1", body).get().body());
            JsonNode again = Mappers.JSON.readTree(post(s, "/api/loops/kaizen-stack/demote", "retry-1", body).get().body());
            assertThat(first.path("replayed").asBoolean()).isFalse();
            assertThat(again.path("replayed").asBoolean()).isTrue();
            assertThat(again.path("decision").asText()).isEqualTo(first.path("decision").asText()).isNotEmpty();
            assertThat(files.decisions().values()).hasSize(before + 1);
            // without a key, the same request acts again (a demotion of the demoted loop is its own decision or a refusal)
            HttpResponse<String> keyless = post(s, "/api/loops/kaizen-stack/demote", null, body).get();
            assertThat(keyless.statusCode()).isIn(200, 409);
        }
    }

    /**
     * What a client with an idempotency key does: a 503 (the lock was busy longer than a replica's action waits) is sent
     * again after its Retry-After, with the same key, until it is answered. Under load a replica's own second request may
     * wait longer than the 800 ms an action waits; the invariant is that the retries record nothing twice.
     */
    private static CompletableFuture<HttpResponse<String>> postUntilAnswered(Server s, String path, String key, String body) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                for (int i = 0; ; i++) {
                    HttpResponse<String> r = post(s, path, key, body).get();
                    if (r.statusCode() != 503 || i == 30) return r;
                    assertThat(r.headers().firstValue("Retry-After")).as("a 503 says when to retry").isPresent();
                    Thread.sleep(200);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static CompletableFuture<HttpResponse<String>> post(Server s, String path, String key, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) b.header("Idempotency-Key", key);
        return HttpClient.newHttpClient().sendAsync(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
