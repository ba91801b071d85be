package dev.loopreg.cadence.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopreg.cadence.RuleResult;
import dev.loopreg.health.HealthRecord;
import dev.loopreg.health.Phase;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The window engine: examples at the boundaries, each missing-data policy, for:, and properties against a reference model. */
class WindowRuleTest {

    static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");

    static HealthRecord rec(int hour, Double success, Long cost, Double session, Long created, Long dups) {
        Instant t = T0.plus(Duration.ofHours(hour));
        return new HealthRecord("x", t, t.plusSeconds(600), t.minusSeconds(3600), Phase.STABILIZE, created, null, null, 0L, dups, null, null,
                success == null ? null : BigDecimal.valueOf(success), session == null ? null : BigDecimal.valueOf(session),
                cost == null ? null : BigDecimal.valueOf(cost), null, null, List.of());
    }

    static RuleSpec spec(RuleResult.Kind kind, String metric, RuleSpec.Aggregate agg, RuleSpec.Window w, RuleSpec.Comparison c, String threshold,
                         RuleSpec.Missing missing, Duration holdFor) {
        return new RuleSpec("r", kind, EnumSet.of(Phase.STABILIZE), metric, agg, w, c, new BigDecimal(threshold), missing, holdFor, "policy.yml:1");
    }

    static final RuleSpec.Window SEVEN = new RuleSpec.Window(7, null);

    @Test
    void aSuccessRateGate_holdsAtItsBoundary() {
        RuleSpec gate = spec(RuleResult.Kind.PROMOTION, "agent_success_rate", new RuleSpec.Aggregate.Simple("mean"), SEVEN,
                RuleSpec.Comparison.AT_LEAST, "0.8", RuleSpec.Missing.HOLD, null);
        List<HealthRecord> at = new ArrayList<>();
        for (int i = 0; i < 7; i++) at.add(rec(i, i % 2 == 0 ? 0.9 : 0.7, null, null, null, null));   // mean of 4×0.9 + 3×0.7 = 0.8142…
        at.set(0, rec(0, 0.83, null, null, null, null));   // 0.83 + 3×0.9 + 3×0.7 = 5.63 → mean 0.8042…
        RuleResult r = WindowRule.evaluate(gate, at, T0.plus(Duration.ofHours(6)));
        assertThat(r.holds()).isTrue();
        List<HealthRecord> exactly = new ArrayList<>();
        for (int i = 0; i < 7; i++) exactly.add(rec(i, 0.8, null, null, null, null));
        RuleResult boundary = WindowRule.evaluate(gate, exactly, T0.plus(Duration.ofHours(6)));
        assertThat(boundary.holds()).as("at_least: 0.8 holds at 0.8").isTrue();
        assertThat(boundary.detail()).isEqualTo("mean agent_success_rate over the last 7 cycles is 0.8, ≥ 0.8");
        exactly.set(6, rec(6, 0.7999, null, null, null, null));
        RuleResult below = WindowRule.evaluate(gate, exactly, T0.plus(Duration.ofHours(6)));
        assertThat(below.holds()).isFalse();
        assertThat(below.detail()).startsWith("mean agent_success_rate over the last 7 cycles is 0.79998").endsWith(", not ≥ 0.8");
        // six cycles are not a window of seven: no data, so the promotion waits
        RuleResult six = WindowRule.evaluate(gate, exactly.subList(1, 7), T0.plus(Duration.ofHours(6)));
        assertThat(six.holds()).isNull();
        assertThat(six.detail()).as("the default, hold, is not named").isEqualTo("only 6 of 7 cycles recorded in the current phase");
    }

