package dev.loopreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitCommandTest {

    @TempDir
    Path tmp;

    @Test
    void init_emptyDirectory_createsSeedLayoutThatValidates() throws Exception {
        Path ws = tmp.resolve("ws");
        Cli.Result r = Cli.run("-w", ws.toString(), "init", "--now", "2026-06-18T10:00:00Z");
        assertThat(r.exit()).as(r.toString()).isZero();
        for (String f : new String[] {"loops/regulator/policy.yml", "loops/regulator/rotation-policy.yml",
                "loops/regulator/health-model.md", "loops/regulator/state-machine.md", "loops/regulator/session-template.md",
                "loops/kaizen-stack/roster.yaml", "loops/kaizen-stack/bootstrap-log.md", "loops/kaizen-stack/supplier-notes.md",
                "loops/quality-escalation/thresholds.yml", "loops/registry-hygiene/signals.yml", "loops/registry-hygiene/rollout.yaml",
                "activity-definitions/hourly-loop-health-collector.md"}) {
            assertThat(ws.resolve(f)).as(f).exists();
            assertThat(r.out()).contains(f);
        }
        for (String loop : new String[] {"kaizen-stack", "quality-escalation", "registry-hygiene"}) {
            String cadence = Files.readString(ws.resolve("loops/" + loop + "/cadence.yml"));
            assertThat(cadence).contains("phase: bootstrap").contains("cron: \"0 * * * *\"")
                    .contains("phase_since: 2026-06-18T10:00:00Z").contains("regulator_approval: pending");
            assertThat(ws.resolve("loops/" + loop + "/health.jsonl")).exists();
        }
        assertThat(Files.readString(ws.resolve("activity-definitions/hourly-loop-health-collector.md")))
                .contains("cron: \"50 * * * *\"").contains("id: hourly-loop-health-collector");
        assertThat(Files.readString(ws.resolve("loops/regulator/health-model.md")))
                .contains("| `false_positive_rate` | duplicate tasks / total | < 0.2 |")
                .contains("| `agent_success_rate` | `.kaizen/metrics/<agent>/summary.json` | ≥ 0.8 |");
        assertThat(Files.readString(ws.resolve("loops/regulator/state-machine.md")))
                .contains("bootstrap (0 * * * *) ──promote──▶ stabilize (0 11 * * *)")
                .contains("Σduplicate_tasks / Σtasks_created is < 0.2");

        Cli.Result v = Cli.run("-w", ws.toString(), "validate");
        assertThat(v.exit()).as(v.toString()).isZero();
        assertThat(v.out()).contains("ok: no errors");
    }

    @Test
    void init_partialWorkspace_addsOnlyWhatIsMissingAndNeverOverwrites() throws Exception {
        Path ws = tmp.resolve("ws");
        Cli.run("-w", ws.toString(), "init", "--now", "2026-06-18T10:00:00Z");
        Path policy = ws.resolve("loops/regulator/policy.yml");
        String custom = Files.readString(policy).replace("below: 0.2", "below: 0.15");
        Files.writeString(policy, custom);
        Files.writeString(ws.resolve("loops/kaizen-stack/cadence.yml"),
                Files.readString(ws.resolve("loops/kaizen-stack/cadence.yml")).replace("pending", "approved"));
        Files.delete(ws.resolve("loops/regulator/state-machine.md"));
        Files.delete(ws.resolve("loops/quality-escalation/health.jsonl"));
        Map<String, String> before = Cli.snapshot(ws);

        Cli.Result r = Cli.run("-w", ws.toString(), "init", "--now", "2026-06-19T10:00:00Z");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Added 2 files").contains("loops/regulator/state-machine.md")
                .contains("loops/quality-escalation/health.jsonl");
        Map<String, String> after = Cli.snapshot(ws);
        before.forEach((k, v) -> assertThat(after.get(k)).as(k).isEqualTo(v));
        assertThat(after.get("loops/regulator/state-machine.md")).as("generated from the configured policy").contains("is < 0.15");
    }

    @Test
    void init_completeWorkspace_nothingToAdd() throws Exception {
        Path ws = tmp.resolve("ws");
        Cli.run("-w", ws.toString(), "init", "--now", "2026-06-18T10:00:00Z");
        Map<String, String> before = Cli.snapshot(ws);
        Cli.Result r = Cli.run("-w", ws.toString(), "init", "--now", "2026-06-20T10:00:00Z");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("Nothing to add");
        assertThat(Cli.snapshot(ws)).isEqualTo(before);
    }

    @Test
    void init_loopsOption_createsThoseLoops_andLaterInitKeepsToThem() throws Exception {
        Path ws = tmp.resolve("ws");
        Cli.Result r = Cli.run("-w", ws.toString(), "init", "--loops", "alpha,beta-2", "--now", "2026-06-18T10:00:00Z");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(ws.resolve("loops/alpha/cadence.yml")).exists();
        assertThat(ws.resolve("loops/beta-2/loop.yml")).exists();
        assertThat(ws.resolve("loops/kaizen-stack")).doesNotExist();
        Files.delete(ws.resolve("loops/alpha/health.jsonl"));
        Cli.Result again = Cli.run("-w", ws.toString(), "init", "--now", "2026-06-18T10:00:00Z");
        assertThat(again.out()).contains("loops/alpha/health.jsonl");
        assertThat(ws.resolve("loops/kaizen-stack")).doesNotExist();
    }

    @Test
    void init_badLoopId_usageErrorAndNothingCreated() {
        Path ws = tmp.resolve("ws");
        Cli.Result r = Cli.run("-w", ws.toString(), "init", "--loops", "ok,../x");
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("'../x' is not a valid loop id");
        assertThat(ws).doesNotExist();
    }

    @Test
    void init_existingPolicyInvalid_refusesAndWritesNothing() throws Exception {
        Path ws = tmp.resolve("ws");
        Files.createDirectories(ws.resolve("loops/regulator"));
        Files.writeString(ws.resolve("loops/regulator/policy.yml"), "promotion:\n  fpr_window: {cycles: many}\n");
        Map<String, String> before = Cli.snapshot(ws);
        Cli.Result r = Cli.run("-w", ws.toString(), "init");
        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("loops/regulator/policy.yml:2: promotion.fpr_window.cycles: 'many' is not allowed");
        assertThat(Cli.snapshot(ws)).isEqualTo(before);
    }
}
