package dev.loopreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.format.Mappers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code loopreg rules}: each loop's effective rules, where each comes from, the disabled ones marked. */
class RulesCommandTest {

    @TempDir
    Path tmp;

    @Test
    void theSeedsRules_areListedWithThePolicySectionsThatSetThem() throws Exception {
        Path ws = Cli.sample(tmp);
        Cli.Result r = Cli.run("-w", ws.toString(), "rules", "--loop", "kaizen-stack");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("kaizen-stack\n  RULE ")
                .contains("  fpr_window          promotion  bootstrap, stabilize           pooled duplicate_tasks/tasks_created over the last 7 cycles < 0.2  hold     loops/regulator/policy.yml promotion.fpr_window\n")
                .contains("  rescues_24h         demotion   bootstrap, stabilize, operate  sum manual_rescues over the last 24h ≥ 2")
                .contains("  operator_override   demotion");
        Cli.Result all = Cli.run("-w", ws.toString(), "rules");
        assertThat(all.out()).contains("kaizen-stack\n", "\nquality-escalation\n", "\nregistry-hygiene\n");
    }

    @Test
    void aLoopsOwnRules_andDisabledOnes_areShown_inJsonToo() throws Exception {
        Path ws = Cli.sample(tmp);
        Path policy = ws.resolve("loops/regulator/policy.yml");
        Files.writeString(policy, Files.readString(policy) + PolicyRulesTest.SUCCESS_GATE);
        Path loopYml = ws.resolve("loops/kaizen-stack/loop.yml");
        Files.writeString(loopYml, Files.readString(loopYml) + "rules:\n  - id: fpr_window\n    kind: promotion\n    from: [bootstrap]\n"
                + "    aggregate: {pooled: [duplicate_tasks, tasks_created]}\n    window: {cycles: 14}\n    below: 0.1\n    missing: fail\n"
                + "disable: [rescues_window]\n");
        Cli.Result r = Cli.run("-w", ws.toString(), "rules", "--loop", "kaizen-stack", "--json");
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode rules = Mappers.JSON.readTree(r.out()).path("loops").get(0).path("rules");
        assertThat(rules.get(1).path("id").asText()).isEqualTo("fpr_window");
        assertThat(rules.get(1).path("checks").asText()).isEqualTo("pooled duplicate_tasks/tasks_created over the last 14 cycles < 0.1");
        assertThat(rules.get(1).path("missing").asText()).isEqualTo("fail");
        assertThat(rules.get(1).path("source").asText()).startsWith("loops/kaizen-stack/loop.yml:");
        assertThat(rules.get(2).path("id").asText()).isEqualTo("rescues_window");
        assertThat(rules.get(2).path("disabled").asBoolean()).isTrue();
        assertThat(rules.get(4).path("id").asText()).isEqualTo("success_window");
        assertThat(rules.get(4).path("source").asText()).startsWith("loops/regulator/policy.yml:");
        Cli.Result text = Cli.run("-w", ws.toString(), "rules", "--loop", "kaizen-stack");
        assertThat(text.out()).contains("rescues_window (disabled)");
    }

    @Test
    void anUnknownLoop_orABrokenRule_isACleanError() throws Exception {
        Path ws = Cli.sample(tmp);
        Cli.Result r = Cli.run("-w", ws.toString(), "rules", "--loop", "nope");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("no loop 'nope'; loops: kaizen-stack, quality-escalation, registry-hygiene");
        Path loopYml = ws.resolve("loops/kaizen-stack/loop.yml");
        Files.writeString(loopYml, Files.readString(loopYml) + "disable: [operator_override]\n");
        Cli.Result bad = Cli.run("-w", ws.toString(), "rules");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("the rules cannot be listed:").contains("loops/kaizen-stack/loop.yml:")
                .contains("disable: operator_override cannot be turned off");
    }
}
