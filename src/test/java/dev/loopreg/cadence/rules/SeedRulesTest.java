package dev.loopreg.cadence.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopreg.cadence.CadenceRules;
import dev.loopreg.cadence.PhaseWindow;
import dev.loopreg.cadence.Policy;
import dev.loopreg.cadence.RuleResult;
import dev.loopreg.health.HealthRecord;
import dev.loopreg.health.Phase;
import dev.loopreg.report.Json;
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

/**
 * The seed's window rules as entries give exactly what the seed's code gives: on any window — unmeasured cycles, a
 * false-positive rate standing in for unmeasured duplicates, rescues logged after the last record, a window the read
 * bound cut — the engine's result as JSON (outcome, value, threshold, the evidence's words, the cycles) equals
 * {@link CadenceRules}' byte for byte.
 */
class SeedRulesTest {

    static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");

    record Cycle(Long created, Long dups, Double fpr, Long rescues, int gapHours) {
    }

    @Provide
    Arbitrary<List<Cycle>> histories() {
        Arbitrary<Cycle> c = Combinators.combine(Arbitraries.longs().between(0, 12).injectNull(0.05), Arbitraries.doubles().between(0, 0.7),
                Arbitraries.integers().between(0, 9), Arbitraries.longs().between(0, 8).injectNull(0.05), Arbitraries.of(1, 1, 1, 6, 24))
                .as((n, f, mode, r, g) -> {
                    Long dups = n == null ? null : (long) Math.floor(n * f);
                    Double fpr = n == null || n == 0 ? null : Math.floor(n * f) / n;
                    if (mode == 0) dups = null;                 // the rate stands in
                    if (mode == 1) { dups = null; fpr = null; } // neither measured
                    return new Cycle(n, dups, fpr, r == null ? null : (r >= 7 ? r - 6 : 0), g);
                });
        return c.list().ofMinSize(0).ofMaxSize(20);
    }

    @Property(tries = 1000)
    @net.jqwik.api.statistics.StatisticsReport(format = net.jqwik.api.statistics.Histogram.class)
    void theEntries_giveWhatTheSeedsCodeGives(@ForAll("histories") List<Cycle> cycles, @ForAll("logged") List<Integer> loggedMinutes,
                                               @ForAll boolean cutByReadBound) {
        Policy p = Policy.defaults();
        List<HealthRecord> rs = new ArrayList<>();
        Instant t = T0;
        for (Cycle c : cycles) {
            t = t.plus(Duration.ofHours(c.gapHours()));
            rs.add(new HealthRecord("x", t, t.plusSeconds(600), t.minusSeconds(3600), Phase.STABILIZE, c.created(), null, null, c.rescues(),
                    c.dups(), null, c.fpr() == null ? null : BigDecimal.valueOf(c.fpr()), null, null, null, null, null, List.of()));
        }
        Instant now = t.plus(Duration.ofMinutes(50));
        Instant last = t;
        List<Instant> logged = loggedMinutes.stream().map(m -> last.plus(Duration.ofMinutes(m))).sorted().toList();
        PhaseWindow w = cutByReadBound && rs.size() > 2
                ? new PhaseWindow(rs.subList(2, rs.size()), false, logged, 2, rs.get(0).cycle())
                : new PhaseWindow(rs, !cutByReadBound, logged);
        List<RuleResult> seed = List.of(CadenceRules.fprWindow(w, p), CadenceRules.rescuesWindow(w, p), CadenceRules.fprDemotion(w, p),
                CadenceRules.rescues24h(w, p, now));
        List<RuleSpec> entries = SeedRules.of(p);
        for (int i = 0; i < 4; i++) {
            RuleResult a = seed.get(i);
            RuleResult b = WindowRule.evaluate(entries.get(i), w, now);
            assertThat(Json.line(Json.rule(b))).as(a.id()).isEqualTo(Json.line(Json.rule(a)));
            assertThat(b.thresholdText()).isEqualTo(a.thresholdText());
            // every shape of evidence is reached (jqwik fails the property when a coverage check does not hold)
            String kind = a.detail().contains("logged after") ? "logged" : a.detail().contains("read bound") ? "cut"
                    : a.detail().contains("neither") ? "neither" : a.detail().contains("not measured") ? "unmeasured"
                    : a.holds() == null ? "no data" : a.holds() ? "true" : "false";
            net.jqwik.api.statistics.Statistics.label(a.id()).collect(kind);
        }
    }

    @Provide
    Arbitrary<List<Integer>> logged() {
        return Arbitraries.integers().between(1, 49).list().ofMaxSize(3);
    }
}
