package dev.loopreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.format.Mappers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An approval is for one transition of one loop, in the phase epoch it was given in; any phase change voids it. */
class ApprovalBindingTest {

    @TempDir
    Path tmp;

    static List<JsonNode> decisions(Path ws) throws Exception {
        List<JsonNode> out = new java.util.ArrayList<>();
        for (String l : Files.readAllLines(ws.resolve("loops/regulator/decisions.jsonl"))) out.add(Mappers.JSON.readTree(l));
        return out;
    }

    @Test
    void sessionBundlePreparedInBootstrap_recordedAfterThePromotion_isRefusedForThatLoop_andChangesNothingForIt() throws Exception {
        Path ws = Cli.sample(tmp);
        Cli.Result prep = Cli.run("-w", ws.toString(), "--now", "2026-06-25T12:00:00Z", "session", "prepare");
        assertThat(prep.exit()).as(prep.toString()).isZero();
        Path outcome = ws.resolve("loops/regulator/sessions/2026-06-25T1200Z/outcome.yml");
        assertThat(Files.readString(outcome)).contains("kaizen-stack: {verdict: promote, phase: bootstrap, phase_since: 2026-06-24T00:00:00Z}");
        Files.writeString(outcome, Files.readString(outcome).replace("by: null", "by: alice").replace("duration_sec: null", "duration_sec: 900"));
        // the loop is promoted before the session's outcome is recorded
        Cli.Result apply = Cli.run("-w", ws.toString(), "--now", "2026-06-25T12:05:00Z", "apply", "kaizen-stack", "--by", "bob");
        assertThat(apply.exit()).as(apply.toString()).isZero();
        String ks = Files.readString(ws.resolve("loops/kaizen-stack/cadence.yml"));
        assertThat(ks).contains("phase: stabilize").contains("regulator_approval: pending");

        Cli.Result rec = Cli.run("-w", ws.toString(), "--now", "2026-06-25T12:10:00Z", "session", "record", outcome.toString());
        assertThat(rec.exit()).as(rec.toString()).isEqualTo(3);
        assertThat(rec.err()).contains("loops.kaizen-stack: refused — the bundle saw kaizen-stack in bootstrap (since 2026-06-24T00:00:00Z); "
                + "it is in stabilize (since 2026-06-25T12:05:00Z) now: a review of bootstrap → stabilize does not approve stabilize → operate; "
                + "nothing was changed for it");
        // nothing changed for the refused loop: no approval of stabilize → operate
        assertThat(Files.readString(ws.resolve("loops/kaizen-stack/cadence.yml"))).isEqualTo(ks);
        assertThat(decisions(ws)).noneMatch(d -> d.path("kind").asText().equals("approval") && d.path("loop").asText().equals("kaizen-stack"));
        // the other verdicts are recorded, each as a decision of the transition it reviewed
        assertThat(Files.readString(ws.resolve("loops/quality-escalation/cadence.yml"))).contains("regulator_approval: rejected")
                .contains("approval_for: \"bootstrap → stabilize\"");
        assertThat(decisions(ws)).filteredOn(d -> d.path("kind").asText().equals("approval"))
                .extracting(d -> d.path("loop").asText() + " " + d.path("from").asText() + "→" + d.path("to").asText() + " " + d.path("via").asText())
                .containsExactly("quality-escalation bootstrap→stabilize session SES-001", "registry-hygiene stabilize→operate session SES-001");
        JsonNode ses = Mappers.JSON.readTree(Files.readAllLines(ws.resolve("loops/regulator/sessions.jsonl")).get(0));
        assertThat(ses.path("verdicts").get(0).path("refused").asText()).contains("a review of bootstrap → stabilize");
        Cli.Result v = Cli.run("-w", ws.toString(), "--now", "2026-06-25T12:10:00Z", "validate");
        assertThat(v.exit()).as(v.toString()).isZero();
    }

    @Test
    void outcomeWithoutPhases_heldBeforeThePhaseBegan_isRefusedForThatLoop() throws Exception {
        Path ws = Cli.sample(tmp);
        Cli.Result apply = Cli.run("-w", ws.toString(), "--now", "2026-06-25T12:05:00Z", "apply", "kaizen-stack", "--by", "bob");
        assertThat(apply.exit()).as(apply.toString()).isZero();
        String ks = Files.readString(ws.resolve("loops/kaizen-stack/cadence.yml"));
        Path outcome = tmp.resolve("outcome.yml");
        Files.writeString(outcome, "held_at: 2026-06-25T11:00:00Z\nby: alice\nduration_sec: 600\nsuccess: true\n"
                + "loops:\n  kaizen-stack: promote\n");
        Cli.Result rec = Cli.run("-w", ws.toString(), "--now", "2026-06-25T12:10:00Z", "session", "record", outcome.toString());
        assertThat(rec.exit()).as(rec.toString()).isEqualTo(3);
        assertThat(rec.err()).contains(outcome + ":6: loops.kaizen-stack: refused — the session was held at 2026-06-25T11:00:00Z; "
                + "kaizen-stack entered stabilize after it, at 2026-06-25T12:05:00Z");
        assertThat(Files.readString(ws.resolve("loops/kaizen-stack/cadence.yml"))).isEqualTo(ks);
    }

