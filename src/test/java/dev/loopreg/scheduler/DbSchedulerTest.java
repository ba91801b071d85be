package dev.loopreg.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopreg.db.Database;
import dev.loopreg.db.DatabaseUrl;
import dev.loopreg.db.TestPostgres;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The db-scheduler adapter on a real PostgreSQL, two replicas in one database: every fired run is run by exactly one
 * of them; a job's schedule is one row whatever the number of replicas that set it, rescheduled in place and removed.
 */
class DbSchedulerTest {

    private record Run(String replica, String job, String why, String data) {
    }

    @Test
    void twoReplicas_eachFiredRunOnce_oneScheduleRowPerJob() throws Exception {
        try (Database db = Database.open(DatabaseUrl.parse(TestPostgres.get().newDatabase()))) {
            List<Run> runs = new CopyOnWriteArrayList<>();
            DbScheduler r1 = new DbScheduler(db.dataSource(), "r1", Duration.ofMillis(50), Duration.ofSeconds(1));
            DbScheduler r2 = new DbScheduler(db.dataSource(), "r2", Duration.ofMillis(50), Duration.ofSeconds(1));
            try (r1; r2) {
                r1.start((job, why, data) -> runs.add(new Run("r1", job, why, data)));
                r2.start((job, why, data) -> runs.add(new Run("r2", job, why, data)));

                int n = 40;
                for (int i = 0; i < n; i++) (i % 2 == 0 ? r1 : r2).fire("emergency", "rescue", "loop-" + i);
                awaitAtLeast(runs, n, Duration.ofSeconds(30));
                Map<String, AtomicInteger> perData = new ConcurrentHashMap<>();
                runs.forEach(r -> perData.computeIfAbsent(r.data(), k -> new AtomicInteger()).incrementAndGet());
                assertThat(perData).hasSize(n);
                assertThat(perData.values()).allMatch(c -> c.get() == 1);
                assertThat(runs).allMatch(r -> r.job().equals("emergency") && r.why().equals("rescue"));

                // both replicas set the same job's schedule: one row, the cron's next slot
                r1.schedule("cycle:kaizen-stack", "50 * * * *", ZoneOffset.UTC);
                r2.schedule("cycle:kaizen-stack", "50 * * * *", ZoneOffset.UTC);
                Instant next = r2.nextFire("cycle:kaizen-stack");
                assertThat(next).isAfter(Instant.now().minusSeconds(1)).isBefore(Instant.now().plus(Duration.ofHours(1)).plusSeconds(1));
                assertThat(next.atZone(ZoneOffset.UTC).getMinute()).isEqualTo(50);
                assertThat(next.truncatedTo(ChronoUnit.MINUTES)).isEqualTo(next);
                assertThat(count(db, "loopreg-job")).isEqualTo(1);

                // its cadence changed: rescheduled in place
                r2.schedule("cycle:kaizen-stack", "50 6 * * *", ZoneOffset.UTC);
                Instant daily = r1.nextFire("cycle:kaizen-stack");
                assertThat(daily.atZone(ZoneOffset.UTC).getHour()).isEqualTo(6);
                assertThat(count(db, "loopreg-job")).isEqualTo(1);

                r1.unschedule("cycle:kaizen-stack");
                assertThat(r2.nextFire("cycle:kaizen-stack")).isNull();
                assertThat(count(db, "loopreg-job")).isZero();
            }
        }
    }

