package dev.loopreg.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopreg.Samples;
import dev.loopreg.auth.Tokens;
import dev.loopreg.db.Database;
import dev.loopreg.db.DatabaseUrl;
import dev.loopreg.db.PgStore;
import dev.loopreg.db.TestPostgres;
import dev.loopreg.outbox.Outbox;
import dev.loopreg.regulator.Changes;
import dev.loopreg.regulator.Deliveries;
import dev.loopreg.regulator.Regulator;
import dev.loopreg.scheduler.DbScheduler;
import dev.loopreg.source.Loopback;
import dev.loopreg.store.Store;
import dev.loopreg.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code serve --database} replicas deliver the outbox together: each pending entry is claimed by one deliverer (a
 * {@code sending} line with a lease, appended under the database's lock), so every entry reaches state-hub by one POST,
 * however many passes of both replicas run at once.
 */
class OutboxReplicasTest {

    @TempDir
    Path tmp;

    @Test
    void twoReplicas_deliverEachEntryOnce() throws Exception {
        Map<String, AtomicInteger> posts = new ConcurrentHashMap<>();
        try (Loopback hub = new Loopback((r, n) -> {
            posts.computeIfAbsent(r.header("Idempotency-Key"), k -> new AtomicInteger()).incrementAndGet();
            Thread.sleep(100);   // a receiver that takes its time: the passes of both replicas overlap
            return Loopback.Reply.json(201, "{\"id\":\"SH-" + n + "\"}");
        })) {
            Workspace a = new Workspace(withHub(Samples.sample(tmp.resolve("a")), hub.url()));
            Workspace b = new Workspace(withHub(Samples.sample(tmp.resolve("b")), hub.url()));
            String url = TestPostgres.get().newDatabase();
            try (Database db = Database.open(DatabaseUrl.parse(url)); Database dbB = Database.open(DatabaseUrl.parse(url))) {
                PgStore.importFiles(a, db);
                Clock clock = Clock.fixed(Instant.parse("2026-06-25T12:05:00Z"), ZoneOffset.UTC);
                Daemon.Settings ds = new Daemon.Settings(24, 0, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30),
                        Duration.ofSeconds(30), Duration.ofMillis(200), true);
                Server.Config cfg = new Server.Config(new Web.Settings("127.0.0.1", 0, Tokens.none(), 1 << 20), ds, Duration.ZERO);
                Store sa = PgStore.open(a, db);
                Store sb = PgStore.open(b, dbB);
                Map<String, String> env = Map.of("SH_TOKEN", "t");
                try (Server ra = Server.start(sa, cfg, clock, env::get, o -> new DbScheduler(db.dataSource(), "a", Duration.ofMillis(50), Duration.ofSeconds(1), o));
                     Server rb = Server.start(sb, cfg, clock, env::get, o -> new DbScheduler(dbB.dataSource(), "b", Duration.ofMillis(50), Duration.ofSeconds(1), o))) {
                    // decisions made through each replica's store: their records wait in the outbox
                    new Changes(new Regulator(sa, Duration.ofSeconds(5), clock, env::get)).apply("kaizen-stack", clock.instant(), "ann");
                    new Changes(new Regulator(sb, Duration.ofSeconds(5), clock, env::get)).demote("registry-hygiene", clock.instant(), "bo", "noisy");
                    new Changes(new Regulator(sa, Duration.ofSeconds(5), clock, env::get)).demote("kaizen-stack", clock.instant(), "ann", "too early");
                    Outbox before = new Deliveries(new Regulator(sa, Duration.ofSeconds(5), clock, env::get), env::get).state();
                    List<String> keys = before.entries().stream().map(e -> e.delivery().key()).toList();
                    assertThat(keys).hasSize(3).allMatch(k -> k.startsWith("loopreg-decision-DEC-"));

                    // both replicas' deliverers, four passes each, all at once
                    ExecutorService pool = Executors.newFixedThreadPool(8);
                    CountDownLatch go = new CountDownLatch(1);
                    List<Future<?>> passes = new ArrayList<>();
                    for (int i = 0; i < 8; i++) {
                        Server s = i % 2 == 0 ? ra : rb;
                        passes.add(pool.submit(() -> {
                            go.await();
                            s.daemon().deliver();
                            return null;
                        }));
                    }
                    go.countDown();
                    for (Future<?> f : passes) f.get();
                    pool.shutdown();

                    assertThat(posts.keySet()).containsExactlyInAnyOrderElementsOf(keys);
                    assertThat(posts).allSatisfy((k, n) -> assertThat(n.get()).as(k).isEqualTo(1));
                    Outbox after = new Deliveries(new Regulator(sb, Duration.ofSeconds(5), clock, env::get), env::get).state();
                    assertThat(after.with(Outbox.Status.DELIVERED)).hasSize(3);
                    assertThat(after.entries()).allSatisfy(e -> assertThat(e.attempts()).hasSize(1));
                }
            }
        }
    }

    private static Path withHub(Path ws, String url) throws Exception {
        Path policy = ws.resolve("loops/regulator/policy.yml");
        Files.writeString(policy, Files.readString(policy) + "\nstate_hub:\n  url: " + url + "\n  token_env: SH_TOKEN\n  retries: 0\n"
                + "decisions:\n  state_hub_workstream: ops\n");
        return ws;
    }
}