    @Test
    void cliApproveAndReject_areRecordedAsDecisions_withWhoTheNoteAndTheTransition() throws Exception {
        Path ws = Cli.sample(tmp);
        int before = decisions(ws).size();
        Cli.Result a = Cli.run("-w", ws.toString(), "--now", "2026-06-25T12:10:00Z", "approve", "quality-escalation", "--by", "carol",
                "--note", "dedup fix merged");
        assertThat(a.exit()).as(a.toString()).isZero();
        assertThat(a.out()).startsWith("DEC-002: quality-escalation: regulator_approval: approved (by carol: dedup fix merged) — "
                + "promotion bootstrap → stabilize approved");
        Cli.Result r = Cli.run("-w", ws.toString(), "--now", "2026-06-25T12:20:00Z", "reject", "quality-escalation", "--by", "dave",
                "--note", "T02 reopened");
        assertThat(r.exit()).as(r.toString()).isZero();
        List<JsonNode> d = decisions(ws);
        assertThat(d).hasSize(before + 2);
        JsonNode ap = d.get(before);
        assertThat(ap.path("id").asText()).isEqualTo("DEC-002");
        assertThat(ap.path("kind").asText()).isEqualTo("approval");
        assertThat(ap.path("approval").asText()).isEqualTo("approved");
        assertThat(ap.path("by").asText()).isEqualTo("carol");
        assertThat(ap.path("reason").asText()).isEqualTo("dedup fix merged");
        assertThat(ap.path("via").asText()).isEqualTo("cli");
        assertThat(ap.path("from").asText() + "→" + ap.path("to").asText()).isEqualTo("bootstrap→stabilize");
        assertThat(ap.path("phase_since").asText()).isEqualTo("2026-06-24T00:00:00Z");
        JsonNode rj = d.get(before + 1);
        assertThat(rj.path("approval").asText()).isEqualTo("rejected");
        assertThat(rj.path("by").asText()).isEqualTo("dave");
        assertThat(rj.path("approval_before").asText()).isEqualTo("approved");
        assertThat(Cli.run("-w", ws.toString(), "--now", "2026-06-25T12:20:00Z", "validate").exit()).isZero();
    }

    @Test
    void anApprovalLeftFromAnEarlierPhase_isVoid_andNeverPromotes() throws Exception {
        Path ws = Cli.sample(tmp);
        // a hand edit (or a merge) moved the loop on but kept the approval of the transition before
        Path cadence = ws.resolve("loops/kaizen-stack/cadence.yml");
        Files.writeString(cadence, Files.readString(cadence).replace("phase: bootstrap", "phase: stabilize")
                + "approval_for: \"bootstrap → stabilize\"\n");
        Cli.Result e = Cli.run("-w", ws.toString(), "--now", "2026-06-25T12:00:00Z", "evaluate", "--json");
        assertThat(e.out()).doesNotContain("\"promote\"");
        JsonNode loop = null;
        for (JsonNode l : Mappers.JSON.readTree(e.out()).path("loops")) if (l.path("loop").asText().equals("kaizen-stack")) loop = l;
        assertThat(loop).isNotNull();
        JsonNode rule = null;
        for (JsonNode x : loop.path("rules")) if (x.path("id").asText().equals("regulator_approval")) rule = x;
        assertThat(rule.path("holds").asBoolean(true)).isFalse();
        assertThat(rule.path("detail").asText()).contains("the approved approval was given for bootstrap → stabilize; the loop is in stabilize now")
                .contains("any phase change voids an approval");
        // a transition that is not one is a clear error
        Files.writeString(cadence, Files.readString(cadence).replace("approval_for: \"bootstrap → stabilize\"", "approval_for: \"up\""));
        Cli.Result bad = Cli.run("-w", ws.toString(), "--now", "2026-06-25T12:00:00Z", "validate");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.out() + bad.err()).contains("loops/kaizen-stack/cadence.yml:").contains("approval_for: 'up' is not a transition");
    }

    @Test
    void applyApproved_exits5_whenAnApprovedActionCouldNotBeCarriedOut() throws Exception {
        Path ws = Cli.sample(tmp);
        assertThat(Cli.run("-w", ws.toString(), "--now", "2026-06-25T12:00:00Z", "approve", "quality-escalation", "--by", "carol").exit()).isZero();
        Cli.Result r = Cli.run("-w", ws.toString(), "--now", "2026-06-25T12:05:00Z", "apply", "--approved", "--by", "alice");
        assertThat(r.exit()).as(r.toString()).isEqualTo(5);
        assertThat(r.out()).contains("done:    approve promotion of kaizen-stack to stabilize")
                .contains("skipped: approve promotion of quality-escalation to stabilize");
        assertThat(r.err()).contains("not every approved action could be carried out");
        assertThat(Files.readString(ws.resolve("loops/kaizen-stack/cadence.yml"))).contains("phase: stabilize");
        // everything approved done: 0
        Path ws2 = Cli.sample(tmp.resolve("b"));
        Cli.Result ok = Cli.run("-w", ws2.toString(), "--now", "2026-06-25T12:05:00Z", "apply", "--approved", "--by", "alice");
        assertThat(ok.exit()).as(ok.toString()).isZero();
    }
}
