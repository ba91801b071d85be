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
}
