package dev.loopreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.format.Mappers;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * From 32 loops up, evaluate reads and judges the loops on both cores: the views, their errors and the problems must
 * still come out in the loops' order, each with its own loop's figures, and the output must not vary between runs.
 */
class ParallelEvaluateTest {

    @TempDir
    Path tmp;

    @Test
    void evaluate_fortyLoops_readInParallel_keepsEachLoopsFiguresInOrder() throws Exception {
        Path ws = tmp.resolve("ws");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) ids.add("loop-%02d".formatted(i));
        assertThat(ids.size()).isGreaterThanOrEqualTo(dev.loopreg.regulator.LoopViews.PARALLEL_FROM);
        Cli.Result init = Cli.run("-w", ws.toString(), "init", "--loops", String.join(",", ids), "--now", "2025-06-01T00:00:00Z");
        assertThat(init.exit()).as(init.toString()).isZero();
        Instant start = Instant.parse("2025-06-01T01:00:00Z");
        for (int i = 0; i < ids.size(); i++) {
            Path loop = ws.resolve("loops").resolve(ids.get(i));
            if (i % 7 == 3) {   // a few loops cannot be read: their error names them, in order
                Files.writeString(loop.resolve("cadence.yml"), "phase: [\n");
                continue;
            }
            try (BufferedWriter w = Files.newBufferedWriter(loop.resolve("health.jsonl"))) {
                for (int h = 0; h <= i; h++) {   // loop-NN has NN + 1 records
                    w.write("{\"loop\":\"" + ids.get(i) + "\",\"cycle\":\"" + start.plus(Duration.ofHours(h)) + "\",\"phase\":\"bootstrap\","
                            + "\"tasks_created\":" + (i + 1) + ",\"duplicate_tasks\":0,\"manual_rescues\":0,\"errors\":[]}\n");
                }
            }
        }
        String now = start.plus(Duration.ofHours(40)).toString();
        Path copy = tmp.resolve("copy");
        dev.loopreg.Samples.copyTree(ws, copy);

        Cli.Result s = Cli.run("-w", ws.toString(), "status", "--json", "--now", now);
        assertThat(s.exit()).as(s.toString()).isEqualTo(1);   // the broken loops are bad input
        JsonNode loops = Mappers.JSON.readTree(s.out()).get("loops");
        assertThat(loops).hasSize(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            JsonNode l = loops.get(i);
            assertThat(l.get("loop").asText()).isEqualTo(ids.get(i));
            if (i % 7 == 3) {
                assertThat(l.get("errors").toString()).contains("loops/" + ids.get(i) + "/cadence.yml:1");
            } else {
                assertThat(l.get("cycles_in_phase").asInt()).as(ids.get(i)).isEqualTo(i + 1);
            }
        }

        Cli.Result e1 = Cli.run("-w", ws.toString(), "evaluate", "--json", "--now", now);
        Cli.Result e2 = Cli.run("-w", copy.toString(), "evaluate", "--json", "--now", now);
        // the same files give the same bytes (the workspace's own path aside)
        assertThat(e2.out().replace(copy.toString(), ws.toString())).isEqualTo(e1.out());
        assertThat(e2.err().replace(copy.toString(), ws.toString())).isEqualTo(e1.err());
        List<String> broken = ids.stream().filter(id -> Integer.parseInt(id.substring(5)) % 7 == 3).toList();
        List<String> named = new ArrayList<>();
        Mappers.JSON.readTree(e1.out()).get("problems").forEach(p -> {
            for (String b : broken) if (p.asText().startsWith("loops/" + b + "/")) named.add(b);
        });
        assertThat(named).containsExactlyElementsOf(broken);
    }
}
