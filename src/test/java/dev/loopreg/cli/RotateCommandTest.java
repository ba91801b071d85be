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

class RotateCommandTest {

    @TempDir
    Path tmp;

    static JsonNode json(String s) throws Exception {
        return Mappers.JSON.readTree(s);
    }

    static JsonNode lastLine(Path file) throws Exception {
        List<String> l = Files.readAllLines(file);
        return json(l.get(l.size() - 1));
    }

    @Test
    void rotation_json_verdictsQueueAndSaturatedWithRevisitDates() throws Exception {
        RotationFixture f = new RotationFixture(tmp);
        Cli.Result r = f.run(RotationFixture.NOW, "rotation", "--json");
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode o = json(r.out());
        JsonNode a = o.path("repos").get(0);
        assertThat(a.path("repo").asText()).isEqualTo("repo-a");
        assertThat(a.path("agent").asText()).isEqualTo("optimization");
        assertThat(a.path("signals").toString())
                .isEqualTo("{\"quality_plateau\":true,\"success_stable\":true,\"optimizer_stall\":true,\"no_marginal_gain\":true}");
        assertThat(a.path("score").asInt()).isEqualTo(4);
        assertThat(a.path("candidate").asBoolean()).isTrue();
        JsonNode b = o.path("repos").get(1);
        assertThat(b.path("signals").toString())
                .isEqualTo("{\"quality_plateau\":false,\"success_stable\":false,\"optimizer_stall\":false,\"no_marginal_gain\":false}");
        assertThat(b.path("candidate").asBoolean()).isFalse();
        JsonNode c = o.path("repos").get(2);
        assertThat(c.path("status").asText()).isEqualTo("warming up");
        assertThat(c.path("snapshots").asInt()).isEqualTo(10);
        assertThat(o.path("queue").findValuesAsText("repo")).containsExactly("repo-d", "repo-e");
        JsonNode old = o.path("saturated").get(0);
        assertThat(old.path("repo").asText()).isEqualTo("repo-old");
        assertThat(old.path("revisit_at").asText()).isEqualTo("2026-05-31T00:00:00Z");
        assertThat(old.path("revisit_due").asBoolean()).isTrue();
        assertThat(o.path("recommended_rotations").toString()).isEqualTo("[\"repo-a\"]");
        assertThat(o.path("automation").path("reason").asText()).startsWith("automation.mode is recommend");
    }

