package dev.loopreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A change whose plan cannot be carried out whole is refused whole: every effect is checked before the journal and
 * before the first write, so a refused plan leaves no decision, no journal and no changed file, and says which file and
 * what to do. A failure no check can foresee (a full disk, injected with {@code LOOPREG_FAULT_IO_AT}) says how much was
 * made and that the next command finishes it — never "nothing was changed".
 */
class RefusedPlansTest {

    @TempDir
    Path tmp;

    private static final String NOW = "2026-06-25T12:10:00Z";

    private static Path journal(Path ws) {
        return ws.resolve("loops/.loopreg-journal.json");
    }

    @Test
    void aCadenceFileLinkedOutOfTheWorkspace_refusesTheApproval_withNoDecisionAndNoJournal() throws Exception {
        Path ws = Cli.sample(tmp);
        Path outside = Files.createDirectories(tmp.resolve("elsewhere")).resolve("cadence.yml");
        Path cadence = ws.resolve("loops/quality-escalation/cadence.yml");
        Files.move(cadence, outside);
        Files.createSymbolicLink(cadence, outside);
        String decisions = Files.readString(ws.resolve("loops/regulator/decisions.jsonl"));
        String target = Files.readString(outside);
        Map<String, String> before = Cli.snapshot(ws);

        Cli.Result r = Cli.run("-w", ws.toString(), "--now", NOW, "approve", "quality-escalation", "--by", "carol");

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("loops/quality-escalation/cadence.yml: its real path " + outside.toRealPath()
                        + " is outside the workspace")
                .contains("refused 'loopreg approve quality-escalation' before its first write: nothing was changed (no decision, no journal)")
                .contains("replace the link with the file or directory itself");
        assertThat(journal(ws)).doesNotExist();
        assertThat(Files.readString(ws.resolve("loops/regulator/decisions.jsonl"))).isEqualTo(decisions);
        assertThat(Files.readString(outside)).isEqualTo(target);
        assertThat(Cli.snapshot(ws)).isEqualTo(before);

        // the workspace is usable: evaluate is not stopped by a leftover, and once the link is a file nothing "finishes"
        Files.delete(cadence);
        Files.copy(outside, cadence);
        Cli.Result e = Cli.run("-w", ws.toString(), "--now", NOW, "evaluate");
        assertThat(e.exit()).as(e.toString()).isZero();
        assertThat(e.err()).doesNotContain("finished the interrupted");
        assertThat(Files.readString(ws.resolve("loops/regulator/decisions.jsonl"))).isEqualTo(decisions);
    }

