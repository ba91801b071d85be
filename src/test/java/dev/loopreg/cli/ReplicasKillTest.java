package dev.loopreg.cli;


import static org.assertj.core.api.Assertions.assertThat;

import dev.loopreg.Samples;
import dev.loopreg.db.Database;
import dev.loopreg.db.DatabaseUrl;
import dev.loopreg.db.PgStore;
import dev.loopreg.db.TestPostgres;
import dev.loopreg.store.Store;
import dev.loopreg.workspace.Workspace;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code serve --database} replicas as processes, each in its own checkout, on one PostgreSQL: every loop's cycle
 * and the fleet's sweep run every minute. The replica running one loop's cycle is killed with SIGKILL while the cycle
 * waits on its task source; another replica sees its heartbeat stop and runs the cycle again. Afterwards every loop has
 * exactly one record per minute slot — none doubled, none missing — and the decisions hold no id twice.
 */
// beside the suite (it waits up to 200 s for the other replica's record and measures no answer's time), never beside
// the other minute fleet
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
@org.junit.jupiter.api.parallel.ResourceLock("MinuteFleet")
class ReplicasKillTest {

    private static final String SLOW = MinuteFleet.SLOW;

    @TempDir
    Path tmp;

    private record Replica(Process process, CompletableFuture<Integer> port, StringBuffer output) {
    }

    @Test
    void aReplicaKilledMidCycle_anotherCompletesIt_oneRecordPerLoopAndSlot() throws Exception {
        MinuteFleet.Hub hub = new MinuteFleet.Hub();
        MinuteFleet.Hub.Round slow = hub.arm();   // the slow loop's first cycle waits on its source until its replica is killed
        Instant start = Instant.now();
        Path ws = MinuteFleet.fleet(Samples.sample(tmp.resolve("main")), hub.url(), start);
        String url = TestPostgres.get().newDatabase();
        List<Replica> replicas = new ArrayList<>();
        try (Database db = Database.open(DatabaseUrl.parse(url))) {
            PgStore.importFiles(new Workspace(ws), db);
            for (int i = 1; i <= 3; i++) {
                ServeProcess sp = MinuteFleet.serve(Samples.copyTree(ws, tmp.resolve("checkout-" + i)), url, Map.of(), List.of(), "--retries", "0");
                replicas.add(new Replica(sp.process(), sp.port(), sp.output()));
            }
            for (Replica r : replicas) assertThat(r.port().get(60, TimeUnit.SECONDS)).as(r.output().toString()).isPositive();

            // the replica that picked the slow loop's cycle is killed while the cycle waits on the source
            assertThat(slow.asked().await(150, TimeUnit.SECONDS)).as("the slow loop's cycle started").isTrue();
            String pickedBy = pickedBy(db, "loop:" + SLOW);
            Replica victim = replicas.stream().filter(r -> pickedBy.endsWith(":" + r.process().pid())).findFirst().orElseThrow();
            Instant killedAt = Instant.now();
            victim.process().destroyForcibly();   // SIGKILL
            assertThat(victim.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
            slow.release().countDown();
            List<Replica> alive = replicas.stream().filter(r -> r != victim).toList();

            // every loop gets the slot the victim was in and the next one
            Instant killedSlot = killedAt.truncatedTo(ChronoUnit.MINUTES);
            Instant next = killedSlot.plus(Duration.ofMinutes(1));
            Store store = PgStore.open(new Workspace(ws), db);
            List<String> loops = new Workspace(ws).loopDirectories();
            long deadline = System.nanoTime() + Duration.ofSeconds(200).toNanos();
            while (System.nanoTime() < deadline && !loops.stream().allMatch(id -> MinuteFleet.cycles(store, id).contains(next))) {
                Thread.sleep(500);
            }
            double recovered = 0;
            for (Replica r : alive) recovered += metric(r, "loopreg_scheduler_dead_runs_recovered_total");
            for (Replica r : alive) {
                r.process().destroy();
                r.process().waitFor(30, TimeUnit.SECONDS);
            }

            Map<String, List<Instant>> all = new TreeMap<>();
            for (String id : loops) all.put(id, MinuteFleet.cycles(store, id));
            String outputs = String.join("\n----\n", replicas.stream().map(r -> r.output().toString()).toList());
            for (var e : all.entrySet()) {
                List<Instant> c = e.getValue();
                assertThat(c).as(e.getKey() + "\n" + outputs).doesNotHaveDuplicates().contains(killedSlot, next);
                for (int i = 1; i < c.size(); i++) {
                    assertThat(Duration.between(c.get(i - 1), c.get(i))).as(e.getKey() + ": no slot missing: " + c).isEqualTo(Duration.ofMinutes(1));
                }
            }
            assertThat(recovered).as("a survivor recovered the dead run\n" + outputs).isGreaterThanOrEqualTo(1);
            List<String> decisions = store.decisions().values().stream().map(d -> d.path("id").asText()).toList();
            assertThat(decisions).doesNotHaveDuplicates();
        } finally {
            for (Replica r : replicas) r.process().destroyForcibly();
            hub.close();
        }
    }




    private static String pickedBy(Database db, String instance) throws Exception {
        try (var c = db.dataSource().getConnection();
             var s = c.prepareStatement("SELECT picked_by FROM scheduled_tasks WHERE task_instance = ? AND picked")) {
            s.setString(1, instance);
            try (var r = s.executeQuery()) {
                assertThat(r.next()).as(instance + " is picked").isTrue();
                return r.getString(1);
            }
        }
    }

    private static double metric(Replica r, String name) throws Exception {
        var c = java.net.http.HttpClient.newHttpClient();
        String body = c.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + r.port().get() + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        double sum = 0;
        for (String line : body.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        return sum;
    }
}
