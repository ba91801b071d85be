package dev.loopreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.loopreg.Samples;
import dev.loopreg.db.Database;
import dev.loopreg.db.DatabaseUrl;
import dev.loopreg.db.PgStore;
import dev.loopreg.db.TestPostgres;
import dev.loopreg.health.HealthRecord;
import dev.loopreg.store.Store;
import dev.loopreg.workspace.Workspace;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code serve --database} replicas as processes, each in its own checkout, on one PostgreSQL: every loop's cycle
 * and the fleet's sweep run every minute. The replica running one loop's cycle is killed with SIGKILL while the cycle
 * waits on its task source; another replica sees its heartbeat stop and runs the cycle again. Afterwards every loop has
 * exactly one record per minute slot — none doubled, none missing — and the decisions hold no id twice.
 */
class ReplicasKillTest {

    private static final String SLOW = "kaizen-stack";

    @TempDir
    Path tmp;

    private record Replica(Process process, CompletableFuture<Integer> port, StringBuffer output) {
    }

    @Test
    void aReplicaKilledMidCycle_anotherCompletesIt_oneRecordPerLoopAndSlot() throws Exception {
        CountDownLatch slowAsked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        HttpServer hub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hub.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        int[] slowCalls = {0};
        hub.createContext("/", ex -> {
            boolean hold;
            synchronized (slowCalls) {
                hold = ex.getRequestURI().getPath().contains("/" + SLOW + "/") && slowCalls[0]++ == 0;
            }
            if (hold) {
                slowAsked.countDown();
                try {
                    release.await(120, TimeUnit.SECONDS);   // the cycle waits here until its replica is killed
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = "{\"tasks\": [], \"next_cursor\": null}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            try {
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            } catch (java.io.IOException gone) {
                // the replica that asked is dead
            }
            ex.close();
        });
        hub.start();
        Instant start = Instant.now();
        Path ws = fleet(Samples.sample(tmp.resolve("main")), "http://127.0.0.1:" + hub.getAddress().getPort(), start);
        String url = TestPostgres.get().newDatabase();
        List<Replica> replicas = new ArrayList<>();
        try (Database db = Database.open(DatabaseUrl.parse(url))) {
            PgStore.importFiles(new Workspace(ws), db);
            for (int i = 1; i <= 3; i++) {
                replicas.add(serve(Samples.copyTree(ws, tmp.resolve("checkout-" + i)), url));
            }
            for (Replica r : replicas) assertThat(r.port().get(60, TimeUnit.SECONDS)).as(r.output().toString()).isPositive();

            // the replica that picked the slow loop's cycle is killed while the cycle waits on the source
            assertThat(slowAsked.await(150, TimeUnit.SECONDS)).as("the slow loop's cycle started").isTrue();
            String pickedBy = pickedBy(db, "loop:" + SLOW);
            Replica victim = replicas.stream().filter(r -> pickedBy.endsWith(":" + r.process().pid())).findFirst().orElseThrow();
            Instant killedAt = Instant.now();
            victim.process().destroyForcibly();   // SIGKILL
            assertThat(victim.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
            release.countDown();
            List<Replica> alive = replicas.stream().filter(r -> r != victim).toList();

            // every loop gets the slot the victim was in and the next one
            Instant killedSlot = killedAt.truncatedTo(ChronoUnit.MINUTES);
            Instant next = killedSlot.plus(Duration.ofMinutes(1));
            Store store = PgStore.open(new Workspace(ws), db);
            List<String> loops = new Workspace(ws).loopDirectories();
            long deadline = System.nanoTime() + Duration.ofSeconds(200).toNanos();
            while (System.nanoTime() < deadline && !loops.stream().allMatch(id -> cycles(store, id).contains(next))) {
                Thread.sleep(500);
            }
            double recovered = 0;
            for (Replica r : alive) recovered += metric(r, "loopreg_scheduler_dead_runs_recovered_total");
            for (Replica r : alive) {
                r.process().destroy();
                r.process().waitFor(30, TimeUnit.SECONDS);
            }

            Map<String, List<Instant>> all = new TreeMap<>();
            for (String id : loops) all.put(id, cycles(store, id));
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
            release.countDown();
            for (Replica r : replicas) r.process().destroyForcibly();
            hub.stop(0);
        }
    }

    /**
     * The sample's three loops with crons every minute, a phase begun two minutes before {@code start}, no records yet,
     * and tasks from the state-hub at {@code hub}; the fleet's sweep every minute too.
     */
    private static Path fleet(Path ws, String hub, Instant start) throws Exception {
        Instant since = start.truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(2));
        for (String id : new Workspace(ws).loopDirectories()) {
            Path dir = ws.resolve("loops").resolve(id);
            Files.deleteIfExists(dir.resolve("health.jsonl"));
            Path cadence = dir.resolve("cadence.yml");
            Files.writeString(cadence, Files.readString(cadence).replaceAll("(?m)^cron: .*$", "cron: \"* * * * *\"")
                    .replaceAll("(?m)^phase_since: .*$", "phase_since: " + since));
            Path config = dir.resolve("loop.yml");
            Files.writeString(config, Files.readString(config).replaceAll("(?m)^# tasks: .*$", "")
                    + "tasks: {source: state-hub, url: " + hub + ", workstream: " + id + ", token_env: HUB_TOKEN}\n");
        }
        Path collector = ws.resolve("activity-definitions").resolve("hourly-loop-health-collector.md");
        Files.writeString(collector, Files.readString(collector).replace("cron: \"50 * * * *\"", "cron: \"* * * * *\"")
                .replace("enabled: false", "enabled: true"));
        return ws;
    }

    private static Replica serve(Path checkout, String url) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "dev.loopreg.cli.Main", "-w", checkout.toString(), "--database", url,
                "serve", "--port", "0", "--heartbeat", "1", "--retries", "0").redirectErrorStream(true);
        pb.environment().put("HUB_TOKEN", "hub-token");
        pb.environment().remove("LOOPREG_DATABASE_URL");
        ServeProcess sp = ServeProcess.start(pb);
        return new Replica(sp.process(), sp.port(), sp.output());
    }

    private static List<Instant> cycles(Store store, String id) {
        try {
            return store.health(id).values().stream().map(HealthRecord::cycle).toList();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
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
