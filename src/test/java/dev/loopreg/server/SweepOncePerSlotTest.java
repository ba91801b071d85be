package dev.loopreg.server;


import static org.assertj.core.api.Assertions.assertThat;

import dev.loopreg.Samples;
import dev.loopreg.auth.Tokens;
import dev.loopreg.db.Database;
import dev.loopreg.db.DatabaseUrl;
import dev.loopreg.db.PgStore;
import dev.loopreg.db.TestPostgres;
import dev.loopreg.scheduler.DbScheduler;
import dev.loopreg.store.Store;
import dev.loopreg.workspace.Workspace;
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
 * The fleet's sweep runs once per slot, whichever replicas run it and however often: a paused replica's run that
 * another re-ran, a restarted replica's catch-up of the same slot — the second finds the slot claimed and does nothing.
 */
@org.junit.jupiter.api.parallel.Isolated("measures time: nothing runs beside it")
class SweepOncePerSlotTest {

    @TempDir
    Path tmp;

    @Test
    void twoReplicasRunningTheSameSlot_sweepItOnce() throws Exception {
        Workspace a = new Workspace(Samples.sample(tmp.resolve("a")));
        Workspace b = new Workspace(Samples.sample(tmp.resolve("b")));
        String url = TestPostgres.get().newDatabase();
        try (Database db = Database.open(DatabaseUrl.parse(url)); Database dbB = Database.open(DatabaseUrl.parse(url))) {
            PgStore.importFiles(a, db);
            Clock clock = Clock.fixed(Instant.parse("2026-06-25T12:10:00Z"), ZoneOffset.UTC);
            Daemon.Settings ds = new Daemon.Settings(24, 0, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30),
                    Duration.ofSeconds(30), Duration.ofMillis(200), false);
            Server.Config cfg = new Server.Config(new Web.Settings("127.0.0.1", 0, Tokens.none(), 1 << 20), ds, Duration.ZERO);
            Store sa = PgStore.open(a, db);
            Store sb = PgStore.open(b, dbB);
            try (Server ra = Server.start(sa, cfg, clock, n -> null, o -> new DbScheduler(db.dataSource(), "a", Duration.ofMillis(50), Duration.ofSeconds(1), o));
                 Server rb = Server.start(sb, cfg, clock, n -> null, o -> new DbScheduler(dbB.dataSource(), "b", Duration.ofMillis(50), Duration.ofSeconds(1), o))) {
                String slot = DbScheduler.SLOT + "2026-06-25T12:00:00Z";
                List<CompletableFuture<Void>> runs = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    Server s = i % 2 == 0 ? ra : rb;
                    runs.add(CompletableFuture.runAsync(() -> s.daemon().run("cycle", "cron 0 * * * *", slot)));
                }
                for (var r : runs) r.get();
                List<Daemon.Run> all = new ArrayList<>(ra.daemon().history());
                all.addAll(rb.daemon().history());
                List<Daemon.Run> sweeps = all.stream().filter(r -> r.job().equals("cycle") && r.trigger().startsWith("cron")).toList();
                assertThat(sweeps).hasSize(4).allMatch(r -> !r.failed());
                assertThat(sweeps).filteredOn(r -> r.detail().startsWith("evaluated")).hasSize(1);
                assertThat(sweeps).filteredOn(r -> r.detail().startsWith("slot 2026-06-25T12:00:00Z swept already by ")).hasSize(3);

                // the next slot is swept again, once
                ra.daemon().run("cycle", "cron 0 * * * *", DbScheduler.SLOT + "2026-06-25T13:00:00Z");
                rb.daemon().run("cycle", "cron 0 * * * *", DbScheduler.SLOT + "2026-06-25T13:00:00Z");
                List<Daemon.Run> later = new ArrayList<>(ra.daemon().history());
                later.addAll(rb.daemon().history());
                assertThat(later).filteredOn(r -> r.job().equals("cycle") && r.detail() != null && r.detail().startsWith("evaluated")).hasSize(2);
            }
        }
    }

    /** A sweep that fails (here: another replica holds the fleet's lock past the wait) gives its slot back: the retry sweeps it. */
    @Test
    void aFailedSweep_givesItsSlotBack_theRetrySweepsIt() throws Exception {
        Workspace a = new Workspace(Samples.sample(tmp.resolve("a")));
        Workspace b = new Workspace(Samples.sample(tmp.resolve("b")));
        String url = TestPostgres.get().newDatabase();
        java.util.concurrent.ExecutorService holder = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (Database db = Database.open(DatabaseUrl.parse(url)); Database dbB = Database.open(DatabaseUrl.parse(url))) {
            PgStore.importFiles(a, db);
            Clock clock = Clock.fixed(Instant.parse("2026-06-25T12:10:00Z"), ZoneOffset.UTC);
            Daemon.Settings ds = new Daemon.Settings(24, 0, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30),
                    Duration.ofSeconds(30), Duration.ofMillis(200), false);
            Server.Config cfg = new Server.Config(new Web.Settings("127.0.0.1", 0, Tokens.none(), 1 << 20), ds, Duration.ZERO);
            Store sb = PgStore.open(b, dbB);
            try (Server ra = Server.start(PgStore.open(a, db), cfg, clock, n -> null,
                    o -> new DbScheduler(db.dataSource(), "a", Duration.ofMillis(50), Duration.ofSeconds(1), o))) {
                String slot = DbScheduler.SLOT + "2026-06-25T12:00:00Z";
                var held = holder.submit(() -> sb.lock("loopreg evaluate (a long one)", Duration.ofSeconds(5), Instant.now(), x -> { })).get();
                ra.daemon().run("cycle", "cron 0 * * * *", slot);
                assertThat(ra.daemon().history().get(0).failed()).as(ra.daemon().history().get(0).detail()).isTrue();
                holder.submit(() -> {
                    held.close();
                    return null;
                }).get();
                ra.daemon().run("cycle", "cron 0 * * * *", slot);
                Daemon.Run retry = ra.daemon().history().get(0);
                assertThat(retry.detail()).startsWith("evaluated").endsWith("for slot 2026-06-25T12:00:00Z");
            }
        } finally {
            holder.shutdownNow();
        }
    }

    /**
     * A claim is a lock: a replica that claimed a slot and stopped beating (paused, cut off) loses the claim to the next
     * run of the slot after 4 beats — not after a fixed minute — and whatever the stalled one writes afterwards is refused.
     */
    @Test
    void aStalledClaim_isTakenOver_andItsWritesAreRefused() throws Exception {
        Workspace a = new Workspace(Samples.sample(tmp.resolve("a")));
        Workspace b = new Workspace(Samples.sample(tmp.resolve("b")));
        String url = TestPostgres.get().newDatabase();
        // each replica's calls on a thread of its own, as each run is (a claim, like a lock, is its thread's)
        java.util.concurrent.ExecutorService replicaA = java.util.concurrent.Executors.newSingleThreadExecutor();
        java.util.concurrent.ExecutorService replicaB = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (Database dbA = Database.open(DatabaseUrl.parse(url)); Database dbB = Database.open(DatabaseUrl.parse(url))) {
            PgStore.importFiles(a, dbA);
            Store sa = PgStore.open(a, dbA);
            Store sb = PgStore.open(b, dbB);
            dbA.leases().beat(Duration.ofMillis(250));   // a claim is stale after 1 s without a beat
            dbB.leases().beat(Duration.ofMillis(250));
            Instant slot = Instant.parse("2026-06-25T12:00:00Z");
            assertThat(replicaA.submit(() -> sa.claimSlot("cycle", slot)).get()).isEmpty();
            dbA.leases().stopBeating();                  // A is paused
            assertThat(replicaB.submit(() -> sb.claimSlot("cycle", slot)).get()).as("A's claim is fresh").get().asString().contains("running since");
            Thread.sleep(1500);
            assertThat(replicaB.submit(() -> sb.claimSlot("cycle", slot)).get()).as("A's claim went stale: B takes it over").isEmpty();
            var woke = replicaA.submit(() -> sa.health("kaizen-stack").appendNowEncoded(List.of(
                    "{\"loop\":\"kaizen-stack\",\"cycle\":\"2026-06-25T12:00:00Z\",\"at\":\"2026-06-25T12:00:05Z\"}")));
            org.assertj.core.api.Assertions.assertThatThrownBy(woke::get).rootCause()
                    .hasMessageContaining("no longer holds the claim of the cycle slot 2026-06-25T12:00:00Z");
            replicaA.submit(() -> {
                sa.finishSlot("cycle", slot);   // its finish changes nothing: the claim is B's
                return null;
            }).get();
            assertThat(replicaB.submit(() -> sb.claimSlot("cycle", slot)).get()).as("B's claim stands").get().asString().contains("running since");
            replicaB.submit(() -> {
                sb.finishSlot("cycle", slot);
                return null;
            }).get();
            assertThat(replicaB.submit(() -> sb.claimSlot("cycle", slot)).get()).get().asString().contains("finished");
        } finally {
            replicaA.shutdownNow();
            replicaB.shutdownNow();
        }
    }
}
