package dev.loopreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.health.HealthRecord;
import dev.loopreg.health.HealthRecordCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A number a collector adds to health.jsonl beside loopreg's own fields is kept, written back in place, and may be a
 * rule's metric once policy.yml declares it ({@code metrics:}); an undeclared name in a rule is still a typo.
 */
class ExtraMetricsTest {

    @TempDir
    Path tmp;

    @Test
    void anAddedNumber_isKept_andWrittenBack() throws Exception {
        String line = "{\"loop\":\"x\",\"cycle\":\"2026-06-25T12:00:00Z\",\"at\":\"2026-06-25T12:00:00Z\",\"phase\":\"bootstrap\",\"tasks_created\":3,"
                + "\"tasks_completed\":1,\"sla_completion_rate\":null,\"manual_rescues\":0,\"duplicate_tasks\":0,\"false_positive_rate\":0,"
                + "\"agent_success_rate\":0.9,\"mean_session_time_sec\":100,\"cost_signal\":1.5,\"build_minutes\":42.5,\"errors\":[]}";
        HealthRecord r = HealthRecordCodec.parse(line);
        assertThat(r.metric("build_minutes")).isEqualByComparingTo("42.5");
        assertThat(HealthRecordCodec.encode(r)).contains("\"cost_signal\":1.5,\"build_minutes\":42.5,\"errors\":[]");
        // anything else unknown is still a mistake
        try {
            HealthRecordCodec.parse(line.replace("\"build_minutes\":42.5", "\"build_minutes\":\"slow\""));
            throw new AssertionError("a text value of an unknown field must be refused");
        } catch (HealthRecordCodec.RecordException e) {
            assertThat(e.getMessage()).contains("unknown field 'build_minutes'");
        }
    }

    @Test
    void aDeclaredMetric_isARulesMetric() throws Exception {
        Path ws = Cli.sample(tmp);
        // the collector added build_minutes to kaizen-stack's records: 10 a cycle, 40 in the last
        Path health = ws.resolve("loops/kaizen-stack/health.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(health));
        for (int i = 0; i < lines.size(); i++) {
            lines.set(i, lines.get(i).replace(",\"errors\":", ",\"build_minutes\":" + (i == lines.size() - 1 ? 40 : 10) + ",\"errors\":"));
        }
        Files.write(health, lines);
        Path policy = ws.resolve("loops/regulator/policy.yml");
        String rule = "\nrules:\n  - id: build_time\n    kind: demotion\n    from: [bootstrap, stabilize, operate]\n    metric: build_minutes\n"
                + "    aggregate: max\n    window: {cycles: 3}\n    above: 30\n";
        Files.writeString(policy, Files.readString(policy) + rule);
        Cli.Result undeclared = Cli.run("-w", ws.toString(), "--now", Cli.SAMPLE_NOW, "validate");
        assertThat(undeclared.exit()).isEqualTo(1);
        assertThat(undeclared.out() + undeclared.err()).contains("metric: 'build_minutes' is not a health-record field");
        Files.writeString(policy, Files.readString(policy) + "metrics: [build_minutes]   # added by our collector\n");
        Cli.Result v = Cli.run("-w", ws.toString(), "--now", Cli.SAMPLE_NOW, "validate");
        assertThat(v.exit()).as(v.toString()).isZero();
        Cli.Result e = Cli.run("-w", ws.toString(), "--now", Cli.SAMPLE_NOW, "evaluate", "--json");
        JsonNode kaizen = PolicyRulesTest.loop(e, "kaizen-stack");
        JsonNode r = PolicyRulesTest.rule(kaizen, "build_time");
        assertThat(r.path("holds").asBoolean()).isTrue();
        assertThat(r.path("detail").asText()).startsWith("max build_minutes over the last 3 cycles is 40, > 30 [loops/regulator/policy.yml:");
        // the records keep their added number through a collection's rewrite of nothing: the file is unchanged
        assertThat(Files.readAllLines(health)).isEqualTo(lines);
    }
}
