package dev.loopreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A huge number in a record or a YAML file is a path:line error, never an internal error, and changes no file. */
class HugeNumbersTest {

    @TempDir
    Path tmp;

    @Test
    void aHugeCountInAHealthRecord_isAPathLineError_andChangesNothing() throws Exception {
        Path ws = Cli.sample(tmp);
        Files.writeString(ws.resolve("loops/kaizen-stack/health.jsonl"), "{\"loop\":\"kaizen-stack\",\"cycle\":\"2026-06-25T13:00:00Z\","
                + "\"at\":\"2026-06-25T13:50:00Z\",\"phase\":\"bootstrap\",\"tasks_created\":1000000000000000000000000000000,"
                + "\"manual_rescues\":1e400}\n", StandardOpenOption.APPEND);
        int line = Files.readAllLines(ws.resolve("loops/kaizen-stack/health.jsonl")).size();
        Map<String, String> before = Cli.snapshot(ws);
        Cli.Result v = Cli.run("-w", ws.toString(), "validate");
        assertThat(v.exit()).as(v.toString()).isEqualTo(1);
        assertThat(v.out() + v.err()).contains("loops/kaizen-stack/health.jsonl:" + line + ": tasks_created: 1E+30 is too large; "
                + "expected a whole number from 0 to 9223372036854775807").contains("manual_rescues: 1E+400 is too large");
        Cli.Result s = Cli.run("-w", ws.toString(), "--now", "2026-06-25T13:10:00Z", "status");
        assertThat(s.exit()).as(s.toString()).isEqualTo(1);
        assertThat(Cli.snapshot(ws)).isEqualTo(before);
        Cli.Result e = Cli.run("-w", ws.toString(), "--now", "2026-06-25T13:10:00Z", "evaluate");
        assertThat(e.exit()).as(e.toString()).isEqualTo(1);
        assertThat(e.err()).contains("loops/kaizen-stack/health.jsonl:" + line).doesNotContain("internal error");
    }

    @Test
    void aHugeNumberInPolicyYml_isAPathLineError_andChangesNothing() throws Exception {
        Path ws = Cli.sample(tmp);
        Path policy = ws.resolve("loops/regulator/policy.yml");
        Files.writeString(policy, Files.readString(policy).replace("max_records_read: 1000", "max_records_read: 1e400"));
        Map<String, String> before = Cli.snapshot(ws);
        Cli.Result e = Cli.run("-w", ws.toString(), "--now", "2026-06-25T13:10:00Z", "evaluate");
        assertThat(e.exit()).as(e.toString()).isEqualTo(1);
        assertThat(e.err()).containsPattern("loops/regulator/policy.yml:\\d+: evaluation.max_records_read: 1E\\+400 is not allowed")
                .doesNotContain("0000000000000000000000000");
        assertThat(Cli.snapshot(ws)).isEqualTo(before);
    }
}
