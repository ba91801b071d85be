package dev.loopreg.simulate;

import dev.loopreg.cadence.Approval;
import dev.loopreg.cadence.CadenceRules;
import dev.loopreg.cadence.CadenceState;
import dev.loopreg.cadence.Crons;
import dev.loopreg.cadence.ExitCriteria;
import dev.loopreg.health.Phase;
import dev.loopreg.cadence.PhaseWindow;
import dev.loopreg.cadence.Policy;
import dev.loopreg.cadence.Recommendation;
import dev.loopreg.cadence.RuleResult;
import dev.loopreg.cadence.Transitions;
import dev.loopreg.health.HealthRecord;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Replays one loop's history through a policy. At each evaluation instant (the recorded evaluations, else the
 * records' collection times) the loop's virtual state is evaluated by the real {@link CadenceRules} over the
 * records known then; a promote or demote is carried out at once, as a prompt operator would. Records are read in
 * the virtual phase: when the policy's cron for that phase is coarser than the records (hourly records, daily
 * phase), the records of each virtual slot are pooled into one (counts summed), so a window counts the cycles the
 * loop would have had. With the policy that was in force and prompt operators, the replay gives back the recorded
 * recommendations.
 */
public final class Replay {

    /** A promotion followed by a demotion within this span is a flap. */
    public static final Duration FLAP_WITHIN = Duration.ofDays(7);

    /** Where the replay takes the regulator's approval from. */
    public enum ApprovalMode {
        /**
         * The approval recorded at the evaluation, while the replay is in the phase the loop was recorded in;
         * once the replay has left the recorded phases, approval is assumed as soon as every other rule holds.
         */
        RECORDED,
        /** Approval is assumed as soon as every other promotion rule holds: the rules alone. */
        ASSUMED
    }

    /**
     * @param from the replay starts from the state recorded at this instant (null: the first record)
     * @param to   records and evaluations after it are left out (null: all)
     */
    public record Options(Instant from, Instant to, ApprovalMode approval) {
    }

    /** One replayed evaluation, with the recorded one at the same instant (null when there is none). */
    public record Evaluated(Instant at, Recommendation rec, LoopHistory.Recorded recorded, boolean approvalAssumed) {

        /** The replay recommends something other than was recorded (word or target phase). */
        public boolean differs() {
            if (recorded == null || recorded.recommendation() == null) return false;
            return !rec.word().equals(recorded.recommendation()) || !Objects.equals(rec.toPhase().orElse(null), recorded.toPhase());
        }
    }

    /** A promotion undone by a demotion within {@link #FLAP_WITHIN}. */
    public record Flap(Instant promotedAt, Phase to, Instant demotedAt, Phase back, String why) {
    }

    /** The loop was in {@code phase} over {@code [from, to)}. */
    public record Span(Phase phase, Instant from, Instant to) {
        public Duration duration() {
            return Duration.between(from, to);
        }
    }

    /** The replay of one loop under one policy. */
    public record LoopReplay(String loop, Instant start, Instant end, List<Evaluated> evaluations, List<Transition> transitions,
                             List<Flap> flaps, List<Span> spans, List<String> notes) {

        public Phase finalPhase() {
            return spans.get(spans.size() - 1).phase();
        }

        public long differs() {
            return evaluations.stream().filter(Evaluated::differs).count();
        }

        public long compared() {
            return evaluations.stream().filter(e -> e.recorded() != null && e.recorded().recommendation() != null).count();
        }

        /** How many evaluations said promote, hold and demote. */
        public Map<String, Long> counts() {
            Map<String, Long> m = new LinkedHashMap<>();
            for (String w : List.of("promote", "hold", "demote")) m.put(w, 0L);
            evaluations.forEach(e -> m.merge(e.rec().word(), 1L, Long::sum));
            return m;
        }

        public Map<Phase, Duration> durations() {
            return Replay.durations(spans);
        }
    }

    private Replay() {
    }