    /**
     * A replica that starts while another runs a job (its row picked) takes the row as it is when the schedule is the
     * same; a different schedule is refused with who runs it, and the row is left alone. (It once failed a replica's
     * start: the picked row was not read, so the replica rescheduled it and db-scheduler refused.)
     */
    @Test
    void aJobRunningOnAnotherReplica_isTakenAsItIs() throws Exception {
        try (Database db = Database.open(DatabaseUrl.parse(TestPostgres.get().newDatabase()))) {
            DbScheduler r1 = new DbScheduler(db.dataSource(), "r1", Duration.ofHours(1), Duration.ofSeconds(1));
            DbScheduler r2 = new DbScheduler(db.dataSource(), "r2", Duration.ofHours(1), Duration.ofSeconds(1));
            try (r1; r2) {
                r1.start((job, why, data) -> { });
                r1.schedule("deliver", "* * * * *", ZoneOffset.UTC);
                try (var c = db.dataSource().getConnection(); var s = c.prepareStatement(
                        "UPDATE scheduled_tasks SET picked = true, picked_by = 'r1', last_heartbeat = now() WHERE task_instance = 'deliver'")) {
                    assertThat(s.executeUpdate()).isEqualTo(1);
                }
                r2.start((job, why, data) -> { });
                r2.schedule("deliver", "* * * * *", ZoneOffset.UTC);
                assertThat(r2.scheduled("deliv")).containsExactly("deliver");
                assertThat(count(db, "loopreg-job")).isEqualTo(1);

                assertThatThrownBy(() -> r2.schedule("deliver", "*/5 * * * *", ZoneOffset.UTC))
                        .isInstanceOf(JobScheduler.SchedulerFailure.class)
                        .hasMessageContaining("it is running on r1 with the schedule '* * * * * Z'");
                try (var c = db.dataSource().getConnection(); var s = c.prepareStatement(
                        "SELECT picked, picked_by FROM scheduled_tasks WHERE task_instance = 'deliver'"); var r = s.executeQuery()) {
                    assertThat(r.next()).isTrue();
                    assertThat(r.getBoolean(1)).isTrue();
                    assertThat(r.getString(2)).isEqualTo("r1");
                }
            }
        }
    }

    @Test
    void unixCron_gainsSeconds() {
        assertThat(DbScheduler.withSeconds("50 * * * *")).isEqualTo("0 50 * * * *");
        assertThat(DbScheduler.withSeconds(" 0 6 * * 1 ")).isEqualTo("0 0 6 * * 1");
    }

    /**
     * A run db-scheduler revived after its replica stopped beating is rescheduled to the time of the revival: its slot is
     * the latest of the job's cron at or before that, the slot the dead run had (so the revived sweep claims the same).
     */
    @Test
    void aRevivedRun_claimsTheSlotOfItsCron() {
        java.time.Instant revivedAt = java.time.Instant.parse("2026-12-06T08:28:07.506166Z");
        assertThat(DbScheduler.slot("* * * * * UTC", revivedAt)).isEqualTo(java.time.Instant.parse("2026-12-06T08:28:00Z"));
        assertThat(DbScheduler.slot("50 * * * * UTC", revivedAt)).isEqualTo(java.time.Instant.parse("2026-12-06T07:50:00Z"));
        assertThat(DbScheduler.slot("0 9 * * * Europe/Berlin", revivedAt)).isEqualTo(java.time.Instant.parse("2026-12-06T08:00:00Z"));
        java.time.Instant onTime = java.time.Instant.parse("2026-12-06T08:28:00Z");
        assertThat(DbScheduler.slot("* * * * * UTC", onTime)).isEqualTo(onTime);
        assertThat(DbScheduler.slot(null, revivedAt)).as("a plan of an older version").isEqualTo(revivedAt);
        assertThat(DbScheduler.slot("* * * * * Nowhere/Else", revivedAt)).isEqualTo(revivedAt);
    }

    private static long count(Database db, String task) throws Exception {
        try (var c = db.dataSource().getConnection(); var s = c.prepareStatement("SELECT count(*) FROM scheduled_tasks WHERE task_name = ?")) {
            s.setString(1, task);
            try (var r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /** Waits (bounded) for the replicas' pollers, which run on the database's time, not an injectable clock. */
    private static void awaitAtLeast(List<Run> runs, int n, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (runs.size() < n && System.nanoTime() < deadline) Thread.sleep(20);
        Thread.sleep(300);   // a double would arrive within a polling interval or two: give it the chance to show
    }
}
