package dev.loopreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.format.Mappers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code loopreg collect} end to end on the fixture: sources, slots, idempotence, backfill, failures. */
class CollectCommandTest {

    @TempDir
    Path tmp;

    static JsonNode lastLine(String jsonl) throws Exception {
        String[] lines = jsonl.strip().split("\n");
        return Mappers.JSON.readTree(lines[lines.length - 1]);
    }

    @Test
    void collect_measuresEverySourceOverTheSlotInterval() throws Exception {
        CollectFixture f = CollectFixture.copy(tmp);
        Cli.Result r = f.collect();
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode rec = lastLine(f.health());
        assertThat(rec.path("cycle").asText()).isEqualTo("2026-06-25T12:00:00Z");
        assertThat(rec.path("since").asText()).isEqualTo("2026-06-25T11:00:00Z");
        assertThat(rec.path("at").asText()).isEqualTo(CollectFixture.NOW);
        // tasks: T1..T4 created in (11:00, 12:00]; T3 marked duplicate; T4 completed; T5 met its deadline, T6 missed it
        assertThat(rec.path("tasks_created").asLong()).isEqualTo(4);
        assertThat(rec.path("duplicate_tasks").asLong()).isEqualTo(1);
        assertThat(rec.path("false_positive_rate").decimalValue()).isEqualByComparingTo("0.25");
        assertThat(rec.path("tasks_completed").asLong()).isEqualTo(1);
        assertThat(rec.path("sla_completion_rate").decimalValue()).isEqualByComparingTo("0.5");
        assertThat(rec.path("likely_duplicate_tasks").asLong()).isEqualTo(1);
        // agents: 10 (summary a/opt, 9 ok, 2000 s) + 2 in-interval executions a/coach (1 ok, 400 s)
        //       + 1 b/opt (ok, 60 s; the 12:05 one is after the slot) + 2 summary b/coach (1 ok, 100 s) = 15, 12 ok, 2560 s
        assertThat(rec.path("agent_success_rate").decimalValue()).isEqualByComparingTo("0.8");
        assertThat(rec.path("mean_session_time_sec").decimalValue()).isEqualByComparingTo("170.7");
        assertThat(rec.path("cost_signal").decimalValue()).isEqualByComparingTo("682.8");
        // the zone-less 13:20 rescue is Europe/Berlin time: 11:20Z, inside the interval
        assertThat(rec.path("manual_rescues").asLong()).isEqualTo(1);
        // the fixture's roster has no active repo: the rotation fields are null, with the reason
        assertThat(rec.has("marginal_gain")).isFalse();
        assertThat(rec.path("errors")).extracting(JsonNode::asText)
                .containsExactly("marginal_gain, saturation_score: no active repo in loops/kaizen-stack/roster.yaml");
        assertThat(r.out()).contains("likely duplicates (not marked): T1, T2");
    }

    @Test
    void collect_twiceForTheSameSlot_appendsNothingAndChangesNoFile() throws Exception {
        CollectFixture f = CollectFixture.copy(tmp);
        assertThat(f.collect().exit()).isZero();
        Map<String, String> after = Cli.snapshot(tmp);
        Cli.Result again = Cli.run("-w", f.ws.toString(), "collect", "--now", "2026-06-25T12:50:00Z");
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(again.out()).contains("up to date");
        assertThat(Cli.snapshot(tmp)).isEqualTo(after);
    }

    @Test
    void collect_sameFilesAndNow_giveTheSameBytes() throws Exception {
        CollectFixture a = CollectFixture.copy(tmp.resolve("a"));
        CollectFixture b = CollectFixture.copy(tmp.resolve("b"));
        Cli.Result ra = a.collect("--json");
        Cli.Result rb = b.collect("--json");
        assertThat(a.health()).isEqualTo(b.health());
        assertThat(Files.readString(a.urgent())).isEqualTo(Files.readString(b.urgent()));
        assertThat(ra.out()).isEqualTo(rb.out());
    }

