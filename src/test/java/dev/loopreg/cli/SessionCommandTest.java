package dev.loopreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.format.Mappers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SessionCommandTest {

    @TempDir
    Path tmp;

    static final String NOW = "2026-06-25T12:00:00Z";

    Path fixture(String name) {
        return Path.of("src/test/resources/session", name).toAbsolutePath();
    }

    @Test
    void prepare_writesTheBundle_withEveryPartTheSessionNeeds() throws Exception {
        Path ws = Cli.sample(tmp);
        Cli.Result r = Cli.run("-w", ws.toString(), "--now", NOW, "session", "prepare");
        assertThat(r.exit()).as(r.toString()).isZero();
        Path dir = ws.resolve("loops/regulator/sessions/2026-06-25T1200Z");
        assertThat(r.out()).contains("Prepared the regulator session bundle loops/regulator/sessions/2026-06-25T1200Z");
        String md = Files.readString(dir.resolve("session.md"));
        // no placeholder left, and each part is there
        assertThat(md).doesNotContain("{{").startsWith("# Regulator session 2026-06-25T1200Z — ws — 2026-06-25T12:00:00Z");
        assertThat(md).contains("## Questions to answer").contains("1. **kaizen-stack** (bootstrap, regulator: promote bootstrap → stabilize")
                .contains("**quality-escalation** (bootstrap, regulator: hold in bootstrap");
        List<String> health = Files.readAllLines(ws.resolve("loops/kaizen-stack/health.jsonl"));
        assertThat(md).contains(health.get(health.size() - 1)).contains(health.get(health.size() - 24))
                .doesNotContain(health.get(health.size() - 25) + "\n");
        assertThat(md).contains(Files.readString(ws.resolve("loops/kaizen-stack/cadence.yml")).strip())
                .contains("### `loops/regulator/cadence.yml`");
        assertThat(md).contains("\"rules\" : [").contains("\"id\" : \"fpr_window\"");
        assertThat(md).contains("## Urgent tasks\n\nNone open.").contains("## Noise sources listed earlier\n\nNone open.");
        assertThat(md).contains("- [x] approve promotion of kaizen-stack to stabilize");
        assertThat(md).contains("### Loop regulator dashboard").contains("## The regulator's own cadence\n\nPhase hourly");
        String outcome = Files.readString(dir.resolve("outcome.yml"));
        assertThat(md).contains(outcome);
        assertThat(outcome).contains("  kaizen-stack: {verdict: promote, phase: bootstrap, phase_since: 2026-06-24T00:00:00Z}")
                .contains("  quality-escalation: {verdict: hold, reason: \"regulator: hold in bootstrap");
        // preparing writes only the bundle
        assertThat(Files.readString(ws.resolve("loops/regulator/dashboard.md"))).doesNotContain("Pending actions");
    }

    @Test
    void prepare_sameFilesAndNow_giveTheSameBytes_andKeepAFilledOutcome() throws Exception {
        Path ws = Cli.sample(tmp);
        Path out = tmp.resolve("bundle");
        assertThat(Cli.run("-w", ws.toString(), "--now", NOW, "session", "prepare", "--out", out.toString()).exit()).isZero();
        String first = Files.readString(out.resolve("session.md"));
        Files.writeString(out.resolve("outcome.yml"), "filled in\n");
        Cli.Result again = Cli.run("-w", ws.toString(), "--now", NOW, "session", "prepare", "--out", out.toString());
        assertThat(again.out()).contains("outcome.yml  kept (it existed already)");
        assertThat(Files.readString(out.resolve("session.md"))).isEqualTo(first);
        assertThat(Files.readString(out.resolve("outcome.yml"))).isEqualTo("filled in\n");
    }

    @Test
    void prepare_badTemplate_exits1_namingTheLine_andWritesNothing() throws Exception {
        Path ws = Cli.sample(tmp);
        Path template = ws.resolve("loops/regulator/session-template.md");
        Files.writeString(template, "# Session {{now}}\n\n{{dashbord}}\n{{health_tails\n");
        Map<String, String> before = Cli.snapshot(ws);
        Cli.Result r = Cli.run("-w", ws.toString(), "--now", NOW, "session", "prepare");
        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("loops/regulator/session-template.md:3: unknown placeholder '{{dashbord}}' (did you mean '{{dashboard}}'?)")
                .contains("loops/regulator/session-template.md:4: column 1: '{{' is not closed").contains("nothing was written")
                .doesNotContain("Exception");
        assertThat(Cli.snapshot(ws)).isEqualTo(before);
        // validate reports the same lines
        Cli.Result v = Cli.run("-w", ws.toString(), "validate");
        assertThat(v.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(v.out() + v.err()).contains("loops/regulator/session-template.md:3: unknown placeholder");
    }

    @Test
    void prepare_customTemplate_usesOnlyWhatItNames() throws Exception {
        Path ws = Cli.sample(tmp);
        Files.writeString(ws.resolve("loops/regulator/session-template.md"), "Review at {{now}} ({{tail_records}} records):\n{{questions}}");
        Path out = tmp.resolve("b");
        assertThat(Cli.run("-w", ws.toString(), "--now", NOW, "session", "prepare", "--out", out.toString(), "--tail", "3").exit()).isZero();
        String md = Files.readString(out.resolve("session.md"));
        assertThat(md).startsWith("Review at 2026-06-25T12:00:00Z (3 records):\n1. **kaizen-stack**");
        assertThat(md).doesNotContain("Loop regulator dashboard");
    }

    // ---------------------------------------------------------------- record

    Cli.Result record(Path ws, String fixture, String now) {
        return Cli.run("-w", ws.toString(), "--now", now, "session", "record", fixture(fixture).toString());
    }

    @Test
    void record_everyField_doesWhatTheIssueSays() throws Exception {
        Path ws = Cli.sample(tmp);
        String cadenceRh = Files.readString(ws.resolve("loops/registry-hygiene/cadence.yml"));
        Cli.Result r = record(ws, "outcome-full.yml", "2026-06-25T12:30:00Z");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("SES-001: recorded the regulator session")
                .contains("kaizen-stack: promote → regulator_approval: approved")
                .contains("quality-escalation: hold → regulator_approval: rejected")
                .contains("NOI-001: throttle \"lint duplicates\" of kaizen-stack")
                .contains("2 supplier friction items → loops/kaizen-stack/supplier-notes.md")
                .contains("1 cadence proposal → loops/regulator/cadence-proposals.md (not applied)");
        // approvals, with who and why
        String qe = Files.readString(ws.resolve("loops/quality-escalation/cadence.yml"));
        assertThat(qe).contains("regulator_approval: rejected").contains("approval_by: \"optimization-agent\"")
                .contains("approval_note: \"regulator session SES-001: fpr still 0.25 over the window\"");
        assertThat(Files.readString(ws.resolve("loops/kaizen-stack/cadence.yml"))).contains("regulator_approval: approved")
                .contains("approval_by: \"optimization-agent\"");
        // the noise source is on the dashboard until resolved
        String dash = Files.readString(ws.resolve("loops/regulator/dashboard.md"));
        assertThat(dash).contains("- [ ] resolved: throttle noise source \"lint duplicates\" of kaizen-stack (NOI-001) <!-- loopreg:action noise:NOI-001 -->")
                .contains("Last session **SES-001**, held 2026-06-25T11:00:00Z by optimization-agent (success, 25m)")
                .contains("- registry-hygiene: cron `0 */2 * * *` — halve the noise");
        // supplier notes, with date and source
        assertThat(Files.readString(ws.resolve("loops/kaizen-stack/supplier-notes.md")))
                .contains("- 2026-06-25 — source: kaizen-agentic CLI — schedule prepare cannot target a sub-directory (SES-001, optimization-agent)\n"
                        + "- 2026-06-25 — source: regulator session — the coach agent has no dry-run (SES-001, optimization-agent)\n");
        // proposals are written, never applied
        assertThat(Files.readString(ws.resolve("loops/regulator/cadence-proposals.md")))
                .contains("- 2026-06-25 SES-001 (optimization-agent) — **registry-hygiene**: cron `0 */2 * * *` — halve the noise");
        assertThat(Files.readString(ws.resolve("loops/registry-hygiene/cadence.yml"))).isEqualTo(cadenceRh);
        // the session is measured like an agent execution
        assertThat(Files.readAllLines(ws.resolve(".kaizen/metrics/optimization/executions.jsonl")))
                .containsExactly("{\"at\":\"2026-06-25T11:00:00Z\",\"success\":true,\"quality\":0.7,\"duration_sec\":1500}");
        JsonNode summary = Mappers.JSON.readTree(ws.resolve(".kaizen/metrics/optimization/summary.json").toFile());
        assertThat(summary.get("success_rate").asInt()).isEqualTo(1);
        assertThat(summary.get("executions").asInt()).isEqualTo(1);
        assertThat(summary.get("mean_session_time_sec").asInt()).isEqualTo(1500);
        JsonNode ses = Mappers.JSON.readTree(Files.readAllLines(ws.resolve("loops/regulator/sessions.jsonl")).get(0));
        assertThat(ses.get("id").asText()).isEqualTo("SES-001");
        assertThat(ses.get("verdicts")).hasSize(2);
        assertThat(ses.get("noise_listed").get(0).asText()).isEqualTo("NOI-001");
        assertThat(Files.readAllLines(ws.resolve("loops/regulator/approvals.jsonl"))).hasSize(2)
                .allSatisfy(l -> assertThat(l).contains("\"source\":\"session SES-001"));
        assertThat(Cli.run("-w", ws.toString(), "validate").exit()).isZero();

        // a second session resolves the noise source and is measured too
        Cli.Result second = record(ws, "outcome-resolve.yml", "2026-06-26T12:30:00Z");
        assertThat(second.exit()).as(second.toString()).isZero();
        assertThat(second.out()).startsWith("SES-002").contains("NOI-001: resolved");
        assertThat(Files.readString(ws.resolve("loops/regulator/dashboard.md"))).doesNotContain("noise:NOI-001");
        JsonNode summary2 = Mappers.JSON.readTree(ws.resolve(".kaizen/metrics/optimization/summary.json").toFile());
        assertThat(summary2.get("success_rate").decimalValue()).isEqualByComparingTo("0.5");
        assertThat(summary2.get("executions").asInt()).isEqualTo(2);
        assertThat(summary2.get("mean_session_time_sec").decimalValue()).isEqualByComparingTo("1050");
    }

    @Test
    void record_sameOutcomeTwice_exits3_andChangesNothing() throws Exception {
        Path ws = Cli.sample(tmp);
        assertThat(record(ws, "outcome-full.yml", "2026-06-25T12:30:00Z").exit()).isZero();
        Map<String, String> before = Cli.snapshot(ws);
        Cli.Result again = record(ws, "outcome-full.yml", "2026-06-25T12:40:00Z");
        assertThat(again.exit()).isEqualTo(ExitCodes.REFUSED);
        assertThat(again.err()).contains("this outcome was recorded already, as SES-001 at 2026-06-25T12:30:00Z; nothing was changed");
        assertThat(Cli.snapshot(ws)).isEqualTo(before);
    }

    /** The workspace a complete recording leaves, for comparing a completed, interrupted one against. */
    Map<String, String> recordedWhole(Path into) throws Exception {
        Path ws = Cli.sample(into);
        assertThat(record(ws, "outcome-full.yml", "2026-06-25T12:30:00Z").exit()).isZero();
        return Cli.snapshot(ws);
    }

    @Test
    void record_stoppedAfterItsSessionLine_isCompletedByTheRetry_exactlyOnce() throws Exception {
        Map<String, String> whole = recordedWhole(tmp.resolve("whole"));
        Path ws = Cli.sample(tmp.resolve("cut"));
        // the run that was killed right after writing its session line
        Files.writeString(ws.resolve("loops/regulator/sessions.jsonl"), whole.get("loops/regulator/sessions.jsonl"));
        Cli.Result retry = record(ws, "outcome-full.yml", "2026-06-25T12:30:00Z");
        assertThat(retry.exit()).as(retry.toString()).isZero();
        assertThat(retry.out()).startsWith("SES-001: recorded the regulator session")
                .contains("completed the recording of SES-001, which had stopped partway");
        assertThat(Cli.snapshot(ws)).isEqualTo(whole);
        // and once complete, a further retry is refused and changes nothing
        Cli.Result again = record(ws, "outcome-full.yml", "2026-06-25T12:40:00Z");
        assertThat(again.exit()).isEqualTo(ExitCodes.REFUSED);
        assertThat(Cli.snapshot(ws)).isEqualTo(whole);
    }

    @Test
    void record_stoppedBetweenAnApprovalsDecisionAndCadenceYml_isCompletedWithoutASecondDecision() throws Exception {
        Map<String, String> whole = recordedWhole(tmp.resolve("whole"));
        Path ws = Cli.sample(tmp.resolve("cut"));
        String originalQe = Files.readString(ws.resolve("loops/quality-escalation/cadence.yml"));
        // everything written but quality-escalation's cadence.yml
        for (Map.Entry<String, String> f : whole.entrySet()) {
            Path p = ws.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
        }
        Files.writeString(ws.resolve("loops/quality-escalation/cadence.yml"), originalQe);
        Cli.Result retry = record(ws, "outcome-full.yml", "2026-06-25T12:30:00Z");
        assertThat(retry.exit()).as(retry.toString()).isZero();
        assertThat(Cli.snapshot(ws)).isEqualTo(whole);
        assertThat(Files.readAllLines(ws.resolve("loops/regulator/decisions.jsonl")))
                .filteredOn(l -> l.contains("\"via\":\"session SES-001\"") && l.contains("quality-escalation")).hasSize(1);
    }

    static Stream<Arguments> badOutcomes() {
        return Stream.of(
                Arguments.of("bad-syntax.yml", "bad-syntax.yml:3:"),
                Arguments.of("bad-fields.yml", "bad-fields.yml:2: by is empty"),
                Arguments.of("bad-fields.yml", "bad-fields.yml:7: loops.kaizen-stack: 'promoted' is not allowed"),
                Arguments.of("bad-fields.yml", "bad-fields.yml:9: noise_sources.0.action: 'mute' is not allowed"),
                Arguments.of("bad-fields.yml", "bad-fields.yml:11: cadence_proposals.0.cron:"),
                Arguments.of("bad-fields.yml", "bad-fields.yml:12: cadence_proposals.1.cron:"),
                Arguments.of("bad-workspace.yml", "bad-workspace.yml:6: loops.nope: no such loop"),
                Arguments.of("bad-workspace.yml", "bad-workspace.yml:8: noise_sources: loop 'ghost' is not a loop of this workspace"),
                Arguments.of("bad-workspace.yml", "bad-workspace.yml:9: resolved_noise: NOI-007 is not an open noise source; open: none"),
                Arguments.of("bad-workspace.yml", "bad-workspace.yml:11: supplier_friction: the notes go to loops/ghost/supplier-notes.md"),
                Arguments.of("bad-workspace.yml", "bad-workspace.yml:13: cadence_proposals: loop 'ghost' is not a loop"),
                Arguments.of("operate-promote.yml", "operate-promote.yml:6: loops.kaizen-stack: promote, but the loop is in operate"));
    }

    @ParameterizedTest
    @MethodSource("badOutcomes")
    void record_malformed_exits1_namingFileAndLine_andChangesNothing(String fixture, String expected) throws Exception {
        Path ws = Cli.sample(tmp);
        if (fixture.startsWith("operate")) {
            Path c = ws.resolve("loops/kaizen-stack/cadence.yml");
            Files.writeString(c, Files.readString(c).replace("phase: bootstrap", "phase: operate").replace("\"0 * * * *\"", "\"0 11 * * 1\""));
        }
        Map<String, String> before = Cli.snapshot(ws);
        Cli.Result r = record(ws, fixture, "2026-06-25T12:30:00Z");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains(expected).contains("nothing was recorded").doesNotContain("Exception");
        assertThat(Cli.snapshot(ws)).isEqualTo(before);
    }

    @Test
    void record_missingFile_exits1() throws Exception {
        Path ws = Cli.sample(tmp);
        Cli.Result r = Cli.run("-w", ws.toString(), "session", "record", tmp.resolve("nope.yml").toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("nope.yml: no such file; expected the session's outcome");
    }
}