    @Test
    void rotation_text_andSignals_showTheEvidence() throws Exception {
        RotationFixture f = new RotationFixture(tmp);
        Cli.Result r = f.run(RotationFixture.NOW, "rotation");
        assertThat(r.out()).contains("Recommended: loopreg rotate repo-a")
                .containsPattern("repo-a +28 +fired +fired +fired +fired +4/4 +candidate")
                .contains("Saturated: repo-old (saturated 2026-05-01T00:00:00Z, revisit DUE since 2026-05-31T00:00:00Z)");
        Cli.Result s = f.run(RotationFixture.NOW, "rotation", "signals", "repo-b");
        assertThat(s.exit()).as(s.toString()).isZero();
        assertThat(s.out()).contains("quality_plateau: NOT FIRED").contains("Theil–Sen slope 0.01/cycle")
                .contains("Mann–Kendall S 378").contains("→ rising");
        JsonNode j = json(f.run(RotationFixture.NOW, "rotation", "signals", "repo-b", "--json").out());
        JsonNode trend = j.path("evidence").path("quality_plateau").path("trend");
        assertThat(trend.path("mann_kendall").path("s").asInt()).isEqualTo(378);   // 28 points strictly rising: 28·27/2
        assertThat(trend.path("theil_sen_slope").decimalValue()).isEqualByComparingTo("0.01");
        Cli.Result none = f.run(RotationFixture.NOW, "rotation", "signals", "repo-d");
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.err()).contains("it is in expansion_queue, and only active repos are judged");
    }

    @Test
    void rotate_notACandidate_refusedWithTheSignals_andNothingChanges() throws Exception {
        RotationFixture f = new RotationFixture(tmp);
        Map<String, String> before = Cli.snapshot(tmp);
        Cli.Result r = f.run(RotationFixture.NOW, "rotate", "repo-b");
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err()).contains("not rotated: repo-b is not a rotation candidate — not saturated: 0 of 4 signals fired")
                .contains("quality_plateau: not fired").contains("--force --reason TEXT");
        Cli.Result warm = f.run(RotationFixture.NOW, "rotate", "repo-c");
        assertThat(warm.exit()).isEqualTo(3);
        assertThat(warm.err()).contains("warming up: 10 of 14 cycles since it became active");
        assertThat(Cli.snapshot(tmp)).isEqualTo(before);
    }

    @Test
    void validate_checksTheRosterAgainstTheRotationDecisions() throws Exception {
        RotationFixture f = new RotationFixture(tmp);
        assertThat(f.run(RotationFixture.NOW, "rotate", "repo-a", "--by", "bernd").exit()).isZero();
        Cli.Result ok = f.run(RotationFixture.NOW, "validate");
        assertThat(ok.out() + ok.err()).doesNotContain("the last decision about it");
        // a hand edit (or a rotate that stopped halfway) puts repo-a back among the active repos
        String roster = Files.readString(f.roster());
        Files.writeString(f.roster(), roster.replace("saturated:", "saturated: []\nunused:").replace("active:", "active:\n  - repo: repo-a"));
        Cli.Result v = f.run(RotationFixture.NOW, "validate");
        assertThat(v.out() + v.err()).contains("loops/kaizen-stack/roster.yaml: warning: repo-a is in active but the last decision about it, "
                + "DEC-001, put it in saturated; was roster.yaml edited by hand, or did a rotate or revisit stop halfway?");
    }

    @Test
    void rotate_candidate_movesTheRosterPatchesSchedulesAndRecordsTheDecision() throws Exception {
        RotationFixture f = new RotationFixture(tmp);
        Cli.Result r = f.run(RotationFixture.NOW, "rotate", "repo-a", "--by", "bernd");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("DEC-001 rotate repo-a: active → saturated (recommended: candidate-saturated: 4 of 4 signals fired")
                .contains("repo-d: expansion_queue → active (priority elevated)");
        // roster: repo-a saturated, repo-d active and elevated, header comment kept
        String roster = Files.readString(f.roster());
        assertThat(roster).startsWith("# Pilot roster (DEC-001)\n");
        Cli.Result active = f.run(RotationFixture.NOW, "roster", "--status", "active");
        assertThat(active.out()).isEqualTo("repo-b\nrepo-c\nrepo-d\n");
        JsonNode rj = json(f.run(RotationFixture.NOW, "roster", "--json").out());
        assertThat(rj.path("active").get(2).path("priority").asText()).isEqualTo("elevated");
        assertThat(rj.path("active").get(2).path("since").asText()).isEqualTo("2026-07-02T06:10:00Z");
        assertThat(rj.path("saturated").findValuesAsText("repo")).containsExactly("repo-old", "repo-a");
        assertThat(rj.path("saturated").get(1).path("saturated_at").asText()).isEqualTo("2026-07-02T06:10:00Z");
        assertThat(rj.path("expansion_queue").findValuesAsText("repo")).containsExactly("repo-e");
        // schedule: only optimization.enabled changed, comments kept; the promoted repo's paused schedule resumed
        assertThat(Files.readString(f.schedule("repo-a")))
                .isEqualTo(RotationFixture.SCHEDULE.formatted("repo-a").replace("enabled: true     # nightly", "enabled: false     # nightly"));
        assertThat(Files.readString(f.schedule("repo-d"))).isEqualTo("optimization: {enabled: true, cron: \"0 3 * * *\"}\n");
        // the decision, with the evidence
        JsonNode d = lastLine(f.decisions());
        assertThat(d.path("id").asText()).isEqualTo("DEC-001");
        assertThat(d.path("kind").asText()).isEqualTo("rotation");
        assertThat(d.path("repo").asText()).isEqualTo("repo-a");
        assertThat(d.path("by").asText()).isEqualTo("bernd");
        assertThat(d.path("recommended").asBoolean()).isTrue();
        assertThat(d.path("promoted").asText()).isEqualTo("repo-d");
        assertThat(d.path("evidence").path("evidence").path("quality_plateau").path("trend").path("mann_kendall").isObject()).isTrue();
        Path md = f.ws.resolve("loops/regulator/decisions/DEC-001-rotate-repo-a.md");
        assertThat(Files.readString(md)).contains("| `optimizer_stall` | fired |");
        assertThat(Files.readString(f.ws.resolve("loops/regulator/dashboard.md"))).contains("## Repo rotation — kaizen-stack")
                .contains("kaizen-stack · repo-a | rotation | active → saturated");
    }

    @Test
    void rotate_withinTheCooldown_refused_forceNeedsAReason_andIsNotRecommended() throws Exception {
        RotationFixture f = new RotationFixture(tmp);
        assertThat(f.run(RotationFixture.NOW, "rotate", "repo-a").exit()).isZero();
        f.moreCycles(31, 20);   // 20 more cycles: repo-d is past its warm-up and looks saturated
        String later = RotationFixture.at(40, 10);   // 10 cycles after the rotation: inside the 14-cycle cooldown
        Cli.Result r = f.run(later, "rotation", "--json");
        assertThat(json(r.out()).path("recommended_rotations").toString()).isEqualTo("[]");
        Cli.Result c = f.run(later, "rotate", "repo-c");
        assertThat(c.exit()).as(c.toString()).isEqualTo(3);
        assertThat(c.err()).contains("the roster is in its cooldown: 10 of 14 cycles since the last rotation (DEC-001)");
        Cli.Result usage = f.run(later, "rotate", "repo-c", "--force");
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.err()).contains("--force needs --reason TEXT");
        Cli.Result forced = f.run(later, "rotate", "repo-c", "--force", "--reason", "team moves to repo-e");
        assertThat(forced.exit()).as(forced.toString()).isZero();
        JsonNode d = lastLine(f.decisions());
        assertThat(d.path("forced").asBoolean()).isTrue();
        assertThat(d.path("recommended").asBoolean()).isFalse();
        assertThat(d.path("reason").asText()).isEqualTo("team moves to repo-e");
    }

    @Test
    void rotate_badRepos_clearErrors() throws Exception {
        RotationFixture f = new RotationFixture(tmp);
        Map<String, String> before = Cli.snapshot(tmp);
        Cli.Result unknown = f.run(RotationFixture.NOW, "rotate", "repo-zz");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("repo 'repo-zz' is not on the roster");
        Cli.Result queued = f.run(RotationFixture.NOW, "rotate", "repo-d");
        assertThat(queued.exit()).isEqualTo(3);
        assertThat(queued.err()).contains("repo 'repo-d' is in expansion_queue, not in active");
        Files.writeString(f.roster(), "active:\n  - repo: repo-a\n  - repo: repo-a\n");
        Cli.Result dup = f.run(RotationFixture.NOW, "rotate", "repo-a");
        assertThat(dup.exit()).isEqualTo(1);
        assertThat(dup.err()).contains("loops/kaizen-stack/roster.yaml:3: repo 'repo-a' is listed twice");
        Files.writeString(f.roster(), Files.readString(tmp.resolve("ws/loops/kaizen-stack/roster.yaml")));
        before.remove("ws/loops/kaizen-stack/roster.yaml");
        Map<String, String> after = Cli.snapshot(tmp);
        after.remove("ws/loops/kaizen-stack/roster.yaml");
        assertThat(after).isEqualTo(before);
    }

    @Test
    void rotate_scheduleThatCannotBePatched_changesNothing() throws Exception {
        RotationFixture f = new RotationFixture(tmp);
        Files.writeString(f.schedule("repo-a"), "optimization: [not, a, mapping]\n");
        Map<String, String> before = Cli.snapshot(tmp);
        Cli.Result r = f.run(RotationFixture.NOW, "rotate", "repo-a");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("../fleet/repo-a/.kaizen/schedule.yml:1: optimization is not a mapping").contains("Nothing was changed");
        assertThat(Cli.snapshot(tmp)).isEqualTo(before);
    }

    @Test
    void revisit_putsASaturatedRepoAtTheHeadOfTheQueue_andInsideTheCooldownUnconfirms() throws Exception {
        RotationFixture f = new RotationFixture(tmp);
        Cli.Result old = f.run(RotationFixture.NOW, "revisit", "repo-old", "--reason", "CI regression on main");
        assertThat(old.exit()).as(old.toString()).isZero();
        assertThat(old.out()).startsWith("DEC-001 revisit repo-old: saturated → expansion_queue (position 1): CI regression on main");
        assertThat(f.run(RotationFixture.NOW, "roster", "--status", "expansion_queue").out()).isEqualTo("repo-old\nrepo-d\nrepo-e\n");
        JsonNode d = lastLine(f.decisions());
        assertThat(d.path("kind").asText()).isEqualTo("revisit");
        assertThat(d.path("unconfirms").isNull()).isTrue();

        assertThat(f.run(RotationFixture.NOW, "rotate", "repo-a").exit()).isZero();
        f.moreCycles(31, 3);
        Cli.Result back = f.run(RotationFixture.at(33, 10), "revisit", "repo-a", "--reason", "new workstream");
        assertThat(back.exit()).as(back.toString()).isZero();
        assertThat(back.out()).contains("revisited within the cooldown of DEC-002");
        assertThat(lastLine(f.decisions()).path("unconfirms").asText()).isEqualTo("DEC-002");
        JsonNode gate = json(f.run(RotationFixture.at(60, 0), "rotation", "--json").out()).path("automation");
        assertThat(gate.path("manual_rotations").get(0).path("state").asText()).isEqualTo("un-confirmed");

        Cli.Result notSat = f.run(RotationFixture.NOW, "revisit", "repo-b", "--reason", "x");
        assertThat(notSat.exit()).isEqualTo(3);
        assertThat(f.run(RotationFixture.NOW, "revisit", "repo-old").exit()).isEqualTo(2);
    }

    @Test
    void roster_badStatus_usageError() throws Exception {
        RotationFixture f = new RotationFixture(tmp);
        Cli.Result r = f.run(RotationFixture.NOW, "roster", "--status", "paused");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--status: 'paused' is not a roster status");
        Cli.Result all = f.run(RotationFixture.NOW, "roster");
        assertThat(all.out()).containsPattern("repo-old +saturated +since 2026-05-01T00:00:00Z, revisit DUE since 2026-05-31");
    }

    @Test
    void validate_badSnapshotLineAndBadRoster_namedWithTheirLines_andRotationLeavesTheLineOut() throws Exception {
        RotationFixture f = new RotationFixture(tmp);
        Files.writeString(f.saturation(), "{\"repo\": \"repo-a\", \"agent\": \"optimization\", \"cycle\": \"2026-07-02T07:00:00Z\", "
                + "\"merged_prs\": -1}\n", java.nio.file.StandardOpenOption.APPEND);
        Cli.Result v = f.run(RotationFixture.NOW, "validate");
        assertThat(v.exit()).isEqualTo(1);
        assertThat(v.out() + v.err()).contains("loops/kaizen-stack/saturation.jsonl:91: merged_prs: -1 is not allowed; expected a whole number ≥ 0");
        Cli.Result r = f.run(RotationFixture.at(31, 0), "rotation");
        assertThat(r.exit()).isZero();
        assertThat(r.err()).contains("saturation.jsonl:91: merged_prs: -1 is not allowed").contains("(left out of the signals)");
        Files.writeString(f.roster(), "active:\n  - repo: a\n    priority: urgent\n");
        Cli.Result bad = f.run(RotationFixture.NOW, "validate");
        assertThat(bad.out() + bad.err()).contains("loops/kaizen-stack/roster.yaml:3: active[0].priority: 'urgent' is not a priority");
    }

    /**
     * ADR-004's resolver filter: the rotation loop's definitions carry the repos they may work on, kept equal to the
     * roster's active list by every rotation, in the rotation's plan — a block list, its comments around it left alone.
     */
    @Test
    void rotate_keepsTheLoopsDefinitionsRepos_inStepWithTheActiveList() throws Exception {
        RotationFixture f = new RotationFixture(tmp);
        Path def = f.ws.resolve("activity-definitions/kaizen-stack-optimization.md");
        Files.writeString(def, """
                ---
                id: kaizen-stack-optimization
                loop: kaizen-stack
                cron: "0 * * * *"
                enabled: true
                repos:
                  - repo-a
                  - repo-b
                # the repos are kept by loopreg rotate
                command: kaizen-agentic run optimization
                ---
                # optimization sessions
                """);
        Path other = f.ws.resolve("activity-definitions/regulator-session.md");
        String otherBefore = Files.readString(other);
        Cli.Result r = f.run(RotationFixture.NOW, "rotate", "repo-a", "--by", "bernd");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("activity-definitions/kaizen-stack-optimization.md");
        assertThat(Files.readString(def)).isEqualTo("""
                ---
                id: kaizen-stack-optimization
                loop: kaizen-stack
                cron: "0 * * * *"
                enabled: true
                repos: ["repo-b", "repo-c", "repo-d"]
                # the repos are kept by loopreg rotate
                command: kaizen-agentic run optimization
                ---
                # optimization sessions
                """);
        assertThat(Files.readString(other)).isEqualTo(otherBefore);
        Cli.Result valid = f.run(RotationFixture.NOW, "validate");
        assertThat(valid.exit()).as(valid.toString()).isZero();

        // a revisit leaves the active list as it is: the definition is not written again
        long modified = Files.getLastModifiedTime(def).toMillis();
        Cli.Result v = f.run("2026-07-02T06:20:00Z", "revisit", "repo-a", "--by", "bernd", "--reason", "CI regression");
        assertThat(v.exit()).as(v.toString()).isZero();
        assertThat(Files.getLastModifiedTime(def).toMillis()).isEqualTo(modified);
    }
}
