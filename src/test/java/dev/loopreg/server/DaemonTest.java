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
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduler with real Quartz, a real file watcher and real files: re-read, catch-up, emergency path, retries. */
class DaemonTest {

    static final Instant NOW = Instant.parse("2026-06-25T12:10:00Z");

    @TempDir
    Path tmp;

    private Daemon daemon;

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
        Daemon.Settings s = new Daemon.Settings(maxBackfill, retries, Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMillis(300),
                Duration.ofMinutes(10), Duration.ofMillis(50), schedule);
        daemon = new Daemon(new Workspace(ws), s, Clock.fixed(NOW, ZoneOffset.UTC), k -> null);
        daemon.start();
        return daemon;
    }

    private static <T> T within(Duration d, Callable<T> probe) throws Exception {
        long end = System.nanoTime() + d.toNanos();
        T last = null;
        while (System.nanoTime() < end) {
            last = probe.call();
            if (last != null && !Boolean.FALSE.equals(last)) return last;
            Thread.sleep(25);
        }
        return last;
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
        String cron = within(Duration.ofSeconds(10), () -> "15 11 * * *".equals(daemon.jobs().get(Kind.CYCLE).cron())
                ? daemon.jobs().get(Kind.CYCLE).cron() : null);
        assertThat(cron).isEqualTo("15 11 * * *");
        Instant next = within(Duration.ofSeconds(5), () -> {
            Instant n = daemon.nextFire(Kind.CYCLE);
            return n != null && n.atZone(ZoneOffset.UTC).getMinute() == 15 ? n : null;
        });
        assertThat(next).isNotNull();
        assertThat(next.atZone(ZoneOffset.UTC).getHour()).isEqualTo(11);
        // disabling it unschedules it
        Files.writeString(def, Files.readString(def).replace("enabled: true", "enabled: false"));
        assertThat(within(Duration.ofSeconds(10), () -> daemon.nextFire(Kind.CYCLE) == null)).isTrue();
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
        Daemon.Run run = within(Duration.ofSeconds(20), () -> daemon.lastRuns().get("cycle"));
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
        Thread.sleep(500);
        assertThat(daemon.lastRuns()).doesNotContainKey("cycle");
    }

    @Test
    void aRescueAppendedToTheBootstrapLog_raisesAnUrgentTaskWithinSeconds() throws Exception {
        Path ws = sample(false);
        start(ws, 24, 0, false);
        Path urgent = ws.resolve("loops/regulator/urgent-tasks.jsonl");
        long before = Files.exists(urgent) ? Files.readAllLines(urgent).size() : 0;
        Path log = ws.resolve("loops/kaizen-stack/bootstrap-log.md");
        long t0 = System.nanoTime();
        Files.writeString(log, Files.readString(log) + "- 2026-06-25T12:03Z [rescue] restarted the stuck session on repo-b\n"
                + "- 2026-06-25T12:04Z [rescue] killed a runaway session on repo-a\n");
        JsonNode raised = within(Duration.ofSeconds(10), () -> {
            if (!Files.exists(urgent)) return null;
            List<String> l = Files.readAllLines(urgent);
            for (String x : l.subList((int) Math.min(before, l.size()), l.size())) {
                JsonNode n = Mappers.JSON.readTree(x);
                if (n.path("event").asText().equals("raised") && n.path("loop").asText().equals("kaizen-stack")) return n;
            }
            return null;
        });
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(raised).as("an urgent task for kaizen-stack").isNotNull();
        assertThat(raised.path("trigger").asText()).isEqualTo("rescues_24h");
        assertThat(raised.path("evidence").path("detail").asText()).contains("logged after the last health record");
        assertThat(seconds).isLessThan(10);
        Daemon.Run em = within(Duration.ofSeconds(5), () -> daemon.lastRuns().get("emergency"));
        assertThat(em.detail()).contains("raised URG-");
        // a note that is not a rescue runs nothing more
        Files.writeString(log, Files.readString(log) + "- 2026-06-25T12:05Z [note] all quiet\n");
        Thread.sleep(600);
        assertThat(daemon.history().stream().filter(r -> r.job().equals("emergency")).count()).isEqualTo(1);
    }

    @Test
    void aFailingCycle_isRetriedWithBackoff_andTheScheduleGoesOn() throws Exception {
        Path ws = sample(true);
        setLastEvaluation(ws, Instant.parse("2026-06-25T10:55:00Z"));
        // another process holds the workspace lock for the first attempts
        WorkspaceLock held = WorkspaceLock.acquire(new Workspace(ws), "another loopreg", Duration.ZERO, NOW);
        try {
            start(ws, 24, 5, true);
            Thread.sleep(700);
        } finally {
            held.close();
        }
        Daemon.Run run = within(Duration.ofSeconds(20), () -> daemon.lastRuns().get("cycle"));
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
        Daemon.Run run = within(Duration.ofSeconds(20), () -> daemon.lastRuns().get("cycle"));
        assertThat(run).isNotNull();
        assertThat(run.failed()).isTrue();
        assertThat(run.attempts()).isEqualTo(3);
        assertThat(run.detail()).contains("policy.yml");
        assertThat(daemon.nextFire(Kind.CYCLE)).isNotNull();
        assertThat(daemon.running()).isTrue();
    }
}
