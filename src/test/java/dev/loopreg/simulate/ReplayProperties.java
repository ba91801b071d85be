package dev.loopreg.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopreg.cadence.ExitCriteria;
import dev.loopreg.health.Phase;
import dev.loopreg.cadence.Policy;
import dev.loopreg.health.HealthRecord;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ReplayProperties {

    static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");

    /** One hourly cycle's counts: tasks created, duplicates among them, rescues. */
    record Cycle(int created, int duplicates, int rescues) {
    }

    @Provide
    Arbitrary<List<Cycle>> histories() {
        Arbitrary<Cycle> cycle = Combinators.combine(Arbitraries.integers().between(1, 12), Arbitraries.doubles().between(0, 0.6),
                Arbitraries.integers().between(0, 30)).as((n, fpr, r) -> new Cycle(n, (int) Math.floor(n * fpr), r >= 28 ? r - 27 : 0));
        return cycle.list().ofMinSize(1).ofMaxSize(150);
    }

    static LoopHistory history(List<Cycle> cycles) {
        List<HealthRecord> records = new ArrayList<>();
        for (int i = 0; i < cycles.size(); i++) {
            Cycle c = cycles.get(i);
            Instant cycle = T0.plus(Duration.ofHours(i + 1));
            records.add(new HealthRecord("x", cycle, cycle.plus(Duration.ofMinutes(50)), cycle.minus(Duration.ofHours(1)), Phase.BOOTSTRAP,
                    (long) c.created(), 0L, null, (long) c.rescues(), (long) c.duplicates(), null,
                    BigDecimal.valueOf(c.duplicates()).divide(BigDecimal.valueOf(c.created()), java.math.MathContext.DECIMAL64),
                    null, null, null, null, null, List.of()));
        }
        ExitCriteria done = new ExitCriteria(true, "all exit tasks done", List.of(), "w.md");
        return new LoopHistory("x", "x", records, List.of(), List.of(), List.of(), done);
    }

    @Property(tries = 200)
    void replay_phasesTileTheRangeAndTransitionsChain(@ForAll("histories") List<Cycle> cycles) {
        Replay.LoopReplay r = Replay.run(history(cycles), Policy.defaults(), new Replay.Options(null, null, Replay.ApprovalMode.ASSUMED));
        assertThat(r.evaluations()).hasSize(cycles.size());
        // spans tile [start, end] with no gap or overlap, and their durations add up
        assertThat(r.spans().get(0).from()).isEqualTo(r.start());
        assertThat(r.spans().get(r.spans().size() - 1).to()).isEqualTo(r.end());
        for (int i = 1; i < r.spans().size(); i++) {
            assertThat(r.spans().get(i).from()).isEqualTo(r.spans().get(i - 1).to());
        }
        assertThat(r.durations().values().stream().reduce(Duration.ZERO, Duration::plus)).isEqualTo(Duration.between(r.start(), r.end()));
        // each transition starts where the previous one ended, promotions go one phase up, demotions to bootstrap
        Phase at = Phase.BOOTSTRAP;
        for (Transition t : r.transitions()) {
            assertThat(t.from()).isEqualTo(at);
            if (t.promotion()) assertThat(t.to()).isEqualTo(t.from().next().orElseThrow()); else assertThat(t.to()).isEqualTo(Phase.BOOTSTRAP);
            at = t.to();
        }
        assertThat(r.finalPhase()).isEqualTo(at);
        // a flap pairs a promotion with the demotion right after it, within a week
        for (Replay.Flap f : r.flaps()) {
            assertThat(Duration.between(f.promotedAt(), f.demotedAt())).isPositive().isLessThanOrEqualTo(Replay.FLAP_WITHIN);
        }
        assertThat(r.flaps().size()).isLessThanOrEqualTo((int) r.transitions().stream().filter(t -> !t.promotion()).count());
    }

    @Property(tries = 200)
    void replay_withoutAnyRecordedEvaluation_neverComparesWithTheRecord(@ForAll("histories") List<Cycle> cycles) {
        Replay.LoopReplay r = Replay.run(history(cycles), Policy.defaults(), new Replay.Options(null, null, Replay.ApprovalMode.RECORDED));
        assertThat(r.compared()).isZero();
        assertThat(r.differs()).isZero();
        assertThat(r.transitions()).filteredOn(Transition::promotion).allMatch(Transition::approvalAssumed);
    }

    @Property(tries = 100)
    void replay_promotesOnlyAfterSevenCleanCyclesInThePhase(@ForAll("histories") List<Cycle> cycles) {
        Replay.LoopReplay r = Replay.run(history(cycles), Policy.defaults(), new Replay.Options(null, null, Replay.ApprovalMode.ASSUMED));
        for (Transition t : r.transitions()) {
            if (!t.promotion() || t.from() != Phase.BOOTSTRAP) continue;
            // the 7 hourly cycles before the promotion pooled below 0.2, with no rescue in the last 3
            int hour = (int) Duration.between(T0, t.at()).toHours();   // evaluations at hh:50: cycle index = hour - 1
            long created = 0;
            long dups = 0;
            for (int i = hour - 7; i < hour; i++) {
                created += cycles.get(i).created();
                dups += cycles.get(i).duplicates();
            }
            assertThat(BigDecimal.valueOf(dups).divide(BigDecimal.valueOf(created), java.math.MathContext.DECIMAL64))
                    .isLessThan(new BigDecimal("0.2"));
            for (int i = hour - 3; i < hour; i++) assertThat(cycles.get(i).rescues()).isZero();
        }
    }
}
