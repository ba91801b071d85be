package dev.loopreg.cli;


import static org.assertj.core.api.Assertions.assertThat;

import dev.loopreg.workspace.Workspace;
import dev.loopreg.workspace.WorkspaceLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bad input: the error names the file and line and says what was expected; validate changes no file;
 * evaluate still evaluates the other loops and leaves the bad file as it was; a change to the bad loop changes nothing.
 */
@org.junit.jupiter.api.parallel.Isolated("measures time: nothing runs beside it")
class BadInputTest {

    @TempDir
    Path tmp;

    Path ws;

    Path sampleWith(String file, String content) throws Exception {
        ws = Cli.sample(tmp);
        Files.writeString(ws.resolve(file), content);
        return ws;
    }

    void assertValidateReports(String expected) throws Exception {
        Map<String, String> before = Cli.snapshot(ws);
        Cli.Result v = Cli.run("-w", ws.toString(), "validate");
        assertThat(v.exit()).as(v.toString()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(v.out()).contains(expected);
        assertThat(Cli.snapshot(ws)).isEqualTo(before);
    }

    /** Evaluate goes on with the other loops, exits 1, and leaves the bad file untouched. */
    void assertEvaluateIsolates(String badLoop, String badFile, String expected) throws Exception {
        String content = Files.readString(ws.resolve(badFile));
        Cli.Result e = Cli.run("-w", ws.toString(), "evaluate", "--now", Cli.SAMPLE_NOW);
        assertThat(e.exit()).as(e.toString()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(e.err()).contains(expected);
        assertThat(e.out()).contains("kaizen-stack        bootstrap  promote → stabilize");
        assertThat(e.out()).containsPattern(badLoop + "\\s+\\S+\\s+error");
        assertThat(Files.readString(ws.resolve(badFile))).isEqualTo(content);
        Map<String, String> before = Cli.snapshot(ws);
        Cli.Result a = Cli.run("-w", ws.toString(), "apply", badLoop, "--now", Cli.SAMPLE_NOW);
        assertThat(a.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(Cli.snapshot(ws)).isEqualTo(before);
    }

    @Test
    void malformedCadenceYaml_reportedWithLine_otherLoopsEvaluated() throws Exception {
        String text = new String(getClass().getResourceAsStream("/bad/cadence-malformed.yml").readAllBytes());
        sampleWith("loops/quality-escalation/cadence.yml", text);
        assertValidateReports("loops/quality-escalation/cadence.yml:3: not valid YAML");
        assertEvaluateIsolates("quality-escalation", "loops/quality-escalation/cadence.yml", "loops/quality-escalation/cadence.yml:3");
    }

    @Test
    void unknownPhase_reportedWithExpectedValues() throws Exception {
        Path c = Cli.sample(tmp).resolve("loops/quality-escalation/cadence.yml");
        ws = tmp.resolve("ws");
        Files.writeString(c, Files.readString(c).replace("phase: bootstrap", "phase: warmup"));
        assertValidateReports("loops/quality-escalation/cadence.yml:4: phase: 'warmup' is not allowed; expected one of bootstrap | stabilize | operate");
        assertEvaluateIsolates("quality-escalation", "loops/quality-escalation/cadence.yml", "phase: 'warmup'");
    }

    @Test
    void badCron_reportedWithLine() throws Exception {
        Path c = Cli.sample(tmp).resolve("loops/quality-escalation/cadence.yml");
        ws = tmp.resolve("ws");
        Files.writeString(c, Files.readString(c).replace("\"0 * * * *\"", "\"0 * * *\""));
        assertValidateReports("loops/quality-escalation/cadence.yml:5: cron: '0 * * *' is not a valid cron expression (it has 4 fields, not 5)");
        assertEvaluateIsolates("quality-escalation", "loops/quality-escalation/cadence.yml", "cron: '0 * * *'");
    }

    @Test
    void nanMetric_reportedWithLine() throws Exception {
        ws = Cli.sample(tmp);
        Path h = ws.resolve("loops/quality-escalation/health.jsonl");
        java.util.List<String> lines = Files.readAllLines(h);
        lines.set(35, lines.get(35).replaceFirst("\"false_positive_rate\":[0-9.]+", "\"false_positive_rate\":NaN"));
        Files.write(h, lines);
        assertValidateReports("loops/quality-escalation/health.jsonl:36: false_positive_rate: NaN is not a number; expected a number from 0 to 1");
        assertEvaluateIsolates("quality-escalation", "loops/quality-escalation/health.jsonl", "health.jsonl:36: false_positive_rate: NaN");
    }

    @Test
    void negativeMetric_reportedWithLine() throws Exception {
        ws = Cli.sample(tmp);
        Path h = ws.resolve("loops/quality-escalation/health.jsonl");
        java.util.List<String> lines = Files.readAllLines(h);
        lines.set(34, lines.get(34).replaceFirst("\"manual_rescues\":0", "\"manual_rescues\":-2"));
        Files.write(h, lines);
        assertValidateReports("loops/quality-escalation/health.jsonl:35: manual_rescues: -2 is not allowed; expected a whole number ≥ 0");
        assertEvaluateIsolates("quality-escalation", "loops/quality-escalation/health.jsonl", "health.jsonl:35: manual_rescues: -2");
    }

    @Test
    void tornLastHealthLine_reportedAndLeftOut_neverDropped() throws Exception {
        ws = Cli.sample(tmp);
        Path h = ws.resolve("loops/kaizen-stack/health.jsonl");
        String torn = "{\"loop\":\"kaizen-stack\",\"cycle\":\"2026-06-25T13:00:00Z\",\"phase\":\"boot";
        Files.writeString(h, Files.readString(h) + torn);
        String content = Files.readString(h);
        assertValidateReports("loops/kaizen-stack/health.jsonl:37: torn last line (no newline)");
        Cli.Result e = Cli.run("-w", ws.toString(), "evaluate", "--now", "2026-06-25T13:30:00Z");
        assertThat(e.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(e.err()).contains("loops/kaizen-stack/health.jsonl:37: torn last line").contains("left out of the evaluation");
        assertThat(e.out()).contains("kaizen-stack        bootstrap  promote → stabilize");
        assertThat(Files.readString(h)).isEqualTo(content);
    }

    @Test
    void badLoopDirectoryName_reportedAndIgnored() throws Exception {
        ws = Cli.sample(tmp);
        Files.createDirectories(ws.resolve("loops/Bad_Loop"));
        Files.copy(ws.resolve("loops/kaizen-stack/cadence.yml"), ws.resolve("loops/Bad_Loop/cadence.yml"));
        assertValidateReports("loops/Bad_Loop: 'Bad_Loop' is not a valid loop id");
        Cli.Result e = Cli.run("-w", ws.toString(), "evaluate", "--now", Cli.SAMPLE_NOW);
        assertThat(e.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(e.out()).doesNotContain("Bad_Loop").contains("Evaluated 3 loops");
    }

    @Test
    void missingWorkplan_reported_exitCriteriaNoData() throws Exception {
        Path l = Cli.sample(tmp).resolve("loops/kaizen-stack/loop.yml");
        ws = tmp.resolve("ws");
        Files.writeString(l, Files.readString(l).replace("workplans/LOOP-WP-0004-loop-regulator.md", "workplans/gone.md"));
        assertValidateReports("loops/kaizen-stack/loop.yml:6: workplan: workplans/gone.md does not exist");
        Cli.Result e = Cli.run("-w", ws.toString(), "evaluate", "--now", Cli.SAMPLE_NOW);
        assertThat(e.out()).containsPattern("kaizen-stack\\s+bootstrap\\s+hold\\s+exit_criteria no data");
    }

    @Test
    void unknownExitTask_reported() throws Exception {
        Path l = Cli.sample(tmp).resolve("loops/quality-escalation/loop.yml");
        ws = tmp.resolve("ws");
        Files.writeString(l, Files.readString(l).replace("exit_tasks: [T01, T02]", "exit_tasks: [T01, T12]"));
        assertValidateReports("loops/quality-escalation/loop.yml:7: exit_tasks: T12 is not a task of workplans/LOOP-WP-0002-quality-escalation.md; its tasks: T01, T02, T03");
    }

    @Test
    void unknownKeyInLoopYml_suggestsTheKnownOne() throws Exception {
        Path l = Cli.sample(tmp).resolve("loops/registry-hygiene/loop.yml");
        ws = tmp.resolve("ws");
        Files.writeString(l, Files.readString(l).replace("sla_hours: 24", "sla_hour: 24"));
        assertValidateReports("loops/registry-hygiene/loop.yml:8: unknown key 'sla_hour' (did you mean 'sla_hours'?)");
    }

    @Test
    void invalidPolicy_stopsEvaluationBeforeWritingAnything() throws Exception {
        ws = Cli.sample(tmp);
        Path p = ws.resolve("loops/regulator/policy.yml");
        Files.writeString(p, Files.readString(p).replace("below: 0.2\n", "below: lots\n"));
        assertValidateReports("loops/regulator/policy.yml:20: promotion.fpr_window.below: 'lots' is not a number");
        Map<String, String> before = Cli.snapshot(ws);
        Cli.Result e = Cli.run("-w", ws.toString(), "evaluate", "--now", Cli.SAMPLE_NOW);
        assertThat(e.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(e.err()).contains("the policy cannot be used").contains("policy.yml:20");
        assertThat(Cli.snapshot(ws)).isEqualTo(before);
    }

    @Test
    void flowStyleCadence_applyRefusesToRewriteIt_changesNothing() throws Exception {
        ws = Cli.sample(tmp);
        Files.writeString(ws.resolve("loops/kaizen-stack/cadence.yml"), "{loop: kaizen-stack, phase: bootstrap, cron: \"0 * * * *\", "
                + "phase_since: 2026-06-24T00:00:00Z, regulator_approval: approved}\n");
        Map<String, String> before = Cli.snapshot(ws);
        Cli.Result a = Cli.run("-w", ws.toString(), "apply", "kaizen-stack", "--now", Cli.SAMPLE_NOW);
        assertThat(a.exit()).as(a.toString()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(a.err()).contains("loops/kaizen-stack/cadence.yml: cannot be updated in place").contains("nothing was changed");
        assertThat(Cli.snapshot(ws)).isEqualTo(before);
    }

    @Test
    void notAWorkspace_saysWhatToDo() {
        Cli.Result e = Cli.run("-w", tmp.resolve("empty").toString(), "evaluate");
        assertThat(e.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(e.err()).contains("is not a loopreg workspace").contains("run 'loopreg init'");
        assertThat(tmp.resolve("empty")).doesNotExist();
    }

    @Test
    void badNow_usageError() throws Exception {
        ws = Cli.sample(tmp);
        Cli.Result e = Cli.run("-w", ws.toString(), "evaluate", "--now", "tomorrow");
        assertThat(e.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(e.err()).contains("'tomorrow' is not an instant");
    }

    @Test
    void lockHeld_secondRunWaitsThenFailsNamingHolder_changesNothing() throws Exception {
        ws = Cli.sample(tmp);
        Map<String, String> before = Cli.snapshot(ws);
        try (WorkspaceLock held = WorkspaceLock.acquire(new Workspace(ws), "loopreg evaluate (test holder)", Duration.ZERO,
                Instant.parse("2026-06-25T11:59:00Z"))) {
            long t0 = System.nanoTime();
            Cli.Result e = Cli.run("-w", ws.toString(), "--lock-timeout", "1", "evaluate", "--now", Cli.SAMPLE_NOW);
            long waited = (System.nanoTime() - t0) / 1_000_000;
            assertThat(e.exit()).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(e.err()).contains("workspace is locked by pid " + ProcessHandle.current().pid())
                    .contains("(loopreg evaluate (test holder)) since 2026-06-25T11:59:00Z").contains("waited 1 s");
            assertThat(waited).isGreaterThanOrEqualTo(900);
            assertThat(Cli.snapshot(ws)).isEqualTo(before);
        }
        Cli.Result after = Cli.run("-w", ws.toString(), "evaluate", "--now", Cli.SAMPLE_NOW);
        assertThat(after.exit()).isZero();
    }

    @Test
    void lockReleasedWhileWaiting_secondRunProceeds() throws Exception {
        ws = Cli.sample(tmp);
        WorkspaceLock held = WorkspaceLock.acquire(new Workspace(ws), "holder", Duration.ZERO, Instant.EPOCH);
        Thread release = new Thread(() -> {
            try {
                Thread.sleep(300);
                held.close();
            } catch (Exception ignored) {
                // the test's assertion shows whether the release happened
            }
        });
        release.start();
        Cli.Result e = Cli.run("-w", ws.toString(), "--lock-timeout", "5", "evaluate", "--now", Cli.SAMPLE_NOW);
        release.join();
        assertThat(e.exit()).as(e.toString()).isZero();
    }
}
