package dev.loopreg.collect;

import dev.loopreg.store.Store;
import dev.loopreg.source.*;
import dev.loopreg.alert.Alerts;
import dev.loopreg.cadence.CadenceRules;
import dev.loopreg.cadence.CadenceState;
import dev.loopreg.health.Phase;
import dev.loopreg.cadence.PhaseWindow;
import dev.loopreg.cadence.Policy;
import dev.loopreg.cadence.Recommendation;
import dev.loopreg.cadence.RuleResult;
import dev.loopreg.cadence.Slots;
import dev.loopreg.cadence.Staleness;
import dev.loopreg.format.Problem;
import dev.loopreg.format.YamlDoc;
import dev.loopreg.health.AgentMetrics;
import dev.loopreg.health.HealthAssembly;
import dev.loopreg.health.HealthRecord;
import dev.loopreg.health.LikelyDuplicates;
import dev.loopreg.health.Outcome;
import dev.loopreg.health.Task;
import dev.loopreg.health.TaskMetrics;
import dev.loopreg.workspace.RegulatorException;
import dev.loopreg.rotation.RotationPolicy;
import dev.loopreg.workspace.CadenceCodec;
import dev.loopreg.workspace.CollectSettings;
import dev.loopreg.workspace.LoopConfig;
import dev.loopreg.store.LoopSnapshot;
import dev.loopreg.workspace.Workspace;
import dev.loopreg.store.HealthLog;
import dev.loopreg.store.Journal;
import dev.loopreg.store.JsonLines;
import dev.loopreg.store.Urgent;
import dev.loopreg.store.UrgentLedger;
import dev.loopreg.workspace.WorkspaceLock;
import dev.loopreg.store.WorkspaceReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code loopreg collect}: one health record per missed cron slot of each loop, from the loops' sources,
 * then the demotion triggers and the urgent tasks. Holds the workspace lock throughout.
 *
 * <p>The orchestration only: the sources are {@code dev.loopreg.source}, the rotation loop's snapshots and fields
 * {@link RotationFields}, the urgent tasks' deliveries queued in the outbox ({@link UrgentQueue}), the files the store's types ({@code HealthLog},
 * {@code SaturationLog}, {@code UrgentLedger}); every line it appends carries its key, so a run cut off anywhere is
 * completed by the next one.
 *
 * <p>About 450 lines: the fleet's collection, one loop's cycle ({@link #cycle}, serve on a database) and the emergency
 * path share the set-up, the locks and the per-loop collection and triggers; apart, each would repeat them.
 */
public final class Collector {

    /** Exit code when records were written but a configured source or a delivery failed. */
    public static final int INCOMPLETE = 5;

    public static final String STATE_HUB = "state-hub";
    public static final String WEBHOOK = "webhook";

    /** What to collect. */
    public record Options(String loop, boolean backfill, Instant since, Integer maxSlots) {
    }

    /** What happened to one loop. */
    public record LoopResult(String loop, String status, Instant latestSlot, List<HealthRecord> appended, int skipped,
                             List<LikelyDuplicates.Group> likely, List<String> failures, List<String> errors,
                             int saturationSnapshots) {
        public static final String APPENDED = "appended";
        public static final String UP_TO_DATE = "up_to_date";
        public static final String ERROR = "error";
    }


    /** The whole run. */
    /**
     * @param queued the keys of the outbox entries this run queued (the urgent tasks' deliveries), which the caller sends
     */
    public record Result(Instant now, List<LoopResult> loops, List<Urgent> urgent, List<String> queued, List<String> notices,
                         List<String> problems) {
        /**
         * 0 all measured; 1 a loop or the workspace is unusable; {@value #INCOMPLETE} a source failed (a delivery that
         * does not land is the deliverer's to say, with the same code).
         */
        public int exitCode() {
            if (!problems.isEmpty() || loops.stream().anyMatch(l -> l.status().equals(LoopResult.ERROR))) return 1;
            if (loops.stream().anyMatch(l -> !l.failures().isEmpty())) return INCOMPLETE;
            return 0;
        }
    }

    private final Workspace ws;
    private final Store store;
    private final WorkspaceReader reader;
    private final Duration lockWait;
    private final Clock wallClock;
    private final Function<String, String> env;
    private final Progress progress;
    private RotationPolicy rotationPolicy;

    /**
     * @param env      reads environment variables (tokens); {@code System::getenv} outside tests
     * @param progress feedback for long repo reads
     */
    public Collector(Workspace ws, Duration lockWait, Clock wallClock, Function<String, String> env, Progress progress) {
        this(Store.files(ws), lockWait, wallClock, env, progress);
    }

    /** A collector writing through {@code store} (the files, or a database). */
    public Collector(Store store, Duration lockWait, Clock wallClock, Function<String, String> env, Progress progress) {
        this.ws = store.workspace();
        this.store = store;
        this.reader = new WorkspaceReader(store);
        this.lockWait = lockWait;
        this.wallClock = wallClock;
        this.env = env;
        this.progress = progress;
    }

    public Result collect(Instant now, Options opts) throws RegulatorException, IOException {
        List<String> notices = new ArrayList<>();
        try (WorkspaceLock ignored = lock("loopreg collect", notices)) {
            return collectLocked(now, opts, notices);
        }
    }

    /** Takes the workspace lock, finishing first what a crashed run left in the journal (said once, in {@code notices}). */
    private WorkspaceLock lock(String command, List<String> notices) throws RegulatorException, IOException {
        ws.require();
        try {
            return store.lock(command, lockWait, wallClock.instant(), notices::add);
        } catch (WorkspaceLock.LockedException e) {
            throw RegulatorException.busy(e.getMessage());
        } catch (Journal.JournalException e) {
            throw new RegulatorException(RegulatorException.BAD_INPUT, e.getMessage());
        }
    }

    /** The policy and the collect settings of policy.yml; errors in either stop the run. */
    private record Setup(Policy policy, CollectSettings settings) {
    }

    private Setup setup(List<Problem> problems) throws RegulatorException {
        Policy policy = reader.policy(problems);
        YamlDoc policyDoc = Files.exists(ws.policy()) ? reader.yaml(ws.policy(), false, problems) : null;
        CollectSettings settings = CollectSettings.read(policyDoc, problems);
        if (policy == null || problems.stream().anyMatch(Problem::isError)) {
            throw new RegulatorException(RegulatorException.BAD_INPUT, "the policy cannot be used:\n" + String.join("\n",
                    problems.stream().filter(Problem::isError).map(Problem::toString).toList()));
        }
        return new Setup(policy, settings);
    }

    private static HttpJson http(CollectSettings settings) {
        return new HttpJson(settings.stateHub().timeout(), settings.stateHub().retries(),
                settings.stateHub().backoff(), settings.stateHub().maxBackoff());
    }

    /**
     * The emergency path ({@code loopreg serve}, on a new {@code [rescue]} entry): the demotion triggers of the
     * given loops at {@code now} and the delivery of the urgent tasks they raise, without recording a health
     * record (rescues logged after the last record count at once, see {@link dev.loopreg.cadence.PhaseWindow}).
     * Holds the workspace lock.
     */
    public Result triggers(Instant now, List<String> loops) throws RegulatorException, IOException {
        List<String> notices = new ArrayList<>();
        try (WorkspaceLock ignored = lock("loopreg serve (emergency triggers)", notices)) {
            List<Problem> problems = new ArrayList<>();
            Setup setup = setup(problems);
            List<String> ids = reader.loopIds(problems);
            UrgentLedger ledger = store.urgent(notices);
            List<Urgent> urgent = new ArrayList<>();
            for (String id : loops) {
                if (ids.contains(id)) urgent.addAll(triggers(id, now, setup.policy(), ledger));
            }
            List<String> queued = UrgentQueue.queue(now, setup.settings(), ledger, store.outbox());
            return new Result(now, List.of(), urgent, queued, notices,
                    problems.stream().filter(Problem::isError).map(Problem::toString).toList());
        }
    }

    /**
     * One loop's cycle ({@code serve} on a database, where each loop's cycle is its own task at its own cron): its missed
     * slots under the loop's lock ({@link Store#loopLock}), cycles of other loops running beside it; then its demotion
     * triggers. The urgent ledger is shared by the fleet and numbers its tasks in order, so a trigger that changes it
     * (raises or clears a task — rare) is appended, and the open tasks delivered, under the fleet lock.
     */
    public Result cycle(String id, Instant now, int maxSlots) throws RegulatorException, IOException {
        List<String> notices = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        LoopResult r;
        boolean ledgerChanges;
        ws.require();
        try (Store.Held ignored = store.loopLock(id, "loopreg serve (cycle of " + id + ")", lockWait, wallClock.instant(), notices::add)) {
            Setup setup = setup(problems);
            List<Problem> rotationProblems = new ArrayList<>();
            RotationPolicy rp = reader.rotationPolicy(rotationProblems);
            rotationPolicy = rotationProblems.stream().anyMatch(Problem::isError) ? null : rp;
            // this loop only: listing the fleet's directories for every loop's cycle would make a fleet's hour quadratic
            if (id.equals(dev.loopreg.workspace.LoopId.REGULATOR) || dev.loopreg.workspace.LoopId.problem(id).isPresent()
                    || !Files.exists(ws.cadence(id))) {
                throw new RegulatorException(RegulatorException.BAD_INPUT, "no loop '" + id + "' in " + ws.root() + " any more");
            }
            r = collectLoop(id, now, new Options(id, true, null, maxSlots), setup.policy(), setup.settings(), http(setup.settings()), notices);
            ledgerChanges = !r.status().equals(LoopResult.ERROR)
                    && !triggerActions(id, now, setup.policy(), store.urgent(notices).state()).isEmpty();
        } catch (WorkspaceLock.LockedException e) {
            throw RegulatorException.busy(e.getMessage());
        }
        List<Urgent> urgent = new ArrayList<>();
        List<String> queued = new ArrayList<>();
        if (ledgerChanges) {
            try (WorkspaceLock ignored = lock("loopreg serve (urgent tasks of " + id + ")", notices)) {
                Setup setup = setup(new ArrayList<>());
                UrgentLedger ledger = store.urgent(notices);
                urgent.addAll(triggers(id, now, setup.policy(), ledger));
                queued.addAll(UrgentQueue.queue(now, setup.settings(), ledger, store.outbox()));
            }
        }
        return new Result(now, List.of(r), urgent, queued, notices, problems.stream().filter(Problem::isError).map(Problem::toString).toList());
    }

    private Result collectLocked(Instant now, Options opts, List<String> notices) throws RegulatorException, IOException {
        List<Problem> problems = new ArrayList<>();
        Setup setup = setup(problems);
        Policy policy = setup.policy();
        CollectSettings settings = setup.settings();
        List<Problem> rotationProblems = new ArrayList<>();
        RotationPolicy rp = reader.rotationPolicy(rotationProblems);
        rotationPolicy = rotationProblems.stream().anyMatch(Problem::isError) ? null : rp;
        problems.addAll(rotationProblems.stream().filter(Problem::isError).toList());
        List<String> ids = reader.loopIds(problems);
        if (opts.loop() != null) {
            if (!ids.contains(opts.loop())) {
                throw new RegulatorException(RegulatorException.BAD_INPUT, "no loop '" + opts.loop() + "' in " + ws.root() + ": "
                        + ws.rel(ws.cadence(opts.loop())) + " does not exist; loops: " + (ids.isEmpty() ? "none" : String.join(", ", ids)));
            }
            ids = List.of(opts.loop());
        }
        HttpJson http = http(settings);
        UrgentLedger ledger = store.urgent(notices);
        List<LoopResult> results = new ArrayList<>();
        List<Urgent> urgent = new ArrayList<>();
        for (String id : ids) {
            LoopResult r = collectLoop(id, now, opts, policy, settings, http, notices);
            results.add(r);
            if (!r.status().equals(LoopResult.ERROR)) {
                urgent.addAll(triggers(id, now, policy, ledger));
            }
        }
        List<String> queued = UrgentQueue.queue(now, settings, ledger, store.outbox());
        List<String> wsProblems = problems.stream().filter(Problem::isError).map(Problem::toString).toList();
        return new Result(now, results, urgent, queued, notices, wsProblems);
    }

    // ---------------------------------------------------------------- one loop

    private LoopResult collectLoop(String id, Instant now, Options opts, Policy policy, CollectSettings settings,
                                   HttpJson http, List<String> notices) throws IOException {
        List<Problem> problems = new ArrayList<>();
        YamlDoc cdoc = reader.yaml(ws.cadence(id), true, problems);
        CadenceState state = cdoc == null ? null : CadenceCodec.read(cdoc, problems);
        LoopConfig config = LoopConfig.defaults(id);
        YamlDoc ldoc = reader.yaml(ws.loopConfig(id), false, problems);
        if (ldoc != null) {
            config = LoopConfig.read(id, ldoc, problems);
        }
        List<String> errors = problems.stream().filter(Problem::isError).map(Problem::toString).toList();
        if (state == null || !errors.isEmpty()) {
            return error(id, errors.isEmpty() ? List.of(ws.rel(ws.cadence(id)) + ": unusable") : errors);
        }
        HealthRecord last;
        try {
            last = lastRecord(id);
        } catch (SourceException e) {
            return error(id, List.of(e.getMessage()));
        }
        int max = opts.maxSlots() != null ? opts.maxSlots() : settings.backfillMaxSlots();
        Slots.Plan plan = Slots.plan(state.cron(), policy.timeZone(), now, last == null ? null : last.cycle(),
                state.phaseSince(), opts.backfill(), opts.since(), max);
        if (plan.upToDate()) {
            return new LoopResult(id, LoopResult.UP_TO_DATE, plan.latest(), List.of(), 0, List.of(), List.of(), List.of(), 0);
        }
        List<Slots.Slot> slots = plan.slots();
        Instant first = slots.get(0).from();
        List<String> failures = new ArrayList<>();

        // tasks
        Outcome<List<Task>> tasks = tasks(id, config, settings, http, first.minus(Duration.ofHours(config.slaHours())));
        if (tasks.failed()) failures.add(reason(tasks));
        List<LikelyDuplicates.Group> likely = tasks.orNull() == null ? List.of()
                : LikelyDuplicates.find(tasks.orNull(), settings.likelySimilarity());

        // agents
        List<Outcome<AgentMetrics.Pooled>> agents = agents(id, config, settings, slots);
        agents.stream().filter(Outcome::failed).findFirst().ifPresent(o -> failures.add(reason(o)));

        // rescues
        Outcome<List<Instant>> rescues = store.rescues(config).measured(policy.timeZone());
        if (rescues.failed()) failures.add(reason(rescues));

        // saturation snapshots, when this is the rotation loop
        RotationFields.Fields rotation = null;
        if (rotationPolicy != null && id.equals(rotationPolicy.loop())) {
            rotation = new RotationFields(store, rotationPolicy, env).read(id, config, settings, http, slots, now, notices);
            failures.addAll(rotation.failures());
        }

        List<HealthRecord> records = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) {
            Slots.Slot s = slots.get(i);
            Outcome<TaskMetrics> tm = tasks.orNull() == null ? tasks.castMissing()
                    : Outcome.of(TaskMetrics.compute(tasks.orNull(), s.from(), s.cycle(), config.slaHours()));
            // likely duplicates describe the open tasks now: only the latest slot carries them
            Outcome<Long> ld = tasks.orNull() != null && i == slots.size() - 1
                    ? Outcome.of(LikelyDuplicates.count(likely)) : Outcome.noData("not the latest slot");
            Outcome<Long> rc = rescues.orNull() == null ? rescues.castMissing()
                    : Outcome.of(rescues.orNull().stream().filter(t -> TaskMetrics.in(t, s.from(), s.cycle())).count());
            // a record's phase is the phase at its cycle: the closing record of a transition carries the phase before
            Phase phase = s.closing() && last != null ? last.phase() : state.phase();
            HealthRecord r = HealthAssembly.record(id, s.cycle(), s.from(), now, phase, tm, ld, agents.get(i), rc);
            if (rotation != null) {
                r = r.withRotation(rotation.marginalGain().get(i), rotation.saturationScore().get(i), rotation.errors().get(i));
            }
            records.add(r);
        }
        String repair = store.health(id).appendNow(records);
        if (repair != null) notices.add(repair);
        return new LoopResult(id, LoopResult.APPENDED, plan.latest(), records, plan.skipped(), likely, failures, List.of(),
                rotation == null ? 0 : rotation.snapshots());
    }

    private static LoopResult error(String id, List<String> errors) {
        return new LoopResult(id, LoopResult.ERROR, null, List.of(), 0, List.of(), List.of(), errors, 0);
    }

    private static String reason(Outcome<?> o) {
        return o instanceof Outcome.Missing<?> m ? m.reason() : "";
    }

    /** The last record of health.jsonl (torn-line policy: {@link JsonLines}); a last whole line that is not a record stops the loop. */
    private HealthRecord lastRecord(String id) throws SourceException, IOException {
        HealthLog log = store.health(id);
        try (JsonLines.Newest<HealthRecord> tail = log.newestFirst()) {
            while (tail.hasNext()) {
                JsonLines.Entry<HealthRecord> line = tail.next();
                if (line.ok()) return line.value();
                if (line.torn()) continue;
                throw new SourceException(log.where(line) + ": " + line.problem()
                        + " (collect appends after the last record; fix or remove this line)");
            }
        }
        return null;
    }

    private Outcome<List<Task>> tasks(String id, LoopConfig c, CollectSettings settings, HttpJson http, Instant activeSince) {
        if (c.tasksSource() == null) {
            return Outcome.notConfigured("no task source in loop.yml (tasks: {source: file | state-hub, ...})");
        }
        TaskSource source;
        if (c.tasksSource().equals("file")) {
            Path p = ws.resolve(c.tasksPath());
            source = new TaskSource.File(p, ws.rel(p));
        } else {
            String url = c.tasksUrl() != null ? c.tasksUrl() : settings.stateHub().url();
            if (url == null) {
                return Outcome.failed("no state-hub URL for loop '" + id + "'; expected state_hub.url in policy.yml or tasks.url in loop.yml");
            }
            String token;
            try {
                token = SourceTokens.token(env, "state-hub", c.tasksTokenEnv() != null ? c.tasksTokenEnv() : settings.stateHub().tokenEnv(),
                        "policy.yml state_hub.token_env or loop.yml tasks.token_env");
            } catch (SourceException e) {
                return Outcome.failed(e.getMessage());
            }
            source = new TaskSource.Hub(new StateHub(url, token, http, settings.stateHub().pageSize(), settings.stateHub().maxPages()),
                    url, c.tasksWorkstream());
        }
        try {
            return Outcome.of(source.fetch(activeSince));
        } catch (SourceException e) {
            return Outcome.failed(e.getMessage());
        }
    }

    private List<Outcome<AgentMetrics.Pooled>> agents(String id, LoopConfig c, CollectSettings settings, List<Slots.Slot> slots) {
        Outcome<AgentMetrics.Pooled> same;
        if (c.agents().isEmpty()) {
            same = Outcome.notConfigured("no agents in loop.yml (agents: [optimization, ...])");
        } else {
            Outcome<List<String>> repos = Fleet.repos(ws, id, c);
            if (repos.orNull() == null) {
                same = repos.castMissing();
            } else {
                Path root = ws.resolve(c.reposRoot());
                Fleet.Result r;
                try (Progress.Task p = progress.start("collect " + id, (long) repos.orNull().size() * c.agents().size())) {
                    r = Fleet.read(root, c.reposRoot(), repos.orNull(), c.agents(), slots, settings.parallelism(), p);
                }
                if (!r.failures().isEmpty()) {
                    same = Outcome.failed(r.failures().size() + " of " + r.reads() + " repo metric reads failed: "
                            + Fleet.first(r.failures(), 3));
                } else {
                    List<Outcome<AgentMetrics.Pooled>> out = new ArrayList<>();
                    for (List<AgentMetrics.Figures> f : r.perSlot()) out.add(Outcome.of(AgentMetrics.pool(f)));
                    return out;
                }
            }
        }
        List<Outcome<AgentMetrics.Pooled>> out = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) out.add(same);
        return out;
    }

    // ---------------------------------------------------------------- urgent tasks

    private List<Urgent> triggers(String id, Instant now, Policy policy, UrgentLedger ledger) throws IOException {
        Triggered t = triggered(id, now, policy);
        if (t == null) return List.of();
        List<Urgent> out = new ArrayList<>();
        ledger.append(UrgentLedger.lines(id, t.phase(), t.word(), Alerts.reconcile(ledger.state(), id, t.rules(),
                CadenceRules.OPERATOR_OVERRIDE), now, out));
        return out;
    }

    /** What the loop's demotion triggers would change in the ledger {@code state} (nothing is written). */
    private List<Alerts.Action> triggerActions(String id, Instant now, Policy policy, Alerts.Ledger state) {
        Triggered t = triggered(id, now, policy);
        return t == null ? List.of() : Alerts.reconcile(state, id, t.rules(), CadenceRules.OPERATOR_OVERRIDE);
    }

    /** A loop's demotion triggers and staleness alarm at {@code now}; null when its state or records cannot be read. */
    private record Triggered(Phase phase, String word, List<RuleResult> rules) {
    }

    private Triggered triggered(String id, Instant now, Policy policy) {
        LoopSnapshot s = reader.loop(id, policy, now);
        if (s.state() == null || s.healthError() != null) {
            return null;
        }
        PhaseWindow window = s.window(now);
        Staleness fresh = s.freshness(policy, now);
        Recommendation rec = CadenceRules.evaluate(id, s.state(), window, s.exit(), policy, now, fresh, s.rules(policy));
        List<RuleResult> triggers = new ArrayList<>(rec.rules().stream().filter(r -> r.kind() == RuleResult.Kind.DEMOTION).toList());
        if (fresh != null) triggers.add(fresh.alarm());
        return new Triggered(s.state().phase(), rec.word(), triggers);
    }
}
