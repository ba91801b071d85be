package dev.loopreg.scheduler;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTaskWithPersistentSchedule;
import com.github.kagkarlsson.scheduler.task.helper.ScheduleAndData;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedule;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The {@link JobScheduler} of replicas sharing one PostgreSQL database, on db-scheduler: a job's schedule is a row of
 * {@code scheduled_tasks} (its cron and zone stored with it), so every replica sees the same schedule, exactly one
 * replica picks each due run (an optimistic update of the row), its heartbeat shows it alive, and a run whose replica
 * died (no heartbeat for {@code missedHeartbeats} intervals) is picked again by another. A fired run is a one-time row.
 * A job's runs are serialised by the job body itself (it takes the workspace lock), not by the scheduler.
 *
 * <p>An interval job ({@link #every}) is a replica's own housekeeping — {@code serve}'s rescan of its own checkout —
 * and runs on every replica, in this process, not through the database.
 */
public final class DbScheduler implements JobScheduler {

    /** A job's recurring schedule, stored in its row. */
    public static final class JobPlan implements ScheduleAndData {
        private static final long serialVersionUID = 1L;
        private final Schedule schedule;
        private final String job;

        private final String as;   // the cron and zone it was made from: a reschedule to the same is skipped

        JobPlan(Schedule schedule, String job, String as) {
            this.schedule = schedule;
            this.job = job;
            this.as = as;
        }

        String as() {
            return as;
        }

        @Override
        public Schedule getSchedule() {
            return schedule;
        }

        @Override
        public Object getData() {
            return job;
        }
    }

    /** One fired run: the job, why, its data. */
    public record Fire(String job, String why, String data) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** What a replica's scheduler tells its metrics. */
    public interface Observer {
        Observer NONE = new Observer() {
        };

        /** This replica picked a run of {@code job}, {@code lag} after its due time. */
        default void picked(String replica, String job, Duration lag) {
        }

        /** This replica found a run whose replica had stopped heart-beating, and made it due again. */
        default void deadRecovered(String replica) {
        }
    }

    /** The data of a scheduled run: the slot it is for, {@code slot=INSTANT}. */
    public static final String SLOT = "slot=";

    static final TaskDescriptor<JobPlan> RECURRING = TaskDescriptor.of("loopreg-job", JobPlan.class);
    static final TaskDescriptor<Fire> ONCE = TaskDescriptor.of("loopreg-fire", Fire.class);

    private final DataSource db;
    private final String replica;
    private final Duration polling;
    private final Duration heartbeat;
    private Scheduler scheduler;
    private final Observer observer;
    private Runner runner;
    private final java.util.concurrent.ScheduledExecutorService local = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "loopreg-local-jobs");
        t.setDaemon(true);
        return t;
    });
    private final java.util.Map<String, java.util.concurrent.ScheduledFuture<?>> localJobs = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param replica   this replica's name (shown in {@code picked_by})
     * @param polling   how often due rows are looked for
     * @param heartbeat how often a running row's heartbeat is written; a run is taken as dead after 6 missed ones
     */
    public DbScheduler(DataSource db, String replica, Duration polling, Duration heartbeat) {
        this(db, replica, polling, heartbeat, Observer.NONE);
    }

    /** @param observer told of every run this replica picks (with its lag) and every dead run it recovers */
    public DbScheduler(DataSource db, String replica, Duration polling, Duration heartbeat, Observer observer) {
        this.observer = observer;
        this.db = db;
        this.replica = replica;
        this.polling = polling;
        this.heartbeat = heartbeat;
    }

    @Override
    public synchronized void start(Runner runner) throws SchedulerFailure {
        this.runner = runner;
        RecurringTaskWithPersistentSchedule<JobPlan> recurring = Tasks.recurringWithPersistentSchedule(RECURRING)
                .execute((inst, ctx) -> {
                    observer.picked(replica, label(inst.getId()), lag(ctx.getExecution().executionTime));
                    // the slot this run is for: a singleton job's run claims it (one run per slot, whoever re-runs it)
                    runner.run(inst.getId(), "cron " + (inst.getData().as() != null ? inst.getData().as() : inst.getData().getSchedule()),
                            SLOT + slot(inst.getData().as(), ctx.getExecution().executionTime));
                });
        OneTimeTask<Fire> once = Tasks.oneTime(ONCE)
                .execute((inst, ctx) -> {
                    observer.picked(replica, label(inst.getData().job()), lag(ctx.getExecution().executionTime));
                    runner.run(inst.getData().job(), inst.getData().why(), inst.getData().data());
                });
        com.github.kagkarlsson.scheduler.stats.StatsRegistry stats = new com.github.kagkarlsson.scheduler.stats.StatsRegistry() {
            @Override public void register(SchedulerStatsEvent e) {
                if (e == SchedulerStatsEvent.DEAD_EXECUTION) observer.deadRecovered(replica);
            }

            @Override public void register(CandidateStatsEvent e) {
                // not reported
            }

            @Override public void register(ExecutionStatsEvent e) {
                // runs are reported by the tasks themselves, with their lag
            }

            @Override public void registerSingleCompletedExecution(com.github.kagkarlsson.scheduler.task.ExecutionComplete c) {
                // the daemon reports each run's outcome and duration
            }
        };
        try {
            scheduler = Scheduler.create(db, recurring, once)
                    .schedulerName(new SchedulerName.Fixed(replica))
                    .pollingInterval(polling)
                    .heartbeatInterval(heartbeat)
                    .missedHeartbeatsLimit(6)
                    .threads(4)
                    // a stop (SIGTERM) gives the runs in flight this long, then interrupts them (db-scheduler's default
                    // is 30 minutes): an interrupted run's row stops beating and another replica runs it again
                    .shutdownMaxWait(SHUTDOWN_WAIT)
                    .enableImmediateExecution()
                    .statsRegistry(stats)
                    .build();
            scheduler.start();
        } catch (RuntimeException e) {
            throw new SchedulerFailure("db-scheduler did not start: " + e.getMessage(), e);
        }
    }

    private static Duration lag(Instant due) {
        Duration d = Duration.between(due, Instant.now());
        return d.isNegative() ? Duration.ZERO : d;
    }

    /**
     * The cron slot a run of a recurring job is for: its execution time, or — for a run db-scheduler revived after its
     * replica stopped beating, which it reschedules to the time of the revival — the latest slot of the job's cron at or
     * before it, so that the revived run claims the slot the dead one had.
     */
    static java.time.Instant slot(String as, java.time.Instant executionTime) {
        if (as == null) return executionTime;
        int sp = as.lastIndexOf(' ');
        if (sp <= 0) return executionTime;
        try {
            return dev.loopreg.cadence.Crons.latestAtOrBefore(as.substring(0, sp), java.time.ZoneId.of(as.substring(sp + 1)), executionTime)
                    .orElse(executionTime);
        } catch (RuntimeException e) {
            return executionTime;   // a plan of an older version: its own time
        }
    }

    /** How long a stop waits for the runs in flight before it interrupts them. */
    public static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);

    /** Unix cron (5 fields) as db-scheduler's (seconds first). */
    static String withSeconds(String unixCron) {
        return "0 " + unixCron.strip();
    }

    @Override
    public void schedule(String job, String cron, ZoneId zone) throws SchedulerFailure {
        String as = cron.strip() + " " + zone.getId();
        if (as.equals(planned().get(job))) return;   // the same schedule: its next run stays as it is
        plan(job, Schedules.cron(withSeconds(cron), zone), as);
    }

    @Override
    public boolean shared() {
        return true;
    }

    /** The recurring jobs and the schedule each was made from, read once from the table, then kept as this replica changes them. */
    private java.util.Map<String, String> planned;

    private synchronized java.util.Map<String, String> planned() {
        if (planned == null) {
            java.util.Map<String, String> m = new java.util.concurrent.ConcurrentHashMap<>();
            // all rows, the picked ones too: a job running on another replica right now is planned all the same
            for (var e : client().getScheduledExecutionsForTask(RECURRING.getTaskName(), JobPlan.class,
                    com.github.kagkarlsson.scheduler.ScheduledExecutionsFilter.all())) {
                JobPlan p = e.getData();
                m.put(e.getTaskInstance().getId(), p == null || p.as() == null ? "" : p.as());
            }
            planned = m;
        }
        return planned;
    }

    @Override
    public java.util.Set<String> scheduled(String prefix) {
        return planned().keySet().stream().filter(j -> j.startsWith(prefix)).collect(java.util.stream.Collectors.toSet());
    }

    @Override
    public void fireOnce(String job, String why, String data, String key) throws SchedulerFailure {
        try {
            client().scheduleIfNotExists(ONCE.instance(job + "@" + key).data(new Fire(job, why, data)).scheduledTo(Instant.now()));
        } catch (RuntimeException e) {
            throw new SchedulerFailure("cannot fire " + job + ": " + e.getMessage(), e);
        }
    }

    /** The name a job's runs are counted under in the metrics: each loop's cycle counts as {@code loop-cycle}. */
    static String label(String job) {
        return job.startsWith("loop:") ? "loop-cycle" : job;
    }

    @Override
    public synchronized void every(String job, Duration interval, Instant first) throws SchedulerFailure {
        if (runner == null) throw new SchedulerFailure("cannot schedule " + job + ": the scheduler is not started", null);
        var old = localJobs.remove(job);
        if (old != null) old.cancel(false);
        long delay = Math.max(0, Duration.between(Instant.now(), first).toMillis());
        Runner r = runner;
        localJobs.put(job, local.scheduleWithFixedDelay(() -> r.run(job, "every " + interval, null), delay, interval.toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS));
    }

    /**
     * Plans a recurring job. Several replicas plan the same jobs from the same files, so a row another replica made
     * with the same schedule is taken as it is; a row with another schedule is rescheduled. A row being run right
     * now cannot be rescheduled (db-scheduler refuses it): that is said, and the row keeps its schedule.
     */
    private void plan(String job, Schedule schedule, String as) throws SchedulerFailure {
        try {
            var instance = RECURRING.instance(job).data(new JobPlan(schedule, job, as)).scheduledAccordingToData();
            if (!client().scheduleIfNotExists(instance)) {
                var row = client().getScheduledExecution(TaskInstanceId.of(RECURRING.getTaskName(), job));
                String before = row.map(r -> r.getData() instanceof JobPlan p ? p.as() : null).orElse(null);
                if (!as.equals(before)) {
                    if (row.isPresent() && row.get().isPicked()) {
                        throw new SchedulerFailure("cannot schedule " + job + " now: it is running on " + row.get().getPickedBy()
                                + " with the schedule '" + before + "', which it keeps until it is planned again", null);
                    }
                    client().schedule(instance, SchedulerClient.ScheduleOptions.WHEN_EXISTS_RESCHEDULE);
                }
            }
            planned().put(job, as);
        } catch (RuntimeException e) {
            throw new SchedulerFailure("cannot schedule " + job + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void unschedule(String job) throws SchedulerFailure {
        var l = localJobs.remove(job);
        if (l != null) l.cancel(false);
        try {
            TaskInstanceId id = TaskInstanceId.of(RECURRING.getTaskName(), job);
            if (client().getScheduledExecution(id).isPresent()) client().cancel(id);
            planned().remove(job);
        } catch (RuntimeException e) {
            throw new SchedulerFailure("cannot unschedule " + job + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void fire(String job, String why, String data) throws SchedulerFailure {
        try {
            client().schedule(ONCE.instance(job + "@" + UUID.randomUUID()).data(new Fire(job, why, data)).scheduledTo(Instant.now()));
        } catch (RuntimeException e) {
            throw new SchedulerFailure("cannot fire " + job + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Instant nextFire(String job) {
        var l = localJobs.get(job);
        if (l != null) return Instant.now().plusMillis(Math.max(0, l.getDelay(java.util.concurrent.TimeUnit.MILLISECONDS)));
        return client().getScheduledExecution(TaskInstanceId.of(RECURRING.getTaskName(), job))
                .map(e -> e.getExecutionTime()).orElse(null);
    }

    private synchronized Scheduler client() {
        if (scheduler == null) throw new IllegalStateException("the scheduler is not started");
        return scheduler;
    }

    @Override
    public synchronized void close() {
        local.shutdownNow();
        if (scheduler != null) scheduler.stop();
    }
}
