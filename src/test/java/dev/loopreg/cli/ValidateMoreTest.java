package dev.loopreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** validate checks the urgent-task ledger line by line and a rotation policy's loop. */
class ValidateMoreTest {

    @TempDir
    Path tmp;

    @Test
    void urgentTaskLines_areChecked_withFileAndLine() throws Exception {
        Path ws = Cli.sample(tmp);
        Path f = ws.resolve("loops/regulator/urgent-tasks.jsonl");
        Files.writeString(f, "{\"id\":\"URG-001\",\"event\":\"raised\",\"loop\":\"kaizen-stack\",\"trigger\":\"rescues_24h\",\"at\":\"2026-06-25T12:00:00Z\"}\n"
                + "not json\n"
                + "{\"id\":\"X-1\",\"event\":\"exploded\",\"at\":\"yesterday\"}\n"
                + "{\"id\":\"URG-002\",\"event\":\"raised\",\"at\":\"2026-06-25T12:00:00Z\"}\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Cli.Result v = Cli.run("-w", ws.toString(), "validate");
        assertThat(v.exit()).isEqualTo(1);
        String all = v.out() + v.err();
        assertThat(all).contains("loops/regulator/urgent-tasks.jsonl:2: not valid JSON")
                .contains("loops/regulator/urgent-tasks.jsonl:3: id: 'X-1' is not an urgent-task id; expected URG-NNN")
                .contains("loops/regulator/urgent-tasks.jsonl:3: event: 'exploded' is not allowed")
                .contains("loops/regulator/urgent-tasks.jsonl:3: at: 'yesterday' is not an instant")
                .contains("loops/regulator/urgent-tasks.jsonl:4: loop is missing")
                .doesNotContain("urgent-tasks.jsonl:1:");
    }

    @Test
    void aRotationPolicyNamingAMissingLoop_isAnError() throws Exception {
        Path ws = Cli.sample(tmp);
        Files.writeString(ws.resolve("loops/regulator/rotation-policy.yml"), "loop: kaizen-stak\n");
        Cli.Result v = Cli.run("-w", ws.toString(), "validate");
        assertThat(v.exit()).isEqualTo(1);
        assertThat(v.out() + v.err()).contains("loops/regulator/rotation-policy.yml:1: loop: 'kaizen-stak' is not a loop of this workspace "
                + "(no loops/kaizen-stak/cadence.yml); expected one of kaizen-stack, quality-escalation, registry-hygiene");
    }

    @Test
    void bytesThatAreNotUtf8_areNamedByFileLineAndColumn_andADirectoryWhereAFileBelongsIsSaid() throws Exception {
        Path ws = Cli.sample(tmp);
        Path loopYml = ws.resolve("loops/kaizen-stack/loop.yml");
        int line = Files.readAllLines(loopYml).size() + 1;
        Files.write(loopYml, new byte[] {'x', ':', ' ', 'a', (byte) 0xFF, '\n'}, StandardOpenOption.APPEND);
        Cli.Result v = Cli.run("-w", ws.toString(), "validate");
        assertThat(v.exit()).isEqualTo(1);
        assertThat(v.out() + v.err()).contains("loops/kaizen-stack/loop.yml:" + line + ": column 5: byte 0xFF is not UTF-8; expected UTF-8 text");

        Path ws2 = Cli.sample(tmp.resolve("two"));
        Files.delete(ws2.resolve("loops/quality-escalation/loop.yml"));
        Files.createDirectories(ws2.resolve("loops/quality-escalation/loop.yml"));
        Cli.Result d = Cli.run("-w", ws2.toString(), "validate");
        assertThat(d.exit()).isEqualTo(1);
        assertThat(d.out() + d.err()).contains("loops/quality-escalation/loop.yml: cannot read: is a directory; expected a file")
                .doesNotContain("internal error");
    }

    @Test
    void loopYmlPathsThatLeaveTheWorkspace_areErrors_butTheFleetMayBeOutside() throws Exception {
        Path ws = Cli.sample(tmp);
        Path loopYml = ws.resolve("loops/registry-hygiene/loop.yml");
        String text = Files.readString(loopYml);
        Files.writeString(loopYml, text.replaceFirst("(?m)^workplan: .*$", "workplan: ../../etc/passwd")
                .replaceFirst("(?m)^rescue_log: .*$", "rescue_log: /var/log/rescues.md"));
        Cli.Result v = Cli.run("-w", ws.toString(), "validate");
        assertThat(v.exit()).isEqualTo(1);
        assertThat(v.out() + v.err()).containsPattern("loops/registry-hygiene/loop.yml:\\d+: workplan: '../../etc/passwd' leaves the workspace")
                .containsPattern("loops/registry-hygiene/loop.yml:\\d+: rescue_log: '/var/log/rescues.md' leaves the workspace");
        // the sample's repos_root (../fleet) is outside the workspace by design and is not an error
        assertThat(v.out() + v.err()).doesNotContain("repos_root");
    }
}
