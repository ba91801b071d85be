package dev.loopreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.format.Mappers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A loop whose latest record is older than evaluation.stale_after_periods periods is flagged, never promoted. */
class StaleDataTest {

    @TempDir
    Path tmp;

    static final String LATER = "2026-06-25T15:10:00Z"; // the sample's hourly loops last recorded 12:00: 3 slots missed

    static List<String> urgent(Path ws) throws Exception {
        Path f = ws.resolve("loops/regulator/urgent-tasks.jsonl");
        return Files.exists(f) ? Files.readAllLines(f) : List.of();
    }

    @Test
    void evaluate_holdsAStaleLoop_marksIt_andRaisesOneUrgentTaskUntilRecordsResume() throws Exception {
        Path ws = Cli.sample(tmp);
        // at 12:00 kaizen-stack is fresh and promoted
        Cli.Result fresh = Cli.run("-w", ws.toString(), "--now", "2026-06-25T12:10:00Z", "evaluate", "--json");
        assertThat(fresh.out()).contains("\"stale\" : false");
        Cli.Result e = Cli.run("-w", ws.toString(), "--now", LATER, "evaluate");
        assertThat(e.exit()).as(e.toString()).isZero();
        String ks = e.out().lines().filter(l -> l.startsWith("kaizen-stack")).findFirst().orElseThrow();
        assertThat(ks).contains("hold").contains("stale data (3 periods without a record: no promotion)").doesNotContain("promote");
        assertThat(e.err()).contains("URG-001 urgent task raised: kaizen-stack stale_data — stale data: the latest health record "
                + "(cycle 2026-06-25T12:00:00Z) is 3 periods of `0 * * * *` old");
        List<String> raised = urgent(ws);
        assertThat(raised).filteredOn(l -> l.contains("\"trigger\":\"stale_data\"") && l.contains("\"event\":\"raised\"")).hasSize(2);
        // once: a second evaluation raises nothing new
        Cli.Result again = Cli.run("-w", ws.toString(), "--now", "2026-06-25T15:40:00Z", "evaluate");
        assertThat(again.exit()).isZero();
        assertThat(urgent(ws)).hasSize(raised.size());
        // marked everywhere
        String dash = Files.readString(ws.resolve("loops/regulator/dashboard.md"));
        assertThat(dash).contains("| hold ⚠ stale data |").contains("> hold in bootstrap: stale data — the latest health record");
        Cli.Result st = Cli.run("-w", ws.toString(), "--now", LATER, "status");
        assertThat(st.out()).contains("STALE DATA: 3 periods without a record");
        JsonNode sj = Mappers.JSON.readTree(Cli.run("-w", ws.toString(), "--now", LATER, "status", "--json").out());
        JsonNode k = null;
        for (JsonNode l : sj.path("loops")) if (l.path("loop").asText().equals("kaizen-stack")) k = l;
        assertThat(k.path("freshness").path("stale").asBoolean()).isTrue();
        assertThat(k.path("freshness").path("periods_since").asInt()).isEqualTo(3);
        assertThat(k.path("freshness").path("latest_cycle").asText()).isEqualTo("2026-06-25T12:00:00Z");
        // records resume: collect clears the task
        Cli.Result c = Cli.run("-w", ws.toString(), "--now", "2026-06-25T15:50:00Z", "collect");
        assertThat(c.out()).contains("URGENT URG-001 cleared: kaizen-stack stale_data — fresh:");
        assertThat(urgent(ws)).anyMatch(l -> l.contains("\"id\":\"URG-001\"") && l.contains("\"event\":\"cleared\""));
        assertThat(Cli.run("-w", ws.toString(), "--now", "2026-06-25T15:50:00Z", "validate").exit()).isZero();
    }

    @Test
    void theBoundIsConfigurable_andCheckedInPolicyYml() throws Exception {
        Path ws = Cli.sample(tmp);
        Path policy = ws.resolve("loops/regulator/policy.yml");
        String text = Files.readString(policy);
        assertThat(text).contains("  max_records_read: ");
        Files.writeString(policy, text.replaceFirst("  max_records_read: (\\d+)\n", "  max_records_read: $1\n  stale_after_periods: 10\n"));
        Cli.Result e = Cli.run("-w", ws.toString(), "--now", LATER, "evaluate");
        assertThat(e.out()).doesNotContain("stale data");
        Files.writeString(policy, text.replaceFirst("  max_records_read: (\\d+)\n", "  max_records_read: $1\n  stale_after_periods: 0\n"));
        Cli.Result bad = Cli.run("-w", ws.toString(), "--now", LATER, "validate");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.out() + bad.err()).contains("loops/regulator/policy.yml:").contains("stale_after_periods");
    }
}
