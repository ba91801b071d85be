package dev.loopreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code loopreg loop add}, and the drift validate reports between the loops and the definitions that run them. */
class LoopAddTest {

    @TempDir
    Path tmp;

    @Test
    void add_withNoOption_scaffoldsTheLoopAndItsDefinition_andValidatePasses() throws Exception {
        Path ws = Cli.sample(tmp);
        Cli.Result r = Cli.run("-w", ws.toString(), "--now", "2026-06-25T12:00:00Z", "loop", "add", "docs-hygiene");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Added the loop docs-hygiene: 5 files", "loops/docs-hygiene/loop.yml",
                "loops/docs-hygiene/cadence.yml", "loops/docs-hygiene/health.jsonl", "loops/docs-hygiene/bootstrap-log.md",
                "activity-definitions/docs-hygiene.md", "Left for you to fill in:", "workplan (loop.yml workplan:)",
                "the task source (loop.yml tasks:)", "enable activity-definitions/docs-hygiene.md (enabled: true)");
        String def = Files.readString(ws.resolve("activity-definitions/docs-hygiene.md"));
        assertThat(def).contains("loop: docs-hygiene\n", "cron: \"0 * * * *\"\n", "enabled: false\n",
                "command: \"kaizen-agentic schedule run docs-hygiene\"\n");
        assertThat(Files.readString(ws.resolve("loops/docs-hygiene/cadence.yml"))).contains("phase: bootstrap").contains("cron: \"0 * * * *\"");
        Cli.Result v = Cli.run("-w", ws.toString(), "validate");
        assertThat(v.exit()).as(v.toString()).isZero();
        assertThat(v.out()).doesNotContain("docs-hygiene");
        Cli.Result e = Cli.run("-w", ws.toString(), "--now", "2026-06-25T12:00:00Z", "evaluate");
        assertThat(e.out()).containsPattern("docs-hygiene\\s+bootstrap\\s+hold");
    }

    @Test
    void add_withOptions_writesThemIntoLoopYml() throws Exception {
        Path ws = Cli.sample(tmp);
        Cli.Result r = Cli.run("-w", ws.toString(), "--now", "2026-06-25T12:00:00Z", "loop", "add", "docs-hygiene",
                "--workplan", "workplans/LOOP-WP-0004-loop-regulator.md", "--tasks-file", "loops/docs-hygiene/tasks.jsonl",
                "--repos", "repo-a,repo-b", "--agents", "optimization", "--owner", "dana", "--command", "run-docs");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).doesNotContain("workplan (loop.yml workplan:)").doesNotContain("the task source");
        String yml = Files.readString(ws.resolve("loops/docs-hygiene/loop.yml"));
        assertThat(yml).contains("workplan: \"workplans/LOOP-WP-0004-loop-regulator.md\"", "agents: [\"optimization\"]",
                "repos: [\"repo-a\", \"repo-b\"]", "tasks: {source: file, path: \"loops/docs-hygiene/tasks.jsonl\"}");
        assertThat(Files.readString(ws.resolve("activity-definitions/docs-hygiene.md"))).contains("owner: \"dana\"", "command: \"run-docs\"");
        Cli.Result v = Cli.run("-w", ws.toString(), "validate");
        assertThat(v.exit()).as(v.toString()).isZero();
    }

    @Test
    void add_anExistingLoop_orABadOption_isRefused_andNothingIsWritten() throws Exception {
        Path ws = Cli.sample(tmp);
        Map<String, String> before = Cli.snapshot(ws);
        Cli.Result again = Cli.run("-w", ws.toString(), "loop", "add", "kaizen-stack");
        assertThat(again.exit()).isEqualTo(ExitCodes.REFUSED);
        assertThat(again.err()).contains("loops/kaizen-stack exists already; a loop is added once (nothing was written)");
        Cli.Result bad = Cli.run("-w", ws.toString(), "loop", "add", "docs-hygiene", "--repos", "../x");
        assertThat(bad.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(bad.err()).contains("loops/docs-hygiene/loop.yml:").contains("'../x' leaves the fleet's root").contains("nothing was written");
        Cli.Result missing = Cli.run("-w", ws.toString(), "loop", "add", "docs-hygiene", "--workplan", "workplans/none.md");
        assertThat(missing.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(missing.err()).contains("workplan: 'workplans/none.md' does not exist");
        Cli.Result id = Cli.run("-w", ws.toString(), "loop", "add", "Bad_Id");
        assertThat(id.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(Cli.snapshot(ws)).isEqualTo(before);
    }

    @Test
    void validate_reportsDrift_betweenTheLoopsAndTheirDefinitions() throws Exception {
        Path ws = Cli.sample(tmp);
        Cli.Result clean = Cli.run("-w", ws.toString(), "validate");
        assertThat(clean.exit()).isZero();
        assertThat(clean.out()).contains("loops/kaizen-stack: warning: no activity definition is bound to this loop (loop: kaizen-stack");
        Path def = ws.resolve("activity-definitions/registry-hygiene-daily.md");
        Files.writeString(def, Files.readString(def).replace("cron: \"0 11 * * *\"", "cron: \"0 12 * * *\""));
        Files.writeString(ws.resolve("activity-definitions/registry-hygiene-again.md"),
                "---\nid: again\nloop: registry-hygiene\ncron: \"0 11 * * *\"\nenabled: false\ncommand: x\n---\n");
        Cli.Result v = Cli.run("-w", ws.toString(), "validate");
        assertThat(v.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(v.out()).contains("activity-definitions/registry-hygiene-daily.md:4: cron: \"0 12 * * *\" has drifted from the loop's "
                + "cadence.yml cron \"0 11 * * *\"; expected the same")
                .contains("activity-definitions/registry-hygiene-daily.md:3: loop: registry-hygiene is also bound by "
                        + "activity-definitions/registry-hygiene-again.md; expected one definition per loop");
        // status says the same errors (not the warnings)
        Cli.Result st = Cli.run("-w", ws.toString(), "--now", Cli.SAMPLE_NOW, "status");
        assertThat(st.out()).contains("Drift between the loops and their activity definitions (loopreg validate):")
                .contains("  activity-definitions/registry-hygiene-daily.md:4: cron: \"0 12 * * *\" has drifted")
                .doesNotContain("no activity definition is bound");
        var json = dev.loopreg.format.Mappers.JSON.readTree(Cli.run("-w", ws.toString(), "--now", Cli.SAMPLE_NOW, "status", "--json").out());
        assertThat(json.path("drift")).hasSize(2);
        assertThat(json.path("drift").get(0).path("loop").asText()).isEqualTo("registry-hygiene");
        // without drift errors, status says nothing of it
        Files.delete(ws.resolve("activity-definitions/registry-hygiene-again.md"));
        Files.writeString(def, Files.readString(def).replace("cron: \"0 12 * * *\"", "cron: \"0 11 * * *\""));
        assertThat(Cli.run("-w", ws.toString(), "--now", Cli.SAMPLE_NOW, "status").out()).doesNotContain("Drift");
    }

    @Test
    void remove_aNewLoop_deletesItAndItsDefinition_aLoopWithHistory_needsArchive() throws Exception {
        Path ws = Cli.sample(tmp);
        assertThat(Cli.run("-w", ws.toString(), "--now", "2026-06-25T12:00:00Z", "loop", "add", "docs-hygiene").exit()).isZero();
        Cli.Result r = Cli.run("-w", ws.toString(), "loop", "remove", "docs-hygiene");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Removed the loop docs-hygiene: 4 files, and activity-definitions/docs-hygiene.md");
        assertThat(ws.resolve("loops/docs-hygiene")).doesNotExist();
        assertThat(ws.resolve("activity-definitions/docs-hygiene.md")).doesNotExist();
        assertThat(Cli.run("-w", ws.toString(), "validate").exit()).isZero();

        Map<String, String> before = Cli.snapshot(ws);
        Cli.Result refused = Cli.run("-w", ws.toString(), "loop", "remove", "registry-hygiene");
        assertThat(refused.exit()).isEqualTo(ExitCodes.REFUSED);
        assertThat(refused.err()).contains("loops/registry-hygiene has 6 health records and 1 decision; removing it would orphan them. "
                + "Nothing was removed: --archive moves it to loops/.archive/");
        assertThat(Cli.snapshot(ws)).isEqualTo(before);

        Cli.Result archived = Cli.run("-w", ws.toString(), "--now", "2026-06-25T12:00:00Z", "loop", "remove", "registry-hygiene", "--archive");
        assertThat(archived.exit()).as(archived.toString()).isZero();
        assertThat(archived.out()).contains("Archived the loop registry-hygiene to loops/.archive/registry-hygiene-20260625T120000Z; its "
                + "definitions to activity-definitions/.archive/: activity-definitions/registry-hygiene-daily.md");
        assertThat(ws.resolve("loops/.archive/registry-hygiene-20260625T120000Z/health.jsonl")).exists();
        assertThat(ws.resolve("activity-definitions/.archive/20260625T120000Z-registry-hygiene-daily.md")).exists();
        Cli.Result st = Cli.run("-w", ws.toString(), "--now", "2026-06-25T12:00:00Z", "status");
        assertThat(st.out()).doesNotContain("registry-hygiene");
        Cli.Result unknown = Cli.run("-w", ws.toString(), "loop", "remove", "registry-hygiene");
        assertThat(unknown.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(unknown.err()).contains("'registry-hygiene' is not a loop of this workspace");
    }
}
