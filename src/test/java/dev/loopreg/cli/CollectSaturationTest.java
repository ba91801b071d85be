package dev.loopreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.source.TestRepos;
import dev.loopreg.format.Mappers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The collector's saturation snapshots of the rotation loop, from real files and real git repositories. */
class CollectSaturationTest {

    @TempDir
    Path tmp;

    static Instant t(String hhmm) {
        return Instant.parse("2026-07-02T" + hhmm + ":00Z");
    }

    /** repo-a and repo-b active, with git history; collect at 06:10 measures (05:00, 06:00]. */
    RotationFixture fixture(boolean withRepoC) throws Exception {
        RotationFixture f = new RotationFixture(tmp);
        Files.delete(f.saturation());
        Files.writeString(f.roster(), "active:\n  - repo: repo-a\n    since: \"2026-07-01T00:00:00Z\"\n  - repo: repo-b\n"
                + (withRepoC ? "  - repo: repo-c\n" : "") + "expansion_queue: [repo-d]\n");
        Path a = f.fleet.resolve("repo-a");
        try (Git g = TestRepos.init(a)) {
            TestRepos.commit(g, "Older change (#3)", t("04:00"));      // before the interval
            TestRepos.commit(g, "Tune the cache (#41)", t("05:15"));   // squash merge
            TestRepos.mergePr(g, "speed-up", t("05:05"), t("05:50"));  // merge commit
            TestRepos.commit(g, "direct fix", t("05:55"));             // not a PR
        }
        Path m = a.resolve(".kaizen/metrics/optimization");
        Files.createDirectories(m);
        Files.writeString(m.resolve("executions.jsonl"), """
                {"at": "2026-07-02T04:30:00Z", "success": true, "quality": 0.9, "duration_sec": 100}
                {"at": "2026-07-02T05:10:00Z", "success": true, "quality": 0.8, "duration_sec": 100}
                {"at": "2026-07-02T05:40:00Z", "success": false, "quality": 0.6, "duration_sec": 100}
                """);
        Files.writeString(a.resolve(".kaizen/recommendations.jsonl"), """
                {"id": "R1", "created_at": "2026-07-02T04:50:00Z", "agent": "optimization", "actionable": true}
                {"id": "R2", "created_at": "2026-07-02T05:20:00Z", "agent": "optimization", "actionable": true}
                {"id": "R3", "created_at": "2026-07-02T05:30:00Z", "agent": "optimization", "actionable": false}
                {"id": "R4", "created_at": "2026-07-02T05:35:00Z", "agent": "coach", "actionable": true}
                """);
        Path b = f.fleet.resolve("repo-b");
        try (Git g = TestRepos.init(b)) {
            TestRepos.commit(g, "initial", t("01:00"));
        }
        Files.createDirectories(b.resolve(".kaizen/metrics/optimization"));
        Files.writeString(b.resolve(".kaizen/metrics/optimization/summary.json"),
                "{\"success_rate\": 0.9, \"avg_quality\": 0.75, \"executions\": 40, \"mean_session_time_sec\": 300, "
                        + "\"updated_at\": \"2026-07-02T05:00:00Z\"}");
        Files.writeString(b.resolve(".kaizen/recommendations.jsonl"), "");
        for (String r : List.of("repo-a", "repo-b", "repo-c")) {
            Path coach = f.fleet.resolve(r).resolve(".kaizen/metrics/coach");
            Files.createDirectories(coach);
            Files.writeString(coach.resolve("executions.jsonl"), "");
        }
        return f;
    }

    static List<JsonNode> lines(Path file) throws Exception {
        List<JsonNode> out = new java.util.ArrayList<>();
        for (String l : Files.readAllLines(file)) out.add(Mappers.JSON.readTree(l));
        return out;
    }

