package dev.loopreg.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopreg.health.Phase;
import dev.loopreg.format.Instants;
import dev.loopreg.simulate.Comparison;
import dev.loopreg.simulate.Replay;
import dev.loopreg.simulate.RotationReplay;
import dev.loopreg.simulate.Transition;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/** {@code loopreg simulate}'s output: policies side by side, with ≠ where they differ; and its JSON. */
public final class SimulationReport {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
    /** Marks a row whose policy columns differ. */
    public static final String DIFFERS = "≠";

    private SimulationReport() {
    }

    // ---------------------------------------------------------------- text

    public static String text(Comparison c) {
        StringBuilder sb = new StringBuilder();
        sb.append("Policies: ").append(c.policies().stream().map(n -> n.label() + " = " + n.source()).collect(Collectors.joining(" · ")))
                .append('\n');
        sb.append("Approvals: ").append(c.approval() == Replay.ApprovalMode.RECORDED
                ? "as recorded while the replay is in the recorded phase; assumed once every other rule holds when it is not"
                : "assumed once every other promotion rule holds (--approval assumed)").append('\n');
        sb.append("Transitions are applied at the evaluation that recommends them; a flap is a promotion undone within ")
                .append(Replay.FLAP_WITHIN.toDays()).append(" days.\n");
        boolean two = c.policies().size() > 1;
        for (Comparison.LoopResult l : c.loops()) {
            sb.append('\n');
            if (!l.errors().isEmpty()) {
                sb.append(l.loop()).append(": not replayed\n");
                l.errors().forEach(e -> sb.append("  ").append(e).append('\n'));
                continue;
            }
            Replay.LoopReplay first = l.replays().get(0);
            sb.append(l.loop()).append(" — ").append(first.evaluations().size()).append(" evaluations, ").append(when(first.start()))
                    .append(" … ").append(when(first.end())).append('\n');
            List<String> header = new ArrayList<>(List.of("", "recorded"));
            c.policies().forEach(n -> header.add(n.label()));
            if (two) header.add("");
            TextTable t = new TextTable(header.toArray(String[]::new));
            row(t, two, "transitions", String.valueOf(l.recorded().size()), l.replays(), r -> String.valueOf(r.transitions().size()));
            row(t, two, "flaps", String.valueOf(l.recordedFlaps().size()), l.replays(), r -> String.valueOf(r.flaps().size()));
            row(t, two, "final phase", l.recordedSpans().get(l.recordedSpans().size() - 1).phase().id(), l.replays(),
                    r -> r.finalPhase().id());
            Map<Phase, Duration> rec = Replay.durations(l.recordedSpans());
            for (Phase p : Phase.values()) {
                row(t, two, "time in " + p.id(), duration(rec.get(p)), l.replays(), r -> duration(r.durations().get(p)));
            }
            row(t, two, "promote/hold/demote", "—", l.replays(), r -> {
                Map<String, Long> m = r.counts();
                return m.get("promote") + "/" + m.get("hold") + "/" + m.get("demote");
            });
            row(t, two, "differ from recorded", "—", l.replays(), r -> r.differs() + " of " + r.compared());
            sb.append(indent(t.render()));
            List<String> lists = new ArrayList<>();
            lists.add(transitions("recorded", l.recorded(), l.recordedFlaps()));
            boolean same = two && sameTransitions(l.replays().get(0).transitions(), l.replays().get(1).transitions());
            for (int i = 0; i < l.replays().size(); i++) {
                if (same && i == 1) break;
                String label = same ? "both policies" : c.policies().get(i).label();
                lists.add(transitions(label, l.replays().get(i).transitions(), l.replays().get(i).flaps()));
            }
            lists.forEach(sb::append);
            for (int i = 0; i < l.replays().size(); i++) {
                for (String n : l.replays().get(i).notes()) {
                    sb.append("  note (").append(c.policies().get(i).label()).append("): ").append(n).append('\n');
                }
            }
        }
        if (!c.rotation().isEmpty()) {
            sb.append('\n');
            RotationReplay.Result r0 = c.rotation().get(0);
            sb.append("Rotation — ").append(r0.cycles()).append(" snapshot cycles");
            if (r0.from() != null) sb.append(", ").append(when(r0.from())).append(" … ").append(when(r0.to()));
            sb.append("; rotation policies: ")
                    .append(c.rotationPolicies().stream().map(n -> n.label() + " = " + n.source()).collect(Collectors.joining(" · ")))
                    .append('\n');
            boolean rtwo = c.rotation().size() > 1;
            List<String> header = new ArrayList<>(List.of("repo", "rotated (recorded)"));
            c.rotationPolicies().forEach(n -> header.add(n.label() + ": first recommended"));
            if (rtwo) header.add("");
            TextTable t = new TextTable(header.toArray(String[]::new));
            for (int i = 0; i < r0.repos().size(); i++) {
                List<String> cells = new ArrayList<>();
                cells.add(r0.repos().get(i).repo());
                cells.add(r0.repos().get(i).rotatedAt() == null ? "—" : when(r0.repos().get(i).rotatedAt()));
                List<String> vals = new ArrayList<>();
                for (RotationReplay.Result r : c.rotation()) {
                    RotationReplay.RepoReplay rr = r.repos().get(i);
                    vals.add(rr.firstRecommended() == null ? "never (" + rr.judgedCycles() + " cycles judged)"
                            : when(rr.firstRecommended()) + " (" + rr.atFirst().fired() + " of 4; " + rr.recommendedCycles() + " cycles)");
                }
                cells.addAll(vals);
                if (rtwo) cells.add(differs(vals) ? DIFFERS : "");
                t.row(cells.toArray(String[]::new));
            }
            sb.append(indent(t.render()));
        }
        if (!c.problems().isEmpty()) {
            sb.append('\n').append("Left out (").append(c.problems().size()).append("):\n");
            c.problems().stream().limit(20).forEach(p -> sb.append("  ").append(p).append('\n'));
            if (c.problems().size() > 20) sb.append("  … and ").append(c.problems().size() - 20).append(" more\n");
        }
        return sb.toString();
    }