    public static LoopReplay run(LoopHistory h, Policy policy, Options o) {
        ZoneId zone = policy.timeZone();
        List<HealthRecord> records = h.records().stream().filter(r -> o.to() == null || !known(r).isAfter(o.to())).toList();
        List<String> notes = new ArrayList<>();
        Instant[] cycles = records.stream().map(HealthRecord::cycle).toArray(Instant[]::new);

        // where the replay starts: the phase recorded at 'from' (or the first record's), entered when its run of records began
        int ref = records.isEmpty() ? -1 : 0;
        if (o.from() != null) {
            for (int i = 0; i < records.size() && !known(records.get(i)).isAfter(o.from()); i++) ref = i;
        }
        Phase phase = ref < 0 ? Phase.BOOTSTRAP : records.get(ref).phase();
        int runStart = ref;
        while (runStart > 0 && records.get(runStart - 1).phase() == phase) runStart--;
        Instant phaseSince = runStart < 0 ? (o.from() == null ? Instant.EPOCH : o.from()) : startOf(records.get(runStart));
        Instant start = o.from() != null && o.from().isAfter(phaseSince) ? o.from() : phaseSince;
        CadenceState state = new CadenceState(h.name() == null ? h.loop() : h.name(), phase, policy.cronOf(phase), null, phaseSince, 0,
                Approval.PENDING, null, null, null);

        // the instants to evaluate at
        List<Instant> instants = new ArrayList<>();
        Map<Instant, LoopHistory.Recorded> recordedAt = new LinkedHashMap<>();
        for (LoopHistory.Recorded r : h.evaluations()) {
            if (r.at().isAfter(start) && (o.to() == null || !r.at().isAfter(o.to()))) {
                if (recordedAt.putIfAbsent(r.at(), r) == null) instants.add(r.at());
            }
        }
        if (instants.isEmpty()) {
            if (!h.evaluations().isEmpty()) notes.add("no recorded evaluation in the range: evaluated at each record's collection time");
            else notes.add("no recorded evaluation: evaluated at each record's collection time");
            for (HealthRecord r : records) {
                Instant at = known(r);
                if (at.isAfter(start) && !instants.contains(at)) instants.add(at);
            }
        }
        Collections.sort(instants);

        List<Evaluated> evaluated = new ArrayList<>();
        List<Transition> transitions = new ArrayList<>();
        // the policy's rules and the loop's own (its loop.yml's entries and disable:), as the live evaluation has them
        dev.loopreg.cadence.rules.LoopRules own = dev.loopreg.cadence.rules.LoopRules.of(policy.rules(), h.rules(), h.disable());
        int nextOverride = 0;
        List<LoopHistory.Override> overrides = h.overrides().stream().filter(x -> x.at().isAfter(start)).toList();
        boolean coarse = false;
        for (Instant t : instants) {
            while (nextOverride < overrides.size() && !overrides.get(nextOverride).at().isAfter(t)) {
                LoopHistory.Override ov = overrides.get(nextOverride++);
                Phase to = CadenceRules.demotionTarget(state.phase(), policy);
                if (to.compareTo(state.phase()) < 0) {
                    transitions.add(new Transition(ov.at(), state.phase(), to, Transition.OVERRIDE, false, ov.reason()));
                    state = new CadenceState(state.name(), to, policy.cronOf(to), state.promotedAt(), ov.at(), state.demotionCount() + 1,
                            Approval.PENDING, null, null, null);
                }
            }
            LoopHistory.Recorded rec = recordedAt.get(t);
            Window w = window(records, cycles, state, t, policy, zone, h.rescues());
            coarse |= w.coarse;
            ExitCriteria exit = exitAt(h, t, rec);
            boolean comparable = o.approval() == ApprovalMode.RECORDED && rec != null && rec.phase() == state.phase()
                    && rec.approval() != null;
            CadenceState s = state.withApproval(comparable ? rec.approval() : Approval.PENDING, null, null, null);
            Recommendation r = CadenceRules.evaluate(h.loop(), s, w.window, exit, policy, t, null, own);
            boolean assumed = false;
            if (!comparable && onlyApprovalMissing(r)) {
                s = state.withApproval(Approval.APPROVED, "(assumed)", null, null);
                r = CadenceRules.evaluate(h.loop(), s, w.window, exit, policy, t, null, own);
                assumed = true;
            }
            evaluated.add(new Evaluated(t, r, rec, assumed));
            if (r instanceof Recommendation.Promote || r instanceof Recommendation.Demote) {
                CadenceState after = Transitions.apply(s, r, policy, t);
                transitions.add(new Transition(t, s.phase(), after.phase(),
                        r instanceof Recommendation.Promote ? Transition.PROMOTION : Transition.DEMOTION, assumed, r.summary()));
                state = after;
            }
        }
        if (coarse) {
            notes.add("records are coarser than the cron of a replayed phase: that phase counted the recorded cycles");
        }
        Instant end = o.to() != null ? o.to() : instants.isEmpty() ? start : instants.get(instants.size() - 1);
        if (end.isBefore(start)) end = start;
        return new LoopReplay(h.loop(), start, end, evaluated, transitions, flaps(transitions), spans(phase, start, transitions, end), notes);
    }

