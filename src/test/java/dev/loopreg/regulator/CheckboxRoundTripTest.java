package dev.loopreg.regulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopreg.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dashboard checkboxes: a tick is read by the next evaluate, recorded with its author, kept, and never lost. */
class CheckboxRoundTripTest {

    @TempDir
    Path tmp;

    static final Instant NOW = Instant.parse("2026-06-25T12:00:00Z");
    static final String QE_BOX = "- [ ] approve promotion of quality-escalation to stabilize";

    Path sample() throws Exception {
        return dev.loopreg.Samples.sample(tmp);
    }

    Regulator regulator(Path ws) {
        return new Regulator(new Workspace(ws), Duration.ofSeconds(1), Clock.systemUTC(), Map.of("USER", "carol")::get);
    }

    static String dashboard(Path ws) throws Exception {
        return Files.readString(ws.resolve("loops/regulator/dashboard.md"));
    }

    static void tick(Path ws, String box) throws Exception {
        Path d = ws.resolve("loops/regulator/dashboard.md");
        String text = Files.readString(d);
        assertThat(text).contains(box);
        Files.writeString(d, text.replace(box, box.replace("- [ ]", "- [x]")));
    }

    @Test
    void tick_evaluate_recordsTheApproval_andTheTickIsKept() throws Exception {
        Path ws = sample();
        regulator(ws).evaluate(NOW);
        assertThat(dashboard(ws)).contains(QE_BOX);
        tick(ws, QE_BOX);
        Regulator reg = regulator(ws);
        Evaluation e = reg.evaluate(NOW.plusSeconds(3600));
        assertThat(reg.takeNotices()).anySatisfy(n -> assertThat(n).contains("recorded as approved by carol (not a git repository)"));
        String cadence = Files.readString(ws.resolve("loops/quality-escalation/cadence.yml"));
        assertThat(cadence).contains("regulator_approval: approved").contains("approval_by: \"carol\"")
                .contains("approval_note: \"ticked on loops/regulator/dashboard.md:");
        assertThat(dashboard(ws)).contains("- [x] approve promotion of quality-escalation to stabilize");
        assertThat(e.loop("quality-escalation").orElseThrow().rec().rule("regulator_approval").orElseThrow().holds()).isTrue();
        // evaluating again keeps the tick and records nothing more
        regulator(ws).evaluate(NOW.plusSeconds(7200));
        assertThat(dashboard(ws)).contains("- [x] approve promotion of quality-escalation to stabilize");
        assertThat(Files.readAllLines(ws.resolve("loops/regulator/approvals.jsonl"))).hasSize(1);
    }

    @Test
    void rejectAfterATick_staysRejected_theRenderedTickIsNotANewOne() throws Exception {
        Path ws = sample();
        regulator(ws).evaluate(NOW);
        tick(ws, QE_BOX);
        regulator(ws).evaluate(NOW.plusSeconds(60));
        new Approvals(regulator(ws)).set("quality-escalation", dev.loopreg.cadence.Approval.REJECTED, NOW.plusSeconds(120), "erin", "not yet", "cli");
        regulator(ws).evaluate(NOW.plusSeconds(180));
        assertThat(Files.readString(ws.resolve("loops/quality-escalation/cadence.yml"))).contains("regulator_approval: rejected");
        assertThat(dashboard(ws)).contains(QE_BOX).contains("(rejected by erin: not yet)");
    }

    @Test
    void tickAddedWhileEvaluateRuns_isNotLost() throws Exception {
        Path ws = sample();
        regulator(ws).evaluate(NOW);
        Regulator reg = regulator(ws);
        int[] calls = {0};
        reg.beforeDashboardWrite(() -> {
            if (calls[0]++ == 0) {
                try {
                    tick(ws, QE_BOX); // a person saves the dashboard after evaluate read it, before it writes
                } catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
            }
        });
        reg.evaluate(NOW.plusSeconds(3600));
        assertThat(calls[0]).isEqualTo(2); // the first write was abandoned, the tick read, the dashboard rendered again
        assertThat(Files.readString(ws.resolve("loops/quality-escalation/cadence.yml"))).contains("regulator_approval: approved");
        assertThat(dashboard(ws)).contains("- [x] approve promotion of quality-escalation to stabilize");
    }

