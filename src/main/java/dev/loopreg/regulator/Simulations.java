package dev.loopreg.regulator;

import dev.loopreg.store.DecisionLog;
import dev.loopreg.store.HealthLog;
import dev.loopreg.store.JsonLines;
import dev.loopreg.store.RecommendationLog;
import dev.loopreg.store.SaturationLog;
import dev.loopreg.workspace.RegulatorException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.cadence.Approval;
import dev.loopreg.cadence.CadenceRules;
import dev.loopreg.health.Phase;
import dev.loopreg.cadence.Policy;
import dev.loopreg.format.Instants;
import dev.loopreg.format.Problem;
import dev.loopreg.health.HealthRecord;
import dev.loopreg.rotation.RotationEvent;
import dev.loopreg.rotation.RotationPolicy;
import dev.loopreg.rotation.Snapshot;
import dev.loopreg.simulate.Comparison;
import dev.loopreg.simulate.LoopHistory;
import dev.loopreg.simulate.Replay;
import dev.loopreg.simulate.RotationReplay;
import dev.loopreg.simulate.Transition;
import dev.loopreg.store.LoopSnapshot;
import dev.loopreg.workspace.Workspace;
import dev.loopreg.store.WorkspaceReader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code loopreg simulate}: reads the workspace's records (health, recommendations, decisions, saturation snapshots)
 * and replays them through one or two policies. Reads only: no lock is taken and no file is written.
 */
public final class Simulations {

    private final Regulator reg;
    private final Workspace ws;
    private final WorkspaceReader reader;
    private final Function<String, String> env;

    public Simulations(Regulator reg, Function<String, String> env) {
        this.reg = reg;
        this.ws = reg.workspace();
        this.reader = new WorkspaceReader(reg.store());
        this.env = env;
    }

    /**
     * @param policyFiles         none: the workspace's policy; one: the workspace's beside it; two: the two files
     * @param rotationPolicyFiles the same for rotation-policy.yml
     */
    public Comparison run(List<Path> policyFiles, List<Path> rotationPolicyFiles, Instant from, Instant to, Replay.ApprovalMode mode)
            throws RegulatorException, IOException {
        Regulator.requireWorkspace(ws);
        List<Problem> problems = new ArrayList<>();
        Policy current = reader.policy(problems);
        failOn(problems, "the workspace's policy cannot be used");
        List<Comparison.Named> names = new ArrayList<>();
        List<Policy> policies = columns(current, ws.policy(), policyFiles, names, problems, "a policy", reader::policyFile);
        List<String> notes = new ArrayList<>();
        List<Comparison.LoopResult> loops = new ArrayList<>();
        Map<String, List<LoopHistory.Recorded>> recorded = recordedEvaluations(notes);
        Map<String, List<JsonNode>> decisions = decisions(notes);
        for (String id : reader.loopIds(problems)) {
            loops.add(loop(id, current, policies, recorded.getOrDefault(id, List.of()), decisions.getOrDefault(id, List.of()),
                    from, to, mode, notes));
        }
        RotationPolicy currentRotation = reader.rotationPolicy(problems);
        failOn(problems, "the workspace's rotation policy cannot be used");
        List<Comparison.Named> rnames = new ArrayList<>();
        List<RotationPolicy> rps = columns(currentRotation, ws.rotationPolicy(), rotationPolicyFiles, rnames, problems,
                "a rotation policy", reader::rotationPolicyFile);
        List<RotationReplay.Result> rotation = new ArrayList<>();
        List<Snapshot> snapshots = snapshots(currentRotation.loop(), notes);
        if (!snapshots.isEmpty()) {
            List<RotationEvent> events = new Rotations(reg, env).events(notes, to == null ? Instant.MAX : to);
            for (RotationPolicy p : rps) {
                rotation.add(RotationReplay.run(snapshots, events, p, from, to));
            }
        }
        problems.stream().filter(p -> !p.isError()).forEach(p -> notes.add(p.toString()));
        return new Comparison(from, to, mode, names, loops, rnames, rotation, notes);
    }

