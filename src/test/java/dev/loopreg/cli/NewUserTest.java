package dev.loopreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopreg.health.LikelyDuplicates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a new user meets first, and the rough edges they hit: each answered in loopreg's words. */
class NewUserTest {

    @TempDir
    Path tmp;

    static String sh(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + "\n" + out).isZero();
        return out;
    }

    @Test
    void init_makesTheWorkspaceAGitRepository_soTheReplicasRecipeClonesItAsWritten() throws Exception {
        Path ws = tmp.resolve("my-workspace");
        Cli.Result r = Cli.run("-w", ws.toString(), "--now", "2026-06-18T10:00:00Z", "init");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Made " + ws + " a git repository (branch main) with these files as its first commit");
        try (Git git = Git.open(ws.toFile())) {
            assertThat(git.getRepository().getBranch()).isEqualTo("main");
            assertThat(git.status().call().isClean()).as("every file init wrote is committed").isTrue();
        }
        // README: for i in 1 2 3; do git clone my-workspace checkout-$i; done — then each checkout is a whole workspace
        for (int i = 1; i <= 3; i++) sh(tmp, "git", "clone", "-q", "my-workspace", "checkout-" + i);
        for (int i = 1; i <= 3; i++) {
            Path checkout = tmp.resolve("checkout-" + i);
            assertThat(Cli.snapshot(checkout)).isEqualTo(Cli.snapshot(ws));
            Cli.Result v = Cli.run("-w", checkout.toString(), "validate");
            assertThat(v.exit()).as(v.toString()).isZero();
        }
        // the lock and the journal are never committed
        assertThat(Files.readString(ws.resolve("loops/.gitignore"))).contains(".loopreg.lock").contains(".loopreg-journal.json");
    }

    @Test
    void init_noGit_orInsideARepository_makesNoRepository() throws Exception {
        Path plain = tmp.resolve("plain");
        assertThat(Cli.run("-w", plain.toString(), "init", "--no-git").exit()).isZero();
        assertThat(plain.resolve(".git")).doesNotExist();

        Path outer = Files.createDirectories(tmp.resolve("outer"));
        Git.init().setDirectory(outer.toFile()).call().close();
        Path inner = outer.resolve("ops/loops-ws");
        Cli.Result r = Cli.run("-w", inner.toString(), "init");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(inner.resolve(".git")).doesNotExist();
        assertThat(r.out()).doesNotContain("git repository");
    }

    @Test
    void nowBeforeTheLoopsPhaseBegan_isAWarning_notANegativeTimeInPhase() throws Exception {
        Path ws = Cli.sample(tmp);
        // quality-escalation entered bootstrap at 2026-06-24T00:00:00Z
        Cli.Result s = Cli.run("-w", ws.toString(), "--now", "2026-06-23T17:00:00Z", "status");
        assertThat(s.exit()).as(s.toString()).isZero();
        assertThat(s.err()).contains("loops/quality-escalation/cadence.yml: warning: phase_since 2026-06-24T00:00:00Z is later than the "
                + "instant evaluated (2026-06-23T17:00:00Z): the loop was not in bootstrap yet then, so its time in phase is unknown (—)");
        assertThat(s.out()).doesNotContain("-7h").doesNotContain(" -");
        assertThat(s.out()).containsPattern("quality-escalation\\s+bootstrap\\s+\\S+ \\S+ \\S+ \\S+ \\S+\\s+\\d+\\s+—");
    }

    @Test
    void aBrokenLoopYml_isReportedAsThat_notAsALoopWithoutAWorkplan() throws Exception {
        Path ws = Cli.sample(tmp);
        Path config = ws.resolve("loops/kaizen-stack/loop.yml");
        Files.writeString(config, Files.readString(config).replace("sla_hours: 24", "sla_hours: 24\n  nested: [oops"));
        for (String cmd : List.of("evaluate", "status")) {
            Cli.Result e = Cli.run("-w", ws.toString(), "--now", Cli.SAMPLE_NOW, cmd);
            assertThat(e.exit()).as(e.toString()).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(e.out() + e.err()).as(cmd).contains("loops/kaizen-stack/loop.yml:").doesNotContain("no workplan configured");
            assertThat(e.out()).as(cmd).containsPattern("kaizen-stack\\s+bootstrap\\s+.*error");
        }
        Cli.Result j = Cli.run("-w", ws.toString(), "--now", Cli.SAMPLE_NOW, "evaluate", "--json");
        assertThat(j.out()).contains("loops/kaizen-stack/loop.yml:9: not valid YAML").doesNotContain("no workplan configured");
    }

    @Test
    void serveOnAPortInUse_suggestsAnotherPortOrPortZero() throws Exception {
        Path ws = Cli.sample(tmp);
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Cli.Result r = Cli.run("-w", ws.toString(), "serve", "--port", Integer.toString(port), "--no-schedule");
            assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(r.err()).contains("cannot listen on 127.0.0.1:" + port)
                    .contains("choose another port with --port " + (port + 1) + ", or --port 0 for a free one");
        }
    }

    @Test
    void manyLikelyDuplicates_areSummarised_notListedOnOneLine() {
        List<String> ids = IntStream.range(0, 1000).mapToObj(i -> "T-" + i).toList();
        List<LikelyDuplicates.Group> groups = new ArrayList<>();
        groups.add(new LikelyDuplicates.Group("bump lodash", ids));
        for (int g = 0; g < 7; g++) groups.add(new LikelyDuplicates.Group("title " + g, List.of("A-" + g, "B-" + g)));
        List<String> lines = CollectCommand.likelyDuplicates(groups);
        assertThat(lines).hasSize(6);
        assertThat(lines.get(0)).isEqualTo("likely duplicates (not marked): T-0, T-1, T-2, T-3, T-4, T-5 and 994 more — \"bump lodash\"");
        assertThat(lines.get(1)).isEqualTo("likely duplicates (not marked): A-0, B-0 — \"title 0\"");
        assertThat(lines.get(5)).isEqualTo("likely duplicates in all: 1014 tasks in 8 group(s), 3 group(s) not shown; every id: loopreg "
                + "collect --json (likely_duplicates)");
        assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThan(200));
        // a few are listed whole, with no summary line
        assertThat(CollectCommand.likelyDuplicates(groups.subList(1, 3))).hasSize(2);
    }

    /** loopreg in a child JVM whose view of {@code ws} is read-only (a bind mount in its own mount namespace). */
    static RefusedPlansTest.Child readOnly(Path ws, String... args) throws Exception {
        StringBuilder q = new StringBuilder();
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "dev.loopreg.cli.Main", "-w", ws.toString()));
        java.addAll(List.of(args));
        for (String a : java) q.append(" '").append(a.replace("'", "'\\''")).append("'");
        String script = "mount --bind '" + ws + "' '" + ws + "' && mount -o remount,bind,ro '" + ws + "' && exec" + q;
        Process p = new ProcessBuilder("unshare", "-rm", "sh", "-c", script).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new RefusedPlansTest.Child(p.exitValue(), out);
    }

    @Test
    void aReadOnlyWorkspace_saysSo_andWhatStillWorks() throws Exception {
        Path ws = Cli.sample(tmp);
        var before = Cli.snapshot(ws);
        RefusedPlansTest.Child e = readOnly(ws, "--now", Cli.SAMPLE_NOW, "evaluate");
        assertThat(e.exit()).as(e.out()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(e.out()).contains(ws + ": the workspace is read-only for this user (a read-only file system: loops/.loopreg.lock "
                + "cannot be written); 'loopreg evaluate' writes, so it did not run and nothing was changed. What still works here: "
                + "validate, status, rules, rotation, roster, simulate");
        for (String[] cmd : new String[][] {{"validate"}, {"--now", Cli.SAMPLE_NOW, "status"}, {"rules"}, {"roster"}, {"simulate"}}) {
            RefusedPlansTest.Child ok = readOnly(ws, cmd);
            assertThat(ok.exit()).as(String.join(" ", cmd) + "\n" + ok.out()).isZero();
        }
        assertThat(Cli.snapshot(ws)).isEqualTo(before);
    }
}
