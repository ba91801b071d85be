package dev.loopreg.cadence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopreg.health.HealthRecord;
import dev.loopreg.health.Phase;
import java.math.BigDecimal;
import java.math.MathContext;
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

/** The window rules over time, against a small reference model of the windows. */
class RuleSeriesTest {

    static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");

    record Cycle(int created, int duplicates, int rescues, Phase phase) {
    }

    @Provide
    Arbitrary<List<Cycle>> histories() {
        Arbitrary<Cycle> c = Combinators.combine(Arbitraries.integers().between(0, 10), Arbitraries.doubles().between(0, 0.6),
                        Arbitraries.integers().between(0, 12), Arbitraries.of(Phase.BOOTSTRAP, Phase.BOOTSTRAP, Phase.STABILIZE, Phase.OPERATE))
                .as((n, fpr, r, ph) -> new Cycle(n, (int) Math.floor(n * fpr), r >= 10 ? r - 9 : 0, ph));
        return c.list().ofMinSize(1).ofMaxSize(80);
    }

    static List<HealthRecord> records(List<Cycle> cycles) {
        List<HealthRecord> out = new ArrayList<>();
        Phase phase = cycles.get(0).phase();
        for (int i = 0; i < cycles.size(); i++) {
            Cycle c = cycles.get(i);
            if (i % 9 == 0) phase = c.phase();   // phases change now and then, in runs
            Instant t = T0.plus(Duration.ofHours(i + 1));
            out.add(new HealthRecord("x", t, t.plus(Duration.ofMinutes(50)), t.minus(Duration.ofHours(1)), phase, (long) c.created(), 0L, null,
                    (long) c.rescues(), (long) c.duplicates(), null, null, null, null, null, null, null, List.of()));
        }
        return out;
    }

    @Property(tries = 300)
    void eachSample_isTheWindowAsItWasAtItsCycle(@ForAll("histories") List<Cycle> cycles) {
        List<HealthRecord> rs = records(cycles);
        Policy p = Policy.defaults();
        List<RuleSeries.Series> series = RuleSeries.over(rs, p);
        assertThat(series).extracting(RuleSeries.Series::rule).containsExactlyElementsOf(RuleSeries.RULES);
        RuleSeries.Series fpr = series.get(0);
        RuleSeries.Series r24 = series.get(3);
        assertThat(r24.samples()).hasSize(rs.size());
        int fi = 0;
        for (int i = 0; i < rs.size(); i++) {
            int start = i;
            while (start > 0 && rs.get(start - 1).phase() == rs.get(i).phase()) start--;
            // rescues_24h: every rescue in the phase's records of the 24 h before the cycle
            long sum = 0;
            for (int j = start; j <= i; j++) {
                if (rs.get(j).cycle().isAfter(rs.get(i).cycle().minus(p.rescuesSpan()))) sum += rs.get(j).manualRescues();
            }
            assertThat(r24.samples().get(i).value()).isEqualByComparingTo(BigDecimal.valueOf(sum));
            assertThat(r24.samples().get(i).holds()).isEqualTo(sum >= p.rescuesAtLeast());
            // fpr_window: no sample in the last phase; else the pooled rate of the phase's last N cycles, if it has N
            if (rs.get(i).phase().next().isEmpty()) continue;
            RuleSeries.Sample s = fpr.samples().get(fi++);
            assertThat(s.at()).isEqualTo(rs.get(i).cycle());
            int n = p.fprWindowCycles();
            if (i - start + 1 < n) {
                assertThat(s.value()).isNull();
                continue;
            }
            long dup = 0;
            long created = 0;
            for (int j = i - n + 1; j <= i; j++) {
                dup += rs.get(j).duplicateTasks();
                created += rs.get(j).tasksCreated();
            }
            if (created == 0) {
                assertThat(s.holds()).isNull();
            } else {
                BigDecimal rate = BigDecimal.valueOf(dup).divide(BigDecimal.valueOf(created), MathContext.DECIMAL64);
                assertThat(s.value()).isEqualByComparingTo(rate);
                assertThat(s.holds()).isEqualTo(rate.compareTo(p.fprWindowBelow()) < 0);
            }
        }
        assertThat(fpr.samples()).hasSize(fi);
        assertThat(fpr.thresholdText()).isEqualTo("< " + dev.loopreg.format.Fmt.value(p.fprWindowBelow()));
    }
}