    /**
     * The policies to replay, one per column: the workspace's ({@code current}) unless two files are given, then each
     * file; their labels go to {@code names}.
     */
    private <P> List<P> columns(P current, Path currentFile, List<Path> files, List<Comparison.Named> names, List<Problem> problems,
                                String what, java.util.function.BiFunction<Path, List<Problem>, P> read) throws RegulatorException {
        List<P> out = new ArrayList<>();
        if (files.size() < 2) {
            names.add(new Comparison.Named("current", ws.rel(currentFile)));
            out.add(current);
        }
        for (Path f : files) {
            P p = read.apply(f, problems);
            failOn(problems, f + " cannot be used as " + what);
            names.add(new Comparison.Named(label(f, names), f.toString()));
            out.add(p);
        }
        return out;
    }

    /** The file's name as a column label, made unique among the labels taken. */
    private static String label(Path f, List<Comparison.Named> taken) {
        String name = f.getFileName() == null ? f.toString() : f.getFileName().toString();
        String label = name;
        for (int i = 2; isTaken(label, taken); i++) {
            label = name + " (" + i + ")";
        }
        return label;
    }

    private static boolean isTaken(String label, List<Comparison.Named> taken) {
        return taken.stream().anyMatch(n -> n.label().equals(label));
    }

    private static void failOn(List<Problem> problems, String what) throws RegulatorException {
        List<String> errors = problems.stream().filter(Problem::isError).map(Problem::toString).toList();
        if (!errors.isEmpty()) {
            throw new RegulatorException(RegulatorException.BAD_INPUT, what + ":\n" + String.join("\n", errors));
        }
    }

    private Comparison.LoopResult loop(String id, Policy current, List<Policy> policies, List<LoopHistory.Recorded> evaluations,
                                       List<JsonNode> decisions, Instant from, Instant to, Replay.ApprovalMode mode,
                                       List<String> notes) throws IOException {
        LoopSnapshot s = reader.loop(id, current, to == null ? Instant.MAX : to);
        List<String> errors = new ArrayList<>();
        if (s.state() == null) {
            s.problems().stream().filter(Problem::isError).forEach(p -> errors.add(p.toString()));
            return new Comparison.LoopResult(id, List.of(), List.of(), List.of(), List.of(), errors);
        }
        List<HealthRecord> records = new ArrayList<>();
        Instant last = null;
        HealthLog health = reg.store().health(id);
        for (JsonLines.Entry<HealthRecord> l : health.entries()) {
            String where = health.where(l);
            if (!l.ok()) {
                notes.add(where + ": " + l.problem() + (l.torn() ? "" : "; left out"));
                continue;
            }
            HealthRecord r = l.value();
            if (last != null && !r.cycle().isAfter(last)) {
                notes.add(where + ": cycle " + Instants.format(r.cycle()) + " is not after the line before; left out");
                continue;
            }
            last = r.cycle();
            records.add(r);
        }
        List<LoopHistory.Override> overrides = new ArrayList<>();
        List<Transition> recorded = new ArrayList<>();
        for (JsonNode d : decisions) {
            Instant at = Instants.parse(d.path("at").asText());
            boolean override = false;
            for (JsonNode r : d.path("rules")) {
                if (r.path("id").asText().equals(CadenceRules.OPERATOR_OVERRIDE) && r.path("holds").asBoolean(false)) override = true;
            }
            String kind = d.path("kind").asText();
            if (override) overrides.add(new LoopHistory.Override(at, d.path("by").asText(null), d.path("reason").asText("")));
            recorded.add(new Transition(at, Phase.parse(d.path("from").asText()).orElse(null), Phase.parse(d.path("to").asText()).orElse(null),
                    override ? Transition.OVERRIDE : kind, false, d.path("reason").asText("")));
        }
        LoopHistory h = new LoopHistory(id, s.state().name(), records, evaluations, overrides, recorded, s.exit(), s.rescues(),
                s.config() == null ? List.of() : s.config().rules(), s.config() == null ? java.util.Set.of() : s.config().disable());
        List<Replay.LoopReplay> replays = new ArrayList<>();
        for (Policy p : policies) {
            replays.add(Replay.run(h, p, new Replay.Options(from, to, mode)));
        }
        Replay.LoopReplay first = replays.get(0);
        List<Transition> inRange = recorded.stream().filter(t -> t.at().isAfter(first.start()) && !t.at().isAfter(first.end())).toList();
        Phase initial = first.spans().get(0).phase();
        return new Comparison.LoopResult(id, replays, inRange, Replay.flaps(inRange), Replay.spans(initial, first.start(), inRange, first.end()),
                errors);
    }

