package dev.loopreg.cadence;

import dev.loopreg.health.Phase;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loopreg.health.HealthRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.Size;

/**
 * Random sequences of health records, approvals, rejections, applies and operator overrides driven through
 * the real core ({@link CadenceRules}, {@link PhaseWindow}, {@link Transitions}), checked at every step
 * against a small reference model written independently with exact integer arithmetic.
 */
class StateMachineProperties {

    static final Policy P = Policy.defaults();

    /** One step of the simulation. */
    record Op(Kind kind, int hours, Long created, Long dup, Long rescues) {
        enum Kind { RECORD, APPROVE, REJECT, APPLY, OVERRIDE }
    }

    @Provide
    Arbitrary<Op> ops() {
        Arbitrary<Long> created = Arbitraries.longs().between(0, 12).injectNull(0.02);
        Arbitrary<Long> dupShare = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(75, Arbitraries.just(0L)),
                net.jqwik.api.Tuple.of(15, Arbitraries.just(1L)),
                net.jqwik.api.Tuple.of(10, Arbitraries.longs().between(2, 8))).injectNull(0.03);
        Arbitrary<Integer> gap = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(85, Arbitraries.just(1)),
                net.jqwik.api.Tuple.of(15, Arbitraries.integers().between(2, 30)));
        Arbitrary<Long> rescues = Arbitraries.frequency(
                net.jqwik.api.Tuple.of(970, 0L), net.jqwik.api.Tuple.of(20, 1L), net.jqwik.api.Tuple.of(10, 2L)).injectNull(0.02);
        Arbitrary<Op> record = Combinators.combine(gap, created, dupShare, rescues)
                .as((h, c, d, r) -> new Op(Op.Kind.RECORD, h, c, (c == null || d == null) ? d : Long.valueOf(Math.min(c, d)), r));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(600, record),
                net.jqwik.api.Tuple.of(120, Arbitraries.just(new Op(Op.Kind.APPROVE, 0, null, null, null))),
                net.jqwik.api.Tuple.of(15, Arbitraries.just(new Op(Op.Kind.REJECT, 0, null, null, null))),
                net.jqwik.api.Tuple.of(200, Arbitraries.just(new Op(Op.Kind.APPLY, 0, null, null, null))),
                net.jqwik.api.Tuple.of(3, Arbitraries.just(new Op(Op.Kind.OVERRIDE, 0, null, null, null))));
    }

    @Property(tries = 400)
    void stateMachine_agreesWithReferenceModel_andKeepsItsInvariants(@ForAll @Size(min = 30, max = 250) List<@From("ops") Op> ops) {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        CadenceState state = CadenceState.initial("loop-a", P.cronOf(Phase.BOOTSTRAP), now);
        List<HealthRecord> records = new ArrayList<>();
        int demotions = 0;
        Phase highest = Phase.BOOTSTRAP;
        for (Op op : ops) {
            if (op.kind() == Op.Kind.RECORD) {
                now = now.plus(Duration.ofHours(op.hours()));
                records.add(HealthRecord.builder("loop-a", now, state.phase()).tasksCreated(op.created())
                        .duplicateTasks(op.dup()).manualRescues(op.rescues()).build());
            }
            // records of the same instant as a transition belong to the phase before it: evaluate a second later
            now = now.plusSeconds(1);
            PhaseWindow window = PhaseWindow.of(records, true, state, now);
            final Phase phaseNow = state.phase();
            final Instant at = now;
            assertThat(window.records()).allMatch(r -> r.phase() == phaseNow && !r.cycle().isAfter(at));
            Recommendation rec = CadenceRules.evaluate("loop-a", state, window, Records.met(), P, now);
            String expected = Reference.recommend(state, records, now);
            assertThat(rec.word()).as("after %s: %s", op, rec.summary()).isEqualTo(expected);
            if (rec instanceof Recommendation.Promote) {
                assertThat(state.approval()).isEqualTo(Approval.APPROVED);
                assertThat(rec.firedTriggers()).isEmpty();
                assertThat(rec.rules()).filteredOn(r -> r.kind() == RuleResult.Kind.PROMOTION).allMatch(r -> Boolean.TRUE.equals(r.holds()));
            }
            for (RuleResult r : rec.rules()) {
                if (r.holds() == null) {
                    assertThat(r.fired()).isFalse(); // no data never fires
                }
            }
            switch (op.kind()) {
                case APPROVE -> state = state.phase() == Phase.OPERATE ? state : state.withApproval(Approval.APPROVED, "p", now, null);
                case REJECT -> state = state.phase() == Phase.OPERATE ? state : state.withApproval(Approval.REJECTED, "p", now, null);
                case APPLY -> {
                    if (!(rec instanceof Recommendation.Hold)) {
                        CadenceState after = Transitions.apply(state, rec, P, now);
                        assertThat(after.approval()).isEqualTo(Approval.PENDING);
                        assertThat(after.cron()).isEqualTo(P.cronOf(after.phase()));
                        if (rec instanceof Recommendation.Promote) {
                            assertThat(after.phase().ordinal()).isEqualTo(state.phase().ordinal() + 1);
                        } else {
                            assertThat(after.phase()).isEqualTo(Phase.BOOTSTRAP);
                            demotions++;
                        }
                        state = after;
                    }
                }
                case OVERRIDE -> {
                    state = Transitions.apply(state, CadenceRules.override(rec, "ops", "why", P), P, now);
                    assertThat(state.phase()).isEqualTo(Phase.BOOTSTRAP);
                    demotions++;
                }
                default -> { }
            }
            assertThat(state.demotionCount()).isEqualTo(demotions);
            highest = state.phase().compareTo(highest) > 0 ? state.phase() : highest;
        }
        Statistics.label("highest phase reached").collect(highest);
        Statistics.label("demoted").collect(demotions > 0);
        final Phase reached = highest;
        final int demoted = demotions;
        // the sequences must really exercise promotions and demotions, not only holds
        Statistics.label("highest phase reached").coverage(c -> {
            c.check(Phase.STABILIZE).percentage(p -> p > 5);
            c.check(Phase.OPERATE).percentage(p -> p > 0.5);
        });
        Statistics.label("demoted").coverage(c -> c.check(true).percentage(p -> p > 5));
        assertThat(reached).isNotNull();
        assertThat(demoted).isGreaterThanOrEqualTo(0);
    }

    /** The rules again, written the plain way, with exact fractions. */
    static final class Reference {

        static String recommend(CadenceState s, List<HealthRecord> all, Instant now) {
            List<HealthRecord> w = new ArrayList<>();
            for (int i = all.size() - 1; i >= 0; i--) {
                HealthRecord r = all.get(i);
                if (r.cycle().isAfter(now)) continue;
                if (r.phase() != s.phase() || (s.phaseSince() != null && !r.cycle().isAfter(s.phaseSince()))) break;
                w.add(0, r);
            }
            Boolean fprDemotion = rateCompare(w, 3, 2, 5, false);  // > 2/5
            Boolean rescues24 = rescues24h(w, now);
            boolean fired = Boolean.TRUE.equals(fprDemotion) || Boolean.TRUE.equals(rescues24);
            if (fired) {
                return s.phase() == Phase.BOOTSTRAP ? "hold" : "demote";
            }
            if (s.phase() == Phase.OPERATE) return "hold";
            Boolean fpr = rateCompare(w, 7, 1, 5, true);           // < 1/5
            Boolean resc = rescuesWindow(w);
            boolean approved = s.approval() == Approval.APPROVED;
            return Boolean.TRUE.equals(fpr) && Boolean.TRUE.equals(resc) && approved ? "promote" : "hold";
        }

        /** below: Σdup/Σcreated &lt; num/den; otherwise &gt; num/den. Null for no data. */
        static Boolean rateCompare(List<HealthRecord> w, int n, long num, long den, boolean below) {
            if (w.size() < n) return null;
            long dup = 0;
            long created = 0;
            for (HealthRecord r : w.subList(w.size() - n, w.size())) {
                if (r.tasksCreated() == null || r.duplicateTasks() == null) return null;
                dup += r.duplicateTasks();
                created += r.tasksCreated();
            }
            if (created == 0) return null;
            return below ? dup * den < num * created : dup * den > num * created;
        }

        static Boolean rescuesWindow(List<HealthRecord> w) {
            if (w.size() < 3) return null;
            long sum = 0;
            for (HealthRecord r : w.subList(w.size() - 3, w.size())) {
                if (r.manualRescues() == null) return null;
                sum += r.manualRescues();
            }
            return sum == 0;
        }

        static Boolean rescues24h(List<HealthRecord> w, Instant now) {
            long known = 0;
            boolean unknown = false;
            int n = 0;
            for (HealthRecord r : w) {
                if (!r.cycle().isAfter(now.minus(Duration.ofHours(24)))) continue;
                n++;
                if (r.manualRescues() == null) unknown = true;
                else known += r.manualRescues();
            }
            if (known >= 2) return true;
            if (n == 0 || unknown) return null;
            return false;
        }
    }
}
