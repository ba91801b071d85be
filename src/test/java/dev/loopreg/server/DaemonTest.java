package dev.loopreg.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.Samples;
import dev.loopreg.format.Mappers;
import dev.loopreg.schedule.ServeSchedule.Kind;
import dev.loopreg.workspace.Workspace;
import dev.loopreg.workspace.WorkspaceLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon on a manual scheduler and a fixed clock, over real files: re-read, catch-up, cron slots, the emergency
 * path, retries — no sleeps: a job runs when the test runs it. The OS watcher's part is one test that waits for its event.
 */
class DaemonTest {

    static final Instant NOW = Instant.parse("2026-06-25T12:10:00Z");

    @TempDir
    Path tmp;

    private Daemon daemon;
    private ManualScheduler sched;

    @AfterEach
    void stop() {
        if (daemon != null) daemon.close();
    }

    private Path sample(boolean enabled) throws Exception {
        Path ws = Samples.sample(tmp);
        if (enabled) {
            for (String f : List.of("hourly-loop-health-collector.md", "regulator-session.md")) {
                Path p = ws.resolve("activity-definitions").resolve(f);
                Files.writeString(p, Files.readString(p).replace("enabled: false", "enabled: true"));
            }
        }
        return ws;
    }

    private Daemon start(Path ws, int maxBackfill, int retries, boolean schedule) throws Exception {
        return start(ws, maxBackfill, retries, schedule, false);
    }

    private Daemon start(Path ws, int maxBackfill, int retries, boolean schedule, boolean watch) throws Exception {
        Daemon.Settings s = new Daemon.Settings(maxBackfill, retries, Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(50),
                Duration.ofMinutes(10), Duration.ofMillis(50), schedule);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        sched = new ManualScheduler(clock);
        daemon = new Daemon(new Workspace(ws), s, clock, k -> null, () -> sched, watch);
        daemon.start();
        return daemon;
    }

    private static void setLastEvaluation(Path ws, Instant at) throws Exception {
        Files.writeString(ws.resolve("loops/regulator/recommendations.jsonl"),
                "{\"evaluated_at\":\"" + at + "\",\"loop\":\"kaizen-stack\",\"recommendation\":\"hold\"}\n");
    }

    @Test
    void start_readsTheCronsOfTheRoleDefinitions_andSchedulesThemInQuartz() throws Exception {
        Path ws = sample(true);
        setLastEvaluation(ws, NOW);
        start(ws, 24, 0, true);
        assertThat(daemon.jobs().get(Kind.CYCLE).cron()).isEqualTo("50 * * * *");
        assertThat(daemon.jobs().get(Kind.CYCLE).source()).isEqualTo("activity-definitions/hourly-loop-health-collector.md");
        assertThat(daemon.jobs().get(Kind.SESSION).cron()).isEqualTo("0 11 * * *");
        Instant next = daemon.nextFire(Kind.CYCLE);
        assertThat(next).isNotNull();
        assertThat(next.atZone(ZoneOffset.UTC).getMinute()).isEqualTo(50);
        assertThat(sched.scheduled()).containsEntry("cycle", "50 * * * *").containsEntry("session", "0 11 * * *")
                .containsEntry("rescan", "every PT10M");
        assertThat(sched.queued()).as("nothing missed, nothing fired").isEmpty();
    }

    @Test
    void theCronFiresTheCycleAtItsSlot() throws Exception {
        Path ws = sample(true);
        setLastEvaluation(ws, NOW);
        start(ws, 24, 0, true);
        sched.advanceTo(Instant.parse("2026-06-25T12:49:59Z"));
        assertThat(daemon.lastRuns()).doesNotContainKey("cycle");
        sched.advanceTo(Instant.parse("2026-06-25T12:50:00Z"));
        Daemon.Run run = daemon.lastRuns().get("cycle");
        assertThat(run).isNotNull();
        assertThat(run.trigger()).isEqualTo("cron cycle");
        assertThat(run.failed()).as(run.detail()).isFalse();
        assertThat(daemon.nextFire(Kind.CYCLE)).isEqualTo(Instant.parse("2026-06-25T13:50:00Z"));
    }

