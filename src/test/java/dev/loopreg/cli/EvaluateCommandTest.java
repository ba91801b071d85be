package dev.loopreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.format.Mappers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {

    @TempDir
    Path tmp;

    static JsonNode loop(JsonNode root, String id) {
        for (JsonNode l : root.get("loops")) if (l.get("loop").asText().equals(id)) return l;
        throw new AssertionError("no loop " + id);
    }

    static JsonNode rule(JsonNode loop, String id) {
        for (JsonNode r : loop.get("rules")) if (r.get("id").asText().equals(id)) return r;
        throw new AssertionError("no rule " + id);
    }

    @Test
    void evaluate_sample_jsonHasTheDocumentedShapeAndOutcomes() throws Exception {
        Path ws = Cli.sample(tmp);
        Cli.Result r = Cli.run("-w", ws.toString(), "evaluate", "--json", "--now", Cli.SAMPLE_NOW);
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode root = Mappers.JSON.readTree(r.out());
        assertThat(root.get("evaluated_at").asText()).isEqualTo(Cli.SAMPLE_NOW);

        JsonNode ks = loop(root, "kaizen-stack");
        assertThat(ks.get("phase").asText()).isEqualTo("bootstrap");
        assertThat(ks.get("recommendation").asText()).isEqualTo("promote");
        assertThat(ks.get("to_phase").asText()).isEqualTo("stabilize");
        assertThat(ks.get("rules")).extracting(n -> n.get("id").asText()).containsExactly("exit_criteria", "fpr_window",
                "rescues_window", "regulator_approval", "fpr_demotion", "rescues_24h", "operator_override");
        JsonNode fpr = rule(ks, "fpr_window");
        assertThat(fpr.get("holds").asBoolean()).isTrue();
        assertThat(fpr.get("threshold").decimalValue()).isEqualByComparingTo("0.2");
        assertThat(fpr.get("cycles")).hasSize(7);
        assertThat(fpr.get("detail").asText()).contains("over the last 7 cycles");

        JsonNode qe = loop(root, "quality-escalation");
        assertThat(qe.get("recommendation").asText()).isEqualTo("hold");
        assertThat(qe.get("to_phase").isNull()).isTrue();
        assertThat(rule(qe, "fpr_window").get("holds").asBoolean()).isFalse();
        assertThat(rule(qe, "fpr_window").get("value").decimalValue()).isGreaterThan(new java.math.BigDecimal("0.2"));
        assertThat(rule(qe, "exit_criteria").get("detail").asText()).contains("T02 (in_progress)");

        JsonNode rh = loop(root, "registry-hygiene");
        assertThat(rh.get("recommendation").asText()).isEqualTo("demote");
        assertThat(rh.get("to_phase").asText()).isEqualTo("bootstrap");
        assertThat(rule(rh, "rescues_24h").get("holds").asBoolean()).isTrue();
        assertThat(rule(rh, "fpr_window").get("holds").isNull()).as("6 daily records < 7: no data").isTrue();
    }

    @Test
    void evaluate_appendsOneLinePerLoopEachRun() throws Exception {
        Path ws = Cli.sample(tmp);
        Path recs = ws.resolve("loops/regulator/recommendations.jsonl");
        Cli.run("-w", ws.toString(), "evaluate", "--now", Cli.SAMPLE_NOW);
        Cli.run("-w", ws.toString(), "evaluate", "--now", "2026-06-25T13:00:00Z");
        List<String> lines = Files.readAllLines(recs);
        assertThat(lines).hasSize(6);
        assertThat(Mappers.JSON.readTree(lines.get(3)).get("evaluated_at").asText()).isEqualTo("2026-06-25T13:00:00Z");
        assertThat(Mappers.JSON.readTree(lines.get(0)).get("loop").asText()).isEqualTo("kaizen-stack");
    }

    @Test
    void evaluate_sameFilesSameNow_sameBytes() throws Exception {
        Path a = Cli.sample(tmp.resolve("a"));
        Path b = Cli.sample(tmp.resolve("b"));
        Cli.Result ra = Cli.run("-w", a.toString(), "evaluate", "--now", Cli.SAMPLE_NOW);
        Cli.Result rb = Cli.run("-w", b.toString(), "evaluate", "--now", Cli.SAMPLE_NOW);
        assertThat(ra.out()).isEqualTo(rb.out());
        assertThat(Files.readAllBytes(a.resolve("loops/regulator/dashboard.md")))
                .isEqualTo(Files.readAllBytes(b.resolve("loops/regulator/dashboard.md")));
        assertThat(Files.readAllBytes(a.resolve("loops/regulator/recommendations.jsonl")))
                .isEqualTo(Files.readAllBytes(b.resolve("loops/regulator/recommendations.jsonl")));
        // and a second run over the same workspace regenerates the identical dashboard
        byte[] first = Files.readAllBytes(a.resolve("loops/regulator/dashboard.md"));
        Cli.run("-w", a.toString(), "evaluate", "--now", Cli.SAMPLE_NOW);
        assertThat(Files.readAllBytes(a.resolve("loops/regulator/dashboard.md"))).isEqualTo(first);
    }

    @Test
    void evaluate_dashboard_rowsRangesEvidenceAndDecisions() throws Exception {
        Path ws = Cli.sample(tmp);
        Cli.run("-w", ws.toString(), "evaluate", "--now", Cli.SAMPLE_NOW);
        String md = Files.readString(ws.resolve("loops/regulator/dashboard.md"));
        assertThat(md).contains("Evaluated at 2026-06-25T12:00:00Z");
        assertThat(md).containsPattern("\\| quality-escalation \\| bootstrap \\| `0 \\* \\* \\* \\*` \\| 36 \\|.*⚠ 0\\.[23]\\d*");
        assertThat(md).containsPattern("\\| registry-hygiene \\| stabilize \\|.*\\| ⚠ 2 \\|.*\\| demote → bootstrap \\|");
        assertThat(md).contains("## kaizen-stack — promote → stabilize");
        assertThat(md).contains("| `rescues_24h` | demotion trigger | **FIRED** | 2 | ≥ 2 |");
        assertThat(md).contains("| DEC-001 | 2026-06-19T11:00:00Z | registry-hygiene | promotion | bootstrap → stabilize | bernd |");
    }

    @Test
    void evaluate_table_showsRecommendationAndWhy() throws Exception {
        Path ws = Cli.sample(tmp);
        Cli.Result r = Cli.run("evaluate", "-w", ws.toString(), "--now", Cli.SAMPLE_NOW); // options after the subcommand too
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("kaizen-stack        bootstrap  promote → stabilize  every promotion rule holds");
        assertThat(r.out()).contains("registry-hygiene    stabilize  demote → bootstrap   rescues_24h FIRED (2 vs ≥ 2)");
    }

    @Test
    void status_showsPhaseCyclesLastRecommendationNextCycle() throws Exception {
        Path ws = Cli.sample(tmp);
        Cli.run("-w", ws.toString(), "evaluate", "--now", Cli.SAMPLE_NOW);
        Cli.Result r = Cli.run("-w", ws.toString(), "status", "--json", "--now", "2026-06-25T12:30:00Z");
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode rh = loop(Mappers.JSON.readTree(r.out()), "registry-hygiene");
        assertThat(rh.get("phase").asText()).isEqualTo("stabilize");
        assertThat(rh.get("cron").asText()).isEqualTo("0 11 * * *");
        assertThat(rh.get("cycles_in_phase").asInt()).isEqualTo(6);
        assertThat(rh.get("last_recommendation").get("recommendation").asText()).isEqualTo("demote");
        assertThat(rh.get("next_cycle").asText()).isEqualTo("2026-06-26T11:00:00Z");
        assertThat(rh.get("time_in_phase_seconds").asLong()).isEqualTo(6 * 86400 + 5400);
        Cli.Result t = Cli.run("-w", ws.toString(), "status", "--now", "2026-06-25T12:30:00Z");
        assertThat(t.out()).containsPattern(
                "registry-hygiene\\s+stabilize\\s+0 11 \\* \\* \\*\\s+6\\s+6d 1h\\s+demote → bootstrap \\(2026-06-25T12:00:00Z\\)\\s+2026-06-26T11:00:00Z");
    }
}