    /** When a record was known: its collection time, else its cycle. */
    static Instant known(HealthRecord r) {
        return r.at() != null ? r.at() : r.cycle();
    }

    private static Instant startOf(HealthRecord r) {
        return r.since() != null ? r.since() : r.cycle().minusSeconds(1);
    }

    private static boolean onlyApprovalMissing(Recommendation r) {
        return r instanceof Recommendation.Hold h && h.rules().stream().noneMatch(RuleResult::fired)
                && h.blocking().size() == 1 && h.blocking().get(0).id().equals(CadenceRules.REGULATOR_APPROVAL);
    }

    /** The exit criteria at t: as recorded then (or at the last evaluation that needed them), else as the workplan says now. */
    private static ExitCriteria exitAt(LoopHistory h, Instant t, LoopHistory.Recorded atT) {
        LoopHistory.Recorded use = atT != null && atT.exitRequired() ? atT : null;
        if (use == null) {
            for (LoopHistory.Recorded r : h.evaluations()) {
                if (r.at().isAfter(t)) break;
                if (r.exitRequired()) use = r;
            }
        }
        if (use == null) return h.exit();
        List<String> notDone = List.of();
        if (use.exitValue() != null && use.exitValue().startsWith("not done: ")) {
            notDone = Arrays.stream(use.exitValue().substring("not done: ".length()).split(",\\s*")).toList();
        }
        return new ExitCriteria(use.exitHolds(), use.exitDetail(), notDone, h.exit() == null ? null : h.exit().workplan());
    }

    // ---------------------------------------------------------------- the window in the virtual phase

    private record Window(PhaseWindow window, boolean coarse) {
    }

    /**
     * The records of the virtual phase known at t, pooled per slot of the phase's cron; only the tail the rules can
     * look at (the longest window, and every record of the rescue span).
     */
    private static Window window(List<HealthRecord> records, Instant[] cycles, CadenceState state, Instant t, Policy p, ZoneId zone,
                                 List<Instant> rescues) {
        int lo = upperBound(cycles, state.phaseSince());     // first cycle > phase_since
        int hi = upperBound(cycles, t);                      // first cycle > t
        int need = Math.max(Math.max(p.fprWindowCycles(), p.rescuesWindowCycles()), p.fprDemotionCycles());
        Instant spanStart = t.minus(p.rescuesSpan());
        String cron = state.cron();
        List<HealthRecord> out = new ArrayList<>();
        List<HealthRecord> group = new ArrayList<>();
        Instant groupSlot = null;
        boolean coarse = false;
        for (int i = hi - 1; i >= lo; i--) {
            HealthRecord r = records.get(i);
            if (known(r).isAfter(t)) continue;
            Instant slot = slotOf(cron, zone, r.cycle());
            if (groupSlot != null && !slot.equals(groupSlot)) {
                if (!groupSlot.isAfter(t)) out.add(pool(group, groupSlot, state));
                group.clear();
                if (out.size() >= need && !groupSlot.isAfter(spanStart)) {
                    groupSlot = null;
                    break;
                }
            }
            groupSlot = slot;
            group.add(r);
        }
        if (groupSlot != null && !group.isEmpty() && !groupSlot.isAfter(t)) out.add(pool(group, groupSlot, state));
        Collections.reverse(out);
        // a gap between consecutive cycles longer than the cron's: the records are coarser than the virtual phase's cron
        for (int i = 1; i < out.size() && !coarse; i++) {
            Instant expected = Crons.next(cron, zone, out.get(i - 1).cycle()).orElse(null);
            coarse = expected != null && out.get(i).cycle().isAfter(expected);
        }
        Instant lastCycle = null;
        for (int i = hi - 1; i >= 0 && lastCycle == null; i--) {
            if (!known(records.get(i)).isAfter(t)) lastCycle = records.get(i).cycle();
        }
        // rescues logged before the (replayed) phase began belong to the phase before
        if (state.phaseSince() != null && (lastCycle == null || state.phaseSince().isAfter(lastCycle)) && !state.phaseSince().isAfter(t)) {
            lastCycle = state.phaseSince();
        }
        return new Window(new PhaseWindow(out, true).withLoggedRescues(rescues, lastCycle, t), coarse);
    }

