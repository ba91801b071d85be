package dev.loopreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.format.Mappers;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Evaluation reads health.jsonl from the end: what lies before the window and the read bound is never read. */
class TailReadingTest {

    @TempDir
    Path tmp;

    @Test
    void evaluate_yearOfHourlyRecordsWithGarbageFirstLine_readsOnlyTheTail() throws Exception {
        Path ws = tmp.resolve("ws");
        Cli.run("-w", ws.toString(), "init", "--loops", "big", "--now", "2025-06-01T00:00:00Z");
        Path c = ws.resolve("loops/big/cadence.yml");
        Files.writeString(c, Files.readString(c).replace("phase_since: 2025-06-01T00:00:00Z", "phase_since: null"));
        Instant start = Instant.parse("2025-06-01T01:00:00Z");
        int n = 24 * 365;
        try (BufferedWriter w = Files.newBufferedWriter(ws.resolve("loops/big/health.jsonl"))) {
            w.write("this line is not JSON: a reader that starts at the top would stop here\n");
            for (int i = 0; i < n; i++) {
                w.write("{\"loop\":\"big\",\"cycle\":\"" + start.plus(Duration.ofHours(i)) + "\",\"phase\":\"bootstrap\","
                        + "\"tasks_created\":5,\"duplicate_tasks\":0,\"manual_rescues\":0,\"errors\":[]}\n");
            }
        }
        String now = start.plus(Duration.ofHours(n - 1)).toString();
        Cli.Result e = Cli.run("-w", ws.toString(), "evaluate", "--json", "--now", now);
        assertThat(e.exit()).as(e.toString()).isZero();
        JsonNode loop = Mappers.JSON.readTree(e.out()).get("loops").get(0);
        assertThat(loop.get("rules").get(1).get("holds").asBoolean()).isTrue();
        assertThat(loop.get("errors")).isEmpty();

        Cli.Result s = Cli.run("-w", ws.toString(), "status", "--json", "--now", now);
        JsonNode st = Mappers.JSON.readTree(s.out()).get("loops").get(0);
        assertThat(st.get("cycles_in_phase").asInt()).isEqualTo(1000); // the read bound, evaluation.max_records_read
        assertThat(st.get("cycles_in_phase_complete").asBoolean()).isFalse();

        Cli.Result v = Cli.run("-w", ws.toString(), "validate");
        assertThat(v.out()).contains("loops/big/health.jsonl:1: not valid JSON");
    }
}
