package dev.loopreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.format.Mappers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The regulator's own cadence (T08): self-promotion after a week of unchanged recommendations, self-demotion on a trigger. */
class RegulatorCadenceTest {

    @TempDir
    Path tmp;

    static final Instant START = Instant.parse("2026-06-01T00:00:00Z");
    static final List<String> LOOPS = List.of("kaizen-stack", "quality-escalation", "registry-hygiene");

    /** A workspace made by init at START with a week of hourly evaluation runs (every loop holding) in recommendations.jsonl. */
    Path weekOfRuns() throws Exception {
        Path ws = tmp.resolve("ws");
        assertThat(Cli.run("-w", ws.toString(), "--now", START.toString(), "init").exit()).isZero();
        StringBuilder sb = new StringBuilder();
        for (Instant t = START.plus(Duration.ofMinutes(50)); t.isBefore(Instant.parse("2026-06-08T00:50:00Z")); t = t.plus(Duration.ofHours(1))) {
            for (String loop : LOOPS) {
                sb.append("{\"evaluated_at\":\"").append(t).append("\",\"loop\":\"").append(loop)
                        .append("\",\"phase\":\"bootstrap\",\"recommendation\":\"hold\",\"to_phase\":null,\"rules\":[],\"errors\":[]}\n");
            }
        }
        Files.writeString(ws.resolve("loops/regulator/recommendations.jsonl"), sb.toString());
        return ws;
    }

    @Test
    void aWeekOfUnchangedRecommendations_recommendsDaily_andTheTickedBoxAppliesIt() throws Exception {
        Path ws = weekOfRuns();
        Cli.Result early = Cli.run("-w", ws.toString(), "--now", "2026-06-07T23:50:00Z", "evaluate");
        assertThat(early.out()).contains("Regulator: hold hourly: hourly since 2026-06-01T00:00:00Z, less than 7 days");

        Cli.Result e = Cli.run("-w", ws.toString(), "--now", "2026-06-08T00:50:00Z", "evaluate");
        assertThat(e.exit()).as(e.toString()).isZero();
        assertThat(e.out()).contains("Regulator: promote hourly → daily: 168 runs over the last 7 days with unchanged recommendations; "
                + "collector \"0 11 * * *\", session \"0 11 * * 1\"");
        Path dash = ws.resolve("loops/regulator/dashboard.md");
        String box = "- [ ] promote the regulator's own cadence to daily";
        assertThat(Files.readString(dash)).contains(box).contains("## Regulator cadence\n\nPhase hourly since 2026-06-01T00:00:00Z");
        Files.writeString(dash, Files.readString(dash).replace(box, box.replace("[ ]", "[x]")));

        Cli.Result a = Cli.runWithEnv(Map.of("USER", "ops"), "-w", ws.toString(), "--now", "2026-06-08T01:00:00Z", "apply", "--approved");
        assertThat(a.exit()).as(a.toString()).isZero();
        assertThat(a.out()).contains("done:    promote the regulator's own cadence to daily").contains("DEC-001: the regulator hourly → daily");
        String cadence = Files.readString(ws.resolve("loops/regulator/cadence.yml"));
        assertThat(cadence).contains("phase: daily").contains("collector_cron: \"0 11 * * *\"").contains("session_cron: \"0 11 * * 1\"")
                .contains("promoted_at: 2026-06-08T01:00:00Z").contains("phase_since: 2026-06-08T01:00:00Z");
        assertThat(Files.readString(ws.resolve("activity-definitions/hourly-loop-health-collector.md"))).contains("cron: \"0 11 * * *\"");
        assertThat(Files.readString(ws.resolve("activity-definitions/regulator-session.md"))).contains("cron: \"0 11 * * 1\"");
        JsonNode d = Mappers.JSON.readTree(Files.readAllLines(ws.resolve("loops/regulator/decisions.jsonl")).get(0));
        assertThat(d.get("kind").asText()).isEqualTo("cadence_change");
        assertThat(d.get("loop").asText()).isEqualTo("regulator");
        assertThat(d.get("from").asText() + "→" + d.get("to").asText()).isEqualTo("hourly→daily");
        assertThat(d.get("evidence").get("runs").asInt()).isEqualTo(168);
        assertThat(ws.resolve("loops/regulator/decisions/DEC-001-promote-regulator-to-daily.md")).exists();
        Cli.Result v = Cli.run("-w", ws.toString(), "validate");
        assertThat(v.exit()).as(v.toString()).isZero();
    }

