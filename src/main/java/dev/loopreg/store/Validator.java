package dev.loopreg.store;

import dev.loopreg.workspace.*;
import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.cadence.CadenceState;
import dev.loopreg.cadence.Crons;
import dev.loopreg.cadence.Policy;
import dev.loopreg.format.ConfigReader;
import dev.loopreg.format.FrontMatter;
import dev.loopreg.format.Problem;
import dev.loopreg.format.YamlDoc;
import dev.loopreg.health.HealthRecord;
import dev.loopreg.workplan.Workplan;
import dev.loopreg.workplan.WorkplanParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** {@code loopreg validate}: checks every file of the workspace and returns every problem, sorted. Reads only. */
public final class Validator {

    private static final List<String> DEFINITION_KEYS = List.of("id", "title", "cron", "enabled", "command", "loop", "role",
            "description", "owner", "repos");
    static final List<String> DECISION_KINDS = List.of("promotion", "demotion", "rotation", "revisit", "cadence_change",
            "approval");

    private final Workspace ws;
    private final WorkspaceReader reader;
    private final Logs logs;

    public Validator(Workspace ws) {
        this(new WorkspaceReader(ws));
    }

    /** A validator of a store's workspace. */
    public Validator(Store store) {
        this(new WorkspaceReader(store));
    }

    private Validator(WorkspaceReader reader) {
        this.ws = reader.workspace();
        this.reader = reader;
        this.logs = reader.logs();
    }

    public List<Problem> validate() throws IOException {
        List<Problem> p = new ArrayList<>();
        if (!Files.isDirectory(ws.loops())) {
            p.add(Problem.error(ws.rel(ws.loops()), 0, "directory is missing: this is not a loopreg workspace; run 'loopreg init'"));
            return p;
        }
        Policy policy = reader.policy(p);
        if (Files.exists(ws.policy())) {
            YamlDoc pdoc = reader.yaml(ws.policy(), false, new java.util.ArrayList<>());
            if (pdoc != null) {
                CollectSettings.read(pdoc, p);
                dev.loopreg.workspace.OutboxSettings.read(pdoc, p);
            }
        }
        ZoneId zone = policy == null ? ZoneId.of("UTC") : policy.timeZone();
        dev.loopreg.rotation.RotationPolicy rotationPolicy = reader.rotationPolicy(p);
        for (Path f : List.of(ws.healthModel(), ws.stateMachine(), ws.sessionTemplate())) {
            if (!Files.exists(f)) {
                p.add(Problem.warning(ws.rel(f), 0, "file is missing; 'loopreg init' adds it"));
            }
        }
        List<String> loops = reader.loopIds(p);
        try (Stream<Path> s = Files.list(ws.loops())) {
            s.filter(Files::isDirectory).map(d -> d.getFileName().toString())
                    .filter(n -> !n.equals(LoopId.REGULATOR) && !n.startsWith(".") && !Files.exists(ws.cadence(n)))
                    .sorted()
                    .forEach(n -> p.add(Problem.warning(ws.rel(ws.loopDir(n)), 0, "directory has no cadence.yml, so it is not a loop")));
        }
        Map<String, CadenceState> states = new HashMap<>();
        for (String id : loops) {
            CadenceState st = validateLoop(id, policy, zone, p);
            if (st != null) states.put(id, st);
        }
        validateRecommendations(p, new HashSet<>(loops));
        validateUrgent(p, new HashSet<>(loops));
        new OutboxLog(ws, logs).validate(p);
        if (rotationPolicy != null && Files.exists(ws.rotationPolicy()) && !loops.contains(rotationPolicy.loop())) {
            YamlDoc rd = reader.yaml(ws.rotationPolicy(), false, new java.util.ArrayList<>());
            p.add(Problem.error(ws.rel(ws.rotationPolicy()), rd == null ? 0 : rd.lineOf("/loop"), "loop: '" + rotationPolicy.loop()
                    + "' is not a loop of this workspace (no loops/" + rotationPolicy.loop() + "/cadence.yml); expected one of "
                    + (loops.isEmpty() ? "none" : String.join(", ", new java.util.TreeSet<>(loops)))));
        }
        new DecisionsCheck(ws, reader).check(p, states);
        validateRegulatorFiles(p);
        validateDefinitions(p, new HashSet<>(loops));
        return p.stream().sorted().distinct().toList();
    }