    /** Makes the workspace a git repository whose one commit (the evaluated dashboard) is by a bot. */
    static Git gitCommittedByBot(Path ws) throws Exception {
        Git git = Git.init().setDirectory(ws.toFile()).setInitialBranch("main").call();
        PersonIdent bot = new PersonIdent("loopreg-bot", "bot@example.org");
        git.add().addFilepattern(".").call();
        git.commit().setMessage("evaluate").setAuthor(bot).setCommitter(bot).call();
        return git;
    }

    @Test
    void tickInAGitWorkspace_isRecordedWithTheCommitsAuthor() throws Exception {
        Path ws = sample();
        regulator(ws).evaluate(NOW);
        try (Git git = gitCommittedByBot(ws)) {
            tick(ws, QE_BOX);
            PersonIdent jane = new PersonIdent("Jane Doe", "jane@example.org");
            var c = git.commit().setAll(true).setMessage("approve quality-escalation").setAuthor(jane).setCommitter(jane).call();
            regulator(ws).evaluate(NOW.plusSeconds(3600));
            assertThat(Files.readString(ws.resolve("loops/quality-escalation/cadence.yml")))
                    .contains("approval_by: \"Jane Doe <jane@example.org>\"").contains("(commit " + c.getName().substring(0, 12) + ")");
            String line = Files.readAllLines(ws.resolve("loops/regulator/approvals.jsonl")).get(0);
            assertThat(line).contains("\"by\":\"Jane Doe <jane@example.org>\"").contains("\"commit\":\"" + c.getName() + "\"");
        }
    }

    @Test
    void uncommittedTickInAGitWorkspace_isRecordedByTheUser_markedUncommitted() throws Exception {
        Path ws = sample();
        regulator(ws).evaluate(NOW);
        gitCommittedByBot(ws).close();
        tick(ws, QE_BOX);
        regulator(ws).evaluate(NOW.plusSeconds(3600));
        assertThat(Files.readString(ws.resolve("loops/quality-escalation/cadence.yml"))).contains("approval_by: \"carol\"")
                .contains("(uncommitted)");
    }

    @Test
    void tickOfAnActionNoLongerPending_isIgnoredWithANotice() throws Exception {
        Path ws = sample();
        regulator(ws).evaluate(NOW);
        Path d = ws.resolve("loops/regulator/dashboard.md");
        Files.writeString(d, Files.readString(d) + "- [x] approve promotion of quality-escalation to stabilize "
                + "<!-- loopreg:action promote:quality-escalation:stabilize:2020-01-01T00:00:00Z -->\n");
        Regulator reg = regulator(ws);
        reg.evaluate(NOW.plusSeconds(3600));
        assertThat(reg.takeNotices()).anySatisfy(n -> assertThat(n).contains("the ticked action "
                + "'promote:quality-escalation:stabilize:2020-01-01T00:00:00Z' is not pending any more"));
        assertThat(Files.readString(ws.resolve("loops/quality-escalation/cadence.yml"))).contains("regulator_approval: pending");
        assertThat(ws.resolve("loops/regulator/approvals.jsonl")).doesNotExist();
    }

    @Test
    void applyApproved_carriesOutTheApprovedPromotion_andReportsTheOthers() throws Exception {
        Path ws = sample();
        regulator(ws).evaluate(NOW);
        tick(ws, QE_BOX); // approved, but quality-escalation still fails its other rules
        List<Changes.ApprovedResult> done = new Changes(regulator(ws)).applyApproved(NOW.plusSeconds(60), "dave");
        assertThat(done).extracting(Changes.ApprovedResult::action, Changes.ApprovedResult::done).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("promote:kaizen-stack:stabilize:2026-06-24T00:00:00Z", true),
                org.assertj.core.groups.Tuple.tuple("promote:quality-escalation:stabilize:2026-06-24T00:00:00Z", false));
        assertThat(done).filteredOn(Changes.ApprovedResult::done).singleElement()
                .satisfies(r -> assertThat(r.outcome()).startsWith("DEC-003: promotion of kaizen-stack bootstrap → stabilize"));
        assertThat(done).filteredOn(r -> !r.done()).singleElement()
                .satisfies(r -> assertThat(r.outcome()).startsWith("approved, not carried out: the recommendation is now hold in bootstrap"));
        assertThat(Files.readString(ws.resolve("loops/kaizen-stack/cadence.yml"))).contains("phase: stabilize");
        assertThat(Files.readString(ws.resolve("loops/quality-escalation/cadence.yml"))).contains("phase: bootstrap")
                .contains("regulator_approval: approved");
    }
}