    private static void row(TextTable t, boolean two, String name, String recorded, List<Replay.LoopReplay> replays,
                            java.util.function.Function<Replay.LoopReplay, String> f) {
        List<String> cells = new ArrayList<>(List.of(name, recorded));
        List<String> vals = replays.stream().map(f).toList();
        cells.addAll(vals);
        if (two) cells.add(differs(vals) ? DIFFERS : "");
        t.row(cells.toArray(String[]::new));
    }

    private static boolean differs(List<String> vals) {
        return vals.stream().distinct().count() > 1;
    }

    private static boolean sameTransitions(List<Transition> a, List<Transition> b) {
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) {
            Transition x = a.get(i);
            Transition y = b.get(i);
            if (!x.at().equals(y.at()) || x.from() != y.from() || x.to() != y.to() || !x.kind().equals(y.kind())) return false;
        }
        return true;
    }

    private static String transitions(String label, List<Transition> ts, List<Replay.Flap> flaps) {
        StringBuilder sb = new StringBuilder("  ").append(label).append(": ");
        if (ts.isEmpty()) return sb.append("no transition\n").toString();
        List<String> parts = new ArrayList<>();
        for (Transition t : ts) {
            String verb = t.promotion() ? "promote" : t.kind().equals(Transition.OVERRIDE) ? "override" : "demote";
            boolean flapped = flaps.stream().anyMatch(f -> f.promotedAt().equals(t.at()) && t.promotion());
            parts.add(when(t.at()) + " " + verb + " " + (t.from() == null ? "?" : t.from().id()) + " → " + (t.to() == null ? "?" : t.to().id())
                    + (t.approvalAssumed() ? " (approval assumed)" : "") + (flapped ? " (flap)" : ""));
        }
        return sb.append(String.join(" · ", parts)).append('\n').toString();
    }

    private static String indent(String s) {
        return s.lines().map(l -> ("  " + l).stripTrailing()).collect(Collectors.joining("\n", "", "\n"));
    }

    static String when(Instant i) {
        return i == null ? "—" : WHEN.format(i);
    }

    /** {@code 3d 4h}, {@code 11h 50m}, {@code 0}. */
    static String duration(Duration d) {
        if (d == null || d.isZero()) return "0";
        long m = d.toMinutes();
        if (m >= 24 * 60) return (m / (24 * 60)) + "d " + (m % (24 * 60)) / 60 + "h";
        if (m >= 60) return (m / 60) + "h " + (m % 60) + "m";
        return m + "m";
    }

    // ---------------------------------------------------------------- JSON

    public static ObjectNode json(Comparison c) {
        ObjectNode o = Json.object();
        Json.putInstant(o, "from", c.from());
        Json.putInstant(o, "to", c.to());
        o.put("approval", c.approval().name().toLowerCase(java.util.Locale.ROOT));
        o.put("flap_within_days", Replay.FLAP_WITHIN.toDays());
        ArrayNode ps = o.putArray("policies");
        c.policies().forEach(n -> ps.addObject().put("label", n.label()).put("source", n.source()));
        ArrayNode loops = o.putArray("loops");
        for (Comparison.LoopResult l : c.loops()) {
            ObjectNode lo = loops.addObject();
            lo.put("loop", l.loop());
            ArrayNode errors = lo.putArray("errors");
            l.errors().forEach(errors::add);
            ObjectNode rec = lo.putObject("recorded");
            rec.set("transitions", transitions(l.recorded()));
            rec.put("flaps", l.recordedFlaps().size());
            rec.set("phase_seconds", durations(Replay.durations(l.recordedSpans())));
            ArrayNode by = lo.putArray("replays");
            for (int i = 0; i < l.replays().size(); i++) {
                Replay.LoopReplay r = l.replays().get(i);
                ObjectNode ro = by.addObject();
                ro.put("policy", c.policies().get(i).label());
                Json.putInstant(ro, "start", r.start());
                Json.putInstant(ro, "end", r.end());
                ro.put("evaluations", r.evaluations().size());
                ObjectNode counts = ro.putObject("recommendations");
                r.counts().forEach(counts::put);
                ro.put("differ_from_recorded", r.differs());
                ro.put("compared_with_recorded", r.compared());
                ro.set("transitions", transitions(r.transitions()));
                ArrayNode flaps = ro.putArray("flaps");
                for (Replay.Flap f : r.flaps()) {
                    ObjectNode fo = flaps.addObject();
                    Json.putInstant(fo, "promoted_at", f.promotedAt());
                    fo.put("to", f.to().id());
                    Json.putInstant(fo, "demoted_at", f.demotedAt());
                    fo.put("back_to", f.back().id());
                    fo.put("why", f.why());
                }
                ro.set("phase_seconds", durations(r.durations()));
                ro.put("final_phase", r.finalPhase().id());
                ro.set("runs", runs(r.evaluations()));
                ArrayNode notes = ro.putArray("notes");
                r.notes().forEach(notes::add);
            }
            if (l.replays().size() > 1) {
                ArrayNode diff = lo.putArray("differences");
                Replay.LoopReplay a = l.replays().get(0);
                Replay.LoopReplay b = l.replays().get(1);
                if (!sameTransitions(a.transitions(), b.transitions())) diff.add("transitions");
                if (a.flaps().size() != b.flaps().size()) diff.add("flaps");
                if (a.finalPhase() != b.finalPhase()) diff.add("final_phase");
                if (!a.durations().equals(b.durations())) diff.add("phase_seconds");
                if (!a.counts().equals(b.counts())) diff.add("recommendations");
            }
        }
        ArrayNode rps = o.putArray("rotation_policies");
        c.rotationPolicies().forEach(n -> rps.addObject().put("label", n.label()).put("source", n.source()));
        ArrayNode rot = o.putArray("rotation");
        for (int i = 0; i < c.rotation().size(); i++) {
            RotationReplay.Result r = c.rotation().get(i);
            ObjectNode ro = rot.addObject();
            ro.put("policy", c.rotationPolicies().get(i).label());
            ro.put("cycles", r.cycles());
            ArrayNode repos = ro.putArray("repos");
            for (RotationReplay.RepoReplay rr : r.repos()) {
                ObjectNode x = repos.addObject();
                x.put("repo", rr.repo());
                Json.putInstant(x, "first_candidate", rr.firstCandidate());
                Json.putInstant(x, "first_recommended", rr.firstRecommended());
                x.put("recommended_cycles", rr.recommendedCycles());
                x.put("judged_cycles", rr.judgedCycles());
                Json.putInstant(x, "rotated_at", rr.rotatedAt());
                if (rr.atFirst() != null) x.set("verdict", RotationJson.verdict(rr.atFirst(), false));
            }
        }
        ArrayNode problems = o.putArray("problems");
        c.problems().forEach(problems::add);
        return o;
    }

    private static ArrayNode transitions(List<Transition> ts) {
        ArrayNode a = Json.object().arrayNode();
        for (Transition t : ts) {
            ObjectNode o = a.addObject();
            Json.putInstant(o, "at", t.at());
            o.put("kind", t.kind());
            o.put("from", t.from() == null ? null : t.from().id());
            o.put("to", t.to() == null ? null : t.to().id());
            o.put("approval_assumed", t.approvalAssumed());
            o.put("why", t.why());
        }
        return a;
    }

    private static ObjectNode durations(Map<Phase, Duration> d) {
        ObjectNode o = Json.object();
        d.forEach((p, v) -> o.put(p.id(), v.getSeconds()));
        return o;
    }

    /** Consecutive evaluations with the same phase and recommendation, as one run each. */
    private static ArrayNode runs(List<Replay.Evaluated> evs) {
        ArrayNode a = Json.object().arrayNode();
        ObjectNode cur = null;
        String key = null;
        for (Replay.Evaluated e : evs) {
            String k = e.rec().phase().id() + " " + e.rec().word() + " " + e.rec().toPhase().map(Phase::id).orElse("");
            if (!Objects.equals(k, key)) {
                cur = a.addObject();
                Json.putInstant(cur, "from", e.at());
                cur.put("phase", e.rec().phase().id());
                cur.put("recommendation", e.rec().word());
                cur.put("to_phase", e.rec().toPhase().map(Phase::id).orElse(null));
                cur.put("evaluations", 0);
                key = k;
            }
            Json.putInstant(cur, "to", e.at());
            cur.put("evaluations", cur.get("evaluations").asInt() + 1);
        }
        return a;
    }
}