    /** A {@code disable:} id that names no rule of the loop turns nothing off: said, so a typo is not silently harmless. */
    private void validateDisable(LoopConfig config, YamlDoc ldoc, Policy policy, List<Problem> p) {
        if (policy == null || config.disable().isEmpty()) return;
        java.util.Set<String> known = new java.util.TreeSet<>(List.of("exit_criteria", "fpr_window", "rescues_window", "regulator_approval",
                "fpr_demotion", "rescues_24h"));
        policy.rules().forEach(r -> known.add(r.id()));
        config.rules().forEach(r -> known.add(r.id()));
        List<String> off = new java.util.ArrayList<>(config.disable());
        for (String id : off) {
            if (known.contains(id)) continue;
            int line = 0;
            for (int i = 0; i < ldoc.at("/disable").size(); i++) {
                if (id.equals(ldoc.at("/disable/" + i).asText())) line = ldoc.lineOf("/disable/" + i);
            }
            p.add(Problem.error(ldoc.path(), line, "disable: '" + id + "' is no rule of this loop; expected one of " + String.join(", ", known)
                    + dev.loopreg.format.ConfigReader.closest(id, known).map(c -> " (did you mean " + c + "?)").orElse("")));
        }
    }

    private CadenceState validateLoop(String id, Policy policy, ZoneId zone, List<Problem> p) throws IOException {
        CadenceState state = null;
        YamlDoc cdoc = reader.yaml(ws.cadence(id), true, p);
        if (cdoc != null) {
            state = CadenceCodec.read(cdoc, p);
            if (state != null && policy != null && !state.cron().equals(policy.cronOf(state.phase()))) {
                p.add(Problem.warning(ws.rel(ws.cadence(id)), cdoc.lineOf("/cron"), "cron \"" + state.cron() + "\" differs from the policy's "
                        + state.phase() + " cron \"" + policy.cronOf(state.phase()) + "\"; apply would set the policy's"));
            }
        }
        LoopConfig config = LoopConfig.defaults(id);
        YamlDoc ldoc = reader.yaml(ws.loopConfig(id), false, p);
        if (ldoc == null && !Files.exists(ws.loopConfig(id))) {
            p.add(Problem.warning(ws.rel(ws.loopConfig(id)), 0, "file is missing; the loop has no workplan, so it cannot leave bootstrap"));
        }
        if (ldoc != null) {
            config = LoopConfig.read(id, ldoc, p, policy == null ? null : policy.ruleMetrics());
            validateWorkplan(config, ldoc, p);
            validateDisable(config, ldoc, policy, p);
            if ("file".equals(config.tasksSource()) && config.tasksPath() != null && !Files.exists(ws.resolve(config.tasksPath()))) {
                p.add(Problem.warning(ws.rel(ws.loopConfig(id)), ldoc.lineOf("/tasks/path"), "tasks.path: "
                        + config.tasksPath() + " does not exist (yet); the collector will report the tasks as unmeasured"));
            }
        }
        validateHealth(id, p);
        RescueLog rescues = new RescueLog(ws, config);
        if (rescues.exists()) p.addAll(rescues.read(zone).problems());
        for (String other : List.of("roster.yaml", "rollout.yaml", "thresholds.yml", "signals.yml")) {
            Path f = ws.loopDir(id).resolve(other);
            YamlDoc d = reader.yaml(f, false, p);
            if (d != null && other.equals("roster.yaml")) {
                dev.loopreg.rotation.RosterCodec.read(d, p);
            }
        }
        validateSaturation(id, p);
        return state;
    }

    /**
     * Every line of urgent-tasks.jsonl must be an event: an id {@code URG-NNN}, a known event, an instant, and for a
     * raised task a loop of the workspace and a trigger. Torn lines: {@link JsonLines#check}.
     */
    private void validateUrgent(List<Problem> p, java.util.Set<String> loops) throws IOException {
        UrgentLedger ledger = new UrgentLedger(ws, new java.util.ArrayList<>(), logs);
        String rel = ledger.rel();
        for (JsonLines.Entry<JsonNode> l : ledger.check(p)) {
            List<String> probs = new java.util.ArrayList<>();
            JsonNode n = l.value();
            String id = dev.loopreg.format.JsonFields.text(n, "id", true, probs);
            if (id != null && !dev.loopreg.alert.Alerts.ID.matcher(id).matches()) probs.add("id: '" + id + "' is not an urgent-task id; expected URG-NNN");
            String event = dev.loopreg.format.JsonFields.text(n, "event", true, probs);
            if (event != null && dev.loopreg.alert.UrgentEvent.Kind.parse(event).isEmpty()) {
                probs.add("event: '" + event + "' is not allowed; expected raised, cleared, delivered, delivery_failed or acknowledged");
            }
            dev.loopreg.format.JsonFields.instant(n, "at", true, probs);
            if ("acknowledged".equals(event)) dev.loopreg.format.JsonFields.text(n, "by", true, probs);
            if ("raised".equals(event)) {
                String loop = dev.loopreg.format.JsonFields.text(n, "loop", true, probs);
                if (loop != null && !loops.contains(loop)) {
                    p.add(Problem.warning(rel, l.number(), "loop: '" + loop + "' is not a loop of this workspace (any more?)"));
                }
                dev.loopreg.format.JsonFields.text(n, "trigger", true, probs);
            }
            for (String x : probs) p.add(Problem.error(rel, l.number(), x));
        }
    }

