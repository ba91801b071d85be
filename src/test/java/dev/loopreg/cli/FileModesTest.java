package dev.loopreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files people share keep working: a file loopreg replaces keeps its mode, and a file it creates gets the mode the
 * umask gives (0644 under 022, 0664 under 002) — not 0600. Run in a child JVM under {@code sh -c 'umask …'}, since a JVM
 * cannot change its own umask.
 */
class FileModesTest {

    @TempDir
    Path tmp;

    static String run(String umask, String... args) throws Exception {
        StringBuilder cmd = new StringBuilder("umask " + umask + " && exec \"$0\" \"$@\"");
        List<String> argv = new ArrayList<>(List.of("sh", "-c", cmd.toString(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp",
                System.getProperty("java.class.path"), "dev.loopreg.cli.Main"));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isIn(0, 3);
        return out;
    }

    static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @ParameterizedTest
    @CsvSource({"022, rw-r--r--", "002, rw-rw-r--"})
    void newFiles_getTheModeTheUmaskGives(String umask, String expected) throws Exception {
        Path ws = tmp.resolve("ws");
        run(umask, "-w", ws.toString(), "init", "--no-git");
        run(umask, "-w", ws.toString(), "--now", "2026-06-25T12:00:00Z", "evaluate");
        for (String f : List.of("loops/regulator/policy.yml", "loops/kaizen-stack/cadence.yml", "loops/kaizen-stack/loop.yml",
                "loops/regulator/dashboard.md", "loops/regulator/recommendations.jsonl", "loops/regulator/runs.jsonl")) {
            assertThat(mode(ws.resolve(f))).as(f).isEqualTo(expected);
        }
    }

    @Test
    void replacedFiles_keepTheirMode_whateverTheUmask() throws Exception {
        Path ws = Cli.sample(tmp);
        Path cadence = ws.resolve("loops/quality-escalation/cadence.yml");
        Path dashboard = ws.resolve("loops/regulator/dashboard.md");
        Files.setPosixFilePermissions(cadence, PosixFilePermissions.fromString("rw-rw-r--"));
        Files.setPosixFilePermissions(dashboard, PosixFilePermissions.fromString("rw-r-----"));
        run("077", "-w", ws.toString(), "--now", "2026-06-25T12:10:00Z", "approve", "quality-escalation", "--by", "carol");
        assertThat(Files.readString(cadence)).contains("regulator_approval: approved");
        assertThat(mode(cadence)).isEqualTo("rw-rw-r--");
        assertThat(mode(dashboard)).isEqualTo("rw-r-----");
    }
}
