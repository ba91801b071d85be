package dev.loopreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * validate catches everything it reads, each with its {@code path:line}, and changes no file; a person's text with a
 * control character is refused before it is written; every I/O message names its file.
 */
class ValidateReadsEverythingTest {

    @TempDir
    Path tmp;

    /** Every file's bytes (a file that is not UTF-8 too), to show that nothing changed. */
    static Map<String, String> bytes(Path dir) throws Exception {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                if (p.getFileName().toString().equals(".loopreg.lock")) continue;
                m.put(dir.relativize(p).toString(), java.util.HexFormat.of().formatHex(Files.readAllBytes(p)));
            }
        }
        return m;
    }

    private Cli.Result validateChangesNothing(Path ws) throws Exception {
        Map<String, String> before = bytes(ws);
        Cli.Result v = Cli.run("-w", ws.toString(), "validate");
        assertThat(v.exit()).as(v.toString()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(bytes(ws)).isEqualTo(before);
        return v;
    }

    private static void replaceLine(Path file, String startsWith, String with) throws Exception {
        String text = Files.readString(file);
        String out = text.lines().map(l -> l.startsWith(startsWith) ? with : l).reduce((a, b) -> a + "\n" + b).orElseThrow() + "\n";
        assertThat(out).isNotEqualTo(text);
        Files.writeString(file, out);
    }

    @Test
    void aByteThatIsNotUtf8_insideAJsonLinesRecord_isAnErrorAtItsLine() throws Exception {
        Path ws = Cli.sample(tmp);
        Path health = ws.resolve("loops/kaizen-stack/health.jsonl");
        byte[] b = Files.readAllBytes(health);
        String text = new String(b, java.nio.charset.StandardCharsets.UTF_8);
        int at = text.indexOf("\"loop\":\"kaizen-stack\"", text.indexOf('\n') + 1) + 9;   // inside line 2's loop name
        b[at] = (byte) 0xFF;
        Files.write(health, b);
        Cli.Result v = validateChangesNothing(ws);
        assertThat(v.out()).containsPattern("loops/kaizen-stack/health\\.jsonl:2: column \\d+: byte 0xFF is not UTF-8; expected a line of "
                + "UTF-8 text");
        // evaluate reads the same line the same way: that loop is an error with the same words, the others are evaluated
        Cli.Result e = Cli.run("-w", ws.toString(), "--now", Cli.SAMPLE_NOW, "evaluate");
        assertThat(e.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(e.err()).contains("loops/kaizen-stack/health.jsonl:2: column");
    }

    @Test
    void anEscInAYamlValue_rawOrWrittenAsAnEscape_isAnErrorAtItsLine() throws Exception {
        Path ws = Cli.sample(tmp);
        replaceLine(ws.resolve("loops/registry-hygiene/loop.yml"), "description:", "description: red \u001B[31m text");
        replaceLine(ws.resolve("loops/kaizen-stack/loop.yml"), "description:", "description: \"red \\e[31m text\"");
        Cli.Result v = validateChangesNothing(ws);
        assertThat(v.out()).contains("loops/registry-hygiene/loop.yml:2: column 18: the control character U+001B (ESC); expected printable text")
                .contains("loops/kaizen-stack/loop.yml:2: description: the value holds the control character U+001B (ESC) (written as an "
                        + "escape); expected printable text");
    }

    @Test
    void aNoteWithAControlCharacter_isRefusedBeforeAnythingIsWritten() throws Exception {
        Path ws = Cli.sample(tmp);
        Map<String, String> before = bytes(ws);
        Cli.Result r = Cli.run("-w", ws.toString(), "--now", "2026-06-25T12:10:00Z", "approve", "kaizen-stack", "--by", "carol",
                "--note", "looks \u001B[31mgood");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("the note (--note) holds the control character U+001B (ESC) at character 7; expected printable text "
                + "(nothing was written)");
        assertThat(bytes(ws)).isEqualTo(before);
        Cli.Result d = Cli.run("-w", ws.toString(), "--now", "2026-06-25T12:10:00Z", "demote", "registry-hygiene", "--by", "bell\u0007",
                "--reason", "noise");
        assertThat(d.exit()).as(d.toString()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(d.err()).contains("the name of who acts (--by, LOOPREG_USER) holds the control character U+0007 (BEL)");
        assertThat(bytes(ws)).isEqualTo(before);
    }

    @Test
    void aRepoLeavingTheFleetRoot_andATextWhereAListBelongs_areErrorsAtTheirLines() throws Exception {
        Path ws = Cli.sample(tmp);
        replaceLine(ws.resolve("loops/quality-escalation/loop.yml"), "repos:", "repos: [repo-a, ../x]");
        replaceLine(ws.resolve("loops/kaizen-stack/loop.yml"), "agents:", "agents: optimization");
        Cli.Result v = validateChangesNothing(ws);
        assertThat(v.out()).contains("loops/quality-escalation/loop.yml:12: repos[1]: '../x' leaves the fleet's root (repos_root); "
                        + "expected a repo's directory under it")
                .contains("loops/kaizen-stack/loop.yml:11: agents is a single value ('optimization'); expected a list such as "
                        + "[optimization]");
    }

    @Test
    void aDirectoryWhereAFileBelongs_isNamedInTheMessage() throws Exception {
        Path ws = Cli.sample(tmp);
        Path recs = ws.resolve("loops/regulator/recommendations.jsonl");
        Files.delete(recs);
        Files.createDirectories(recs);
        for (String cmd : new String[] {"validate", "evaluate", "status"}) {
            Cli.Result r = Cli.run("-w", ws.toString(), "--now", Cli.SAMPLE_NOW, cmd);
            assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(r.err()).as(cmd).contains("loops/regulator/recommendations.jsonl: is a directory; expected a JSON Lines file")
                    .doesNotContain("I/O error");
        }
    }

    @Test
    void aPolicyThatIsNotUtf8_isNamedWithItsLine() throws Exception {
        Path ws = Cli.sample(tmp);
        Path policy = ws.resolve("loops/regulator/policy.yml");
        byte[] b = Files.readAllBytes(policy);
        String text = new String(b, java.nio.charset.StandardCharsets.UTF_8);
        b[text.indexOf("time_zone: UTC") + 12] = (byte) 0xFF;
        Files.write(policy, b);
        Cli.Result v = validateChangesNothing(ws);
        assertThat(v.out()).contains("loops/regulator/policy.yml:5: column 13: byte 0xFF is not UTF-8");
        Cli.Result e = Cli.run("-w", ws.toString(), "--now", Cli.SAMPLE_NOW, "evaluate");
        assertThat(e.err()).contains("loops/regulator/policy.yml:5: column 13: byte 0xFF is not UTF-8");
    }

    @Test
    void aYamlSyntaxError_isSaidInLoopregsWords_atTheLineOfTheMistake() throws Exception {
        Path ws = Cli.sample(tmp);
        replaceLine(ws.resolve("loops/regulator/policy.yml"), "time_zone:", "time_zone: UTC\nzone");
        Cli.Result v = validateChangesNothing(ws);
        assertThat(v.out()).contains("loops/regulator/policy.yml:6: not valid YAML: column 1: a line that is not 'key: value', nor a "
                + "'- item' of a list; expected 'key: value' (a missing ':', or no space after it?)");
        assertThat(v.out()).doesNotContain("while scanning");
    }
}
