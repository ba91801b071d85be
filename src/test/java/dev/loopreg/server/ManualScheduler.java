package dev.loopreg.server;

import dev.loopreg.cadence.Crons;
import dev.loopreg.scheduler.JobScheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A {@link JobScheduler} the test drives: jobs run only when the test says so, on its thread, in order, one at a time;
 * next fire times come from the crons and the test's clock. Fired jobs queue until {@link #runQueued}; cron and interval
 * jobs run by {@link #advanceTo}.
 */
final class ManualScheduler implements JobScheduler {

    private record Schedule(String cron, ZoneId zone, Duration every, Instant next) {
    }

    private record Fired(String job, String why, String data) {
    }

    private final Clock clock;
    private final Map<String, Schedule> schedules = new LinkedHashMap<>();
    private final Deque<Fired> queue = new ArrayDeque<>();
    private final List<String> log = new ArrayList<>();
    private volatile CountDownLatch firedLatch = new CountDownLatch(1);
    private Runner runner;
    private boolean closed;

    ManualScheduler(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void start(Runner r) {
        this.runner = r;
    }

    @Override
    public synchronized void schedule(String job, String cron, ZoneId zone) {
        Instant next = Crons.next(cron, zone, clock.instant()).orElse(null);
        schedules.put(job, new Schedule(cron, zone, null, next));
    }

    @Override
    public synchronized void every(String job, Duration interval, Instant first) {
        schedules.put(job, new Schedule(null, null, interval, first));
    }

    @Override
    public synchronized void unschedule(String job) {
        schedules.remove(job);
    }

    @Override
    public void fire(String job, String why, String data) {
        synchronized (this) {
            queue.add(new Fired(job, why, data));
        }
        firedLatch.countDown();
    }

    @Override
    public synchronized Instant nextFire(String job) {
        Schedule s = schedules.get(job);
        return s == null ? null : s.next();
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    /** The jobs that have a schedule, and their cron (or interval). */
    synchronized Map<String, String> scheduled() {
        Map<String, String> out = new LinkedHashMap<>();
        schedules.forEach((k, v) -> out.put(k, v.cron() != null ? v.cron() : "every " + v.every()));
        return out;
    }

    /** The jobs fired and not yet run. */
    synchronized List<String> queued() {
        return queue.stream().map(Fired::job).toList();
    }

    /** Every job run so far, with why. */
    synchronized List<String> ran() {
        return List.copyOf(log);
    }

    /** Runs the queued jobs, oldest first, on this thread. */
    void runQueued() {
        while (true) {
            Fired f;
            synchronized (this) {
                if (closed || queue.isEmpty()) return;
                f = queue.poll();
                log.add(f.job() + ": " + f.why());
            }
            runner.run(f.job(), f.why(), f.data());
        }
    }

    /** Runs every scheduled job whose next fire time is at or before {@code t} (once per due slot), then the queue. */
    void advanceTo(Instant t) {
        while (true) {
            String due = null;
            Schedule s = null;
            synchronized (this) {
                for (Map.Entry<String, Schedule> e : schedules.entrySet()) {
                    if (e.getValue().next() != null && !e.getValue().next().isAfter(t)
                            && (s == null || e.getValue().next().isBefore(s.next()))) {
                        due = e.getKey();
                        s = e.getValue();
                    }
                }
                if (due == null) break;
                Instant next = s.cron() != null ? Crons.next(s.cron(), s.zone(), s.next()).orElse(null) : s.next().plus(s.every());
                schedules.put(due, new Schedule(s.cron(), s.zone(), s.every(), next));
                log.add(due + ": cron " + s.next());
            }
            runner.run(due, "cron " + due, null);
        }
        runQueued();
    }

    /** Waits (bounded) until a job is fired from another thread (the file watcher); true when one was. */
    boolean awaitFired(Duration d) throws InterruptedException {
        boolean got = firedLatch.await(d.toMillis(), TimeUnit.MILLISECONDS);
        firedLatch = new CountDownLatch(1);
        return got;
    }
}
