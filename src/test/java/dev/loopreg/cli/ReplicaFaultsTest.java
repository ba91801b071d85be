package dev.loopreg.cli;


import static org.assertj.core.api.Assertions.assertThat;

import dev.loopreg.Samples;
import dev.loopreg.db.Database;
import dev.loopreg.db.DatabaseUrl;
import dev.loopreg.db.PgStore;
import dev.loopreg.db.TcpRelay;
import dev.loopreg.db.TestPostgres;
import dev.loopreg.store.Store;
import dev.loopreg.workspace.Workspace;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The faults replicas exist for, on three {@code serve --database} processes, each reaching PostgreSQL (a cluster of the
 * test's own) through a TCP relay of its own; every loop's cycle and the fleet's sweep run every minute, and a slow
 * task source keeps one loop's cycle in flight when a fault strikes:
 * <ol>
 *   <li>the replica running that cycle is paused ({@code kill -STOP}), PostgreSQL is restarted while it sleeps
 *       ({@code pg_ctl restart -m fast}), and the sleeper is resumed 15 s later — the classic zombie writer;</li>
 *   <li>at the next slot, the replica running the cycle is cut off (its relay carries no byte for 15 s), then healed.</li>
 * </ol>
 * Throughout, an action sent to another replica is answered within 2 s (done, or 503 with Retry-After — never 500 and
 * never a hang), goes through while the others still cannot reach the stalled one, and {@code /healthz} says 503 while
 * the database is down and ok within 10 s after. Afterwards: one health record per loop and slot, none missing; each
 * slot swept at most once; no decision id twice; nothing quarantined; {@code validate} clean on the database and on
 * its export.
 */
// measures time: nothing runs beside it. Tried beside the suite: an action while a replica sleeps took 1.94 s under
// that load against its bound of 2 s (about 1 s alone), too close to hold
@org.junit.jupiter.api.parallel.Isolated("measures time: nothing runs beside it")
@org.junit.jupiter.api.parallel.ResourceLock("MinuteFleet")
class ReplicaFaultsTest {

    private static final String SLOW = MinuteFleet.SLOW;
    private static final String TOKEN = "fault-test-token-0123456789abcdef";
    /** A sweep's line in serve's log: when it ended, how long it took (all its attempts), the slot it swept. */
    private static final Pattern SWEPT = Pattern.compile("(?m)^(\\S+Z) INFO \\S+: cycle run \\([^\\n]*?\\): \\w+ in (\\d+) ms: "
            + "evaluated \\d+ loop\\(s\\)[^\\n]* for slot (\\S+)$");

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private record Replica(String name, ServeProcess serve, TcpRelay relay) {
        long pid() {
            return serve.process().pid();
        }

        int port() throws Exception {
            return serve.port().get(90, TimeUnit.SECONDS);
        }
    }

    @Test
    void pausedCutOffAndRestarted_noSlotTwice_noStall_healthTellsTheTruth() throws Exception {
        TestPostgres pg = TestPostgres.own();
        List<Replica> replicas = new ArrayList<>();
        Map<String, Long> figures = new LinkedHashMap<>();
        try (MinuteFleet.Hub hub = new MinuteFleet.Hub()) {
            Instant start = Instant.now();
            Path ws = MinuteFleet.fleet(Samples.sample(tmp.resolve("main")), hub.url(), start);
            String url = pg.newDatabase();
            try (Database db = Database.open(DatabaseUrl.parse(url))) {
                PgStore.importFiles(new Workspace(ws), db);
            }
            for (int i = 1; i <= 3; i++) {
                TcpRelay relay = new TcpRelay(pg.port());
                String via = url.replace(":" + pg.port() + "/", ":" + relay.port() + "/");
                replicas.add(new Replica("r" + i, MinuteFleet.serve(Samples.copyTree(ws, tmp.resolve("checkout-" + i)), via, Map.of("LOOPREG_TOKEN", TOKEN),
                        List.of("-Dlogback.configurationFile=logback.xml"),   // the product's logging: its levels, the expected lines held back
                        "--retry-backoff", "5"), relay));
            }
            for (Replica r : replicas) assertThat(r.port()).as(r.serve().output().toString()).isPositive();
            MinuteFleet.Hub.Round paused = armBeforeNextSlot(hub);   // after the replicas' catch-up: the faults strike at a cron slot

            // 1. the replica running the slow loop's cycle is paused; PostgreSQL restarts while it sleeps
            assertThat(paused.asked().await(150, TimeUnit.SECONDS)).as("the slow loop's cycle started").isTrue();
            Instant firstSlot = Instant.now().truncatedTo(ChronoUnit.MINUTES);
            Replica sleeper = runningSlow(replicas, url);
            Replica other = replicas.stream().filter(r -> r != sleeper).findFirst().orElseThrow();
            signal("STOP", sleeper);
            long pausedAt = System.nanoTime();
            paused.release().countDown();   // its answer waits in the sleeper's socket

            Answer during = approve(other);
            assertThat(during.took()).as("an action while a replica sleeps holding its locks: " + during).isLessThan(Duration.ofSeconds(2));
            assertThat(during.status()).as(during.toString()).isNotEqualTo(500);
            figures.put("action_while_a_replica_sleeps_ms", during.took().toMillis());

            pg.stopServer();
            Answer down = healthz(other);
            assertThat(down.status()).as("/healthz while PostgreSQL is down: " + down).isEqualTo(503);
            assertThat(down.took()).isLessThan(Duration.ofSeconds(2));
            Answer approveDown = approve(other);
            assertThat(approveDown.status()).as("an action while PostgreSQL is down: " + approveDown).isEqualTo(503);
            assertThat(approveDown.took()).isLessThan(Duration.ofSeconds(2));
            pg.startAgain();
            long upAt = System.nanoTime();
            for (Replica r : replicas) {
                if (r == sleeper) continue;
                Duration ok = until(Duration.ofSeconds(10), () -> healthz(r).status() == 200);
                assertThat(ok).as(r.name() + ": /healthz ok within 10 s of the restart").isNotNull();
            }
            figures.put("healthz_ok_after_restart_ms", (System.nanoTime() - upAt) / 1_000_000);
            figures.put("healthz_while_down_ms", down.took().toMillis());
            figures.put("action_while_down_ms", approveDown.took().toMillis());

            // the slot the sleeper was in is recorded by another replica; then the sleeper wakes and tries to record it too
            Store store = storeOf(ws, url);
            Duration takenOver = until(Duration.ofSeconds(60), () -> MinuteFleet.cycles(store, SLOW).contains(firstSlot));
            assertThat(takenOver).as("another replica recorded the sleeper's slot").isNotNull();
            figures.put("slot_recorded_by_another_after_pause_ms", (System.nanoTime() - pausedAt) / 1_000_000);
            long slept = System.nanoTime() - pausedAt;
            if (slept < Duration.ofSeconds(15).toNanos()) Thread.sleep(Duration.ofSeconds(15).toMillis() - slept / 1_000_000);
            signal("CONT", sleeper);

            // 2. at the next slot, the replica running the slow cycle is cut off from the database for 15 s
            MinuteFleet.Hub.Round cutRound = armBeforeNextSlot(hub);
            assertThat(cutRound.asked().await(90, TimeUnit.SECONDS)).as("the next slow cycle started").isTrue();
            Instant cutSlot = Instant.now().truncatedTo(ChronoUnit.MINUTES);
            Replica cut = runningSlow(replicas, url);
            cut.relay().cut();
            long cutAt = System.nanoTime();
            cutRound.release().countDown();
            Replica asker = replicas.stream().filter(r -> r != cut).findFirst().orElseThrow();
            List<Answer> answers = new ArrayList<>();
            Answer done = null;
            while (System.nanoTime() - cutAt < Duration.ofSeconds(14).toNanos()) {
                Answer a = approve(asker);
                answers.add(a);
                assertThat(a.took()).as("every action is answered within 2 s while a replica is cut off: " + answers).isLessThan(Duration.ofSeconds(2));
                assertThat(a.status()).as(answers.toString()).isIn(200, 409, 503);
                if (a.status() != 503) {
                    done = a;
                    break;
                }
                Thread.sleep(500);
            }
            assertThat(done).as("an action went through while a replica was still cut off: " + answers + "\n" + outputs(replicas)).isNotNull();
            figures.put("action_done_after_cut_ms", (System.nanoTime() - cutAt) / 1_000_000);
            figures.put("slowest_answer_during_cut_ms", answers.stream().mapToLong(x -> x.took().toMillis()).max().orElse(0));
            long cutFor = System.nanoTime() - cutAt;
            if (cutFor < Duration.ofSeconds(15).toNanos()) Thread.sleep(Duration.ofSeconds(15).toMillis() - cutFor / 1_000_000);
            cut.relay().heal();
            Duration cutSlotDone = until(Duration.ofSeconds(60), () -> MinuteFleet.cycles(store, SLOW).contains(cutSlot));
            assertThat(cutSlotDone).as("the cut-off replica's slot was recorded").isNotNull();

            // 3. every loop records the slot after the faults
            Instant last = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
            List<String> loops = new Workspace(ws).loopDirectories();
            Duration settled = until(Duration.ofSeconds(150), () -> loops.stream().allMatch(id -> MinuteFleet.cycles(store, id).contains(last)));
            String outputs = outputs(replicas);
            assertThat(settled).as("every loop recorded " + last + "\n" + outputs).isNotNull();
            for (Replica r : replicas) {
                r.serve().process().destroy();
                if (!r.serve().process().waitFor(30, TimeUnit.SECONDS)) {
                    Process dump = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstack").toString(),
                            Long.toString(r.pid())).redirectErrorStream(true).start();
                    String threads = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    throw new AssertionError(r.name() + " did not stop within 30 s of SIGTERM\n" + threads + "\n" + outputs(replicas));
                }
            }
            outputs = outputs(replicas);

            // the invariants
            for (String id : loops) {
                List<Instant> c = MinuteFleet.cycles(store, id);
                assertThat(c).as(id + ": one record per slot\n" + outputs).doesNotHaveDuplicates().contains(firstSlot, cutSlot, last);
                for (int i = 1; i < c.size(); i++) {
                    assertThat(Duration.between(c.get(i - 1), c.get(i))).as(id + ": no slot missing: " + c).isEqualTo(Duration.ofMinutes(1));
                }
            }
            Map<Instant, Integer> sweeps = new TreeMap<>();
            Map<Instant, Duration> sweepStart = new TreeMap<>();
            Matcher m = SWEPT.matcher(outputs);
            while (m.find()) {
                Instant slot = Instant.parse(m.group(3));
                sweeps.merge(slot, 1, Integer::sum);
                sweepStart.put(slot, Duration.between(slot, Instant.parse(m.group(1)).minusMillis(Long.parseLong(m.group(2)))));
            }
            assertThat(sweeps.values()).as("each slot swept once: " + sweeps + "\n" + outputs).allMatch(n -> n == 1);
            assertThat(sweeps.keySet()).as("a revived run sweeps the slot of its cron, not the time it was revived: " + sweeps)
                    .allMatch(slot -> slot.equals(slot.truncatedTo(ChronoUnit.MINUTES)));
            for (Instant slot = firstSlot; slot.isBefore(last); slot = slot.plus(Duration.ofMinutes(1))) {
                assertThat(sweeps).as("the slot " + slot + " was swept, whatever the faults: " + sweeps + "\n" + outputs).containsKey(slot);
                assertThat(sweepStart.get(slot)).as("the sweep of " + slot + " started within 30 s of its slot: " + sweepStart)
                        .isLessThanOrEqualTo(Duration.ofSeconds(30));
            }
            assertThat(store.decisions().values().stream().map(d -> d.path("id").asText()).toList()).doesNotHaveDuplicates();
            try (Database db = Database.open(DatabaseUrl.parse(url)); var c = db.dataSource().getConnection();
                 var s = c.createStatement(); var r = s.executeQuery("SELECT count(*) FROM health_duplicates")) {
                r.next();
                assertThat(r.getInt(1)).as("nothing quarantined").isZero();
            }
            Cli.Result validate = Cli.run("-w", ws.toString(), "validate", "--database", url);
            assertThat(validate.exit()).as(validate.toString()).isZero();
            Path export = tmp.resolve("export");
            assertThat(Cli.run("-w", ws.toString(), "db", "export", "--to", export.toString(), "--database", url).exit()).isZero();
            Cli.Result onExport = Cli.run("-w", export.toString(), "validate");
            assertThat(onExport.exit()).as(onExport.toString()).isZero();
            // the logs say what happened in loopreg's words: no stack trace, none of the library lines a recovery is expected to cause
            assertThat(outputs).as(outputs).doesNotContain("Indicates a bug").doesNotContain("Should not happen")
                    .doesNotContainPattern("(?m)^\\s+at [a-z]").doesNotContain("Exception:");
            figures.put("slots_swept", (long) sweeps.size());
            figures.put("latest_sweep_start_ms", sweepStart.entrySet().stream().filter(e -> !e.getKey().isBefore(firstSlot))
                    .mapToLong(e -> e.getValue().toMillis()).max().orElse(0));   // the faults' slots and after; a start's catch-up is not a fault
            figures.put("records", loops.stream().mapToLong(id -> MinuteFleet.cycles(store, id).size()).sum());
            report(figures);
            System.out.println("sweeps' starts after their slots: " + sweepStart + "; faults at " + firstSlot + " (pause, restart) and "
                    + cutSlot + " (cut off)");
        } finally {
            for (Replica r : replicas) {
                signal("CONT", r);
                r.serve().process().destroyForcibly();
                r.relay().close();
            }
            pg.close();
        }
    }

    /**
     * Arms the hub a moment before the next minute's slot (at least 10 s from now), so that the request it holds is the
     * slow loop's scheduled cycle, not a catch-up or a retry.
     */
    private static MinuteFleet.Hub.Round armBeforeNextSlot(MinuteFleet.Hub hub) throws InterruptedException {
        Instant now = Instant.now();
        Instant slot = now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        if (Duration.between(now, slot).compareTo(Duration.ofSeconds(10)) < 0) slot = slot.plus(Duration.ofMinutes(1));
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), slot).toMillis() - 1500));
        return hub.arm();
    }

    /**
     * Prints the run's figures (milliseconds) as a JSON line, and appends it to the file {@code -Dfaults.report} names
     * ({@code bench/faults.sh} runs the test several times and summarises them).
     */
    private static void report(Map<String, Long> figures) throws java.io.IOException {
        String line = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(figures);
        System.out.println("replica faults: " + line);
        String to = System.getProperty("faults.report");
        if (to != null && !to.isBlank()) {
            Files.writeString(Path.of(to), line + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        }
    }

    /** What an HTTP request got and how long it took. */
    record Answer(int status, Duration took, String body) {
        @Override
        public String toString() {
            return status + " in " + took.toMillis() + " ms" + (status == 200 ? "" : ": " + body);
        }
    }

    private Answer approve(Replica r) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + r.port() + "/api/loops/quality-escalation/approve"))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"note\":\"during a fault\"}")).build());
    }

    private Answer healthz(Replica r) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + r.port() + "/healthz")).timeout(Duration.ofSeconds(10)).GET().build());
    }

    private Answer send(HttpRequest req) throws Exception {
        long t0 = System.nanoTime();
        try {
            HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
            return new Answer(res.statusCode(), Duration.ofNanos(System.nanoTime() - t0), res.body());
        } catch (java.net.http.HttpTimeoutException e) {
            return new Answer(-1, Duration.ofNanos(System.nanoTime() - t0), "no answer");
        }
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    /** How long until {@code check} holds, polled every 250 ms; null if it did not within {@code max}. */
    private static Duration until(Duration max, Check check) throws Exception {
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < max.toNanos()) {
            if (check.ok()) return Duration.ofNanos(System.nanoTime() - t0);
            Thread.sleep(250);
        }
        return null;
    }

    private static void signal(String sig, Replica r) throws Exception {
        new ProcessBuilder("kill", "-" + sig, Long.toString(r.pid())).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
    }

    /** The replica whose process runs the slow loop's cycle now (db-scheduler's row says who picked it). */
    private static Replica runningSlow(List<Replica> replicas, String url) throws Exception {
        try (Database db = Database.open(DatabaseUrl.parse(url)); var c = db.dataSource().getConnection();
             var s = c.prepareStatement("SELECT picked_by FROM scheduled_tasks WHERE task_instance = ? AND picked")) {
            s.setString(1, "loop:" + SLOW);
            try (var r = s.executeQuery()) {
                if (!r.next()) {
                    StringBuilder rows = new StringBuilder();
                    try (var all = c.createStatement().executeQuery("SELECT task_name, task_instance, picked, picked_by, execution_time, "
                            + "last_heartbeat FROM scheduled_tasks ORDER BY task_instance")) {
                        while (all.next()) {
                            for (int i = 1; i <= 6; i++) rows.append(all.getString(i)).append(i == 6 ? "\n" : " | ");
                        }
                    }
                    throw new AssertionError("the slow loop's cycle is not picked at " + Instant.now() + "; the rows:\n" + rows
                            + "\n" + outputs(replicas));
                }
                String by = r.getString(1);
                return replicas.stream().filter(x -> by.endsWith(":" + x.pid())).findFirst().orElseThrow();
            }
        }
    }

    private static Store storeOf(Path ws, String url) throws Exception {
        Database db = Database.open(DatabaseUrl.parse(url));   // closed with the JVM: the test's reads go through it
        return PgStore.open(new Workspace(ws), db);
    }


    private static String outputs(List<Replica> replicas) {
        return String.join("\n----\n", replicas.stream().map(r -> r.name() + " (pid " + r.pid() + ")\n" + r.serve().output()).toList());
    }


}