    /** Every line of saturation.jsonl must be a snapshot (torn lines: {@link JsonLines#check}). */
    private void validateSaturation(String id, List<Problem> p) throws IOException {
        new SaturationLog(ws, id, logs).check(p);
    }

    private void validateWorkplan(LoopConfig config, YamlDoc ldoc, List<Problem> p) throws IOException {
        if (config.workplan() == null) {
            return;
        }
        Path wp = ws.resolve(config.workplan());
        if (!Files.exists(wp)) {
            p.add(Problem.error(ldoc.path(), ldoc.lineOf("/workplan"), "workplan: " + config.workplan()
                    + " does not exist; expected a path relative to the workspace root"));
            return;
        }
        try {
            Workplan plan = WorkplanParser.parse(ws.rel(wp), AtomicFiles.read(wp));
            for (Workplan.Note n : plan.warnings()) {
                p.add(Problem.warning(ws.rel(wp), n.line(), n.message()));
            }
            if (config.exitTasks() != null) {
                for (int i = 0; i < config.exitTasks().size(); i++) {
                    String t = config.exitTasks().get(i);
                    if (plan.task(t).isEmpty()) {
                        p.add(Problem.error(ldoc.path(), ldoc.lineOf("/exit_tasks/" + i), "exit_tasks: " + t + " is not a task of "
                                + config.workplan() + "; its tasks: " + String.join(", ", plan.tasks().stream().map(Workplan.Task::id).toList())));
                    }
                }
            }
        } catch (WorkplanParser.WorkplanException e) {
            p.add(Problem.error(ws.rel(wp), e.line(), e.getMessage()));
        }
    }

    private void validateHealth(String id, List<Problem> p) throws IOException {
        HealthLog log = new HealthLog(ws, id, logs);
        String rel = log.rel();
        if (!log.exists()) {
            p.add(Problem.warning(rel, 0, "file is missing; 'loopreg init' adds it"));
            return;
        }
        Instant previous = null;
        for (JsonLines.Entry<HealthRecord> l : log.check(p)) {
            HealthRecord r = l.value();
            if (!r.loop().equals(id)) {
                p.add(Problem.error(rel, l.number(), "record of loop '" + r.loop() + "' in the health file of loop '" + id
                        + "'; expected loop: " + id));
            }
            if (previous != null && !r.cycle().isAfter(previous)) {
                p.add(Problem.error(rel, l.number(), "cycle " + r.cycle() + " is not after the previous record's cycle " + previous
                        + "; expected one record per cycle, in time order"));
            }
            previous = r.cycle();
        }
    }

    /** The session template's placeholders, the regulator's own cadence, and the session ledgers' lines. */
    private void validateRegulatorFiles(List<Problem> p) throws IOException {
        if (Files.exists(ws.sessionTemplate())) {
            try {
                dev.loopreg.session.SessionTemplate.parse(ws.rel(ws.sessionTemplate()), AtomicFiles.read(ws.sessionTemplate()));
            } catch (dev.loopreg.session.SessionTemplate.TemplateException e) {
                p.addAll(e.problems());
            }
        }
        if (reader.docs().read(ws.selfCadence()) != null) {
            YamlDoc doc = reader.yaml(ws.selfCadence(), true, p);
            if (doc != null) SelfCadenceCodec.read(doc, p);
        } else {
            p.add(Problem.warning(ws.rel(ws.selfCadence()), 0, "file is missing (the regulator's own cadence); 'loopreg init' adds it"));
        }
        for (ObjectLines log : List.of(new ApprovalLog(ws, logs), new NoiseLog(ws, logs), new SessionLog(ws, logs))) {
            log.check(p);
        }
    }

    private void validateRecommendations(List<Problem> p, Set<String> loops) throws IOException {
        RecommendationLog log = new RecommendationLog(ws, logs);
        for (JsonLines.Entry<JsonNode> l : log.check(p)) {
            JsonNode n = l.value();
            if (!n.path("evaluated_at").isTextual() || !n.path("loop").isTextual()) {
                p.add(Problem.error(log.rel(), l.number(), "expected a recommendation line with evaluated_at and loop"));
            }
        }
        RunLog runs = new RunLog(ws, logs);
        for (JsonLines.Entry<JsonNode> l : runs.check(p)) {
            JsonNode n = l.value();
            if (RunLog.instant(n.path("evaluated_at").asText("")) == null || !n.path("changes").isArray()) {
                p.add(Problem.error(runs.rel(), l.number(), "expected a run line with evaluated_at (a UTC time) and changes (a list)"));
            }
        }
    }