    @Test
    void aFileWhereTheDecisionsDirectoryBelongs_refusesTheApply_beforeTheDecisionLine() throws Exception {
        Path ws = Cli.sample(tmp);
        Path dir = ws.resolve("loops/regulator/decisions");
        if (Files.exists(dir)) {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.writeString(dir, "not a directory\n");
        Map<String, String> before = Cli.snapshot(ws);

        Cli.Result r = Cli.run("-w", ws.toString(), "--now", "2026-06-25T12:05:00Z", "apply", "kaizen-stack", "--by", "alice");

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("loops/regulator/decisions is a file where a directory belongs")
                .contains("nothing was changed (no decision, no journal)").doesNotContain("I/O error");
        assertThat(journal(ws)).doesNotExist();
        assertThat(Cli.snapshot(ws)).isEqualTo(before);
    }

    @Test
    void aDirectoryWhereTheDashboardBelongs_refusesTheChange_insteadOfMakingItAndReportingAnError() throws Exception {
        Path ws = Cli.sample(tmp);
        Files.delete(ws.resolve("loops/regulator/dashboard.md"));
        Files.createDirectories(ws.resolve("loops/regulator/dashboard.md"));
        Map<String, String> before = Cli.snapshot(ws);

        Cli.Result r = Cli.run("-w", ws.toString(), "--now", NOW, "approve", "quality-escalation", "--by", "carol");

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("loops/regulator/dashboard.md: is a directory; refused 'loopreg approve quality-escalation'");
        assertThat(journal(ws)).doesNotExist();
        assertThat(Cli.snapshot(ws)).isEqualTo(before);
    }

    @Test
    void onPostgres_aPlanWhoseFilesCannotBeWritten_recordsNothingInTheDatabase() throws Exception {
        Path ws = Cli.sample(tmp);
        String url = dev.loopreg.db.TestPostgres.get().newDatabase();
        assertThat(Cli.run("-w", ws.toString(), "db", "import", "--database", url).exit()).isZero();
        Cli.Result statusBefore = Cli.run("-w", ws.toString(), "--database", url, "--now", NOW, "status", "--json");
        Path decisionsDir = ws.resolve("loops/regulator/decisions");
        if (Files.exists(decisionsDir)) {
            try (var s = Files.walk(decisionsDir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.writeString(decisionsDir, "not a directory\n");

        Cli.Result r = Cli.run("-w", ws.toString(), "--database", url, "--now", "2026-06-25T12:05:00Z", "apply", "kaizen-stack",
                "--by", "alice");

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("loops/regulator/decisions is a file where a directory belongs").contains("nothing was changed");
        // the database holds no decision and the loop has not moved: the check came before the transaction
        Files.delete(decisionsDir);
        Cli.Result statusAfter = Cli.run("-w", ws.toString(), "--database", url, "--now", NOW, "status", "--json");
        assertThat(statusAfter.out()).isEqualTo(statusBefore.out());
        Path export = tmp.resolve("export");
        assertThat(Cli.run("-w", ws.toString(), "db", "export", "--to", export.toString(), "--database", url).exit()).isZero();
        assertThat(Files.readString(export.resolve("loops/regulator/decisions.jsonl")))
                .isEqualTo(Files.readString(Path.of("examples/sample-workspace/loops/regulator/decisions.jsonl")));
    }

    record Child(int exit, String out) {
    }

    /** loopreg in a child JVM with {@code env} added (the I/O fault switch is read once, when the JVM starts). */
    static Child child(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", System.getProperty("java.class.path"), "dev.loopreg.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Child(p.exitValue(), out);
    }

    @Test
    void aWriteThatFailsAfterTheFirstEffect_saysPartlyDone_andTheNextCommandFinishesIt() throws Exception {
        Path ws = Cli.sample(tmp);
        String decisions = Files.readString(ws.resolve("loops/regulator/decisions.jsonl"));
        // boundaries: the journal's replace (1), the journal durable (2), the decision's append (3), cadence.yml's replace (4)
        Child c = child(Map.of("LOOPREG_FAULT_IO_AT", "4"), "-w", ws.toString(), "--now", NOW, "approve", "quality-escalation",
                "--by", "carol");

        assertThat(c.exit()).as(c.out()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(c.out()).contains("loops/quality-escalation/cadence.yml: No space left on device")
                .contains("'loopreg approve quality-escalation' is partly done: 1 of 2 effects made")
                .contains("the next loopreg command finishes it")
                .doesNotContain("nothing was changed");
        assertThat(journal(ws)).exists();
        assertThat(Files.readString(ws.resolve("loops/regulator/decisions.jsonl"))).startsWith(decisions).contains("\"DEC-002\"");
        assertThat(Files.readString(ws.resolve("loops/quality-escalation/cadence.yml"))).contains("regulator_approval: pending");

        Cli.Result v = Cli.run("-w", ws.toString(), "validate");
        assertThat(v.out()).contains("loops/.loopreg-journal.json");
        Cli.Result s = Cli.run("-w", ws.toString(), "--now", NOW, "status");
        assertThat(s.err()).contains("finished the interrupted 'loopreg approve quality-escalation'")
                .contains("1 of 2 effects were still to make, now made");
        assertThat(journal(ws)).doesNotExist();
        assertThat(Files.readString(ws.resolve("loops/quality-escalation/cadence.yml"))).contains("regulator_approval: approved");
    }

    @Test
    void aJournalThatCannotBeWritten_saysNoneOfTheEffectsWasMade_andIsTrue() throws Exception {
        Path ws = Cli.sample(tmp);
        Map<String, String> before = Cli.snapshot(ws);
        Child c = child(Map.of("LOOPREG_FAULT_IO_AT", "1"), "-w", ws.toString(), "--now", NOW, "approve", "quality-escalation",
                "--by", "carol");

        assertThat(c.exit()).as(c.out()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(c.out()).contains("loops/.loopreg-journal.json: No space left on device")
                .contains("'loopreg approve quality-escalation' was not carried out: its journal could not be written, so none of its 2 "
                        + "effects was made");
        assertThat(journal(ws)).doesNotExist();
        assertThat(Cli.snapshot(ws)).isEqualTo(before);
    }
}