    private static int upperBound(Instant[] a, Instant key) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid].isAfter(key)) hi = mid; else lo = mid + 1;
        }
        return lo;
    }

    /** The slot of the cron that a record with this cycle falls in: the first slot at or after it. */
    static Instant slotOf(String cron, ZoneId zone, Instant cycle) {
        Instant latest = Crons.latestAtOrBefore(cron, zone, cycle).orElse(null);
        if (cycle.equals(latest)) return cycle;
        return Crons.next(cron, zone, cycle).orElse(cycle);
    }

    /** One record for a slot: the record itself when it is alone, else the group's counts summed (records newest first). */
    private static HealthRecord pool(List<HealthRecord> newestFirst, Instant slot, CadenceState state) {
        if (newestFirst.size() == 1) {
            HealthRecord r = newestFirst.get(0);
            return r.phase() == state.phase() ? r : withPhase(r, state.phase(), r.cycle());
        }
        HealthRecord first = newestFirst.get(newestFirst.size() - 1);
        Long created = sum(newestFirst, HealthRecord::tasksCreated);
        Long completed = sum(newestFirst, HealthRecord::tasksCompleted);
        Long rescues = sum(newestFirst, HealthRecord::manualRescues);
        Long dups = sum(newestFirst, HealthRecord::duplicateTasks);
        BigDecimal pooledDup = BigDecimal.ZERO;
        boolean dupKnown = true;
        for (HealthRecord r : newestFirst) {
            if (r.duplicateTasks() != null) pooledDup = pooledDup.add(BigDecimal.valueOf(r.duplicateTasks()));
            else if (r.falsePositiveRate() != null && r.tasksCreated() != null)
                pooledDup = pooledDup.add(r.falsePositiveRate().multiply(BigDecimal.valueOf(r.tasksCreated())));
            else dupKnown = false;
        }
        BigDecimal fpr = dupKnown && created != null && created > 0
                ? pooledDup.divide(BigDecimal.valueOf(created), MathContext.DECIMAL64) : null;
        List<String> errors = new ArrayList<>();
        newestFirst.forEach(r -> errors.addAll(r.errors()));
        Instant at = newestFirst.stream().map(Replay::known).max(Instant::compareTo).orElse(slot);
        return new HealthRecord(first.loop(), slot, at, first.since(), state.phase(), created, completed, null, rescues, dups, null, fpr,
                null, null, null, null, null, errors);
    }

    private static HealthRecord withPhase(HealthRecord r, Phase phase, Instant cycle) {
        return new HealthRecord(r.loop(), cycle, r.at(), r.since(), phase, r.tasksCreated(), r.tasksCompleted(), r.slaCompletionRate(),
                r.manualRescues(), r.duplicateTasks(), r.likelyDuplicateTasks(), r.falsePositiveRate(), r.agentSuccessRate(),
                r.meanSessionTimeSec(), r.costSignal(), r.marginalGain(), r.saturationScore(), r.errors());
    }

    private static Long sum(List<HealthRecord> rs, java.util.function.Function<HealthRecord, Long> f) {
        long s = 0;
        for (HealthRecord r : rs) {
            Long v = f.apply(r);
            if (v == null) return null;
            s += v;
        }
        return s;
    }

    // ---------------------------------------------------------------- what the transitions add up to

    /** Every promotion undone by a demotion (or an override) within {@link #FLAP_WITHIN}. */
    public static List<Flap> flaps(List<Transition> transitions) {
        List<Flap> out = new ArrayList<>();
        Transition lastPromotion = null;
        for (Transition t : transitions) {
            if (t.promotion()) {
                lastPromotion = t;
            } else if (lastPromotion != null) {
                if (!t.at().isAfter(lastPromotion.at().plus(FLAP_WITHIN))) {
                    out.add(new Flap(lastPromotion.at(), lastPromotion.to(), t.at(), t.to(), t.why()));
                }
                lastPromotion = null;
            }
        }
        return out;
    }

    /** The phases over {@code [start, end)}, starting in {@code initial}. */
    public static List<Span> spans(Phase initial, Instant start, List<Transition> transitions, Instant end) {
        List<Span> out = new ArrayList<>();
        Phase p = initial;
        Instant from = start;
        for (Transition t : transitions) {
            if (t.at().isBefore(start) || t.at().isAfter(end)) continue;
            out.add(new Span(p, from, t.at()));
            p = t.to();
            from = t.at();
        }
        out.add(new Span(p, from, end));
        return out;
    }

    public static Map<Phase, Duration> durations(List<Span> spans) {
        Map<Phase, Duration> m = new EnumMap<>(Phase.class);
        for (Phase p : Phase.values()) m.put(p, Duration.ZERO);
        spans.forEach(s -> m.merge(s.phase(), s.duration(), Duration::plus));
        return m;
    }
}
