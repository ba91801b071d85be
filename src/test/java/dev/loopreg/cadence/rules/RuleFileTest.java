package dev.loopreg.cadence.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopreg.cadence.RuleResult;
import dev.loopreg.format.ConfigReader;
import dev.loopreg.format.Problem;
import dev.loopreg.format.YamlDoc;
import dev.loopreg.health.Phase;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rule format: a good rule is read whole; every bad one is named with its path:line and left out. */
class RuleFileTest {

    static final Set<String> METRICS = Set.of("agent_success_rate", "cost_signal", "mean_session_time_sec", "duplicate_tasks", "tasks_created",
            "manual_rescues");

    record Read(List<RuleSpec> rules, List<String> problems) {
    }

    static Read read(String yml) throws Exception {
        List<Problem> problems = new ArrayList<>();
        ConfigReader r = new ConfigReader(YamlDoc.parse("policy.yml", yml), problems);
        List<RuleSpec> rules = RuleFile.read(r, "/rules", METRICS, Set.of("exit_criteria", "regulator_approval", "operator_override"));
        return new Read(rules, problems.stream().map(Problem::toString).toList());
    }

    @Test
    void aGoodRule_isReadWhole_withWhereItWasWritten() throws Exception {
        Read r = read("""
                rules:
                  - id: success_window
                    kind: promotion
                    from: [bootstrap, stabilize]
                    metric: agent_success_rate
                    aggregate: mean
                    window: {cycles: 7}
                    at_least: 0.8
                  - id: fpr_spike
                    kind: demotion
                    from: [stabilize, operate]
                    aggregate: {pooled: [duplicate_tasks, tasks_created]}
                    window: {duration: 24h}
                    above: 0.4
                    missing: fail
                    for: 2h
                """);
        assertThat(r.problems()).isEmpty();
        RuleSpec a = r.rules().get(0);
        assertThat(a.id()).isEqualTo("success_window");
        assertThat(a.kind()).isEqualTo(RuleResult.Kind.PROMOTION);
        assertThat(a.from()).containsExactlyInAnyOrder(Phase.BOOTSTRAP, Phase.STABILIZE);
        assertThat(a.aggregate()).isEqualTo(new RuleSpec.Aggregate.Simple("mean"));
        assertThat(a.window().cycles()).isEqualTo(7);
        assertThat(a.compare()).isEqualTo(RuleSpec.Comparison.AT_LEAST);
        assertThat(a.threshold()).isEqualByComparingTo("0.8");
        assertThat(a.missing()).isEqualTo(RuleSpec.Missing.HOLD);
        assertThat(a.source()).isEqualTo("policy.yml:2");
        RuleSpec b = r.rules().get(1);
        assertThat(b.aggregate()).isEqualTo(new RuleSpec.Aggregate.Pooled("duplicate_tasks", "tasks_created"));
        assertThat(b.window().duration()).isEqualTo(Duration.ofHours(24));
        assertThat(b.missing()).isEqualTo(RuleSpec.Missing.FAIL);
        assertThat(b.holdFor()).isEqualTo(Duration.ofHours(2));
        assertThat(b.threshold()).isEqualTo(new BigDecimal("0.4"));
        assertThat(b.source()).isEqualTo("policy.yml:9");
    }

    static final String BASE = """
            rules:
              - id: r1
                kind: promotion
                from: [bootstrap]
                metric: agent_success_rate
                aggregate: mean
                window: {cycles: 7}
                at_least: 0.8
            """;

    static List<String> problems(String from, String to) throws Exception {
        Read r = read(BASE.replace(from, to));
        assertThat(r.rules()).as("a rule with a problem is left out").isEmpty();
        return r.problems();
    }

    @Test
    void everyBadRule_isNamedWithItsLine() throws Exception {
        assertThat(problems("metric: agent_success_rate", "metric: agent_sucess_rate")).containsExactly(
                "policy.yml:5: metric: 'agent_sucess_rate' is not a health-record field; expected one of " + String.join(", ", new java.util.TreeSet<>(METRICS))
                        + " (did you mean agent_success_rate?)");
        assertThat(problems("aggregate: mean", "aggregate: median")).containsExactly(
                "policy.yml:6: aggregate: 'median' is not an aggregate; expected one of mean, sum, min, max, count, slope or {pooled: [numerator, denominator]}");
        assertThat(problems("at_least: 0.8", "at_least: 0.8\n    below: 0.9")).containsExactly(
                "policy.yml:9: two comparisons (below, at_least); expected exactly one of above, below, at_least, at_most");
        assertThat(problems("    at_least: 0.8\n", "")).containsExactly(
                "policy.yml:2: no comparison; expected exactly one of above, below, at_least, at_most");
        assertThat(problems("{cycles: 7}", "{cycles: 0}")).containsExactly(
                "policy.yml:7: window.cycles: the number 0 is not allowed; expected a whole number from 1 to 10000");
        assertThat(problems("{cycles: 7}", "{duration: soon}")).containsExactly(
                "policy.yml:7: window.duration: the text 'soon' is not a duration; expected such as 24h or 7d");
        assertThat(problems("at_least: 0.8", "at_least: high")).containsExactly(
                "policy.yml:8: at_least: the text 'high' is not a number; expected a threshold such as 0.8");
        assertThat(problems("from: [bootstrap]", "from: [operate]")).containsExactly(
                "policy.yml:4: from: [operate] guards no promotion; expected a phase with a next one (bootstrap or stabilize)");
        assertThat(problems("from: [bootstrap]", "from: []")).containsExactly(
                "policy.yml:4: from: [] guards no phase; expected at least one of bootstrap | stabilize | operate");
        assertThat(problems("from: [bootstrap]", "from: [boot]")).containsExactly(
                "policy.yml:4: from[0]: 'boot' is not a phase; expected bootstrap | stabilize | operate");
        assertThat(problems("kind: promotion", "kind: promote")).containsExactly(
                "policy.yml:3: kind: 'promote' is not a kind; expected promotion or demotion");
        assertThat(problems("at_least: 0.8", "at_least: 0.8\n    for: 2h")).containsExactly(
                "policy.yml:9: for: only a demotion trigger waits for its condition to hold; a promotion rule's window is its wait");
        assertThat(problems("at_least: 0.8", "at_least: 0.8\n    missing: skip")).hasSize(1).first().asString()
                .startsWith("policy.yml:9: ").contains("'skip'").contains("hold, fail or ignore");
        assertThat(problems("at_least: 0.8", "at_least: 0.8\n    threshold: 1")).hasSize(1).first().asString().startsWith("policy.yml:9: ").contains("threshold");
        assertThat(problems("id: r1", "id: Rule One")).containsExactly(
                "policy.yml:2: id: 'Rule One' is not allowed; expected lower-case letters, digits and _, starting with a letter");
    }

    @Test
    void aDuplicateId_orABuiltInsId_isRefused() throws Exception {
        Read twice = read(BASE + BASE.substring("rules:\n".length()));
        assertThat(twice.rules()).hasSize(1);
        assertThat(twice.problems()).containsExactly("policy.yml:9: id: 'r1' is defined twice (also policy.yml:2); expected a unique id");
        Read builtIn = read(BASE.replace("id: r1", "id: regulator_approval"));
        assertThat(builtIn.problems()).containsExactly("policy.yml:2: id: 'regulator_approval' is defined twice (also a built-in rule, set in policy.yml's promotion and demotion sections); expected a unique id");
    }
}
