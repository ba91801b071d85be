package dev.loopreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.format.Mappers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplyCommandTest {

    @TempDir
    Path tmp;

    @Test
    void apply_promotion_updatesCadenceRecordsDecisionAndResetsApproval() throws Exception {
        Path ws = Cli.sample(tmp);
        Cli.Result r = Cli.run("-w", ws.toString(), "apply", "kaizen-stack", "--by", "alice", "--now", "2026-06-25T12:05:00Z");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("DEC-002: promoted kaizen-stack bootstrap → stabilize (cron \"0 11 * * *\") by alice");
        String cadence = Files.readString(ws.resolve("loops/kaizen-stack/cadence.yml"));
        assertThat(cadence).contains("phase: stabilize").contains("cron: \"0 11 * * *\"").contains("promoted_at: 2026-06-25T12:05:00Z")
                .contains("phase_since: 2026-06-25T12:05:00Z").contains("regulator_approval: pending").contains("approval_by: null")
                .contains("demotion_count: 0").contains("# bootstrap | stabilize | operate");
        List<String> decisions = Files.readAllLines(ws.resolve("loops/regulator/decisions.jsonl"));
        assertThat(decisions).hasSize(2);
        JsonNode d = Mappers.JSON.readTree(decisions.get(1));
        assertThat(d.get("id").asText()).isEqualTo("DEC-002");
        assertThat(d.get("kind").asText()).isEqualTo("promotion");
        assertThat(d.get("from").asText()).isEqualTo("bootstrap");
        assertThat(d.get("to").asText()).isEqualTo("stabilize");
        assertThat(d.get("by").asText()).isEqualTo("alice");
        assertThat(d.get("at").asText()).isEqualTo("2026-06-25T12:05:00Z");
        assertThat(d.get("approval").get("by").asText()).isEqualTo("bernd");
        assertThat(d.get("rules")).hasSize(7);
        assertThat(d.get("rules").get(1).get("cycles")).hasSize(7);
        Path md = ws.resolve("loops/regulator/decisions/DEC-002-promote-kaizen-stack-to-stabilize.md");
        assertThat(Files.readString(md)).contains("# DEC-002 — Promote kaizen-stack: bootstrap → stabilize")
                .contains("- **By:** alice").contains("| `fpr_window` | holds |");
        // the dashboard shows the new phase and the decision
        assertThat(Files.readString(ws.resolve("loops/regulator/dashboard.md"))).contains("| kaizen-stack | stabilize |")
                .contains("| DEC-002 |");
        // and the loop now waits in stabilize: its windows restart
        Cli.Result again = Cli.run("-w", ws.toString(), "apply", "kaizen-stack", "--now", "2026-06-25T12:06:00Z");
        assertThat(again.exit()).isEqualTo(ExitCodes.REFUSED);
        assertThat(again.err()).contains("only 0 of 7 cycles recorded in the current phase");
    }

    @Test
    void apply_hold_exits3_namesBlockingRules_changesNothing() throws Exception {
        Path ws = Cli.sample(tmp);
        Map<String, String> before = Cli.snapshot(ws);
        Cli.Result r = Cli.run("-w", ws.toString(), "apply", "quality-escalation", "--now", Cli.SAMPLE_NOW);
        assertThat(r.exit()).isEqualTo(ExitCodes.REFUSED);
        assertThat(r.err()).contains("nothing to apply: hold in bootstrap")
                .contains("exit_criteria: fails").contains("fpr_window: fails").contains("regulator_approval: fails");
        assertThat(r.out()).isEmpty();
        assertThat(Cli.snapshot(ws)).isEqualTo(before);
    }

    @Test
    void apply_demotion_updatesBoundActivityDefinitionCron() throws Exception {
        Path ws = Cli.sample(tmp);
        Path def = ws.resolve("activity-definitions/registry-hygiene-daily.md");
        String before = Files.readString(def);
        Cli.Result r = Cli.run("-w", ws.toString(), "apply", "registry-hygiene", "--by", "ops", "--now", Cli.SAMPLE_NOW);
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("DEC-002: demoted registry-hygiene stabilize → bootstrap").contains("updated:  activity-definitions/registry-hygiene-daily.md");
        assertThat(Files.readString(def)).isEqualTo(before.replace("cron: \"0 11 * * *\"", "cron: \"0 * * * *\""));
        String cadence = Files.readString(ws.resolve("loops/registry-hygiene/cadence.yml"));
        assertThat(cadence).contains("demotion_count: 1").contains("promoted_at: 2026-06-19T11:00:00Z").contains("phase: bootstrap");
        assertThat(Files.readString(ws.resolve("activity-definitions/hourly-loop-health-collector.md"))).contains("cron: \"50 * * * *\"");
    }

    @Test
    void approveThenReject_setApprovalWithWhoWhenWhy() throws Exception {
        Path ws = Cli.sample(tmp);
        Cli.Result a = Cli.run("-w", ws.toString(), "approve", "quality-escalation", "--by", "carol", "--note", "looks fine",
                "--now", Cli.SAMPLE_NOW);
        assertThat(a.exit()).as(a.toString()).isZero();
        String c = Files.readString(ws.resolve("loops/quality-escalation/cadence.yml"));
        assertThat(c).contains("regulator_approval: approved").contains("approval_by: \"carol\"")
                .contains("approval_at: 2026-06-25T12:00:00Z").contains("approval_note: \"looks fine\"");
        Cli.Result rj = Cli.run("-w", ws.toString(), "reject", "kaizen-stack", "--by", "dave", "--note", "wait a day", "--now", Cli.SAMPLE_NOW);
        assertThat(rj.exit()).isZero();
        Cli.Result e = Cli.run("-w", ws.toString(), "evaluate", "--now", Cli.SAMPLE_NOW);
        assertThat(e.out()).contains("kaizen-stack        bootstrap  hold").contains("regulator_approval fails (rejected");
    }

    @Test
    void approve_loopInOperate_refused() throws Exception {
        Path ws = Cli.sample(tmp);
        Path c = ws.resolve("loops/kaizen-stack/cadence.yml");
        Files.writeString(c, Files.readString(c).replace("phase: bootstrap", "phase: operate").replace("\"0 * * * *\"", "\"0 11 * * 1\""));
        Map<String, String> before = Cli.snapshot(ws);
        Cli.Result r = Cli.run("-w", ws.toString(), "approve", "kaizen-stack", "--now", Cli.SAMPLE_NOW);
        assertThat(r.exit()).isEqualTo(ExitCodes.REFUSED);
        assertThat(r.err()).contains("is in operate, the last phase");
        assertThat(Cli.snapshot(ws)).isEqualTo(before);
    }

    @Test
    void demote_operatorOverride_appliedAtOnceWithReason() throws Exception {
        Path ws = Cli.sample(tmp);
        Cli.Result r = Cli.run("-w", ws.toString(), "demote", "registry-hygiene", "--reason", "duplicate tickets flood",
                "--by", "erin", "--now", "2026-06-22T09:00:00Z");
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode d = Mappers.JSON.readTree(Files.readAllLines(ws.resolve("loops/regulator/decisions.jsonl")).get(1));
        assertThat(d.get("kind").asText()).isEqualTo("demotion");
        assertThat(d.get("reason").asText()).isEqualTo("duplicate tickets flood");
        assertThat(d.get("rules")).as("a demotion carries only the triggers that fired").hasSize(1);
        JsonNode override = d.get("rules").get(0);
        assertThat(override.get("id").asText()).isEqualTo("operator_override");
        assertThat(override.get("holds").asBoolean()).isTrue();
        assertThat(Files.readString(ws.resolve("loops/registry-hygiene/cadence.yml"))).contains("phase: bootstrap");
    }

    @Test
    void demote_withoutReason_usageError() throws Exception {
        Path ws = Cli.sample(tmp);
        Map<String, String> before = Cli.snapshot(ws);
        Cli.Result r = Cli.run("-w", ws.toString(), "demote", "registry-hygiene");
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("Missing required option: '--reason=TEXT'");
        assertThat(Cli.snapshot(ws)).isEqualTo(before);
    }

    @Test
    void demote_inBootstrap_restartsWindows() throws Exception {
        Path ws = Cli.sample(tmp);
        Cli.Result r = Cli.run("-w", ws.toString(), "demote", "kaizen-stack", "--reason", "repo-a rescues", "--now", Cli.SAMPLE_NOW);
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("bootstrap → bootstrap");
        Cli.Result e = Cli.run("-w", ws.toString(), "evaluate", "--json", "--now", "2026-06-25T12:30:00Z");
        JsonNode ks = EvaluateCommandTest.loop(Mappers.JSON.readTree(e.out()), "kaizen-stack");
        assertThat(ks.get("recommendation").asText()).isEqualTo("hold");
        assertThat(EvaluateCommandTest.rule(ks, "fpr_window").get("detail").asText()).contains("only 0 of 7");
        assertThat(EvaluateCommandTest.rule(ks, "regulator_approval").get("holds").asBoolean()).isFalse();
    }

    @Test
    void decisionNumbering_goesOnFromHighestIncludingFilesAndTornLines() throws Exception {
        Path ws = Cli.sample(tmp);
        Path dj = ws.resolve("loops/regulator/decisions.jsonl");
        Files.writeString(dj, Files.readString(dj) + "{\"id\":\"DEC-007\",\"kind\":\"rotation\",\"loop\":\"kaizen-stack\"}\n");
        Files.writeString(ws.resolve("loops/regulator/decisions/DEC-009-hand-written.md"), "# DEC-009\n");
        Cli.Result r = Cli.run("-w", ws.toString(), "apply", "kaizen-stack", "--now", Cli.SAMPLE_NOW);
        assertThat(r.out()).startsWith("DEC-010:");
        Files.writeString(dj, Files.readString(dj) + "{\"id\":\"DEC-011\",\"kind\":\"demo");
        Cli.Result r2 = Cli.run("-w", ws.toString(), "demote", "registry-hygiene", "--reason", "x", "--now", Cli.SAMPLE_NOW);
        assertThat(r2.out()).startsWith("DEC-012:");
        assertThat(r2.err()).contains("loops/regulator/decisions.jsonl:4: torn last line").contains("moved to decisions.jsonl.torn");
        assertThat(Files.readString(ws.resolve("loops/regulator/decisions.jsonl.torn"))).contains("{\"id\":\"DEC-011\",\"kind\":\"demo");
    }

    @Test
    void unknownLoop_badInputListingLoops_changesNothing() throws Exception {
        Path ws = Cli.sample(tmp);
        Map<String, String> before = Cli.snapshot(ws);
        Cli.Result r = Cli.run("-w", ws.toString(), "apply", "nope", "--now", Cli.SAMPLE_NOW);
        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("no loop 'nope'").contains("loops: kaizen-stack, quality-escalation, registry-hygiene");
        Cli.Result bad = Cli.run("-w", ws.toString(), "approve", "../x");
        assertThat(bad.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("'../x' is not a valid loop id");
        assertThat(Cli.snapshot(ws)).isEqualTo(before);
    }
}
