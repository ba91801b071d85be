package dev.loopreg.cadence.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopreg.cadence.CadenceRules;
import dev.loopreg.cadence.PhaseWindow;
import dev.loopreg.cadence.Policy;
import dev.loopreg.cadence.RuleResult;
import dev.loopreg.health.HealthRecord;
import dev.loopreg.health.Phase;
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
 * The seed's window rules as entries decide as the seed's code does: on any window of measured cycles, the engine's
 * outcome and value equal {@link CadenceRules}'. (Not yet the same: the evidence's wording; {@code fpr_*}'s fallback to
 * {@code false_positive_rate × tasks_created} when {@code duplicate_tasks} is unmeasured; {@code rescues_24h}'s rescues
 * logged after the last record. Those are the next steps before the engine replaces the code.)
 */
class SeedRulesTest {

    static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");

    record Cycle(long created, long dups, long rescues, int gapHours) {
    }

    @Provide
    Arbitrary<List<Cycle>> histories() {
        Arbitrary<Cycle> c = Combinators.combine(Arbitraries.longs().between(0, 12), Arbitraries.doubles().between(0, 0.7),
                Arbitraries.longs().between(0, 8), Arbitraries.of(1, 1, 1, 6, 24))
                .as((n, f, r, g) -> new Cycle(n, (long) Math.floor(n * f), r >= 7 ? r - 6 : 0, g));
        return c.list().ofMinSize(0).ofMaxSize(20);
    }

    @Property(tries = 500)
    void theEntries_decideAsTheSeedsCode(@ForAll("histories") List<Cycle> cycles) {
        Policy p = Policy.defaults();
        List<HealthRecord> rs = new ArrayList<>();
        Instant t = T0;
        for (Cycle c : cycles) {
            t = t.plus(Duration.ofHours(c.gapHours()));
            rs.add(new HealthRecord("x", t, t.plusSeconds(600), t.minusSeconds(3600), Phase.STABILIZE, c.created(), null, null, c.rescues(),
                    c.dups(), null, null, null, null, null, null, null, List.of()));
        }
        Instant now = t.plus(Duration.ofMinutes(10));
        PhaseWindow w = new PhaseWindow(rs, true);
        List<RuleResult> seed = List.of(CadenceRules.fprWindow(w, p), CadenceRules.rescuesWindow(w, p), CadenceRules.fprDemotion(w, p),
                CadenceRules.rescues24h(w, p, now));
        List<RuleSpec> entries = SeedRules.of(p);
        for (int i = 0; i < 4; i++) {
            RuleResult a = seed.get(i);
            RuleResult b = WindowRule.evaluate(entries.get(i), rs, now);
            assertThat(b.id()).isEqualTo(a.id());
            assertThat(b.kind()).isEqualTo(a.kind());
            assertThat(b.holds()).as(a.id() + ": " + a.detail() + " / " + b.detail()).isEqualTo(a.holds());
            if (a.value() != null) assertThat((BigDecimal) b.value()).isEqualByComparingTo(new BigDecimal(a.value().toString()));
            assertThat(b.cycles()).as(a.id()).isEqualTo(a.cycles());
        }
    }
}
