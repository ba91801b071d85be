package dev.loopreg.server;

import dev.loopreg.auth.Tokens;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loopreg.Samples;
import dev.loopreg.db.Database;
import dev.loopreg.db.DatabaseUrl;
import dev.loopreg.db.PgStore;
import dev.loopreg.db.TestPostgres;
import dev.loopreg.health.HealthRecord;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code serve} replicas (two checkouts of the workspace) on one PostgreSQL database: the jobs' schedule is one row
 * per job however many replicas set it, a run fired on either replica runs on exactly one of them, and the health
 * records they write together hold each loop's cycle once.
 */
class ServeReplicasTest {

    @TempDir
    Path tmp;

    @Test
    void twoReplicas_shareOneSchedule_eachRunOnce_noDoubledRecord() throws Exception {
        Workspace a = new Workspace(enabled(Samples.sample(tmp.resolve("a"))));
        Workspace b = new Workspace(enabled(Samples.sample(tmp.resolve("b"))));
        String url = TestPostgres.get().newDatabase();
        try (Database db = Database.open(DatabaseUrl.parse(url)); Database dbB = Database.open(DatabaseUrl.parse(url))) {   // a pool each, as two processes
            PgStore.importFiles(a, db);
            Clock clock = Clock.fixed(Instant.parse("2026-06-25T12:10:00Z"), ZoneOffset.UTC);
            Daemon.Settings ds = new Daemon.Settings(24, 0, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30),
                    Duration.ofSeconds(30), Duration.ofMillis(200), true);
            Server.Config cfg = new Server.Config(new Web.Settings("127.0.0.1", 0, Tokens.none(), 1 << 20), ds, Duration.ZERO);
            Store sa = PgStore.open(a, db);
            Store sb = PgStore.open(b, dbB);
            try (Server ra = Server.start(sa, cfg, clock, n -> null, o -> new DbScheduler(db.dataSource(), "a", Duration.ofMillis(50), Duration.ofSeconds(1), o));
                 Server rb = Server.start(sb, cfg, clock, n -> null, o -> new DbScheduler(dbB.dataSource(), "b", Duration.ofMillis(50), Duration.ofSeconds(1), o))) {
                long jobs = ra.daemon().jobs().values().stream().filter(j -> j.runs()).count();
                assertThat(jobs).isEqualTo(2);   // the cycle and the session, at their definitions' crons
                // each loop's cycle is its own job at its cadence's cron
                List<String> loops = a.loopDirectories();
                assertThat(ra.daemon().loopJobs()).isEqualTo(loops.size());
                // both replicas set each job's schedule: one row each, and one for the outbox's deliverer (run by one replica)
                assertThat(rows(db)).isEqualTo(jobs + loops.size() + 1);
                assertThat(instances(db)).contains("deliver");
                assertThat(instances(db)).contains("loop:" + loops.get(0));

                int fired = 0;
                for (int i = 0; i < 3; i++) {
                    ra.daemon().fire("cycle", "test");
                    rb.daemon().fire("cycle", "test");
                    fired += 2;
                    for (String id : loops) {
                        ra.daemon().fire("loop:" + id, "test");
                        rb.daemon().fire("loop:" + id, "test");
                        fired += 2;
                    }
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while ((tested(ra, rb) < fired || catchUps(ra, rb) < 1) && System.nanoTime() < deadline) Thread.sleep(50);
                Thread.sleep(500);   // a doubled run would show within a few polling intervals
                assertThat(tested(ra, rb)).isEqualTo(fired);
                assertThat(catchUps(ra, rb)).as("the replicas started together catch the missed slot up once").isEqualTo(1);
                List<Daemon.Run> all = new ArrayList<>(ra.daemon().history());
                all.addAll(rb.daemon().history());
                assertThat(all).filteredOn(r -> r.trigger().endsWith("test)") || r.trigger().equals("test")).allMatch(r -> !r.failed());

                // /metrics of each replica: the runs it picked, with their lag; together, every test run once
                double picked = picked(ra, "a") + picked(rb, "b");
                assertThat(picked).isGreaterThanOrEqualTo(fired);
                assertThat(scrape(ra) + scrape(rb)).contains("job=\"loop-cycle\"").doesNotContain("job=\"loop:");
                assertThat(scrape(ra) + scrape(rb)).contains("loopreg_scheduler_lag_seconds")
                        .contains("loopreg_scheduler_runs_picked_total");

                for (String id : a.loopDirectories()) {
                    List<Instant> cycles = sa.health(id).values().stream().map(HealthRecord::cycle).toList();
                    assertThat(cycles).as(id).doesNotHaveDuplicates().isNotEmpty();
                }

                // a loop's cadence changes through one replica (daily → hourly): the other reschedules its cycle at the
                // new cron at its next re-read, and it is still one row
                String job = "loop:registry-hygiene";
                Instant before = rb.daemon().nextFire(job);
                new dev.loopreg.regulator.Changes(new dev.loopreg.regulator.Regulator(sa, Duration.ofSeconds(5), clock, n -> null))
                        .demote("registry-hygiene", clock.instant(), "ann", "noisy week");
                Instant topOfHour = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS).plus(Duration.ofHours(1));
                rb.daemon().rescan();
                Instant after = rb.daemon().nextFire(job);
                assertThat(before.atZone(ZoneOffset.UTC).getHour()).isEqualTo(11);   // "0 11 * * *"
                assertThat(after).isIn(topOfHour, topOfHour.plus(Duration.ofHours(1)));   // "0 * * * *"
                assertThat(ra.daemon().nextFire(job)).isEqualTo(after);   // one row, whichever replica asks
                assertThat(rows(db)).isEqualTo(jobs + loops.size() + 1);

                // the loops' cycles are the collector's work: a disabled collector unschedules them too
                Path def = b.resolve("activity-definitions/hourly-loop-health-collector.md");
                java.nio.file.Files.writeString(def, java.nio.file.Files.readString(def).replace("enabled: true", "enabled: false"));
                rb.daemon().rescan();
                assertThat(rb.daemon().loopJobs()).isZero();
                assertThat(instances(db)).noneMatch(i -> i.startsWith("loop:"));
            }
        }
    }

    /** The sample with its jobs' definitions enabled. */
    private static Path enabled(Path ws) throws Exception {
        for (String f : List.of("hourly-loop-health-collector.md", "regulator-session.md")) {
            Path p = ws.resolve("activity-definitions").resolve(f);
            java.nio.file.Files.writeString(p, java.nio.file.Files.readString(p).replace("enabled: false", "enabled: true"));
        }
        return ws;
    }

    private static String scrape(Server s) throws Exception {
        var c = java.net.http.HttpClient.newHttpClient();
        return c.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + s.port() + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The sum of a replica's {@code loopreg_scheduler_runs_picked_total} samples. */
    private static double picked(Server s, String replica) throws Exception {
        double sum = 0;
        for (String line : scrape(s).split("\n")) {
            if (line.startsWith("loopreg_scheduler_runs_picked_total{") && line.contains("replica=\"" + replica + "\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private static long tested(Server a, Server b) {
        return a.daemon().history().stream().filter(r -> r.trigger().endsWith("test") || r.trigger().endsWith("(test)")).count()
                + b.daemon().history().stream().filter(r -> r.trigger().endsWith("test") || r.trigger().endsWith("(test)")).count();
    }

    private static long catchUps(Server a, Server b) {
        return java.util.stream.Stream.concat(a.daemon().history().stream(), b.daemon().history().stream())
                .filter(r -> r.job().equals("cycle") && r.trigger().startsWith("catch-up")).count();
    }

    private static List<String> instances(Database db) throws Exception {
        List<String> out = new ArrayList<>();
        try (var c = db.dataSource().getConnection(); var s = c.createStatement();
             var r = s.executeQuery("SELECT task_instance FROM scheduled_tasks WHERE task_name = 'loopreg-job' ORDER BY 1")) {
            while (r.next()) out.add(r.getString(1));
        }
        return out;
    }

    private static long rows(Database db) throws Exception {
        try (var c = db.dataSource().getConnection(); var s = c.createStatement();
             var r = s.executeQuery("SELECT count(*) FROM scheduled_tasks WHERE task_name = 'loopreg-job'")) {
            r.next();
            return r.getLong(1);
        }
    }
}
