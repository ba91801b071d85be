package dev.loopreg.collect;

import dev.loopreg.source.*;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopreg.alert.Alerts;
import dev.loopreg.alert.UrgentEvent;
import dev.loopreg.cadence.CadenceRules;
import dev.loopreg.cadence.CadenceState;
import dev.loopreg.health.Phase;
import dev.loopreg.cadence.PhaseWindow;
import dev.loopreg.cadence.Policy;
import dev.loopreg.cadence.Recommendation;
import dev.loopreg.cadence.RuleResult;
import dev.loopreg.cadence.Slots;
import dev.loopreg.cadence.Staleness;
import dev.loopreg.format.Instants;
import dev.loopreg.format.Mappers;
import dev.loopreg.format.Problem;
import dev.loopreg.format.YamlDoc;
import dev.loopreg.health.AgentMetrics;
import dev.loopreg.health.HealthAssembly;
import dev.loopreg.health.HealthRecord;
import dev.loopreg.health.HealthRecordCodec;
import dev.loopreg.health.LikelyDuplicates;
import dev.loopreg.health.Outcome;
import dev.loopreg.health.Task;
import dev.loopreg.health.TaskMetrics;
import dev.loopreg.workspace.RegulatorException;
import dev.loopreg.rotation.Roster;
import dev.loopreg.rotation.RosterCodec;
import dev.loopreg.rotation.RotationPolicy;
import dev.loopreg.rotation.SaturationRules;
import dev.loopreg.rotation.Verdict;
import dev.loopreg.store.SaturationLog;
import java.math.BigDecimal;
import dev.loopreg.report.Json;
import dev.loopreg.workspace.CadenceCodec;
import dev.loopreg.workspace.CollectSettings;
import dev.loopreg.workspace.LoopConfig;
import dev.loopreg.store.LoopSnapshot;
import dev.loopreg.workspace.Workspace;
import dev.loopreg.store.HealthLog;
import dev.loopreg.store.Journal;
import dev.loopreg.store.RescueLog;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code loopreg collect}: one health record per missed cron slot of each loop, from the loops' sources,
 * then the demotion triggers and the urgent tasks. Holds the workspace lock throughout.
 *
 * <p>Over 400 lines: one collection reads every source, assembles the records, writes them and reconciles the urgent
 * ledger in one locked pass. Issue 16 puts the sources behind ports and the writes in a plan; this class then keeps
 * only the orchestration.
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
    public record Result(Instant now, List<LoopResult> loops, List<Urgent> urgent, List<String> notices,
                         List<String> problems) {
        /** 0 all measured; 1 a loop or the workspace is unusable; {@value #INCOMPLETE} a source or a delivery failed. */
        public int exitCode() {
            if (!problems.isEmpty() || loops.stream().anyMatch(l -> l.status().equals(LoopResult.ERROR))) return 1;
            if (loops.stream().anyMatch(l -> !l.failures().isEmpty())
                    || urgent.stream().anyMatch(u -> u.event().equals(UrgentEvent.Kind.DELIVERY_FAILED.id()))) {
                return INCOMPLETE;
            }
            return 0;
        }
    }

    private final Workspace ws;
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
        this.ws = ws;
        this.reader = new WorkspaceReader(ws);
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
            return Journal.lockAndRecover(ws, command, lockWait, wallClock.instant(), notices::add);
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
            UrgentLedger ledger = new UrgentLedger(ws, notices);
            List<Urgent> urgent = new ArrayList<>();
            for (String id : loops) {
                if (ids.contains(id)) urgent.addAll(triggers(id, now, setup.policy(), ledger));
            }
            urgent.addAll(deliver(now, setup.settings(), http(setup.settings()), ledger));
            return new Result(now, List.of(), urgent, notices,
                    problems.stream().filter(Problem::isError).map(Problem::toString).toList());
        }
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
        UrgentLedger ledger = new UrgentLedger(ws, notices);
        List<LoopResult> results = new ArrayList<>();
        List<Urgent> urgent = new ArrayList<>();
        for (String id : ids) {
            LoopResult r = collectLoop(id, now, opts, policy, settings, http, notices);
            results.add(r);
            if (!r.status().equals(LoopResult.ERROR)) {
                urgent.addAll(triggers(id, now, policy, ledger));
            }
        }
        urgent.addAll(deliver(now, settings, http, ledger));
        List<String> wsProblems = problems.stream().filter(Problem::isError).map(Problem::toString).toList();
        return new Result(now, results, urgent, notices, wsProblems);
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
        Outcome<List<Instant>> rescues = new RescueLog(ws, config).measured(policy.timeZone());
        if (rescues.failed()) failures.add(reason(rescues));

        // saturation snapshots, when this is the rotation loop
        RotationFields rotation = null;
        if (rotationPolicy != null && id.equals(rotationPolicy.loop())) {
            rotation = saturation(id, config, settings, http, slots, now, notices);
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
        String repair = new HealthLog(ws, id).appendNow(records);
        if (repair != null) notices.add(repair);
        return new LoopResult(id, LoopResult.APPENDED, plan.latest(), records, plan.skipped(), likely, failures, List.of(),
                rotation == null ? 0 : rotation.snapshots());
    }

    /** Per slot: the rotation loop's health fields and their null reasons; the snapshots written and the failed reads. */
    private record RotationFields(List<BigDecimal> marginalGain, List<BigDecimal> saturationScore, List<List<String>> errors,
                                  int snapshots, List<String> failures) {
        static RotationFields missing(int slots, String reason, boolean failed) {
            List<BigDecimal> nulls = new ArrayList<>();
            List<List<String>> errs = new ArrayList<>();
            for (int i = 0; i < slots; i++) {
                nulls.add(null);
                errs.add(List.of("marginal_gain, saturation_score: " + reason));
            }
            return new RotationFields(nulls, nulls, errs, 0, failed ? List.of(reason) : List.of());
        }
    }

    /**
     * The rotation loop's snapshots (one per active repo and slot, appended to saturation.jsonl), and from them
     * each slot's {@code marginal_gain} and {@code saturation_score}.
     */
    private RotationFields saturation(String id, LoopConfig config, CollectSettings settings, HttpJson http, List<Slots.Slot> slots,
                                      Instant now, List<String> notices) throws IOException {
        RotationPolicy rp = rotationPolicy;
        Path rosterFile = ws.roster(id);
        if (!Files.exists(rosterFile)) {
            return RotationFields.missing(slots.size(), ws.rel(rosterFile) + " is missing (no roster, no snapshots)", false);
        }
        List<Problem> problems = new ArrayList<>();
        Roster roster;
        try {
            roster = RosterCodec.read(YamlDoc.parse(ws.rel(rosterFile), dev.loopreg.workspace.AtomicFiles.read(rosterFile)), problems);
        } catch (YamlDoc.SyntaxException e) {
            return RotationFields.missing(slots.size(), e.problem().toString(), true);
        }
        if (roster == null) {
            return RotationFields.missing(slots.size(), String.join("; ", problems.stream().filter(Problem::isError)
                    .map(Problem::toString).toList()), true);
        }
        if (roster.active().isEmpty()) {
            return RotationFields.missing(slots.size(), "no active repo in " + ws.rel(rosterFile), false);
        }
        StateHub hub = null;
        List<String> failures = new ArrayList<>();
        if (settings.stateHub().url() != null) {
            try {
                String token = token("state-hub", settings.stateHub().tokenEnv(), "policy.yml state_hub.token_env");
                hub = new StateHub(settings.stateHub().url(), token, http, settings.stateHub().pageSize(), settings.stateHub().maxPages());
            } catch (SourceException e) {
                failures.add(e.getMessage() + " (progress events not read)");
            }
        }
        GitHistory.PullRequests squash = GitHistory.PullRequests.of(rp.squashPattern(), rp.prPatterns());
        List<String> repos = roster.active().stream().map(Roster.Entry::repo).toList();
        Saturation.Result read = Saturation.read(new Saturation.Sources(ws.resolve(config.reposRoot()), config.reposRoot(), rp.agent(),
                squash, hub), repos, slots, now, settings.parallelism());
        failures.addAll(read.failures());
        Map<String, Instant> active = new LinkedHashMap<>();
        roster.active().forEach(e -> active.put(e.repo(), e.since()));
        SaturationLog log = new SaturationLog(ws, id);
        // the history before the first slot (read before appending), then the new snapshots: no re-read
        SaturationLog.Read history = log.read(active, rp.agent(),
                Math.max(2 * rp.windowCycles(), rp.warmupCycles()), 1, slots.get(0).from());
        List<dev.loopreg.rotation.Snapshot> known = new ArrayList<>(history.snapshots());
        read.perSlot().forEach(known::addAll);
        // appended in chunks, so a long backfill never holds every line's text at once; a snapshot already in the file (a
        // run cut off between its snapshots and its health records, retried) is not written again
        java.util.Set<String> present = log.keysAfter(slots.get(0).from());
        int written = 0;
        List<dev.loopreg.rotation.Snapshot> chunk = new ArrayList<>();
        for (int i = 0; i < read.perSlot().size(); i++) {
            read.perSlot().get(i).stream().filter(x -> !present.contains(SaturationLog.key(x))).forEach(chunk::add);
            if (chunk.size() >= 10_000 || i == read.perSlot().size() - 1) {
                String repair = log.appendNow(chunk);
                if (repair != null) notices.add(repair);
                written += chunk.size();
                chunk.clear();
            }
        }
        Map<String, List<dev.loopreg.rotation.Snapshot>> byRepo = SaturationRules.byRepo(known);
        List<BigDecimal> mg = new ArrayList<>();
        List<BigDecimal> score = new ArrayList<>();
        List<List<String>> errors = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) {
            Instant cycle = slots.get(i).cycle();
            List<String> e = new ArrayList<>();
            Long gain = SaturationRules.marginalGain(read.perSlot().get(i));
            if (gain == null) e.add("marginal_gain: the merged PRs or progress events of an active repo were not measured");
            List<Verdict> verdicts = new ArrayList<>();
            for (Roster.Entry r : roster.active()) {
                verdicts.add(SaturationRules.judge(r.repo(), r.since(), byRepo.getOrDefault(r.repo(), List.of()), rp, cycle));
            }
            BigDecimal sc = SaturationRules.saturationScore(verdicts);
            if (sc == null) e.add("saturation_score: no active repo has a saturation signal with data yet (too few snapshots)");
            mg.add(gain == null ? null : BigDecimal.valueOf(gain));
            score.add(sc);
            errors.add(e);
        }
        return new RotationFields(mg, score, errors, written, failures);
    }

    private static LoopResult error(String id, List<String> errors) {
        return new LoopResult(id, LoopResult.ERROR, null, List.of(), 0, List.of(), List.of(), errors, 0);
    }

    private static String reason(Outcome<?> o) {
        return o instanceof Outcome.Missing<?> m ? m.reason() : "";
    }

    /** The last record of health.jsonl (torn-line policy: {@link JsonLines}); a last whole line that is not a record stops the loop. */
    private HealthRecord lastRecord(String id) throws SourceException, IOException {
        HealthLog log = new HealthLog(ws, id);
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
                token = token("state-hub", c.tasksTokenEnv() != null ? c.tasksTokenEnv() : settings.stateHub().tokenEnv(),
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
        LoopSnapshot s = reader.loop(id, policy, now);
        if (s.state() == null || s.healthError() != null) {
            return List.of();
        }
        PhaseWindow window = s.window(now);
        Staleness fresh = s.freshness(policy, now);
        Recommendation rec = CadenceRules.evaluate(id, s.state(), window, s.exit(), policy, now, fresh);
        List<RuleResult> triggers = new ArrayList<>(rec.rules().stream().filter(r -> r.kind() == RuleResult.Kind.DEMOTION).toList());
        if (fresh != null) triggers.add(fresh.alarm());
        List<Urgent> out = new ArrayList<>();
        ledger.append(UrgentLedger.lines(id, s.state().phase(), rec.word(), Alerts.reconcile(ledger.state(), id, triggers,
                CadenceRules.OPERATOR_OVERRIDE), now, out));
        return out;
    }

    private List<Urgent> deliver(Instant now, CollectSettings settings, HttpJson http, UrgentLedger ledger) throws IOException {
        List<String> targets = new ArrayList<>();
        CollectSettings.Urgent u = settings.urgent();
        if (u.stateHubWorkstream() != null && settings.stateHub().url() != null) targets.add(STATE_HUB);
        if (u.webhookUrl() != null) targets.add(WEBHOOK);
        if (targets.isEmpty()) {
            return List.of();
        }
        List<Urgent> out = new ArrayList<>();
        List<ObjectNode> lines = new ArrayList<>();
        for (Map.Entry<Alerts.Open, String> e : Alerts.undelivered(ledger.state(), targets)) {
            Alerts.Open open = e.getKey();
            String target = e.getValue();
            ObjectNode raised = ledger.raised(open.id());
            ObjectNode line = Json.object();
            line.put("id", open.id());
            line.put("loop", open.loop());
            line.put("trigger", open.trigger());
            line.put("target", target);
            line.put("at", Instants.format(now));
            try {
                String reference = send(target, raised, open, settings, http);
                line.put("event", UrgentEvent.Kind.DELIVERED.id());
                if (reference != null) line.put("reference", reference);
                out.add(new Urgent(open.id(), "delivered", open.loop(), open.trigger(), reference, target));
            } catch (SourceException ex) {
                line.put("event", UrgentEvent.Kind.DELIVERY_FAILED.id());
                line.put("reason", ex.getMessage());
                out.add(new Urgent(open.id(), "delivery_failed", open.loop(), open.trigger(), ex.getMessage(), target));
            }
            lines.add(line);
        }
        ledger.append(lines);
        return out;
    }

    private String send(String target, ObjectNode raised, Alerts.Open open, CollectSettings settings, HttpJson http)
            throws SourceException {
        String key = "loopreg-" + open.loop() + "-" + open.id();
        if (target.equals(STATE_HUB)) {
            String token = token("state-hub", settings.stateHub().tokenEnv(), "policy.yml state_hub.token_env");
            ObjectNode task = Json.object();
            task.put("title", raised.path("title").asText());
            task.put("priority", "urgent");
            task.put("status", "open");
            task.put("external_id", key);
            ArrayNode labels = task.putArray("labels");
            labels.add("loopreg");
            labels.add("urgent");
            labels.add(open.trigger());
            task.put("description", description(raised));
            task.set("evidence", raised.path("evidence"));
            StateHub hub = new StateHub(settings.stateHub().url(), token, http, settings.stateHub().pageSize(), settings.stateHub().maxPages());
            return hub.createTask(settings.urgent().stateHubWorkstream(), task, key);
        }
        String token = token("webhook", settings.urgent().webhookTokenEnv(), "policy.yml urgent.webhook_token_env");
        ObjectNode body = raised.deepCopy();
        body.remove("event");
        body.put("source", "loopreg");
        body.put("text", description(raised));
        http.post(java.net.URI.create(settings.urgent().webhookUrl()), token, body, key);
        return null;
    }

    /** The token in environment variable {@code tokenEnv}; null when none is configured; an error when it is unset. */
    private String token(String what, String tokenEnv, String configuredIn) throws SourceException {
        if (tokenEnv == null) {
            return null;
        }
        String token = env.apply(tokenEnv);
        if (token == null || token.isBlank()) {
            throw new SourceException(what + " token: environment variable " + tokenEnv + " is not set; expected the token in it ("
                    + configuredIn + ")");
        }
        return token;
    }

    private static String description(ObjectNode raised) {
        JsonNode ev = raised.path("evidence");
        return raised.path("title").asText() + " at " + raised.path("at").asText() + " (phase " + raised.path("phase").asText()
                + "): " + ev.path("detail").asText() + ". Recommendation: " + raised.path("recommendation").asText()
                + ". Review the loop and run 'loopreg apply " + raised.path("loop").asText() + "' or 'loopreg demote'.";
    }

    // ---------------------------------------------------------------- JSON

    /** The JSON of {@code loopreg collect --json}. */
    public static ObjectNode json(Result r) {
        ObjectNode o = Json.object();
        o.put("collected_at", Instants.format(r.now()));
        ArrayNode loops = o.putArray("loops");
        for (LoopResult l : r.loops()) {
            ObjectNode x = loops.addObject();
            x.put("loop", l.loop());
            x.put("status", l.status());
            Json.putInstant(x, "latest_slot", l.latestSlot());
            ArrayNode recs = x.putArray("appended");
            for (HealthRecord h : l.appended()) {
                try {
                    recs.add(Mappers.JSON.readTree(HealthRecordCodec.encode(h)));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            x.put("skipped_slots", l.skipped());
            x.put("saturation_snapshots", l.saturationSnapshots());
            ArrayNode likely = x.putArray("likely_duplicates");
            for (LikelyDuplicates.Group g : l.likely()) {
                ObjectNode gj = likely.addObject();
                gj.put("title", g.title());
                ArrayNode idsJ = gj.putArray("tasks");
                g.taskIds().forEach(idsJ::add);
            }
            ArrayNode f = x.putArray("source_failures");
            l.failures().forEach(f::add);
            ArrayNode e = x.putArray("errors");
            l.errors().forEach(e::add);
        }
        ArrayNode urgent = o.putArray("urgent");
        for (Urgent u : r.urgent()) {
            ObjectNode x = urgent.addObject();
            x.put("id", u.id());
            x.put("event", u.event());
            x.put("loop", u.loop());
            x.put("trigger", u.trigger());
            if (u.target() != null) x.put("target", u.target());
            if (u.detail() != null) x.put("detail", u.detail());
        }
        ArrayNode notices = o.putArray("notices");
        r.notices().forEach(notices::add);
        ArrayNode problems = o.putArray("problems");
        r.problems().forEach(problems::add);
        o.put("exit_code", r.exitCode());
        return o;
    }
}
