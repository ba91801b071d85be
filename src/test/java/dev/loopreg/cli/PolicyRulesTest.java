package dev.loopreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.format.Mappers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules operators write: a rule in policy.yml applies to every loop it guards; a loop.yml replaces a rule by id, adds
 * one, or disables one; the evidence says where each came from; a bad rule is refused with its path:line.
 */
class PolicyRulesTest {

    @TempDir
    Path tmp;

    static final String SUCCESS_GATE = """

            rules:
              - id: success_window
                kind: promotion
                from: [bootstrap, stabilize]
                metric: agent_success_rate
                aggregate: mean
                window: {cycles: 7}
                at_least: 0.95
            """;

    static JsonNode loop(Cli.Result r, String id) throws Exception {
        for (JsonNode n : Mappers.JSON.readTree(r.out()).path("loops")) if (n.path("loop").asText().equals(id)) return n;
        throw new AssertionError("no loop " + id + " in " + r.out());
    }

    static int lineOf(Path f, String text) throws Exception {
        java.util.List<String> lines = Files.readAllLines(f);
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(text)) return i + 1;
        throw new AssertionError(text + " not in " + f);
    }

    static JsonNode rule(JsonNode loop, String id) {
        for (JsonNode n : loop.path("rules")) if (n.path("id").asText().equals(id)) return n;
        return null;
    }

    @Test
    void aPolicyRule_guardsEveryLoop_andTheEvidenceSaysWhereItWasWritten() throws Exception {
        Path ws = Cli.sample(tmp);
        Path policy = ws.resolve("loops/regulator/policy.yml");
        Files.writeString(policy, Files.readString(policy) + SUCCESS_GATE);
        int line = lineOf(policy, "- id: success_window");
        Cli.Result v = Cli.run("-w", ws.toString(), "--now", Cli.SAMPLE_NOW, "validate");
        assertThat(v.exit()).as(v.toString()).isZero();
        Cli.Result r = Cli.run("-w", ws.toString(), "--now", Cli.SAMPLE_NOW, "evaluate", "--json");
        JsonNode kaizen = loop(r, "kaizen-stack");
        // kaizen-stack's mean success over its last 7 cycles is 0.907: the new gate holds it back
        assertThat(kaizen.path("recommendation").asText()).isEqualTo("hold");
        JsonNode gate = rule(kaizen, "success_window");
        assertThat(gate.path("holds").asBoolean(true)).isFalse();
        assertThat(gate.path("detail").asText()).isEqualTo("mean agent_success_rate over the last 7 cycles is 0.907, not ≥ 0.95 [loops/regulator/policy.yml:"
                + line + "]");
        // registry-hygiene is in stabilize: guarded too; its demotion still wins
        assertThat(loop(r, "registry-hygiene").path("recommendation").asText()).isEqualTo("demote");
    }

    @Test
    void aLoopReplacesARuleById_addsOne_andDisablesOne() throws Exception {
        Path ws = Cli.sample(tmp);
        Path policy = ws.resolve("loops/regulator/policy.yml");
        Files.writeString(policy, Files.readString(policy) + SUCCESS_GATE);
        Path loopYml = ws.resolve("loops/kaizen-stack/loop.yml");
        Files.writeString(loopYml, Files.readString(loopYml) + """
                rules:
                  - id: success_window          # this loop's bar is lower
                    kind: promotion
                    from: [bootstrap]
                    metric: agent_success_rate
                    aggregate: min
                    window: {cycles: 7}
                    at_least: 0.85
                  - id: cost_ceiling
                    kind: demotion
                    from: [stabilize, operate]
                    metric: cost_signal
                    aggregate: max
                    window: {duration: 24h}
                    above: 5
                disable: [rescues_window]
                """);
        Cli.Result r = Cli.run("-w", ws.toString(), "--now", Cli.SAMPLE_NOW, "evaluate", "--json");
        assertThat(r.exit()).as(r.toString()).isIn(0, 2);
        JsonNode kaizen = loop(r, "kaizen-stack");
        assertThat(kaizen.path("recommendation").asText()).isEqualTo("promote");
        assertThat(rule(kaizen, "success_window").path("detail").asText()).startsWith("min agent_success_rate over the last 7 cycles is 0.87, ≥ 0.85 [loops/kaizen-stack/loop.yml:");
        assertThat(rule(kaizen, "rescues_window")).as("disabled for this loop").isNull();
        assertThat(rule(kaizen, "cost_ceiling")).as("guards stabilize and operate only").isNull();
        // the other loops keep the policy's rules
        assertThat(rule(loop(r, "quality-escalation"), "rescues_window")).isNotNull();
        assertThat(rule(loop(r, "quality-escalation"), "success_window").path("detail").asText()).contains("[loops/regulator/policy.yml:");
    }

    @Test
    void simulate_replaysALoopsOwnRules() throws Exception {
        Path ws = Cli.sample(tmp);
        Cli.Result before = Cli.run("-w", ws.toString(), "simulate", "--approval", "assumed");
        assertThat(before.out()).contains("current: 2026-06-24 09:50 promote bootstrap → stabilize (approval assumed)");
        Path loopYml = ws.resolve("loops/kaizen-stack/loop.yml");
        Files.writeString(loopYml, Files.readString(loopYml) + SUCCESS_GATE.replace("\nrules:", "rules:").replace("from: [bootstrap, stabilize]",
                "from: [bootstrap]"));
        Cli.Result after = Cli.run("-w", ws.toString(), "simulate", "--approval", "assumed");
        assertThat(after.exit()).as(after.toString()).isZero();
        assertThat(after.out()).contains("current: no transition").doesNotContain("current: 2026-06-24 09:50 promote");
    }

    @Test
    void aBadRule_isRefusedWithItsLine_andNothingIsWritten() throws Exception {
        Path ws = Cli.sample(tmp);
        Path policy = ws.resolve("loops/regulator/policy.yml");
        Files.writeString(policy, Files.readString(policy) + SUCCESS_GATE.replace("aggregate: mean", "aggregate: median"));
        int line = lineOf(policy, "aggregate: median");
        Map<String, String> before = Cli.snapshot(ws);
        Cli.Result v = Cli.run("-w", ws.toString(), "--now", Cli.SAMPLE_NOW, "validate");
        assertThat(v.exit()).isEqualTo(1);
        assertThat(v.out() + v.err()).contains("loops/regulator/policy.yml:" + line
                + ": aggregate: 'median' is not an aggregate; expected one of mean, sum, min, max, count, slope or {pooled: [numerator, denominator]}");
        Cli.Result e = Cli.run("-w", ws.toString(), "--now", Cli.SAMPLE_NOW, "evaluate");
        assertThat(e.exit()).isEqualTo(1);
        assertThat(Cli.snapshot(ws)).isEqualTo(before);
        Path loopYml = ws.resolve("loops/kaizen-stack/loop.yml");
        Files.writeString(policy, Files.readString(policy).replace("aggregate: median", "aggregate: mean"));
        Files.writeString(loopYml, Files.readString(loopYml) + "disable: [operator_override]\n");
        Cli.Result v2 = Cli.run("-w", ws.toString(), "--now", Cli.SAMPLE_NOW, "validate");
        assertThat(v2.out() + v2.err()).contains("loops/kaizen-stack/loop.yml:").contains("disable: operator_override cannot be turned off");
        // a typo in disable: is no rule, and is said so
        Files.writeString(loopYml, Files.readString(loopYml).replace("disable: [operator_override]", "disable: [fpr_windw]"));
        Cli.Result v3 = Cli.run("-w", ws.toString(), "--now", Cli.SAMPLE_NOW, "validate");
        assertThat(v3.exit()).isEqualTo(1);
        assertThat(v3.out() + v3.err()).contains("loops/kaizen-stack/loop.yml:" + lineOf(loopYml, "fpr_windw")
                + ": disable: 'fpr_windw' is no rule of this loop; expected one of exit_criteria, fpr_demotion, fpr_window, regulator_approval, "
                + "rescues_24h, rescues_window, success_window (did you mean fpr_window?)");
    }
}
