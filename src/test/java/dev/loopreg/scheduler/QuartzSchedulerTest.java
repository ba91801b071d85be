package dev.loopreg.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The production adapter over real Quartz: crons in a time zone, intervals, fires at once, unscheduling. */
class QuartzSchedulerTest {

    private QuartzScheduler q;

    @AfterEach
    void stop() {
        if (q != null) q.close();
    }

    @Test
    void aUnixCronInAZone_isScheduledAtItsSlots() throws Exception {
        q = new QuartzScheduler("test-cron");
        q.start((job, why, data) -> { });
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        q.schedule("cycle", "50 * * * *", berlin);
        Instant next = q.nextFire("cycle");
        assertThat(next).isAfter(Instant.now());
        assertThat(ZonedDateTime.ofInstant(next, berlin).getMinute()).isEqualTo(50);
        q.schedule("cycle", "15 11 * * 1-5", berlin);
        ZonedDateTime n = ZonedDateTime.ofInstant(q.nextFire("cycle"), berlin);
        assertThat(n.getHour()).isEqualTo(11);
        assertThat(n.getMinute()).isEqualTo(15);
        assertThat(n.getDayOfWeek().getValue()).isBetween(1, 5);
        q.unschedule("cycle");
        assertThat(q.nextFire("cycle")).isNull();
        assertThat(QuartzScheduler.quartzCron("50 * * * *")).isEqualTo("0 50 * * * ? *");
    }

    @Test
    void aFiredJob_runsThroughTheRunner_withWhyAndData() throws Exception {
        q = new QuartzScheduler("test-fire");
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        q.start((job, why, data) -> {
            ran.add(job + "|" + why + "|" + data);
            done.countDown();
        });
        q.fire("emergency", "new [rescue]", "kaizen-stack");
        assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).containsExactly("emergency|new [rescue]|kaizen-stack");
    }

    @Test
    void anInterval_startsAtItsFirstTime() throws Exception {
        q = new QuartzScheduler("test-every");
        q.start((job, why, data) -> { });
        Instant first = Instant.now().plus(Duration.ofMinutes(10)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        q.every("rescan", Duration.ofMinutes(10), first);
        assertThat(q.nextFire("rescan")).isEqualTo(first);
    }
}
