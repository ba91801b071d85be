package dev.loopreg.server;

import dev.loopreg.store.Store;
import dev.loopreg.scheduler.JobScheduler;
import dev.loopreg.scheduler.QuartzScheduler;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import dev.loopreg.schedule.ServeSchedule;
import dev.loopreg.schedule.ServeSchedule.Job;
import dev.loopreg.schedule.ServeSchedule.Kind;
import dev.loopreg.workspace.Workspace;
import dev.loopreg.store.WorkspaceReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler of {@code loopreg serve}: a {@link JobScheduler} (Quartz in production) fires the collection cycle (collect, then
 * evaluate) and the session preparation at the crons of their activity definitions, in the workspace's time zone.
 * A file watcher re-reads the crons when {@code cadence.yml} or a definition changes, and runs the demotion
 * triggers when a bootstrap log gets a new {@code [rescue]} entry. On start, the slots missed since the last
 * evaluation on record are caught up by one cycle (bounded, logged). Runs never overlap (one lock in the process,
 * the workspace lock between processes); a failing run is retried with exponential backoff and reported.
 *
 * <p>The scheduler and the clock are injected: the tests run the daemon on a manual scheduler and a fixed clock. The OS
 * file watcher is {@link FileWatcher}; {@link #filesChanged} is what it calls. What the jobs do is {@link JobBodies}, where
 * their crons come from {@link JobSources}, the missed slots {@link MissedSlots}, the rescues seen {@link RescueWatch}.
 *
 * <p>About 530 lines: the lifecycle, the re-read of the crons (and of each loop's on a shared schedule, {@link LoopSchedules}), the catch-up and the runs with their retries and history
 * share the daemon's state (the jobs as read, the last runs) under its monitor; splitting them further would pass that
 * state around.
 */
public final class Daemon implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    static final String EMERGENCY = "emergency";
    private static final String RESCAN = "rescan";
    private static final String EXPORT = "export";
    /** The outbox's deliverer: every minute, on one replica of a database (a shared cron job), whatever --no-schedule says. */
    static final String DELIVER = "deliver";
    static final String DELIVER_CRON = "* * * * *";
    /** How often a replica on a shared schedule writes into its checkout what other replicas changed. */
    static final Duration EXPORT_EVERY = Duration.ofSeconds(5);

    /**
     * @param maxBackfill   at most this many missed cycle slots are caught up on start (and per collection)
     * @param retries       retries of a failing run
     * @param retryBase     the first retry's delay (doubled each time)
     * @param retryMax      the longest delay between retries
     * @param lockWait      how long a run waits for the workspace lock
     * @param rescanEvery   how often crons and bootstrap logs are re-read even without a file event
     * @param debounce      file events closer than this are handled together
     * @param schedule      false: no scheduled runs (the watcher and the emergency path still work)
     */
    public record Settings(int maxBackfill, int retries, Duration retryBase, Duration retryMax, Duration lockWait,
                           Duration rescanEvery, Duration debounce, boolean schedule) {
        public static Settings defaults() {
            return new Settings(24, 3, Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofSeconds(60),
                    Duration.ofSeconds(30), Duration.ofMillis(200), true);
        }
    }

    /** The outcome of one run. */
    public record Run(String job, String trigger, Instant startedAt, Duration took, String outcome, String detail, int attempts) {
        public boolean failed() {
            return outcome.equals("failed");
        }
    }

    /** What the start did about missed slots. */
    public record Startup(Instant at, ServeSchedule.Missed cycles, ServeSchedule.Missed sessions, List<String> log) {
    }

    /** Listens to runs (metrics). */
    public interface Listener {
        void finished(Run run);

        /** An attempt failed and is retried after the backoff. */
        default void retrying(String job, int attempt, String why) {
        }
    }

    private final Workspace ws;
    private final Store store;
    private final Settings settings;
    private final Clock clock;
    private final Function<String, String> env;
    private final WorkspaceReader reader;
    private final ReentrantLock runLock = new ReentrantLock(true);
    private final Map<Kind, Job> jobs = new EnumMap<>(Kind.class);
    private final Map<String, Run> lastRuns = new ConcurrentHashMap<>();
    private final Deque<Run> history = new ArrayDeque<>();
    private final RescueWatch rescues;
    private final LoopSchedules loops;
    private final Exporter exporter;
    private volatile int loopJobs;
    private final JobBodies bodies;
    private final List<Listener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Runnable> changeListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.function.Supplier<JobScheduler> schedulers;
    private final boolean watch;
    private JobScheduler scheduler;
    private FileWatcher watcher;
    private volatile Startup startup;
    private volatile ZoneId zone = ZoneId.of("UTC");
    private volatile boolean running;

    /** The production daemon: Quartz and the OS file watcher. */
    public Daemon(Workspace ws, Settings settings, Clock clock, Function<String, String> env) {
        this(ws, settings, clock, env, quartz(), true);
    }

    /** The scheduler of one process: Quartz, in memory. */
    public static java.util.function.Supplier<JobScheduler> quartz() {
        return () -> {
            try {
                return new QuartzScheduler("loopreg-" + Long.toHexString(System.nanoTime()));
            } catch (JobScheduler.SchedulerFailure e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        };
    }

    /**
     * @param schedulers makes the scheduler at {@link #start}
     * @param watch      whether to start the OS file watcher (the tests call {@link #filesChanged} and {@link #rescan} instead)
     */
    public Daemon(Workspace ws, Settings settings, Clock clock, Function<String, String> env,
                  java.util.function.Supplier<JobScheduler> schedulers, boolean watch) {
        this(Store.files(ws), settings, clock, env, schedulers, watch);
    }

    /** A daemon whose jobs read and write through {@code store} (the files, or a database shared by replicas). */
    public Daemon(Store store, Settings settings, Clock clock, Function<String, String> env,
                  java.util.function.Supplier<JobScheduler> schedulers, boolean watch) {
        this.ws = store.workspace();
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.env = env;
        this.reader = new WorkspaceReader(store);
        this.rescues = new RescueWatch(store, reader);
        this.loops = new LoopSchedules(store, reader);
        this.exporter = new Exporter(store, settings.lockWait());
        this.bodies = new JobBodies(store, settings, clock, env);
        this.schedulers = schedulers;
        this.watch = watch;
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    /** Called after any change of the workspace the watcher saw, and after every run (the web's cache). */
    public void onChange(Runnable r) {
        changeListeners.add(r);
    }

    // ---------------------------------------------------------------- lifecycle

    /** Starts the scheduler and the watcher, catches up missed slots, and schedules the jobs. */
    public synchronized void start() throws IOException {
        try {
            scheduler = schedulers.get();
            scheduler.start(this::run);
            running = true;
        } catch (JobScheduler.SchedulerFailure | IllegalStateException e) {
            throw new IOException(e.getMessage(), e);
        }
        reread("start");
        rescues.refresh(false, zone, this::register);
        if (watch) startWatcher();
        catchUp();
        try {
            scheduler.every(RESCAN, settings.rescanEvery(), clock.instant().plus(settings.rescanEvery()));
            if (scheduler.shared()) scheduler.every(EXPORT, EXPORT_EVERY, clock.instant());
        } catch (JobScheduler.SchedulerFailure e) {
            throw new IOException("cannot schedule the rescan: " + e.getMessage(), e);
        }
        try {
            scheduler.schedule(DELIVER, DELIVER_CRON, java.time.ZoneOffset.UTC);
        } catch (JobScheduler.SchedulerFailure e) {
            // another replica runs the deliverer under another schedule: deliveries still go, by its schedule
            LOG.error("{}", e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        if (watcher != null) watcher.close();
        if (scheduler != null) scheduler.close();
    }

    public boolean running() {
        return running;
    }

    // ---------------------------------------------------------------- crons

    /** Reads the jobs' crons from disk and reschedules the jobs whose cron or enabled flag changed. */
    public synchronized Map<Kind, Job> reread(String why) {
        JobSources.Read read = JobSources.read(ws, reader, zone);
        zone = read.zone();
        Map<Kind, Job> now = read.jobs();
        List<Kind> changed = ServeSchedule.changed(jobs, now);
        for (Kind k : changed) {
            Job j = now.get(k);
            Job before = jobs.get(k);
            try {
                if (j.runs() && settings.schedule()) {
                    scheduler.schedule(k.id(), j.cron(), zone);
                } else {
                    scheduler.unschedule(k.id());
                }
            } catch (JobScheduler.SchedulerFailure | RuntimeException e) {
                LOG.error("{}: cannot schedule '{}': {}", j.source(), j.cron(), e.getMessage());
            }
            if (before != null) {
                LOG.info("{} job: {} → {} ({}; {})", k.id(), describe(before), describe(j), j.source(), why);
            } else {
                LOG.info("{} job: {} ({})", k.id(), describe(j), j.source() + (j.note() == null ? "" : "; " + j.note()));
            }
        }
        jobs.clear();
        jobs.putAll(now);
        if (scheduler.shared()) scheduleLoops();
        return Map.copyOf(jobs);
    }

    private void scheduleLoops() {
        // the loops' cycles are the collector's work: they run when it runs (a disabled collector collects nothing)
        Job cycle = jobs.get(Kind.CYCLE);
        loopJobs = loops.sync(scheduler, zone, settings.schedule() && cycle != null && cycle.runs());
    }

    /** How many loops have their own cycle job (on a shared schedule). */
    public int loopJobs() {
        return loopJobs;
    }

    private static String describe(Job j) {
        if (j.cron() == null) return "not scheduled";
        return "'" + j.cron() + "'" + (j.enabled() ? "" : " (disabled)");
    }


    /** The jobs as last read. */
    public synchronized Map<Kind, Job> jobs() {
        return Map.copyOf(jobs);
    }

    public ZoneId zone() {
        return zone;
    }

    /**
     * What is configured but not running: a job whose definition disables it or has no usable cron, or a job that
     * should run but has no next run in the scheduler. Empty when every job runs.
     */
    public List<String> notRunning() {
        List<String> out = new ArrayList<>();
        Map<Kind, ServeSchedule.Job> all = jobs();
        for (Kind k : Kind.values()) {
            ServeSchedule.Job j = all.get(k);
            if (j == null) continue;
            if (!j.runs()) {
                out.add(k.id() + " is not scheduled: " + (j.note() != null ? j.note()
                        : (j.enabled() ? "no usable cron" : "enabled: false") + " in " + j.source()));
            } else if (running && settings.schedule() && nextFire(k) == null) {
                out.add(k.id() + " should run at '" + j.cron() + "' (" + j.source() + ") but has no next run in the scheduler");
            }
        }
        return out;
    }

    /** The next fire time of a job, or null when it is not scheduled. */
    public Instant nextFire(Kind k) {
        return nextFire(k.id());
    }

    /** The next fire time of the job named {@code job} (a loop's cycle: {@code loop:ID}), or null. */
    public Instant nextFire(String job) {
        return scheduler == null ? null : scheduler.nextFire(job);
    }

    // ---------------------------------------------------------------- missed slots

    private void catchUp() {
        Instant now = clock.instant();
        List<String> log = new ArrayList<>();
        Job cycle = jobs.get(Kind.CYCLE);
        Job session = jobs.get(Kind.SESSION);
        ServeSchedule.Missed mc = new ServeSchedule.Missed(List.of(), 0, null);
        ServeSchedule.Missed ms = new ServeSchedule.Missed(List.of(), 0, null);
        if (!settings.schedule()) {
            log.add("scheduling is off (--no-schedule): no missed slot is caught up");
        } else {
            if (cycle.runs()) {
                Instant last = MissedSlots.lastEvaluation(store);
                mc = ServeSchedule.missed(cycle.cron(), zone, last, now, settings.maxBackfill());
                log.add(MissedSlots.text("cycle", cycle, mc, last));
                if (!mc.none()) catchUpFire(Kind.CYCLE.id(), "catch-up of " + mc.slots().size() + " missed slot(s)", mc);
            } else {
                log.add("cycle job not scheduled: " + cycle.note());
            }
            if (session.runs()) {
                Instant last = MissedSlots.lastSession(ws);
                ms = ServeSchedule.missed(session.cron(), zone, last, now, 1);
                log.add(MissedSlots.text("session", session, ms, last));
                if (!ms.none() && last != null) catchUpFire(Kind.SESSION.id(), "catch-up of the missed session slot", ms);
            } else {
                log.add("session job not scheduled: " + session.note());
            }
        }
        log.forEach(LOG::info);
        startup = new Startup(now, mc, ms, List.copyOf(log));
    }

    /** Fires a catch-up; replicas starting together on a shared schedule catch up the same missed slot once. */
    private void catchUpFire(String job, String why, ServeSchedule.Missed missed) {
        if (!scheduler.shared()) {
            fire(job, why);
            return;
        }
        try {
            Instant last = missed.slots().get(missed.slots().size() - 1);
            scheduler.fireOnce(job, why, dev.loopreg.scheduler.DbScheduler.SLOT + last, "catch-up@" + last);
        } catch (JobScheduler.SchedulerFailure e) {
            LOG.error("cannot start the {} job: {}", job, e.getMessage());
        }
    }

    public Startup startup() {
        return startup;
    }

    // ---------------------------------------------------------------- runs

    /** Fires a job now (outside its cron). */
    public void fire(String job, String why) {
        fire(job, why, null);
    }

    private void fire(String job, String why, String loops) {
        try {
            scheduler.fire(job, why, loops);
        } catch (JobScheduler.SchedulerFailure e) {
            LOG.error("cannot start the {} job: {}", job, e.getMessage());
        }
    }

    /** The periodic re-read: the crons and every bootstrap log, whatever the watcher saw. */
    public void rescan() {
        reread("periodic re-read");
        List<String> fresh = rescues.refresh(true, zone, this::register);
        if (!fresh.isEmpty()) emergency(fresh);
    }

    void run(String job, String why, String loops) {
        if (job.equals(RESCAN)) {
            rescan();
            return;
        }
        if (job.equals(EXPORT)) {
            export();
            return;
        }
        if (job.equals(DELIVER)) {
            deliver();
            return;
        }
        String loop = LoopSchedules.loop(job);
        String name = loop == null ? job : "loop-cycle";   // 10,000 loops are one job in the history and the metrics
        String trigger = loop == null ? why : loop + " (" + why + ")";
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        int[] attempts = {0};
        String[] detail = {null};
        String outcome;
        RetryPolicy<Object> retry = RetryPolicy.builder()
                .handle(Exception.class)
                .withBackoff(settings.retryBase(), settings.retryMax())
                .withMaxRetries(settings.retries())
                .onRetry(e -> {
                    String why2 = e.getLastException() == null ? "?" : e.getLastException().getMessage();
                    LOG.warn("{} run failed (attempt {}): {}; retrying", job, e.getAttemptCount(), why2);
                    listeners.forEach(l -> l.retrying(job, e.getAttemptCount(), why2));
                })
                .build();
        try {
            Failsafe.with(retry).run(() -> {
                attempts[0]++;
                detail[0] = attempt(job, loops);
            });
            outcome = detail[0] != null && detail[0].startsWith("incomplete") ? "incomplete"
                    : detail[0] != null && detail[0].startsWith("error:") ? "failed" : "ok";
        } catch (FailsafeException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            outcome = "failed";
            detail[0] = c.getMessage();
        } catch (RuntimeException e) {
            outcome = "failed";
            detail[0] = e.toString();
        }
        Run r = new Run(name, trigger, started, Duration.ofNanos(System.nanoTime() - t0), outcome, detail[0], attempts[0]);
        if (r.failed()) {
            LOG.error("{} run ({}) failed after {} attempt(s): {}; the schedule goes on", name, trigger, r.attempts(), r.detail());
        } else if (loop == null || !outcome.equals("ok")) {
            LOG.info("{} run ({}): {} in {} ms{}", name, trigger, outcome, r.took().toMillis(), detail[0] == null ? "" : ": " + detail[0]);
        } else {
            LOG.debug("{} run ({}): {} in {} ms{}", name, trigger, outcome, r.took().toMillis(), detail[0] == null ? "" : ": " + detail[0]);
        }
        lastRuns.put(name, r);
        synchronized (history) {
            history.addFirst(r);
            while (history.size() > 50) history.removeLast();
        }
        listeners.forEach(l -> l.finished(r));
        changed();
    }

    /** One attempt; throws to be retried. Runs never overlap within the process (the workspace lock keeps other processes out). */
    private String attempt(String job, String loops) throws Exception {
        // a loop's cycle takes its own locks (Store.loopLock): cycles of different loops run side by side
        if (LoopSchedules.loop(job) != null) return bodies.run(job, loops, clock.instant(), scheduler.shared());
        runLock.lock();
        try {
            return bodies.run(job, loops, clock.instant(), scheduler.shared());
        } finally {
            runLock.unlock();
        }
    }

    /** One pass of this replica's exporter (a shared schedule); a dashboard ticked in this checkout gets its ticks recorded. */
    /**
     * Sends the outbox's due deliveries (each waits its backoff after a failed attempt) and logs what became of them; the
     * pages are refreshed when something was sent.
     */
    public void deliver() {
        try {
            var sent = new dev.loopreg.regulator.Deliveries(new dev.loopreg.regulator.Regulator(store, settings.lockWait(), clock, env), env)
                    .deliver(clock.instant(), null, false);
            for (var x : sent) {
                if (x.delivered()) LOG.info("deliver: {}", x.said());
                else if (x.dead() != null) LOG.error("deliver: {}", x.said());
                else LOG.warn("deliver: {}", x.said());
            }
            if (!sent.isEmpty()) changed();
        } catch (IOException | dev.loopreg.workspace.RegulatorException | RuntimeException e) {
            LOG.warn("deliver: {}; the next minute tries again", e.getMessage());
        }
    }

    /** Since when the exporter's passes fail (the database unreachable), or null: said once at WARN, the recovery at INFO. */
    private volatile Long exportFailingSince;

    public void export() {
        try {
            Exporter.Pass p = exporter.sync(clock.instant());
            Long since = exportFailingSince;
            if (since != null) {
                exportFailingSince = null;
                LOG.info("export: recovered after {} s; this checkout's files are brought up to date from the database",
                        (System.nanoTime() - since) / 1_000_000_000L);
            }
            if (p == null) return;
            if (p.written() > 0) {
                LOG.debug("export: {} file(s) of the checkout written from the database", p.written());
                changed();
            }
            if (p.ticksToRecord()) {
                LOG.info("export: {} has ticks not yet recorded; recording them", ws.rel(ws.dashboard()));
                new dev.loopreg.regulator.Regulator(store, settings.lockWait(), clock, env).recordTicks(clock.instant());
                changed();
            }
        } catch (IOException | dev.loopreg.workspace.RegulatorException | RuntimeException e) {
            if (exportFailingSince == null) {
                exportFailingSince = System.nanoTime();
                LOG.warn("export: {}; the next pass tries again (every few seconds; said once, and again when it recovers)", e.getMessage());
            } else {
                LOG.debug("export: {}", e.getMessage());
            }
        }
    }

    public Map<String, Run> lastRuns() {
        return Map.copyOf(lastRuns);
    }

    public List<Run> history() {
        synchronized (history) {
            return List.copyOf(history);
        }
    }

    private void changed() {
        changeListeners.forEach(Runnable::run);
    }

    // ---------------------------------------------------------------- rescues and the watcher

    private void emergency(List<String> loops) {
        if (!scheduler.shared()) {
            fire(EMERGENCY, "new [rescue] in the bootstrap log of " + String.join(", ", loops), String.join(",", loops));
            return;
        }
        // every replica watching the same bootstrap log sees the rescue: keyed by loop and rescue, it runs once
        for (String loop : loops) {
            try {
                scheduler.fireOnce(EMERGENCY, "new [rescue] in the bootstrap log of " + loop, loop, loop + "@" + rescues.newest(loop));
            } catch (JobScheduler.SchedulerFailure e) {
                LOG.error("cannot start the {} job: {}", EMERGENCY, e.getMessage());
            }
        }
    }

    private void startWatcher() throws IOException {
        watcher = new FileWatcher(settings.debounce(), this::filesChanged);
        register(ws.root().toAbsolutePath().normalize());
        register(ws.resolve("loops").toAbsolutePath().normalize());
        try (Stream<Path> s = Files.isDirectory(ws.resolve("loops")) ? Files.list(ws.resolve("loops")) : Stream.empty()) {
            s.filter(Files::isDirectory).forEach(p -> register(p.toAbsolutePath().normalize()));
        }
        ws.activityDefinitionFiles().stream().map(p -> p.toAbsolutePath().normalize().getParent()).distinct().forEach(this::register);
        register(ws.resolve("activity-definitions").toAbsolutePath().normalize());
        watcher.start();
    }

    private void register(Path dir) {
        if (watcher != null) watcher.register(dir);
    }

    /**
     * What the watcher calls with a batch of changed paths (overflow: events were lost): re-reads the crons when a cadence,
     * the policy or a definition changed, and runs the demotion triggers of a loop whose bootstrap log has a new rescue.
     */
    public void filesChanged(Set<Path> paths, boolean overflow) {
        if (paths.isEmpty() && !overflow) return;
        boolean crons = overflow;
        boolean dirs = overflow;
        for (Path p : paths) {
            String name = p.getFileName().toString();
            if (name.equals("cadence.yml") || name.equals("policy.yml") || p.toString().contains("activity-definitions")) crons = true;
            if (name.equals("loop.yml") || (Files.isDirectory(p) && (watcher == null || !watcher.watches(p)))) dirs = true;
        }
        if (dirs) {
            paths.stream().filter(Files::isDirectory).forEach(this::register);
        }
        if (crons) reread("file changed");
        List<String> fresh = dirs ? rescues.refresh(true, zone, this::register) : rescues.changed(paths, zone);
        if (!fresh.isEmpty()) emergency(fresh);
        changed();
    }
}