    private void validateDefinitions(List<Problem> p, Set<String> loops) throws IOException {
        List<dev.loopreg.schedule.Drift.Bound> bound = new ArrayList<>();
        for (Path f : ws.activityDefinitionFiles()) {
            String rel = ws.rel(f);
            var fm = FrontMatter.split(AtomicFiles.read(f));
            if (fm.isEmpty()) {
                p.add(Problem.error(rel, 1, "no front matter; expected a --- line, then id, cron, enabled, command, then ---"));
                continue;
            }
            YamlDoc doc;
            try {
                doc = YamlDoc.parse(rel, fm.get().yaml(), 1);
            } catch (YamlDoc.SyntaxException e) {
                p.add(e.problem());
                continue;
            }
            ConfigReader r = new ConfigReader(doc, p);
            if (!r.mapping("", true)) continue;
            r.knownKeys("", DEFINITION_KEYS);
            r.string("/id", null, true);
            String cron = r.string("/cron", null, true);
            if (cron != null) {
                Crons.problem(cron).ifPresent(x -> r.error("/cron", "cron: " + x));
            }
            r.bool("/enabled", false);
            r.string("/command", null, true);
            r.string("/owner", null, false);
            r.stringList("/repos", List.of());
            r.choice("/role", null, x -> x.equals("collector") || x.equals("session") ? java.util.Optional.of(x)
                    : java.util.Optional.empty(), "collector, session", false);
            String loop = r.string("/loop", null, false);
            if (loop != null && !loops.contains(loop)) {
                r.error("/loop", "loop: '" + loop + "' is not a loop of this workspace; loops: " + String.join(", ", loops.stream().sorted().toList()));
            } else if (loop != null) {
                bound.add(new dev.loopreg.schedule.Drift.Bound(rel, doc.lineOf("/loop"), doc.lineOf("/cron"), loop, cron));
            }
        }
        drift(p, loops, bound);
    }

    private void drift(List<Problem> p, Set<String> loops, List<dev.loopreg.schedule.Drift.Bound> bound) {
        for (var f : driftOf(loops, bound)) {
            p.add(f.error() ? Problem.error(f.path(), f.line(), f.message()) : Problem.warning(f.path(), f.line(), f.message()));
        }
    }

    /** The drift of {@code loops} against {@code bound} (see {@link dev.loopreg.schedule.Drift}). */
    List<dev.loopreg.schedule.Drift.Finding> driftOf(Set<String> loops, List<dev.loopreg.schedule.Drift.Bound> bound) {
        List<String> checked = loops.stream().filter(l -> !l.equals(LoopId.REGULATOR)).sorted().toList();
        Map<String, String> crons = new HashMap<>();
        Map<String, String> dirs = new HashMap<>();
        for (String l : checked) {
            String c = loopCron(l);
            if (c != null) crons.put(l, c);
            dirs.put(l, ws.rel(ws.loopDir(l)));
        }
        return dev.loopreg.schedule.Drift.of(checked, crons, dirs, bound);
    }

    /** The definitions bound to a loop, from every readable definition's front matter (validate reports the others). */
    public static List<dev.loopreg.schedule.Drift.Bound> bound(Workspace ws) throws IOException {
        List<dev.loopreg.schedule.Drift.Bound> out = new ArrayList<>();
        for (Path f : ws.activityDefinitionFiles()) {
            String rel = ws.rel(f);
            var fm = FrontMatter.split(AtomicFiles.read(f));
            if (fm.isEmpty()) continue;
            try {
                YamlDoc doc = YamlDoc.parse(rel, fm.get().yaml(), 1);
                String loop = doc.at("/loop").isTextual() ? doc.at("/loop").asText() : null;
                if (loop == null) continue;
                out.add(new dev.loopreg.schedule.Drift.Bound(rel, doc.lineOf("/loop"), doc.lineOf("/cron"), loop,
                        doc.at("/cron").isTextual() ? doc.at("/cron").asText() : null));
            } catch (YamlDoc.SyntaxException e) {
                // validate reports it
            }
        }
        return out;
    }

    /** What {@code status} and the pages show: the drift of the workspace's loops and definitions. */
    public List<dev.loopreg.schedule.Drift.Finding> drift() throws IOException {
        return driftOf(new HashSet<>(ws.loopDirectories()), bound(ws));
    }

    private String loopCron(String loop) {
        YamlDoc d = reader.yaml(ws.cadence(loop), false, new ArrayList<>());
        if (d == null) return null;
        CadenceState st = dev.loopreg.workspace.CadenceCodec.read(d, new ArrayList<>());
        return st == null ? null : st.cron();
    }
}