    @Test
    void collect_withoutBackfill_measuresSinceThePreviousRecord_withBackfill_eachMissedSlot() throws Exception {
        CollectFixture one = CollectFixture.copy(tmp.resolve("one"));
        Files.writeString(one.loop("health.jsonl"), one.health().replace("2026-06-25T11:00:00Z", "2026-06-25T08:00:00Z"));
        assertThat(one.collect().exit()).isZero();
        JsonNode rec = lastLine(one.health());
        assertThat(rec.path("since").asText()).isEqualTo("2026-06-25T08:00:00Z");
        assertThat(one.health().strip().split("\n")).hasSize(2);

        CollectFixture many = CollectFixture.copy(tmp.resolve("many"));
        Files.writeString(many.loop("health.jsonl"), many.health().replace("2026-06-25T11:00:00Z", "2026-06-25T08:00:00Z"));
        Cli.Result r = many.collect("--backfill");
        assertThat(r.exit()).as(r.toString()).isZero();
        List<JsonNode> recs = many.health().strip().lines().skip(1).map(l -> {
            try {
                return Mappers.JSON.readTree(l);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertThat(recs).extracting(n -> n.path("cycle").asText()).containsExactly(
                "2026-06-25T09:00:00Z", "2026-06-25T10:00:00Z", "2026-06-25T11:00:00Z", "2026-06-25T12:00:00Z");
        assertThat(recs).extracting(n -> n.path("since").asText()).containsExactly(
                "2026-06-25T08:00:00Z", "2026-06-25T09:00:00Z", "2026-06-25T10:00:00Z", "2026-06-25T11:00:00Z");
        // each over its own interval: the 10:40 rescue is in (10:00, 11:00], the 11:20 one in (11:00, 12:00]
        assertThat(recs).extracting(n -> n.path("manual_rescues").asLong()).containsExactly(0L, 0L, 1L, 1L);
        // likely duplicates describe the open tasks now: only the latest record carries them
        assertThat(recs.get(0).has("likely_duplicate_tasks")).isFalse();
        assertThat(recs.get(3).path("likely_duplicate_tasks").asLong()).isEqualTo(1);

        CollectFixture b = CollectFixture.copy(tmp.resolve("bounded"));
        Files.writeString(b.loop("health.jsonl"), b.health().replace("2026-06-25T11:00:00Z", "2026-06-25T08:00:00Z"));
        Cli.Result bounded = b.collect("--backfill", "--max-slots", "2");
        assertThat(bounded.out()).contains("2 older missed slot(s) left out by the backfill bound");
        assertThat(b.health().strip().split("\n")).hasSize(3);
    }

    @Test
    void collect_missingTaskExport_leavesTaskMetricsNull_measuresTheRest_exits5() throws Exception {
        CollectFixture f = CollectFixture.copy(tmp);
        Files.delete(f.loop("tasks.jsonl"));
        Cli.Result r = f.collect();
        assertThat(r.exit()).as(r.toString()).isEqualTo(5);
        JsonNode rec = lastLine(f.health());
        for (String m : List.of("tasks_created", "tasks_completed", "duplicate_tasks", "false_positive_rate", "sla_completion_rate", "cost_signal")) {
            assertThat(rec.path(m).isNull()).as(m + " is null, never 0").isTrue();
        }
        assertThat(rec.path("agent_success_rate").decimalValue()).isEqualByComparingTo("0.8");
        assertThat(rec.path("manual_rescues").asLong()).isEqualTo(1);
        assertThat(rec.path("errors").toString()).contains("loops/kaizen-stack/tasks.jsonl: file is missing");
        assertThat(r.out()).contains("source failed: loops/kaizen-stack/tasks.jsonl: file is missing");
    }

    @Test
    void collect_malformedTaskLine_namesThePathAndLine() throws Exception {
        CollectFixture f = CollectFixture.copy(tmp);
        Files.writeString(f.loop("tasks.jsonl"), Files.readString(f.loop("tasks.jsonl"))
                + "{\"id\":\"T8\",\"created_at\":\"yesterday\",\"status\":\"open\"}\n");
        Cli.Result r = f.collect();
        assertThat(r.exit()).isEqualTo(5);
        assertThat(r.out()).contains("loops/kaizen-stack/tasks.jsonl:8: task 'T8': created_at: 'yesterday' is not an instant");
        assertThat(lastLine(f.health()).path("tasks_created").isNull()).isTrue();
    }

    @Test
    void collect_badAgentFiles_leaveAgentMetricsNullWithEachPath() throws Exception {
        CollectFixture f = CollectFixture.copy(tmp);
        Files.writeString(f.fleet.resolve("repo-a/.kaizen/metrics/optimization/summary.json"), "{\"success_rate\": 1.7, \"executions\": 3, \"mean_session_time_sec\": 1}");
        Files.writeString(f.fleet.resolve("repo-b/.kaizen/metrics/optimization/executions.jsonl"),
                "{\"at\":\"2026-06-25T11:30:00Z\",\"success\":\"yes\",\"duration_sec\":60}\n");
        Cli.Result r = f.collect();
        assertThat(r.exit()).isEqualTo(5);
        JsonNode rec = lastLine(f.health());
        assertThat(rec.path("agent_success_rate").isNull()).isTrue();
        assertThat(rec.path("mean_session_time_sec").isNull()).isTrue();
        assertThat(rec.path("tasks_created").asLong()).isEqualTo(4);
        String errors = rec.path("errors").toString();
        assertThat(errors).contains("2 of 4 repo metric reads failed")
                .contains("../fleet/repo-a/.kaizen/metrics/optimization/summary.json: success_rate: 1.7 is out of range")
                .contains("../fleet/repo-b/.kaizen/metrics/optimization/executions.jsonl:1: success: \\\"yes\\\"; expected true or false");
    }

    @Test
    void collect_missingRepoClone_isASourceFailure() throws Exception {
        CollectFixture f = CollectFixture.copy(tmp);
        Files.writeString(f.loop("loop.yml"), Files.readString(f.loop("loop.yml")).replace("[repo-a, repo-b]", "[repo-a, repo-b, repo-c]"));
        Cli.Result r = f.collect();
        assertThat(r.exit()).isEqualTo(5);
        assertThat(r.out()).contains("../fleet/repo-c: repo directory is missing");
    }

    @Test
    void collect_tornLastExecutionLine_isLeftForTheNextCollection() throws Exception {
        CollectFixture f = CollectFixture.copy(tmp);
        Path ex = f.fleet.resolve("repo-b/.kaizen/metrics/optimization/executions.jsonl");
        Files.writeString(ex, Files.readString(ex) + "{\"at\":\"2026-06-25T12:06:00Z\",\"succ");
        Cli.Result r = f.collect();
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(lastLine(f.health()).path("agent_success_rate").decimalValue()).isEqualByComparingTo("0.8");
    }

    @Test
    void collect_rescueWithUnreadableTime_makesTheCountUnknown() throws Exception {
        CollectFixture f = CollectFixture.copy(tmp);
        Files.writeString(f.loop("bootstrap-log.md"), Files.readString(f.loop("bootstrap-log.md"))
                + "- 2026-06-25T25:61Z [rescue] typo in the hour\n");
        Cli.Result r = f.collect();
        assertThat(r.exit()).isEqualTo(5);
        JsonNode rec = lastLine(f.health());
        assertThat(rec.path("manual_rescues").isNull()).isTrue();
        assertThat(rec.path("errors").toString()).contains("loops/kaizen-stack/bootstrap-log.md:6:");
    }

    @Test
    void collect_notConfiguredSources_areNullWithoutFailing() throws Exception {
        CollectFixture f = CollectFixture.copy(tmp);
        Files.writeString(f.loop("loop.yml"), "sla_hours: 24\n");
        Cli.Result r = f.collect();
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode rec = lastLine(f.health());
        assertThat(rec.path("tasks_created").isNull()).isTrue();
        assertThat(rec.path("agent_success_rate").isNull()).isTrue();
        assertThat(rec.path("errors").toString()).contains("no task source in loop.yml").contains("no agents in loop.yml");
    }

    @Test
    void collect_brokenLoop_isReported_andTheOthersAreCollected() throws Exception {
        CollectFixture f = CollectFixture.copy(tmp);
        Path other = f.ws.resolve("loops/other");
        Files.createDirectories(other);
        Files.writeString(other.resolve("cadence.yml"), "loop: other\nphase: sideways\ncron: \"0 * * * *\"\n");
        Cli.Result r = f.collect();
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("loops/other/cadence.yml:2:");
        assertThat(lastLine(f.health()).path("cycle").asText()).isEqualTo("2026-06-25T12:00:00Z");
        assertThat(other.resolve("health.jsonl")).doesNotExist();
    }

    @Test
    void collect_malformedLastHealthRecord_refusesToAppendForThatLoop() throws Exception {
        CollectFixture f = CollectFixture.copy(tmp);
        Files.writeString(f.loop("health.jsonl"), f.health() + "{\"loop\":\"kaizen-stack\",\"cycle\":\"soon\"}\n");
        String before = f.health();
        Cli.Result r = f.collect();
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("loops/kaizen-stack/health.jsonl:2:").contains("fix or remove this line");
        assertThat(f.health()).isEqualTo(before);
    }

    @Test
    void collect_unknownOrMalformedLoop_isAClearError() throws Exception {
        CollectFixture f = CollectFixture.copy(tmp);
        Map<String, String> before = Cli.snapshot(tmp);
        Cli.Result bad = f.collect("--loop", "Bad_Name");
        assertThat(bad.exit()).isEqualTo(2);
        Cli.Result missing = f.collect("--loop", "nope");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("no loop 'nope'").contains("loops: kaizen-stack");
        assertThat(Cli.snapshot(tmp)).isEqualTo(before);
    }

    @Test
    void collect_progressLog_printsPlainLinesForLongCollections() throws Exception {
        CollectFixture f = CollectFixture.copy(tmp);
        StringBuilder repos = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            String name = String.format("r%02d", i);
            for (String agent : List.of("optimization", "coach")) {
                Path d = f.fleet.resolve(name + "/.kaizen/metrics/" + agent);
                Files.createDirectories(d);
                Files.writeString(d.resolve("summary.json"), "{\"success_rate\": 1, \"executions\": 1, \"mean_session_time_sec\": 10}");
            }
            repos.append(i == 0 ? "" : ", ").append(name);
        }
        Files.writeString(f.loop("loop.yml"), Files.readString(f.loop("loop.yml")).replace("[repo-a, repo-b]", "[" + repos + "]"));
        Cli.Result r = f.collect("--progress", "log");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err().lines().filter(l -> l.startsWith("collect kaizen-stack: "))).hasSize(10)
                .first().isEqualTo("collect kaizen-stack: 6/60 repo metrics read (10%)");
        assertThat(r.err()).contains("collect kaizen-stack: 60/60 repo metrics read (100%)");
        assertThat(r.out()).doesNotContain("repo metrics read");

        CollectFixture small = CollectFixture.copy(tmp.resolve("small"));
        assertThat(small.collect("--progress", "log").err()).doesNotContain("repo metrics read");
    }
}
