package dev.loopreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.format.Mappers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Only the rules that can apply are shown: a loop in operate has no promotion; a demotion carries only what fired. */
class OperateRulesTest {

    @TempDir
    Path tmp;

    /** The sample with quality-escalation moved to operate (weekly). */
    Path operateSample() throws Exception {
        Path ws = Cli.sample(tmp);
        Path c = ws.resolve("loops/quality-escalation/cadence.yml");
        Files.writeString(c, Files.readString(c).replace("phase: bootstrap", "phase: operate").replace("\"0 * * * *\"", "\"0 11 * * 1\""));
        return ws;
    }

    static String section(String dashboard, String loop) {
        int i = dashboard.indexOf("## " + loop + " — ");
        int j = dashboard.indexOf("\n## ", i + 1);
        return dashboard.substring(i, j);
    }

    @Test
    void operate_listsNoPromotionRule_noApproveSuggestion_inDashboardEvaluateStatusAndJson() throws Exception {
        Path ws = operateSample();
        Cli.Result e = Cli.run("-w", ws.toString(), "--now", Cli.SAMPLE_NOW, "evaluate");
        assertThat(e.exit()).as(e.toString()).isZero();
        String qeLine = e.out().lines().filter(l -> l.startsWith("quality-escalation")).findFirst().orElseThrow();
        assertThat(qeLine).contains("operate").contains("no promotion from operate").doesNotContain("fails").doesNotContain("approve");
        String dash = section(Files.readString(ws.resolve("loops/regulator/dashboard.md")), "quality-escalation");
        assertThat(dash.split("no promotion from operate", -1).length - 1).as("said once").isEqualTo(1);
        assertThat(dash).contains("there is no promotion from operate").doesNotContain("approval ")
                .doesNotContain("fpr_window").doesNotContain("exit_criteria").doesNotContain("regulator_approval")
                .doesNotContain("loopreg approve").contains("`fpr_demotion`").contains("`rescues_24h`");
        assertThat(Files.readString(ws.resolve("loops/regulator/dashboard.md")))
                .doesNotContain("approve promotion of quality-escalation");
        JsonNode json = Mappers.JSON.readTree(Cli.run("-w", ws.toString(), "--now", Cli.SAMPLE_NOW, "evaluate", "--json").out());
        for (JsonNode l : json.path("loops")) {
            if (!l.path("loop").asText().equals("quality-escalation")) continue;
            assertThat(l.path("rules")).extracting(r -> r.path("id").asText())
                    .containsExactly("fpr_demotion", "rescues_24h", "operator_override");
        }
        // the recommendation recorded in recommendations.jsonl has no promotion rule either
        List<String> recs = Files.readAllLines(ws.resolve("loops/regulator/recommendations.jsonl"));
        String lastQe = recs.stream().filter(l -> l.contains("\"loop\":\"quality-escalation\"")).reduce((a, b) -> b).orElseThrow();
        assertThat(lastQe).doesNotContain("fpr_window").contains("fpr_demotion");
        // approve is refused with a clear message
        Cli.Result a = Cli.run("-w", ws.toString(), "--now", Cli.SAMPLE_NOW, "approve", "quality-escalation");
        assertThat(a.exit()).isEqualTo(3);
        assertThat(a.err()).contains("the last phase: there is no promotion to approve");
    }

    @Test
    void demotionDecision_carriesTheFiredTriggersAndTheChange_notThePendingPromotionRules() throws Exception {
        Path ws = Cli.sample(tmp);
        Cli.Result r = Cli.run("-w", ws.toString(), "--now", "2026-06-25T12:05:00Z", "apply", "registry-hygiene", "--by", "alice");
        assertThat(r.exit()).as(r.toString()).isZero();
        List<String> lines = Files.readAllLines(ws.resolve("loops/regulator/decisions.jsonl"));
        JsonNode d = Mappers.JSON.readTree(lines.get(lines.size() - 1));
        assertThat(d.path("kind").asText()).isEqualTo("demotion");
        assertThat(d.path("rules")).extracting(x -> x.path("id").asText() + " " + x.path("holds").asText()).containsExactly("rescues_24h true");
        assertThat(d.has("approval")).isFalse();
        assertThat(d.path("changed").path("phase_before").asText()).isEqualTo("stabilize");
        assertThat(d.path("changed").path("cron_before").asText()).isEqualTo("0 11 * * *");
        String md = Files.readString(ws.resolve("loops/regulator/decisions/DEC-002-demote-registry-hygiene-to-bootstrap.md"));
        assertThat(md).contains("`rescues_24h` | FIRED").doesNotContain("fpr_window").doesNotContain("regulator_approval")
                .doesNotContain("Regulator approval").contains("- **Changed:** phase stabilize → bootstrap, cron `0 11 * * *` → `0 * * * *`");
    }
}