    @Test
    void daily_aLoopTriggerFires_recommendsHourly_andApplyRegulatorDemotes() throws Exception {
        Path ws = weekOfRuns();
        assertThat(Cli.run("-w", ws.toString(), "--now", "2026-06-08T00:50:00Z", "apply", "regulator").exit()).isZero();
        // two manual rescues recorded for registry-hygiene within 24 h
        Path health = ws.resolve("loops/registry-hygiene/health.jsonl");
        for (String cycle : List.of("2026-06-08T01:00:00Z", "2026-06-08T02:00:00Z")) {
            Files.writeString(health, "{\"loop\":\"registry-hygiene\",\"cycle\":\"" + cycle + "\",\"at\":\"" + cycle
                    + "\",\"phase\":\"bootstrap\",\"tasks_created\":3,\"tasks_completed\":3,\"manual_rescues\":1,\"duplicate_tasks\":0,"
                    + "\"false_positive_rate\":0,\"errors\":[]}\n", StandardOpenOption.APPEND);
        }
        Cli.Result e = Cli.run("-w", ws.toString(), "--now", "2026-06-08T02:50:00Z", "evaluate");
        assertThat(e.out()).contains("Regulator: demote daily → hourly: registry-hygiene rescues_24h fired");
        Cli.Result a = Cli.run("-w", ws.toString(), "--now", "2026-06-08T02:55:00Z", "apply", "regulator", "--by", "ops");
        assertThat(a.exit()).as(a.toString()).isZero();
        assertThat(a.out()).startsWith("DEC-002: the regulator's own cadence daily → hourly (collector \"50 * * * *\", session \"0 11 * * *\")")
                .contains("updated:  activity-definitions/hourly-loop-health-collector.md")
                .contains("updated:  activity-definitions/regulator-session.md");
        assertThat(Files.readString(ws.resolve("loops/regulator/cadence.yml"))).contains("phase: hourly").contains("demotion_count: 1");
        assertThat(Files.readString(ws.resolve("activity-definitions/hourly-loop-health-collector.md"))).contains("cron: \"50 * * * *\"");

        // back in hourly, the trigger keeps it there: a hold is refused and changes nothing
        Map<String, String> before = Cli.snapshot(ws);
        Cli.Result again = Cli.run("-w", ws.toString(), "--now", "2026-06-08T03:00:00Z", "apply", "regulator");
        assertThat(again.exit()).isEqualTo(ExitCodes.REFUSED);
        assertThat(again.err()).contains("nothing to apply: hold hourly: registry-hygiene rescues_24h fires");
        assertThat(Cli.snapshot(ws)).isEqualTo(before);
    }