    @Test
    void disabledDefinitions_areNotScheduled_andSaySo() throws Exception {
        start(sample(false), 24, 0, true);
        assertThat(daemon.jobs().get(Kind.CYCLE).runs()).isFalse();
        assertThat(daemon.jobs().get(Kind.CYCLE).note()).contains("enabled: false");
        assertThat(daemon.nextFire(Kind.CYCLE)).isNull();
        assertThat(daemon.startup().log()).anyMatch(l -> l.startsWith("cycle job not scheduled"));
    }

    @Test
    void aChangedDefinitionCron_isRereadWithoutARestart() throws Exception {
        Path ws = sample(true);
        setLastEvaluation(ws, NOW);
        start(ws, 24, 0, true);
        Path def = ws.resolve("activity-definitions/hourly-loop-health-collector.md");
        Files.writeString(def, Files.readString(def).replace("cron: \"50 * * * *\"", "cron: \"15 11 * * *\""));
        // what the watcher calls on the change
        daemon.filesChanged(java.util.Set.of(def), false);
        assertThat(daemon.jobs().get(Kind.CYCLE).cron()).isEqualTo("15 11 * * *");
        Instant next = daemon.nextFire(Kind.CYCLE);
        assertThat(next).isEqualTo(Instant.parse("2026-06-26T11:15:00Z"));
        // disabling it unschedules it; the periodic re-read sees it even without an event
        Files.writeString(def, Files.readString(def).replace("enabled: true", "enabled: false"));
        daemon.rescan();
        assertThat(daemon.nextFire(Kind.CYCLE)).isNull();
        assertThat(sched.scheduled()).doesNotContainKey("cycle");
    }

    @Test
    void missedSlots_areCaughtUpOnStartByOneCycle_boundedAndLogged() throws Exception {
        Path ws = sample(true);
        setLastEvaluation(ws, Instant.parse("2026-06-25T06:55:00Z"));   // 07:50 … 11:50 missed: 5 slots
        start(ws, 3, 0, true);
        Daemon.Startup s = daemon.startup();
        assertThat(s.cycles().slots()).containsExactly(Instant.parse("2026-06-25T09:50:00Z"), Instant.parse("2026-06-25T10:50:00Z"),
                Instant.parse("2026-06-25T11:50:00Z"));
        assertThat(s.cycles().skipped()).isEqualTo(2);
        assertThat(s.log()).anyMatch(l -> l.contains("5 slot(s) missed since 2026-06-25T06:55:00Z") && l.contains("catching up 3")
                && l.contains("2 older slot(s) left out"));
        assertThat(sched.queued()).containsExactly("cycle");
        sched.runQueued();
        Daemon.Run run = daemon.lastRuns().get("cycle");
        assertThat(run).isNotNull();
        assertThat(run.trigger()).contains("catch-up of 3 missed slot(s)");
        assertThat(run.failed()).as(run.detail()).isFalse();
        List<String> lines = Files.readAllLines(ws.resolve("loops/regulator/recommendations.jsonl"));
        JsonNode last = Mappers.JSON.readTree(lines.get(lines.size() - 1));
        assertThat(last.path("evaluated_at").asText()).isEqualTo("2026-06-25T12:10:00Z");
    }

    @Test
    void noMissedSlot_runsNothingOnStart() throws Exception {
        Path ws = sample(true);
        setLastEvaluation(ws, Instant.parse("2026-06-25T11:50:00Z"));
        start(ws, 24, 0, true);
        assertThat(daemon.startup().cycles().none()).isTrue();
        assertThat(sched.queued()).isEmpty();
        sched.runQueued();
        assertThat(daemon.lastRuns()).doesNotContainKey("cycle");
    }

    private static JsonNode raisedFor(Path urgent, long before, String loop) throws Exception {
        if (!Files.exists(urgent)) return null;
        List<String> l = Files.readAllLines(urgent);
        for (String x : l.subList((int) Math.min(before, l.size()), l.size())) {
            JsonNode n = Mappers.JSON.readTree(x);
            if (n.path("event").asText().equals("raised") && n.path("loop").asText().equals(loop)) return n;
        }
        return null;
    }

