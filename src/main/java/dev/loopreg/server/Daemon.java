package dev.loopreg.server;

import dev.loopreg.store.JsonLines;
import dev.loopreg.store.RecommendationLog;
import dev.loopreg.store.RescueLog;
import com.cronutils.mapper.CronMapper;
import com.fasterxml.jackson.databind.JsonNode;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import dev.loopreg.cadence.Crons;
import dev.loopreg.cadence.SelfCadence;
import dev.loopreg.collect.Collector;
import dev.loopreg.source.Progress;
import dev.loopreg.format.FrontMatter;
import dev.loopreg.format.Instants;
import dev.loopreg.format.Mappers;
import dev.loopreg.format.Problem;
import dev.loopreg.format.YamlDoc;
import dev.loopreg.health.BootstrapLog;
import dev.loopreg.regulator.Regulator;
import dev.loopreg.workspace.RegulatorException;
import dev.loopreg.regulator.Sessions;
import dev.loopreg.schedule.ServeSchedule;
import dev.loopreg.schedule.ServeSchedule.Job;
import dev.loopreg.schedule.ServeSchedule.Kind;
import dev.loopreg.workspace.AtomicFiles;
import dev.loopreg.workspace.JsonlFile;
import dev.loopreg.workspace.LoopConfig;
import dev.loopreg.workspace.SelfCadenceCodec;
import dev.loopreg.workspace.Workspace;
import dev.loopreg.store.WorkspaceReader;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TimeZone;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Stream;
import org.quartz.CronScheduleBuilder;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler of {@code loopreg serve}: an in-memory Quartz scheduler fires the collection cycle (collect, then
 * evaluate) and the session preparation at the crons of their activity definitions, in the workspace's time zone.
 * A file watcher re-reads the crons when {@code cadence.yml} or a definition changes, and runs the demotion
 * triggers when a bootstrap log gets a new {@code [rescue]} entry. On start, the slots missed since the last
 * evaluation on record are caught up by one cycle (bounded, logged). Runs never overlap (one lock in the process,
 * the workspace lock between processes); a failing run is retried with exponential backoff and reported.
 *
 * <p>Over 400 lines: Quartz wiring, the file watcher, catch-up and retries share the daemon's state (jobs, last runs).
 * Issue 16 moves the scheduler behind a port with a fake for tests, which splits the Quartz part out.
 */