    @Test
    void collect_writesOneSnapshotPerActiveRepo_fromExecutionsRecommendationsAndGit() throws Exception {
        RotationFixture f = fixture(false);
        Cli.Result r = f.run(RotationFixture.NOW, "collect", "--loop", "kaizen-stack");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("2 saturation snapshot(s) appended to loops/kaizen-stack/saturation.jsonl");
        List<JsonNode> snaps = lines(f.saturation());
        assertThat(snaps).hasSize(2);
        JsonNode a = snaps.get(0);
        assertThat(a.path("repo").asText()).isEqualTo("repo-a");
        assertThat(a.path("cycle").asText()).isEqualTo("2026-07-02T06:00:00Z");
        assertThat(a.path("since").asText()).isEqualTo("2026-07-02T05:00:00Z");
        // executions 05:10 (ok, 0.8) and 05:40 (failed, 0.6); 04:30 is before the interval
        assertThat(a.path("avg_quality").decimalValue()).isEqualByComparingTo("0.7");
        assertThat(a.path("success_rate").decimalValue()).isEqualByComparingTo("0.5");
        assertThat(a.path("executions").asLong()).isEqualTo(2);
        // R2 only: R1 is older, R3 is not actionable, R4 is the coach's
        assertThat(a.path("new_actionable_recommendations").asLong()).isEqualTo(1);
        // the squash merge at 05:15 and the merge commit at 05:50; not the 04:00 one, the direct fix or the branch's work
        assertThat(a.path("merged_prs").asLong()).isEqualTo(2);
        assertThat(a.has("progress_events")).isFalse();
        JsonNode b = snaps.get(1);
        assertThat(b.path("avg_quality").decimalValue()).isEqualByComparingTo("0.75");   // summary.json
        assertThat(b.path("success_rate").decimalValue()).isEqualByComparingTo("0.9");
        assertThat(b.path("new_actionable_recommendations").asLong()).isZero();
        assertThat(b.path("merged_prs").asLong()).isZero();
        // the health record: marginal gain 2 + 0; no saturation verdict yet (1 snapshot)
        List<String> health = Files.readAllLines(f.ws.resolve("loops/kaizen-stack/health.jsonl"));
        JsonNode rec = Mappers.JSON.readTree(health.get(health.size() - 1));
        assertThat(rec.path("marginal_gain").asLong()).isEqualTo(2);
        assertThat(rec.has("saturation_score")).isFalse();
        assertThat(rec.path("errors").toString()).contains("saturation_score: no active repo has a saturation signal with data yet");
    }

    @Test
    void collect_cutOffBetweenItsSnapshotsAndItsHealthRecord_doesNotDoubleTheSnapshotsOnTheRetry() throws Exception {
        RotationFixture f = fixture(false);
        assertThat(f.run(RotationFixture.NOW, "collect", "--loop", "kaizen-stack").exit()).isZero();
        List<String> snapshots = Files.readAllLines(f.saturation());
        assertThat(snapshots).hasSize(2);
        // the run that was killed after appending saturation.jsonl and before health.jsonl: the record is not there
        Path health = f.ws.resolve("loops/kaizen-stack/health.jsonl");
        List<String> records = Files.readAllLines(health);
        Files.write(health, records.subList(0, records.size() - 1));
        Cli.Result retry = f.run(RotationFixture.NOW, "collect", "--loop", "kaizen-stack");
        assertThat(retry.exit()).as(retry.toString()).isZero();
        assertThat(Files.readAllLines(f.saturation())).isEqualTo(snapshots);
        assertThat(Files.readAllLines(health)).hasSize(records.size());
        JsonNode rec = Mappers.JSON.readTree(Files.readAllLines(health).get(records.size() - 1));
        assertThat(rec.path("marginal_gain").asLong()).isEqualTo(2);
    }

    @Test
    void collect_aRepoThatIsNotAGitClone_nullMergedPrsAndExit5_othersStillMeasured() throws Exception {
        RotationFixture f = fixture(true);
        Files.createDirectories(f.fleet.resolve("repo-c/.kaizen/metrics/optimization"));
        Files.writeString(f.fleet.resolve("repo-c/.kaizen/metrics/optimization/executions.jsonl"), "");
        Cli.Result r = f.run(RotationFixture.NOW, "collect", "--loop", "kaizen-stack");
        assertThat(r.exit()).as(r.toString()).isEqualTo(5);
        assertThat(r.out()).contains("source failed: ../fleet/repo-c: not a git repository");
        List<JsonNode> snaps = lines(f.saturation());
        assertThat(snaps).hasSize(3);
        JsonNode c = snaps.get(2);
        assertThat(c.path("merged_prs").isNull()).isTrue();
        assertThat(c.path("executions").asLong()).isZero();
        assertThat(c.path("avg_quality").isNull()).isTrue();
        assertThat(c.path("errors").toString()).contains("merged_prs: ../fleet/repo-c: not a git repository");
        assertThat(snaps.get(0).path("merged_prs").asLong()).isEqualTo(2);
        List<String> health = Files.readAllLines(f.ws.resolve("loops/kaizen-stack/health.jsonl"));
        JsonNode rec = Mappers.JSON.readTree(health.get(health.size() - 1));
        assertThat(rec.has("marginal_gain")).isFalse();
        assertThat(rec.path("errors").toString()).contains("marginal_gain: the merged PRs or progress events of an active repo were not measured");
    }
}