    /** The lines of recommendations.jsonl, by loop. */
    private Map<String, List<LoopHistory.Recorded>> recordedEvaluations(List<String> notes) throws IOException {
        Map<String, List<LoopHistory.Recorded>> out = new LinkedHashMap<>();
        RecommendationLog log = reg.store().recommendations();
        for (JsonLines.Entry<JsonNode> l : log.entries()) {
            String where = log.where(l);
            JsonNode n;
            try {
                if (!l.ok()) throw new IOException(l.problem());
                n = l.value();
                Instant at = Instants.parse(n.path("evaluated_at").asText(""));
                Phase phase = Phase.parse(n.path("phase").asText("")).orElse(null);
                String word = n.path("recommendation").isTextual() ? n.get("recommendation").asText() : null;
                Phase toPhase = n.path("to_phase").isTextual() ? Phase.parse(n.get("to_phase").asText()).orElse(null) : null;
                JsonNode exit = rule(n, CadenceRules.EXIT_CRITERIA);
                JsonNode appr = rule(n, CadenceRules.REGULATOR_APPROVAL);
                boolean required = exit != null && !"not required".equals(exit.path("value").asText(null));
                Boolean exitHolds = exit == null || exit.path("holds").isNull() ? null : exit.path("holds").asBoolean();
                Approval approval = appr == null ? null : Approval.parse(appr.path("value").asText("")).orElse(null);
                out.computeIfAbsent(n.path("loop").asText(), k -> new ArrayList<>()).add(new LoopHistory.Recorded(at, phase, word, toPhase,
                        exitHolds, exit == null || exit.path("value").isNull() ? null : exit.path("value").asText(),
                        exit == null ? null : exit.path("detail").asText(null), required, approval,
                        appr == null ? null : appr.path("detail").asText(null), l.number()));
            } catch (IOException | RuntimeException e) {
                notes.add(where + ": cannot be read (" + e.getMessage() + "); left out");
            }
        }
        return out;
    }

    private static JsonNode rule(JsonNode line, String id) {
        for (JsonNode r : line.path("rules")) {
            if (r.path("id").asText().equals(id)) return r;
        }
        return null;
    }

    /** The promotions and demotions of decisions.jsonl, by loop, in file order. */
    private Map<String, List<JsonNode>> decisions(List<String> notes) throws IOException {
        Map<String, List<JsonNode>> out = new LinkedHashMap<>();
        DecisionLog log = reg.store().decisions();
        for (JsonLines.Entry<JsonNode> l : log.entries()) {
            try {
                if (!l.ok()) throw new IOException(l.problem());
                JsonNode n = l.value();
                String kind = n.path("kind").asText();
                if (!kind.equals("promotion") && !kind.equals("demotion")) continue;
                Instants.parse(n.path("at").asText(""));
                out.computeIfAbsent(n.path("loop").asText(), k -> new ArrayList<>()).add(n);
            } catch (IOException | RuntimeException e) {
                notes.add(log.where(l) + ": cannot be read (" + e.getMessage() + "); left out");
            }
        }
        return out;
    }

    private List<Snapshot> snapshots(String loop, List<String> notes) throws IOException {
        List<Snapshot> out = new ArrayList<>();
        SaturationLog log = reg.store().saturation(loop);
        for (JsonLines.Entry<Snapshot> l : log.entries()) {
            if (l.ok()) out.add(l.value());
            else if (!l.torn()) notes.add(log.where(l) + ": " + l.problem() + "; left out");
        }
        return out;
    }
}