    @Test
    void badRegulatorCadence_isReportedWithItsLine() throws Exception {
        Path ws = weekOfRuns();
        Path c = ws.resolve("loops/regulator/cadence.yml");
        Files.writeString(c, Files.readString(c).replace("phase: hourly", "phase: weekly"));
        Cli.Result v = Cli.run("-w", ws.toString(), "validate");
        assertThat(v.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(v.out() + v.err()).contains("loops/regulator/cadence.yml:3: phase: 'weekly' is not allowed; expected one of hourly, daily");
        Cli.Result e = Cli.run("-w", ws.toString(), "--now", "2026-06-08T00:50:00Z", "evaluate");
        assertThat(e.out()).contains("Regulator: loops/regulator/cadence.yml:3: phase: 'weekly' is not allowed");
        Cli.Result a = Cli.run("-w", ws.toString(), "--now", "2026-06-08T00:50:00Z", "apply", "regulator");
        assertThat(a.exit()).isEqualTo(ExitCodes.BAD_INPUT);
    }

    /**
     * The cadence check reads runs.jsonl, one line per run with the words that changed, and comes to the verdict reading
     * recommendations.jsonl would give: evaluations every hour for a day (promote_after_days: 1), one loop unusable for
     * two of them, then the same verdict with runs.jsonl (even with the old recommendation lines rewritten, which it no
     * longer reads) and without it (the fallback for a workspace from before runs.jsonl).
     */
    @Test
    void runsJsonl_carriesTheChanges_andGivesTheVerdictRecommendationsWould() throws Exception {
        Path ws = tmp.resolve("ws");
        assertThat(Cli.run("-w", ws.toString(), "--now", START.toString(), "init").exit()).isZero();
        Path self = ws.resolve("loops/regulator/cadence.yml");
        Files.writeString(self, Files.readString(self).replace("promote_after_days: 7", "promote_after_days: 1"));
        Path cadence = ws.resolve("loops/registry-hygiene/cadence.yml");
        String good = Files.readString(cadence);
        Instant t = START.plus(Duration.ofMinutes(50));
        for (int i = 0; i < 30; i++, t = t.plus(Duration.ofHours(1))) {
            Files.writeString(cadence, i == 10 || i == 11 ? "phase: [" : good);
            assertThat(Cli.run("-w", ws.toString(), "--now", t.toString(), "evaluate").exit()).isEqualTo(i == 10 || i == 11 ? 1 : 0);
        }
        List<String> runs = Files.readAllLines(ws.resolve("loops/regulator/runs.jsonl"));
        assertThat(runs).hasSize(30);
        assertThat(runs.get(0)).startsWith("{\"evaluated_at\":\"2026-06-01T00:50:00Z\",\"loops\":3,\"changes\":[{\"loop\":\"kaizen-stack\","
                + "\"before\":\"(absent)\",\"after\":\"hold\"}");
        assertThat(runs.get(1)).isEqualTo("{\"evaluated_at\":\"2026-06-01T01:50:00Z\",\"loops\":3,\"changes\":[]}");
        assertThat(runs.get(10)).isEqualTo("{\"evaluated_at\":\"2026-06-01T10:50:00Z\",\"loops\":3,\"changes\":[{\"loop\":"
                + "\"registry-hygiene\",\"before\":\"hold\",\"after\":\"error\"}]}");
        assertThat(runs.get(12)).contains("{\"loop\":\"registry-hygiene\",\"before\":\"error\",\"after\":\"hold\"}");

        String now = t.minus(Duration.ofHours(1)).plus(Duration.ofMinutes(5)).toString();   // 5 min after the last run
        String expected = "Regulator: hold hourly: 2 recommendation changes in the last 1 days, the latest: registry-hygiene error → hold at "
                + "2026-06-01T12:50:00Z";
        Path recs = ws.resolve("loops/regulator/recommendations.jsonl");
        String original = Files.readString(recs);
        Files.writeString(recs, original.replace("\"recommendation\":null", "\"recommendation\":\"hold\""));
        assertThat(verdict(ws, now)).isEqualTo(expected);   // from runs.jsonl: the rewritten lines are not read
        Files.writeString(recs, original);
        Files.delete(ws.resolve("loops/regulator/runs.jsonl"));
        assertThat(verdict(ws, now)).isEqualTo(expected);   // from recommendations.jsonl
    }

    /** The regulator line of a JSON evaluation at {@code now}, of a copy of the workspace (evaluating appends). */
    private String verdict(Path ws, String now) throws Exception {
        Path copy = dev.loopreg.Samples.copyTree(ws, Files.createTempDirectory(tmp, "copy"));
        Cli.Result r = Cli.run("-w", copy.toString(), "--now", now, "evaluate");
        return r.out().lines().filter(l -> l.startsWith("Regulator: ")).findFirst().orElse(r.toString());
    }
}
