package dev.loopreg.regulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopreg.Samples;
import dev.loopreg.cadence.Recommendation;
import dev.loopreg.cadence.RuleResult;
import dev.loopreg.format.Instants;
import dev.loopreg.health.Phase;
import dev.loopreg.report.Json;
import dev.loopreg.report.LoopView;
import dev.loopreg.workspace.Workspace;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The line {@code evaluate} appends to recommendations.jsonl is written as it is made, without a tree: it is, byte for
 * byte, the tree of {@code evaluated_at} and {@link EvaluationJson#loopJson} (what {@code evaluate --json} shows) as one
 * line; and its word is the one read back from that line.
 */
class RecommendationLineProperties {

    private static final Instant NOW = Instant.parse("2026-06-25T12:00:00Z");

    private static String tree(LoopView v) {
        ObjectNode line = Json.object();
        line.put("evaluated_at", Instants.format(NOW));
        line.setAll(EvaluationJson.loopJson(v));
        return Json.line(line);
    }

    @Provide
    Arbitrary<Object> values() {
        return Arbitraries.oneOf(
                Arbitraries.bigDecimals().between(new BigDecimal("-1000"), new BigDecimal("1000")).ofScale(6),
                Arbitraries.of(new BigDecimal("0.000"), new BigDecimal("0E-8"), new BigDecimal("1E+3"), new BigDecimal("2.50"),
                        new BigDecimal("0.0714285714285714"), new BigDecimal("-0.0")),
                Arbitraries.longs(), Arbitraries.integers().map(i -> (Object) i), Arbitraries.of(true, false),
                Arbitraries.strings().ofMaxLength(12), Arbitraries.just("approved"), Arbitraries.just(Duration.ofHours(3)))
                .injectNull(0.15);
    }

    @Provide
    Arbitrary<List<RuleResult>> rules() {
        return Combinators.combine(Arbitraries.of("fpr_window", "rescues_24h", "custom"), Arbitraries.of(RuleResult.Kind.values()),
                        Arbitraries.of(Boolean.TRUE, Boolean.FALSE).injectNull(0.3), values(), values(),
                        Arbitraries.strings().ofMaxLength(30).map(s -> s + " — \"quoted\" \\ é → ✓"),
                        Arbitraries.integers().between(0, 3))
                .as((id, kind, holds, value, threshold, detail, n) -> {
                    List<Instant> cycles = new ArrayList<>();
                    for (int i = 0; i < n; i++) cycles.add(NOW.minus(Duration.ofHours(i)));
                    return new RuleResult(id, kind, holds, value, threshold, detail, cycles);
                }).list().ofMaxSize(8);
    }

    @Property(tries = 500)
    void theLineWrittenAsItIsMade_isTheTreesLine(@ForAll("rules") List<RuleResult> rules, @ForAll boolean promote,
                                                  @ForAll List<String> errors) {
        Recommendation r = promote
                ? new Recommendation.Promote("loop-a", Phase.BOOTSTRAP, Phase.STABILIZE, NOW, rules, "promote bootstrap → stabilize")
                : new Recommendation.Hold("loop-a", Phase.STABILIZE, NOW, rules, List.of(), "hold in stabilize: \"x\"");
        LoopView v = new LoopView("loop-a", null, null, null, r, null, null, errors, null);
        assertThat(EvaluationJson.recommendationLine(v, NOW)).isEqualTo(tree(v));
        LoopView none = new LoopView("loop-b", null, null, null, null, null, null, errors, null);
        assertThat(EvaluationJson.recommendationLine(none, NOW)).isEqualTo(tree(none));
    }

    /** Every loop of a real evaluation (the sample workspace: promotions, holds, a demotion, problems). */
    @Example
    void everyLoopOfAnEvaluation_givesTheTreesLine_andItsWord() throws Exception {
        Path tmp = Files.createTempDirectory("lines");
        try {
            Regulator reg = new Regulator(new Workspace(Samples.sample(tmp.resolve("ws"))), Duration.ofSeconds(1), Clock.systemUTC(),
                    Map.<String, String>of()::get);
            Evaluation e = reg.evaluateAll(NOW);
            assertThat(e.loops()).isNotEmpty();
            for (LoopView v : e.loops()) {
                String line = EvaluationJson.recommendationLine(v, NOW);
                assertThat(line).isEqualTo(tree(v));
                assertThat(EvaluationJson.recommendationWord(v))
                        .isEqualTo(dev.loopreg.store.RecommendationLog.word(dev.loopreg.format.Mappers.JSON.readTree(line)));
            }
        } finally {
            try (var s = Files.walk(tmp)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