    @Test
    void aRescueAppendedToTheBootstrapLog_runsTheEmergencyJob_andRaisesAnUrgentTask() throws Exception {
        Path ws = sample(false);
        start(ws, 24, 0, false);
        Path urgent = ws.resolve("loops/regulator/urgent-tasks.jsonl");
        long before = Files.exists(urgent) ? Files.readAllLines(urgent).size() : 0;
        Path log = ws.resolve("loops/kaizen-stack/bootstrap-log.md");
        Files.writeString(log, Files.readString(log) + "- 2026-06-25T12:03Z [rescue] restarted the stuck session on repo-b\n"
                + "- 2026-06-25T12:04Z [rescue] killed a runaway session on repo-a\n");
        daemon.filesChanged(java.util.Set.of(log), false);
        assertThat(sched.queued()).containsExactly("emergency");
        sched.runQueued();
        JsonNode raised = raisedFor(urgent, before, "kaizen-stack");
        assertThat(raised).as("an urgent task for kaizen-stack").isNotNull();
        assertThat(raised.path("trigger").asText()).isEqualTo("rescues_24h");
        assertThat(raised.path("evidence").path("detail").asText()).contains("logged after the last health record");
        assertThat(daemon.lastRuns().get("emergency").detail()).contains("raised URG-");
        // a note that is not a rescue runs nothing more
        Files.writeString(log, Files.readString(log) + "- 2026-06-25T12:05Z [note] all quiet\n");
        daemon.filesChanged(java.util.Set.of(log), false);
        assertThat(sched.queued()).isEmpty();
        assertThat(daemon.history().stream().filter(r -> r.job().equals("emergency")).count()).isEqualTo(1);
    }

    @Test
    void theOsWatcher_seesTheNewRescue_andFiresTheEmergencyJob() throws Exception {
        Path ws = sample(false);
        start(ws, 24, 0, false, true);
        Path log = ws.resolve("loops/kaizen-stack/bootstrap-log.md");
        Files.writeString(log, Files.readString(log) + "- 2026-06-25T12:03Z [rescue] restarted the stuck session on repo-b\n");
        // the one wait of this class: for the operating system's file event (bounded, not a sleep)
        assertThat(sched.awaitFired(Duration.ofSeconds(20))).as("the watcher fired a job").isTrue();
        assertThat(sched.queued()).containsExactly("emergency");
    }

    @Test
    void aFailingCycle_isRetriedWithBackoff_andTheScheduleGoesOn() throws Exception {
        Path ws = sample(true);
        setLastEvaluation(ws, Instant.parse("2026-06-25T10:55:00Z"));
        // another run holds the workspace lock for the first attempt; it lets go when the daemon says it retries
        WorkspaceLock held = WorkspaceLock.acquire(new Workspace(ws), "another loopreg", Duration.ZERO, NOW);
        start(ws, 24, 5, true);
        java.util.concurrent.CountDownLatch retrying = new java.util.concurrent.CountDownLatch(1);
        daemon.addListener(new Daemon.Listener() {
            @Override
            public void finished(Daemon.Run run) {
            }

            @Override
            public void retrying(String job, int attempt, String why) {
                retrying.countDown();
            }
        });
        java.util.concurrent.CompletableFuture<Void> runs = java.util.concurrent.CompletableFuture.runAsync(sched::runQueued);
        assertThat(retrying.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        held.close();
        runs.get(60, java.util.concurrent.TimeUnit.SECONDS);
        Daemon.Run run = daemon.lastRuns().get("cycle");
        assertThat(run).isNotNull();
        assertThat(run.failed()).as(run.detail()).isFalse();
        assertThat(run.attempts()).isGreaterThan(1);
        assertThat(daemon.nextFire(Kind.CYCLE)).isNotNull();
    }

    @Test
    void aCycleThatKeepsFailing_isReportedAsFailed_andStaysScheduled() throws Exception {
        Path ws = sample(true);
        setLastEvaluation(ws, Instant.parse("2026-06-25T10:55:00Z"));
        Files.writeString(ws.resolve("loops/regulator/policy.yml"), "evaluation: [unclosed\n");
        start(ws, 24, 2, true);
        sched.runQueued();
        Daemon.Run run = daemon.lastRuns().get("cycle");
        assertThat(run).isNotNull();
        assertThat(run.failed()).isTrue();
        assertThat(run.attempts()).isEqualTo(3);
        assertThat(run.detail()).contains("policy.yml");
        assertThat(daemon.nextFire(Kind.CYCLE)).isNotNull();
        assertThat(daemon.running()).isTrue();
    }
}
