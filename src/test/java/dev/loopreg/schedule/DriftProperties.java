package dev.loopreg.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Drift's findings against a count made directly: one warning per unbound loop, one error per extra or drifted definition. */
class DriftProperties {

    record Def(int loop, boolean sameCron) {
    }

    @Provide
    Arbitrary<List<Def>> defs() {
        return Arbitraries.integers().between(0, 4).flatMap(l -> Arbitraries.of(true, false).map(c -> new Def(l, c))).list().ofMaxSize(10);
    }

    @Property(tries = 300)
    void theFindings_areCountedAsTheRulesSay(@ForAll("defs") List<Def> defs) {
        List<String> loops = List.of("l0", "l1", "l2", "l3", "l4");
        Map<String, String> crons = new HashMap<>();
        loops.forEach(l -> crons.put(l, "0 * * * *"));
        List<Drift.Bound> bound = new ArrayList<>();
        for (int i = 0; i < defs.size(); i++) {
            Def d = defs.get(i);
            bound.add(new Drift.Bound("activity-definitions/d" + i + ".md", 3, 4, "l" + d.loop(), d.sameCron() ? "0 * * * *" : "0 11 * * *"));
        }
        List<Drift.Finding> f = Drift.of(loops, crons, Map.of(), bound);
        long unbound = loops.stream().filter(l -> bound.stream().noneMatch(b -> b.loop().equals(l))).count();
        long extra = loops.stream().mapToLong(l -> Math.max(0, bound.stream().filter(b -> b.loop().equals(l)).count() - 1)).sum();
        long drifted = defs.stream().filter(d -> !d.sameCron()).count();
        assertThat(f.stream().filter(x -> !x.error()).count()).isEqualTo(unbound);
        assertThat(f.stream().filter(x -> x.error() && x.message().contains("is also bound by")).count()).isEqualTo(extra);
        assertThat(f.stream().filter(x -> x.error() && x.message().contains("has drifted")).count()).isEqualTo(drifted);
        assertThat(f).allSatisfy(x -> assertThat(loops).contains(x.loop()));
    }
}
