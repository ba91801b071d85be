package dev.loopreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A write into the workspace never follows a symbolic link out of it: refused with a clear error, nothing changed. */
class SymlinkWritesTest {

    @TempDir
    Path tmp;

    @Test
    void aLinkedDecisionLog_isRefused_andNeitherItsTargetNorTheWorkspaceChanges() throws Exception {
        Path ws = Cli.sample(tmp);
        Path outside = Files.createDirectories(tmp.resolve("elsewhere"));
        Path target = outside.resolve("decisions.jsonl");
        Path log = ws.resolve("loops/regulator/decisions.jsonl");
        Files.move(log, target);
        Files.createSymbolicLink(log, target);
        String before = Files.readString(target);
        Map<String, String> snap = Cli.snapshot(ws);
        Cli.Result r = Cli.run("-w", ws.toString(), "--now", "2026-06-25T12:10:00Z", "approve", "quality-escalation", "--by", "carol");
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("loops/regulator/decisions.jsonl: its real path " + target.toRealPath() + " is outside the workspace")
                .doesNotContain("internal error");
        assertThat(Files.readString(target)).isEqualTo(before);
        assertThat(Cli.snapshot(ws)).isEqualTo(snap);
    }

    @Test
    void aLinkedLoopDirectory_isRefusedForWrites_butTheFleetOutsideTheWorkspaceIsNotChecked() throws Exception {
        Path ws = Cli.sample(tmp);
        Path outside = tmp.resolve("elsewhere-loop");
        Files.move(ws.resolve("loops/registry-hygiene"), outside);
        Files.createSymbolicLink(ws.resolve("loops/registry-hygiene"), outside);
        String cadence = Files.readString(outside.resolve("cadence.yml"));
        String health = Files.readString(outside.resolve("health.jsonl"));
        Cli.Result r = Cli.run("-w", ws.toString(), "--now", "2026-06-26T11:10:00Z", "collect", "--loop", "registry-hygiene");
        assertThat(r.exit()).as(r.toString()).isIn(1, 5);
        assertThat(r.out() + r.err()).contains("loops/registry-hygiene/health.jsonl: its real path").contains("is outside the workspace");
        assertThat(Files.readString(outside.resolve("cadence.yml"))).isEqualTo(cadence);
        assertThat(Files.readString(outside.resolve("health.jsonl"))).isEqualTo(health);
    }
}