public final class Daemon implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    static final String CONTEXT_KEY = "loopreg.daemon";
    private static final String EMERGENCY = "emergency";
    private static final String RESCAN = "rescan";

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
    }

    private final Workspace ws;
    private final Settings settings;
    private final Clock clock;
    private final Function<String, String> env;
    private final WorkspaceReader reader;
    private final ReentrantLock runLock = new ReentrantLock(true);
    private final Map<Kind, Job> jobs = new EnumMap<>(Kind.class);
    private final Map<String, Run> lastRuns = new ConcurrentHashMap<>();
    private final Deque<Run> history = new ArrayDeque<>();
    private final Map<String, Set<Instant>> knownRescues = new HashMap<>();
    private final Map<Path, String> rescueLogs = new HashMap<>();
    private final Map<String, RescueLog> rescueLogOf = new HashMap<>();
    private final List<Listener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Runnable> changeListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Scheduler quartz;
    private WatchService watcher;
    private Thread watchThread;
    private volatile Startup startup;
    private volatile ZoneId zone = ZoneId.of("UTC");
    private volatile boolean running;

    public Daemon(Workspace ws, Settings settings, Clock clock, Function<String, String> env) {
        this.ws = ws;
        this.settings = settings;
        this.clock = clock;
        this.env = env;
        this.reader = new WorkspaceReader(ws);
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    /** Called after any change of the workspace the watcher saw, and after every run (the web's cache). */
    public void onChange(Runnable r) {
        changeListeners.add(r);
    }

    // ---------------------------------------------------------------- lifecycle

    /** Starts Quartz and the watcher, catches up missed slots, and schedules the jobs. */
    public synchronized void start() throws IOException {
        try {
            Properties p = new Properties();
            p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, "loopreg-" + Integer.toHexString(System.identityHashCode(this)));
            
            p.setProperty("org.quartz.threadPool.threadCount", "3");
            p.setProperty("org.quartz.threadPool.threadNamePrefix", "loopreg-job");
            p.setProperty(StdSchedulerFactory.PROP_JOB_STORE_CLASS, "org.quartz.simpl.RAMJobStore");
            p.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
            quartz = new StdSchedulerFactory(p).getScheduler();
            quartz.getContext().put(CONTEXT_KEY, this);
            for (String name : List.of(Kind.CYCLE.id(), Kind.SESSION.id(), EMERGENCY, RESCAN)) {
                JobDetail d = JobBuilder.newJob(RunJob.class).withIdentity(name).storeDurably().build();
                quartz.addJob(d, true);
            }
            quartz.start();
            running = true;
        } catch (SchedulerException e) {
            throw new IOException("cannot start the scheduler: " + e.getMessage(), e);
        }
        reread("start");
        refreshRescueLogs(false);
        startWatcher();
        catchUp();
        try {
            quartz.scheduleJob(TriggerBuilder.newTrigger().withIdentity(RESCAN).forJob(RESCAN)
                    .startAt(java.util.Date.from(clock.instant().plus(settings.rescanEvery())))
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                            .withIntervalInMilliseconds(settings.rescanEvery().toMillis()).repeatForever()
                            .withMisfireHandlingInstructionNextWithRemainingCount())
                    .build());
        } catch (SchedulerException e) {
            throw new IOException("cannot schedule the rescan: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        try {
            if (watcher != null) watcher.close();
        } catch (IOException ignored) {
            // closing
        }
        if (watchThread != null) watchThread.interrupt();
        try {
            if (quartz != null) quartz.shutdown(true);
        } catch (SchedulerException e) {
            LOG.warn("scheduler shutdown: {}", e.getMessage());
        }
    }

    public boolean running() {
        return running;
    }

    // ---------------------------------------------------------------- crons

    /** Reads the jobs' crons from disk and reschedules the jobs whose cron or enabled flag changed. */
    public synchronized Map<Kind, Job> reread(String why) {
        Map<Kind, Job> now = readJobs();
        List<Kind> changed = ServeSchedule.changed(jobs, now);
        for (Kind k : changed) {
            Job j = now.get(k);
            Job before = jobs.get(k);
            try {
                TriggerKey key = TriggerKey.triggerKey(k.id());
                if (j.runs() && settings.schedule()) {
                    Trigger t = TriggerBuilder.newTrigger().withIdentity(key).forJob(k.id())
                            .withSchedule(CronScheduleBuilder.cronSchedule(quartzCron(j.cron()))
                                    .inTimeZone(TimeZone.getTimeZone(zone))
                                    .withMisfireHandlingInstructionFireAndProceed())
                            .build();
                    if (quartz.checkExists(key)) quartz.rescheduleJob(key, t); else quartz.scheduleJob(t);
                } else if (quartz.checkExists(key)) {
                    quartz.unscheduleJob(key);
                }
            } catch (SchedulerException | RuntimeException e) {
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
        return Map.copyOf(jobs);
    }

    private static String describe(Job j) {
        if (j.cron() == null) return "not scheduled";
        return "'" + j.cron() + "'" + (j.enabled() ? "" : " (disabled)");
    }

    static String quartzCron(String unix) {
        return CronMapper.fromUnixToQuartz().map(Crons.parse(unix)).asString();
    }

    private Map<Kind, Job> readJobs() {
        List<Problem> problems = new ArrayList<>();
        var policy = reader.policy(problems);
        if (policy != null) zone = policy.timeZone();
        List<ServeSchedule.Definition> defs = new ArrayList<>();
        try {
            for (Path p : ws.activityDefinitionFiles()) {
                try {
                    var fm = FrontMatter.split(AtomicFiles.read(p));
                    if (fm.isEmpty()) continue;
                    YamlDoc doc = YamlDoc.parse(ws.rel(p), fm.get().yaml(), 1);
                    JsonNode en = doc.at("/enabled");
                    defs.add(new ServeSchedule.Definition(ws.rel(p), doc.at("/role").asText(null), doc.at("/cron").asText(null),
                            en.isBoolean() ? en.asBoolean() : null));
                } catch (YamlDoc.SyntaxException e) {
                    LOG.warn("{} (its cron is not read)", e.problem());
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot list the activity definitions: {}", e.getMessage());
        }
        Map<Kind, String> fallback = new EnumMap<>(Kind.class);
        if (Files.exists(ws.selfCadence())) {
            try {
                SelfCadence.State s = SelfCadenceCodec.read(YamlDoc.parse(ws.rel(ws.selfCadence()), AtomicFiles.read(ws.selfCadence())),
                        new ArrayList<>());
                if (s != null) {
                    fallback.put(Kind.CYCLE, s.collectorCron());
                    fallback.put(Kind.SESSION, s.sessionCron());
                }
            } catch (IOException | YamlDoc.SyntaxException e) {
                LOG.warn("{}: cannot be read: {}", ws.rel(ws.selfCadence()), e.getMessage());
            }
        }
        return ServeSchedule.jobs(defs, fallback, ws.rel(ws.selfCadence()));
    }

    /** The jobs as last read. */
    public synchronized Map<Kind, Job> jobs() {
        return Map.copyOf(jobs);
    }

    public ZoneId zone() {
        return zone;
    }

    /** The next fire time of a job, or null when it is not scheduled. */
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

    public Instant nextFire(Kind k) {
        try {
            Trigger t = quartz == null ? null : quartz.getTrigger(TriggerKey.triggerKey(k.id()));
            return t == null || t.getNextFireTime() == null ? null : t.getNextFireTime().toInstant();
        } catch (SchedulerException e) {
            return null;
        }
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
                Instant last = lastEvaluation();
                mc = ServeSchedule.missed(cycle.cron(), zone, last, now, settings.maxBackfill());
                log.add(missedText("cycle", cycle, mc, last));
                if (!mc.none()) fire(Kind.CYCLE.id(), "catch-up of " + mc.slots().size() + " missed slot(s)");
            } else {
                log.add("cycle job not scheduled: " + cycle.note());
            }
            if (session.runs()) {
                Instant last = lastSession();
                ms = ServeSchedule.missed(session.cron(), zone, last, now, 1);
                log.add(missedText("session", session, ms, last));
                if (!ms.none() && last != null) fire(Kind.SESSION.id(), "catch-up of the missed session slot");
            } else {
                log.add("session job not scheduled: " + session.note());
            }
        }
        log.forEach(LOG::info);
        startup = new Startup(now, mc, ms, List.copyOf(log));
    }

    private static String missedText(String what, Job j, ServeSchedule.Missed m, Instant last) {
        if (m.none() && m.skipped() == 0) {
            return what + " '" + j.cron() + "': no slot missed since " + (last == null ? "(no run on record)" : Instants.format(last));
        }
        String s = what + " '" + j.cron() + "': " + (m.slots().size() + m.skipped()) + " slot(s) missed since "
                + (last == null ? "(no run on record)" : Instants.format(last));
        if (!m.none()) {
            s += "; catching up " + m.slots().size() + " (" + Instants.format(m.slots().get(0))
                    + (m.slots().size() > 1 ? " … " + Instants.format(m.slots().get(m.slots().size() - 1)) : "") + ") in one run now";
        }
        if (m.skipped() > 0) s += "; " + m.skipped() + " older slot(s) left out (bound " + (what.equals("cycle") ? "--max-backfill" : "1") + ")";
        if (last == null && what.equals("session")) s = what + " '" + j.cron() + "': no session on record; the first runs at the next slot";
        return s;
    }

    /** The last {@code evaluated_at} of recommendations.jsonl: the last cycle that ran. */
    Instant lastEvaluation() {
        try (JsonLines.Newest<JsonNode> tail = new RecommendationLog(ws).newestFirst()) {
            int budget = 10_000;
            while (tail.hasNext() && budget-- > 0) {
                JsonLines.Entry<JsonNode> l = tail.next();
                try {
                    if (l.ok() && l.value().hasNonNull("evaluated_at")) return Instants.parse(l.value().get("evaluated_at").asText());
                } catch (RuntimeException e) {
                    // a foreign line: look further back
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    /** The newest session bundle's time (its directory name). */
    Instant lastSession() {
        Path dir = ws.sessionsDir();
        if (!Files.isDirectory(dir)) return null;
        try (Stream<Path> s = Files.list(dir)) {
            TreeSet<Instant> seen = new TreeSet<>();
            s.forEach(p -> {
                try {
                    seen.add(java.time.LocalDateTime.parse(p.getFileName().toString(),
                            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HHmm'Z'")).toInstant(java.time.ZoneOffset.UTC));
                } catch (RuntimeException ignored) {
                    // not a bundle
                }
            });
            return seen.isEmpty() ? null : seen.last();
        } catch (IOException e) {
            return null;
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
            JobDataMap data = new JobDataMap();
            data.put("why", why);
            if (loops != null) data.put("loops", loops);
            quartz.triggerJob(JobKey.jobKey(job), data);
        } catch (SchedulerException e) {
            LOG.error("cannot start the {} job: {}", job, e.getMessage());
        }
    }

    /** The Quartz job: hands over to the daemon. One run of each job at a time. */
    @DisallowConcurrentExecution
    public static final class RunJob implements org.quartz.Job {
        @Override
        public void execute(JobExecutionContext ctx) {
            try {
                Daemon d = (Daemon) ctx.getScheduler().getContext().get(CONTEXT_KEY);
                JobDataMap data = ctx.getMergedJobDataMap();
                String why = data.containsKey("why") ? data.getString("why") : "cron " + ctx.getTrigger().getKey().getName();
                d.run(ctx.getJobDetail().getKey().getName(), why, data.containsKey("loops") ? data.getString("loops") : null);
            } catch (SchedulerException e) {
                LOG.error("job {}: {}", ctx.getJobDetail().getKey(), e.getMessage());
            }
        }
    }

    void run(String job, String why, String loops) {
        if (job.equals(RESCAN)) {
            reread("periodic re-read");
            refreshRescueLogs(true);
            return;
        }
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        int[] attempts = {0};
        String[] detail = {null};
        String outcome;
        RetryPolicy<Object> retry = RetryPolicy.builder()
                .handle(Exception.class)
                .withBackoff(settings.retryBase(), settings.retryMax())
                .withMaxRetries(settings.retries())
                .onRetry(e -> LOG.warn("{} run failed (attempt {}): {}; retrying", job, e.getAttemptCount(),
                        e.getLastException() == null ? "?" : e.getLastException().getMessage()))
                .build();
        try {
            Failsafe.with(retry).run(() -> {
                attempts[0]++;
                detail[0] = attempt(job, loops);
            });
            outcome = detail[0] != null && detail[0].startsWith("incomplete") ? "incomplete" : "ok";
        } catch (FailsafeException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            outcome = "failed";
            detail[0] = c.getMessage();
        } catch (RuntimeException e) {
            outcome = "failed";
            detail[0] = e.toString();
        }
        Run r = new Run(job, why, started, Duration.ofNanos(System.nanoTime() - t0), outcome, detail[0], attempts[0]);
        if (r.failed()) {
            LOG.error("{} run ({}) failed after {} attempt(s): {}; the schedule goes on", job, why, r.attempts(), r.detail());
        } else {
            LOG.info("{} run ({}): {} in {} ms{}", job, why, outcome, r.took().toMillis(), detail[0] == null ? "" : ": " + detail[0]);
        }
        lastRuns.put(job, r);
        synchronized (history) {
            history.addFirst(r);
            while (history.size() > 50) history.removeLast();
        }
        listeners.forEach(l -> l.finished(r));
        changed();
    }

    /** One attempt; throws to be retried. */
    private String attempt(String job, String loops) throws Exception {
        runLock.lock();
        try {
            Instant now = clock.instant();
            Regulator reg = new Regulator(ws, settings.lockWait(), clock, env);
            Collector col = new Collector(ws, settings.lockWait(), clock, env, Progress.none());
            switch (job) {
                case "cycle" -> {
                    Collector.Result r = col.collect(now, new Collector.Options(null, true, null, settings.maxBackfill()));
                    reg.evaluate(now);
                    int records = r.loops().stream().mapToInt(l -> l.appended().size()).sum();
                    String s = records + " health record(s), " + r.urgent().size() + " urgent event(s)";
                    return switch (r.exitCode()) {
                        case 0 -> s;
                        case Collector.INCOMPLETE -> "incomplete: " + s + "; a source or a delivery failed";
                        default -> s + "; errors: " + String.join("; ", r.loops().stream().flatMap(l -> l.errors().stream()).toList())
                                + String.join("; ", r.problems());
                    };
                }
                case "session" -> {
                    Sessions ss = new Sessions(reg, env);
                    Sessions.Prepared p = ss.prepare(ss.defaultDir(now), Sessions.DEFAULT_TAIL, now);
                    return "bundle " + ws.rel(p.session());
                }
                case EMERGENCY -> {
                    List<String> ids = loops == null ? List.of() : List.of(loops.split(","));
                    Collector.Result r = col.triggers(now, ids);
                    reg.evaluate(now);
                    List<String> raised = r.urgent().stream().filter(u -> u.event().equals("raised"))
                            .map(u -> u.id() + " " + u.loop() + " " + u.trigger()).toList();
                    return "demotion triggers of " + String.join(", ", ids) + ": "
                            + (raised.isEmpty() ? "no urgent task raised" : "raised " + String.join(", ", raised));
                }
                default -> throw new IllegalArgumentException("unknown job " + job);
            }
        } catch (RegulatorException e) {
            throw new IOException(e.getMessage(), e);
        } finally {
            runLock.unlock();
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

    /** Reads which file is each loop's bootstrap log and its rescues; with {@code fire}, new rescues start the emergency job. */
    private synchronized void refreshRescueLogs(boolean fire) {
        List<Problem> problems = new ArrayList<>();
        List<String> ids;
        try {
            ids = reader.loopIds(problems);
        } catch (IOException e) {
            return;
        }
        rescueLogs.clear();
        rescueLogOf.clear();
        for (String id : ids) {
            LoopConfig c = LoopConfig.defaults(id);
            YamlDoc d = reader.yaml(ws.loopConfig(id), false, problems);
            if (d != null) c = LoopConfig.read(id, d, problems);
            Path log = ws.resolve(c.rescueLog()).toAbsolutePath().normalize();
            rescueLogs.put(log, id);
            rescueLogOf.put(id, new RescueLog(ws, c));
            register(log.getParent());
        }
        List<String> fresh = new ArrayList<>();
        for (var e : rescueLogs.entrySet()) {
            if (checkRescues(e.getValue(), e.getKey(), fire)) fresh.add(e.getValue());
        }
        knownRescues.keySet().retainAll(rescueLogs.values());
        if (!fresh.isEmpty()) emergency(fresh);
    }

    /** Whether the log has rescues not seen before (remembered either way). */
    private boolean checkRescues(String loop, Path log, boolean report) {
        Set<Instant> now = new HashSet<>();
        RescueLog rl = rescueLogOf.get(loop);
        if (rl != null && rl.exists()) {
            try {
                now.addAll(rl.read(zone).rescues());
            } catch (IOException e) {
                return false;   // unreadable for now (being written?): what was known stays known
            }
        }
        Set<Instant> before = knownRescues.put(loop, now);
        if (!report || before == null) return false;
        Set<Instant> added = new TreeSet<>(now);
        added.removeAll(before);
        if (added.isEmpty()) return false;
        LOG.warn("{}: new [rescue] entr{} at {}: running the demotion triggers of {} now", ws.rel(log),
                added.size() == 1 ? "y" : "ies", added, loop);
        return true;
    }

    private void emergency(List<String> loops) {
        fire(EMERGENCY, "new [rescue] in the bootstrap log of " + String.join(", ", loops), String.join(",", loops));
    }

    private final Set<Path> watched = ConcurrentHashMap.newKeySet();

    private void startWatcher() throws IOException {
        watcher = FileSystems.getDefault().newWatchService();
        register(ws.root().toAbsolutePath().normalize());
        register(ws.resolve("loops").toAbsolutePath().normalize());
        try (Stream<Path> s = Files.isDirectory(ws.resolve("loops")) ? Files.list(ws.resolve("loops")) : Stream.empty()) {
            s.filter(Files::isDirectory).forEach(p -> register(p.toAbsolutePath().normalize()));
        }
        ws.activityDefinitionFiles().stream().map(p -> p.toAbsolutePath().normalize().getParent()).distinct().forEach(this::register);
        register(ws.resolve("activity-definitions").toAbsolutePath().normalize());
        watchThread = new Thread(this::watchLoop, "loopreg-watch");
        watchThread.setDaemon(true);
        watchThread.start();
    }

    private void register(Path dir) {
        if (watcher == null || dir == null || !Files.isDirectory(dir) || !watched.add(dir)) return;
        try {
            dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
        } catch (IOException e) {
            watched.remove(dir);
            LOG.warn("cannot watch {}: {} (the periodic re-read still sees its changes)", dir, e.getMessage());
        }
    }

    private void watchLoop() {
        while (running) {
            Set<Path> batch = new HashSet<>();
            boolean overflow = false;
            try {
                WatchKey key = watcher.take();
                long until = System.nanoTime() + settings.debounce().toNanos();
                while (key != null) {
                    Path dir = (Path) key.watchable();
                    for (WatchEvent<?> ev : key.pollEvents()) {
                        if (ev.kind() == StandardWatchEventKinds.OVERFLOW) {
                            overflow = true;
                            continue;
                        }
                        batch.add(dir.resolve((Path) ev.context()));
                    }
                    key.reset();
                    long left = until - System.nanoTime();
                    key = left > 0 ? watcher.poll(left, java.util.concurrent.TimeUnit.NANOSECONDS) : null;
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            try {
                handle(batch, overflow);
            } catch (RuntimeException e) {
                LOG.error("handling file changes: {}", e.toString());
            }
        }
    }

    private void handle(Set<Path> paths, boolean overflow) {
        if (paths.isEmpty() && !overflow) return;
        boolean crons = overflow;
        boolean dirs = overflow;
        for (Path p : paths) {
            String name = p.getFileName().toString();
            if (name.equals("cadence.yml") || name.equals("policy.yml") || p.toString().contains("activity-definitions")) crons = true;
            if (name.equals("loop.yml") || (Files.isDirectory(p) && !watched.contains(p))) dirs = true;
        }
        if (dirs) {
            paths.stream().filter(Files::isDirectory).forEach(this::register);
        }
        if (crons) reread("file changed");
        List<String> fresh = new ArrayList<>();
        synchronized (this) {
            if (dirs) {
                refreshRescueLogs(true);
            } else {
                for (Path p : paths) {
                    String loop = rescueLogs.get(p.toAbsolutePath().normalize());
                    if (loop != null && checkRescues(loop, p.toAbsolutePath().normalize(), true)) fresh.add(loop);
                }
            }
        }
        if (!fresh.isEmpty()) emergency(fresh);
        changed();
    }
}