    @Test
    void aCostCeiling_andASessionTimeSlope() {
        RuleSpec ceiling = spec(RuleResult.Kind.DEMOTION, "cost_signal", new RuleSpec.Aggregate.Simple("max"), new RuleSpec.Window(null, Duration.ofHours(24)),
                RuleSpec.Comparison.ABOVE, "5000", RuleSpec.Missing.HOLD, null);
        List<HealthRecord> rs = List.of(rec(0, null, 9000L, null, null, null), rec(20, null, 4000L, null, null, null), rec(30, null, 5000L, null, null, null));
        // at hour 30 the 24 h window holds hours 20 and 30 (hour 0 is out): max 5000 is not above 5000
        RuleResult quiet = WindowRule.evaluate(ceiling, rs, T0.plus(Duration.ofHours(30)));
        assertThat(quiet.holds()).isFalse();
        assertThat(quiet.cycles()).hasSize(2);
        assertThat(WindowRule.evaluate(ceiling, rs, T0.plus(Duration.ofHours(20))).holds()).as("hour 0's 9000 is in the window").isTrue();
        RuleSpec slope = spec(RuleResult.Kind.DEMOTION, "mean_session_time_sec", new RuleSpec.Aggregate.Simple("slope"), new RuleSpec.Window(4, null),
                RuleSpec.Comparison.ABOVE, "10", RuleSpec.Missing.HOLD, null);
        List<HealthRecord> rising = new ArrayList<>();
        for (int i = 0; i < 4; i++) rising.add(rec(i, null, null, 100.0 + 12 * i, null, null));
        RuleResult r = WindowRule.evaluate(slope, rising, T0.plus(Duration.ofHours(3)));
        assertThat((BigDecimal) r.value()).isEqualByComparingTo("12");
        assertThat(r.holds()).isTrue();
        assertThat(r.detail()).isEqualTo("slope mean_session_time_sec over the last 4 cycles is 12, > 10");
    }

    @Test
    void for_keepsAOneCycleSpikeFromDemoting() {
        RuleSpec spike = spec(RuleResult.Kind.DEMOTION, "cost_signal", new RuleSpec.Aggregate.Simple("max"), new RuleSpec.Window(1, null),
                RuleSpec.Comparison.ABOVE, "5000", RuleSpec.Missing.HOLD, Duration.ofHours(2));
        List<HealthRecord> rs = new ArrayList<>();
        for (int i = 0; i < 5; i++) rs.add(rec(i, null, 1000L, null, null, null));
        rs.add(rec(5, null, 9000L, null, null, null));
        RuleResult one = WindowRule.evaluate(spike, rs, T0.plus(Duration.ofHours(5)));
        assertThat(one.holds()).as("one hour above the ceiling").isFalse();
        assertThat(one.detail()).isEqualTo("max cost_signal over the last 1 cycles is 9000, > 5000 since 2026-06-01T05:00:00Z, not yet for 2h");
        rs.add(rec(6, null, 9000L, null, null, null));
        assertThat(WindowRule.evaluate(spike, rs, T0.plus(Duration.ofHours(6))).holds()).as("one hour").isFalse();
        rs.add(rec(7, null, 9000L, null, null, null));
        RuleResult held = WindowRule.evaluate(spike, rs, T0.plus(Duration.ofHours(7)));
        assertThat(held.holds()).as("two hours: fires").isTrue();
        assertThat(held.detail()).endsWith("since 2026-06-01T05:00:00Z (at least 2h)");
        // without for: the spike fires at once
        RuleSpec now = spec(RuleResult.Kind.DEMOTION, "cost_signal", new RuleSpec.Aggregate.Simple("max"), new RuleSpec.Window(1, null),
                RuleSpec.Comparison.ABOVE, "5000", RuleSpec.Missing.HOLD, null);
        assertThat(WindowRule.evaluate(now, rs.subList(0, 6), T0.plus(Duration.ofHours(5))).holds()).isTrue();
    }

    @Test
    void eachMissingDataPolicy_isExplicit() {
        List<HealthRecord> unmeasured = List.of(rec(0, null, null, null, null, null));
        RuleSpec.Window one = new RuleSpec.Window(1, null);
        for (RuleResult.Kind kind : RuleResult.Kind.values()) {
            RuleResult hold = WindowRule.evaluate(spec(kind, "agent_success_rate", new RuleSpec.Aggregate.Simple("mean"), one, RuleSpec.Comparison.AT_LEAST, "0.8",
                    RuleSpec.Missing.HOLD, null), unmeasured, T0);
            RuleResult fail = WindowRule.evaluate(spec(kind, "agent_success_rate", new RuleSpec.Aggregate.Simple("mean"), one, RuleSpec.Comparison.AT_LEAST, "0.8",
                    RuleSpec.Missing.FAIL, null), unmeasured, T0);
            RuleResult ignore = WindowRule.evaluate(spec(kind, "agent_success_rate", new RuleSpec.Aggregate.Simple("mean"), one, RuleSpec.Comparison.AT_LEAST, "0.8",
                    RuleSpec.Missing.IGNORE, null), unmeasured, T0);
            boolean promotion = kind == RuleResult.Kind.PROMOTION;
            assertThat(hold.holds()).isNull();
            assertThat(fail.holds()).as(kind + " fail").isEqualTo(!promotion);   // a promotion fails, a trigger fires
            assertThat(ignore.holds()).as(kind + " ignore").isEqualTo(promotion);   // a promotion passes, a trigger stays quiet
            assertThat(fail.detail()).isEqualTo("agent_success_rate not measured in cycle 2026-06-01T00:00:00Z (missing: fail)");
            assertThat(ignore.detail()).endsWith("(missing: ignore)");
        }
    }

