package dev.loopreg.server;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopreg.Samples;
import dev.loopreg.auth.Tokens;
import dev.loopreg.db.Database;
import dev.loopreg.db.DatabaseUrl;
import dev.loopreg.db.PgStore;
import dev.loopreg.db.TestPostgres;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica while its PostgreSQL is stopped and started again (a cluster of the test's own, stopped with
 * {@code pg_ctl stop -m fast}): {@code /healthz} answers at once, 503 "unavailable", and "ok" again within seconds of the
 * restart; an action answers 503 with Retry-After, never 500; a replica started before the database is up waits for it.
 */
@org.junit.jupiter.api.parallel.Isolated("measures time: nothing runs beside it")
class DatabaseFaultsTest {

    static TestPostgres pg;
    static final String TOKEN = "s3cret-token-for-tests-0123456789";
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path tmp;

    @BeforeAll
    static void ownCluster() throws Exception {
        pg = TestPostgres.own();
    }

    @AfterAll
    static void stopCluster() {
        pg.close();
    }

    HttpResponse<String> get(Server s, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path)).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> approve(Server s) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + "/api/loops/quality-escalation/approve"))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"note\":\"during the restart\"}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthzAndActions_whilePostgresIsDown_andAfter() throws Exception {
        Workspace ws = new Workspace(Samples.sample(tmp));
        String url = pg.newDatabase();
        try (Database db = Database.open(DatabaseUrl.parse(url))) {
            PgStore.importFiles(ws, db);
            Store store = PgStore.open(ws, db);
            Daemon.Settings ds = new Daemon.Settings(24, 0, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(5),
                    Duration.ofSeconds(30), Duration.ofMillis(200), false);
            Server.Config cfg = new Server.Config(new Web.Settings("127.0.0.1", 0, Tokens.of(TOKEN, null), 1 << 16), ds, Duration.ZERO);
            Clock clock = Clock.fixed(Instant.parse("2026-06-25T12:10:00Z"), ZoneOffset.UTC);
            try (Server s = Server.start(store, cfg, clock, n -> null,
                    o -> new DbScheduler(db.dataSource(), "a", Duration.ofMillis(200), Duration.ofSeconds(1), o))) {
                assertThat(get(s, "/healthz").statusCode()).isEqualTo(200);

                pg.stopServer();
                try {
                    long t0 = System.nanoTime();
                    HttpResponse<String> h = get(s, "/healthz");
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    assertThat(h.statusCode()).isEqualTo(503);
                    var body = dev.loopreg.format.Mappers.JSON.readTree(h.body());
                    assertThat(body.path("status").asText()).isEqualTo("unavailable");
                    assertThat(body.path("reasons").get(0).asText()).containsAnyOf("cannot be reached", "did not answer within 800 ms");
                    assertThat(h.headers().firstValue("Retry-After")).contains("5");
                    assertThat(ms).as("answered in %d ms", ms).isLessThan(2_000);

                    long t1 = System.nanoTime();
                    HttpResponse<String> a = approve(s);
                    long actMs = (System.nanoTime() - t1) / 1_000_000;
                    assertThat(a.statusCode()).as(a.body()).isEqualTo(503);
                    assertThat(actMs).as("answered in %d ms", actMs).isLessThan(2_000);
                    assertThat(a.headers().firstValue("Retry-After")).isPresent();
                    assertThat(a.body()).contains("the database cannot be used now");
                } finally {
                    pg.startAgain();
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                int status = 0;
                while (System.nanoTime() < deadline && (status = get(s, "/healthz").statusCode()) != 200) Thread.sleep(200);
                assertThat(status).as("ok within 10 s of the restart").isEqualTo(200);
                HttpResponse<String> a = approve(s);
                assertThat(a.statusCode()).as(a.body()).isIn(200, 409);
            }
        }
    }

    @Test
    void aReplicaStartedBeforeTheDatabase_waitsForIt_boundedly() throws Exception {
        DatabaseUrl url = DatabaseUrl.parse(pg.newDatabase());
        pg.stopServer();
        List<String> said = new ArrayList<>();
        try {
            assertThatThrownBy(() -> Database.openWaiting(url, Duration.ofSeconds(2), said::add))
                    .isInstanceOf(Database.Unavailable.class).hasMessageContaining("cannot connect");
            assertThat(said).singleElement().asString().contains("PostgreSQL is not reachable yet").contains("waiting up to 2 s");
            said.clear();
            CompletableFuture<Database> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return Database.openWaiting(url, Duration.ofSeconds(60), said::add);
                } catch (Database.Unavailable e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(1_500);   // the replica waits while the database is down
            assertThat(waiting).isNotDone();
            pg.startAgain();
            try (Database db = waiting.get()) {
                assertThat(db.url().toString()).contains(url.database());
            }
            assertThat(said).hasSize(2).last().asString().startsWith("connected to ");
        } finally {
            if (said.isEmpty()) pg.startAgain();
        }
    }

    /** While another replica holds the fleet's lock (a long run, or a stall not yet ended), an action answers within 2 s: 503, Retry-After. */
    @Test
    void anAction_whileAnotherReplicaHoldsTheLock_answersWithinTwoSeconds() throws Exception {
        Workspace ws = new Workspace(Samples.sample(tmp.resolve("a")));
        Workspace other = new Workspace(Samples.sample(tmp.resolve("b")));
        String url = pg.newDatabase();
        try (Database db = Database.open(DatabaseUrl.parse(url)); Database dbB = Database.open(DatabaseUrl.parse(url))) {
            PgStore.importFiles(ws, db);
            Store store = PgStore.open(ws, db);
            Daemon.Settings ds = new Daemon.Settings(24, 0, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30),
                    Duration.ofSeconds(30), Duration.ofMillis(200), false);
            Server.Config cfg = new Server.Config(new Web.Settings("127.0.0.1", 0, Tokens.of(TOKEN, null), 1 << 16), ds, Duration.ZERO);
            Clock clock = Clock.fixed(Instant.parse("2026-06-25T12:10:00Z"), ZoneOffset.UTC);
            java.util.concurrent.ExecutorService holder = java.util.concurrent.Executors.newSingleThreadExecutor();
            try (Server s = Server.start(store, cfg, clock, n -> null,
                    o -> new DbScheduler(db.dataSource(), "a", Duration.ofMillis(200), Duration.ofSeconds(1), o))) {
                Store sb = PgStore.open(other, dbB);
                var held = holder.submit(() -> sb.lock("loopreg evaluate (a long one)", Duration.ofSeconds(5), Instant.now(), x -> { })).get();
                long t0 = System.nanoTime();
                HttpResponse<String> a = approve(s);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertThat(a.statusCode()).as(a.body()).isEqualTo(503);
                assertThat(a.headers().firstValue("Retry-After")).isPresent();
                assertThat(ms).as("answered in %d ms", ms).isLessThan(2_000);
                holder.submit(() -> {
                    held.close();
                    return null;
                }).get();
                HttpResponse<String> after = approve(s);
                assertThat(after.statusCode()).as(after.body()).isIn(200, 409);
            } finally {
                holder.shutdownNow();
            }
        }
    }
}
