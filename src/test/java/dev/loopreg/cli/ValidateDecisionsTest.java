package dev.loopreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * validate holds the decision log and the state to each other both ways — a decision without its change, a change
 * without its decision — names a plan left unfinished in the journal, and changes no file doing so.
 */
class ValidateDecisionsTest {

    @TempDir
    Path tmp;

    private static Cli.Result validate(Path ws) {
        return Cli.run("-w", ws.toString(), "validate");
    }

    private Path applied() throws Exception {
        Path ws = Cli.sample(tmp);
        Cli.Result a = Cli.run("-w", ws.toString(), "apply", "kaizen-stack", "--by", "alice", "--now", "2026-06-25T12:05:00Z");
        assertThat(a.exit()).as(a.toString()).isZero();
        assertThat(validate(ws).out()).doesNotContain("kaizen-stack/cadence.yml");
        return ws;
    }

    @Test
    void aDecisionWithoutItsChange_isNamed() throws Exception {
        Path ws = applied();
        Path cadence = ws.resolve("loops/kaizen-stack/cadence.yml");
        Files.writeString(cadence, Files.readString(cadence).replace("phase: stabilize", "phase: bootstrap"));
        Map<String, String> before = Cli.snapshot(ws);
        Cli.Result v = validate(ws);
        assertThat(v.out()).contains("loops/kaizen-stack/cadence.yml: warning: phase is bootstrap but the last decision, DEC-002, moved "
                + "the loop to stabilize");
        assertThat(Cli.snapshot(ws)).isEqualTo(before);
    }

    @Test
    void aChangeWithoutItsDecision_isNamed() throws Exception {
        Path ws = applied();
        Path cadence = ws.resolve("loops/kaizen-stack/cadence.yml");
        // the phase began again later, with no decision to say so
        Files.writeString(cadence, Files.readString(cadence).replace("phase_since: 2026-06-25T12:05:00Z", "phase_since: 2026-06-26T08:00:00Z"));
        Cli.Result v = validate(ws);
        assertThat(v.out()).contains("loops/kaizen-stack/cadence.yml: warning: phase_since is 2026-06-26T08:00:00Z but the last decision "
                + "that moved the loop, DEC-002 (loops/regulator/decisions.jsonl:2), is at 2026-06-25T12:05:00Z; a phase change without its "
                + "decision?");
    }

    @Test
    void anApprovalDecisionWithoutItsChange_isNamed() throws Exception {
        Path ws = Cli.sample(tmp);
        Cli.Result a = Cli.run("-w", ws.toString(), "approve", "quality-escalation", "--by", "carol", "--now", Cli.SAMPLE_NOW);
        assertThat(a.exit()).as(a.toString()).isZero();
        assertThat(validate(ws).out()).doesNotContain("regulator_approval is");
        Path cadence = ws.resolve("loops/quality-escalation/cadence.yml");
        Files.writeString(cadence, Files.readString(cadence).replaceFirst("regulator_approval: approved", "regulator_approval: pending"));
        assertThat(validate(ws).out()).contains("loops/quality-escalation/cadence.yml: warning: regulator_approval is pending but the last "
                + "approval decision, DEC-002, set it to approved");
    }

    @Test
    void anUnfinishedPlan_isAnError_untilAnyCommandFinishesIt() throws Exception {
        Path ws = Cli.sample(tmp);
        Path decisions = ws.resolve("loops/regulator/decisions.jsonl");
        long length = Files.size(decisions);
        String line = "{\"id\":\"DEC-002\",\"kind\":\"approval\",\"loop\":\"quality-escalation\",\"approval\":\"approved\",\"from\":\"bootstrap\","
                + "\"to\":\"stabilize\",\"phase_since\":null,\"at\":\"2026-06-25T12:00:00Z\",\"by\":\"carol\",\"via\":\"cli\",\"reason\":null,"
                + "\"approval_before\":\"pending\"}";
        Files.writeString(ws.resolve("loops/.loopreg-journal.json"), "{\"command\":\"loopreg approve quality-escalation\",\"pid\":4242,"
                + "\"started_at\":\"2026-06-25T12:00:01Z\",\"effects\":[{\"path\":\"loops/regulator/decisions.jsonl\",\"op\":\"append\","
                + "\"key\":\"DEC-002\",\"length_before\":" + length + ",\"lines\":[" + com.fasterxml.jackson.databind.node.TextNode.valueOf(line)
                + "]}]}\n");
        Map<String, String> before = Cli.snapshot(ws);
        Cli.Result v = validate(ws);
        assertThat(v.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(v.out()).contains("loops/.loopreg-journal.json: a run was interrupted in the middle of a change and its plan is not "
                + "finished; expected no journal: the next loopreg command on this workspace (status, evaluate, collect, ...) finishes it");
        assertThat(Cli.snapshot(ws)).as("validate reads only").isEqualTo(before);
        // any command finishes it, and says so once
        Cli.Result s = Cli.run("-w", ws.toString(), "--now", Cli.SAMPLE_NOW, "status");
        assertThat(s.err()).contains("loopreg: finished the interrupted 'loopreg approve quality-escalation' (pid 4242, started "
                + "2026-06-25T12:00:01Z) from loops/.loopreg-journal.json: 1 of 1 effects were still to make, now made");
        assertThat(Files.readString(decisions)).endsWith(line + "\n");
        Cli.Result again = Cli.run("-w", ws.toString(), "--now", Cli.SAMPLE_NOW, "status");
        assertThat(again.err()).doesNotContain("finished the interrupted");
        assertThat(validate(ws).out()).doesNotContain(".loopreg-journal.json");
    }

    @Test
    void aJournalThatCannotBeFinished_stopsTheCommandsThatWrite_withWhatToDo() throws Exception {
        Path ws = Cli.sample(tmp);
        Files.writeString(ws.resolve("loops/.loopreg-journal.json"), "{\"command\": \"loopreg apply x\", \"effects\": [{\"op\": \"append\", "
                + "\"path\": \"loops/regulator/decisions.jsonl\", \"key\": \"DEC-009\", \"length_before\": 99999999, \"lines\": [\"{}\"]}]}");
        Map<String, String> before = Cli.snapshot(ws);
        Cli.Result e = Cli.run("-w", ws.toString(), "--now", Cli.SAMPLE_NOW, "evaluate");
        assertThat(e.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(e.err()).contains("loops/regulator/decisions.jsonl: shorter").contains("the roll-forward stopped")
                .contains("Restore the file, then run again").doesNotContain("Exception");
        assertThat(Cli.snapshot(ws)).isEqualTo(before);
    }
}