    @Provide
    Arbitrary<List<Long>> values() {
        return Arbitraries.longs().between(0, 50).injectNull(0.1).list().ofMinSize(0).ofMaxSize(30);
    }

    @Property(tries = 400)
    void simpleAggregates_matchAReferenceModel(@ForAll("values") List<Long> costs, @ForAll @IntRange(min = 1, max = 12) int n,
                                               @ForAll("aggregates") String agg) {
        List<HealthRecord> rs = new ArrayList<>();
        for (int i = 0; i < costs.size(); i++) rs.add(rec(i, null, costs.get(i), null, null, null));
        RuleSpec s = spec(RuleResult.Kind.DEMOTION, "cost_signal", new RuleSpec.Aggregate.Simple(agg), new RuleSpec.Window(n, null),
                RuleSpec.Comparison.AT_LEAST, "20", RuleSpec.Missing.HOLD, null);
        RuleResult r = WindowRule.evaluate(s, rs, T0.plus(Duration.ofHours(100)));
        // the reference: the last n values; any unmeasured (except for count) or fewer than n means no data
        if (costs.size() < n) {
            assertThat(r.holds()).isNull();
            return;
        }
        List<Long> w = costs.subList(costs.size() - n, costs.size());
        List<Long> measured = w.stream().filter(x -> x != null).toList();
        if (!agg.equals("count") && measured.size() < w.size()) {
            assertThat(r.holds()).isNull();
            return;
        }
        if (agg.equals("slope") && measured.size() < 2) {
            assertThat(r.holds()).isNull();
            return;
        }
        double expected = switch (agg) {
            case "sum" -> measured.stream().mapToLong(x -> x).sum();
            case "mean" -> measured.stream().mapToLong(x -> x).average().orElseThrow();
            case "min" -> measured.stream().mapToLong(x -> x).min().orElseThrow();
            case "max" -> measured.stream().mapToLong(x -> x).max().orElseThrow();
            case "count" -> measured.size();
            default -> {
                double mx = (measured.size() - 1) / 2.0;
                double my = measured.stream().mapToLong(x -> x).average().orElseThrow();
                double sxy = 0;
                double sxx = 0;
                for (int i = 0; i < measured.size(); i++) {
                    sxy += (i - mx) * (measured.get(i) - my);
                    sxx += (i - mx) * (i - mx);
                }
                yield sxy / sxx;
            }
        };
        assertThat(new BigDecimal(r.value().toString()).doubleValue()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-9));
        if (Math.abs(expected - 20) > 1e-9) assertThat(r.holds()).isEqualTo(expected >= 20);
        assertThat(r.cycles()).hasSize(n);
    }

    @Provide
    Arbitrary<String> aggregates() {
        return Arbitraries.of(RuleSpec.Aggregate.Simple.NAMES);
    }

    @Property(tries = 300)
    void aPooledRate_isTheSumsRatio(@ForAll("values") List<Long> dups, @ForAll @IntRange(min = 1, max = 10) int n) {
        List<HealthRecord> rs = new ArrayList<>();
        for (int i = 0; i < dups.size(); i++) rs.add(rec(i, null, null, null, dups.get(i) == null ? null : dups.get(i) + 5, dups.get(i)));
        RuleSpec s = spec(RuleResult.Kind.PROMOTION, null, new RuleSpec.Aggregate.Pooled("duplicate_tasks", "tasks_created"), new RuleSpec.Window(n, null),
                RuleSpec.Comparison.BELOW, "0.2", RuleSpec.Missing.HOLD, null);
        RuleResult r = WindowRule.evaluate(s, rs, T0.plus(Duration.ofHours(100)));
        if (dups.size() < n || dups.subList(dups.size() - n, dups.size()).contains(null)) {
            assertThat(r.holds()).isNull();
            return;
        }
        long num = dups.subList(dups.size() - n, dups.size()).stream().mapToLong(x -> x).sum();
        long den = num + 5L * n;
        BigDecimal rate = BigDecimal.valueOf(num).divide(BigDecimal.valueOf(den), MathContext.DECIMAL64);
        assertThat((BigDecimal) r.value()).isEqualByComparingTo(rate);
        assertThat(r.holds()).isEqualTo(rate.compareTo(new BigDecimal("0.2")) < 0);
    }
}
