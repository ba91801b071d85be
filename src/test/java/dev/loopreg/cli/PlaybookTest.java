package dev.loopreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.loopreg.format.FrontMatter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A second workspace from a playbook (T07, the third success criterion): consistent, valid, runs a cycle; the effort measured. */
class PlaybookTest {

    @TempDir
    Path tmp;

    static final Path PLAYBOOK = Path.of("examples/playbook/acme.yml").toAbsolutePath();
    static final String NOW = "2026-07-01T00:00:00Z";

    Path workspaceWithWorkplans(String name) throws Exception {
        Path ws = tmp.resolve(name);
        Path src = Path.of("examples/playbook/workplans").toAbsolutePath();
        Files.createDirectories(ws.resolve("workplans"));
        try (Stream<Path> s = Files.list(src)) {
            for (Path p : s.toList()) Files.copy(p, ws.resolve("workplans").resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        return ws;
    }

    @Test
    void playbook_buildsAWorkspaceThatValidates_andRunsACycle() throws Exception {
        Path ws = workspaceWithWorkplans("acme");
        Cli.Result r = Cli.run("-w", ws.toString(), "--now", NOW, "init", "--from-playbook", PLAYBOOK.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("24 files, loops kaizen-stack, dependency-hygiene; rotation loop kaizen-stack; time zone Europe/Berlin");
        assertThat(Files.readString(ws.resolve("loops/regulator/policy.yml"))).contains("time_zone: Europe/Berlin");
        assertThat(Files.readString(ws.resolve("loops/kaizen-stack/roster.yaml"))).contains("  - {repo: billing, since: 2026-07-01T00:00:00Z")
                .contains("expansion_queue:\n  - checkout");
        assertThat(Files.readString(ws.resolve("loops/dependency-hygiene/loop.yml"))).contains("repos: [billing, search, checkout]")
                .contains("repos_root: \"../acme-fleet\"");
        // the fleet and the task exports the playbook names
        Path fleet = tmp.resolve("acme-fleet");
        for (String repo : new String[] {"billing", "search", "checkout"}) {
            try (Git git = Git.init().setDirectory(fleet.resolve(repo).toFile()).setInitialBranch("main").call()) {
                git.commit().setAllowEmpty(true).setMessage("init").setAuthor("a", "a@x").setCommitter("a", "a@x").call();
            }
            Path m = fleet.resolve(repo).resolve(".kaizen/metrics/optimization");
            Files.createDirectories(m);
            Files.writeString(m.resolve("executions.jsonl"), "{\"at\":\"2026-07-01T00:30:00Z\",\"success\":true,\"quality\":0.6,\"duration_sec\":300}\n");
            Path coach = fleet.resolve(repo).resolve(".kaizen/metrics/coach");
            Files.createDirectories(coach);
            Files.writeString(coach.resolve("executions.jsonl"), "{\"at\":\"2026-07-01T00:40:00Z\",\"success\":false,\"duration_sec\":120}\n");
        }
        Files.createDirectories(ws.resolve("exports"));
        Files.writeString(ws.resolve("exports/kaizen-stack-tasks.jsonl"),
                "{\"id\":\"t1\",\"title\":\"Speed up the billing tests\",\"created_at\":\"2026-07-01T00:20:00Z\",\"status\":\"open\"}\n");
        Files.writeString(ws.resolve("exports/dependency-hygiene-tasks.jsonl"), "");
        Cli.Result v = Cli.run("-w", ws.toString(), "validate");
        assertThat(v.exit()).as(v.toString()).isZero();
        assertThat(v.out()).contains("ok: no errors");
        Cli.Result c = Cli.run("-w", ws.toString(), "--now", "2026-07-01T01:50:00Z", "collect");
        assertThat(c.exit()).as(c.toString()).isZero();
        assertThat(Files.readAllLines(ws.resolve("loops/kaizen-stack/health.jsonl"))).singleElement()
                .satisfies(l -> assertThat(l).contains("\"cycle\":\"2026-07-01T01:00:00Z\"").contains("\"tasks_created\":1"));
        assertThat(Files.readAllLines(ws.resolve("loops/kaizen-stack/saturation.jsonl"))).hasSize(2);
        Cli.Result e = Cli.run("-w", ws.toString(), "--now", "2026-07-01T01:50:00Z", "evaluate");
        assertThat(e.exit()).as(e.toString()).isZero();
        assertThat(e.out()).contains("kaizen-stack        bootstrap  hold").contains("dependency-hygiene  bootstrap  hold");
        assertThat(Files.readString(ws.resolve("loops/regulator/dashboard.md"))).contains("| billing |").contains("Expansion queue: 1. checkout");
        Cli.Result s = Cli.run("-w", ws.toString(), "--now", "2026-07-01T02:00:00Z", "session", "prepare");
        assertThat(s.exit()).as(s.toString()).isZero();
    }

    @Test
    void playbook_withProblems_exits1_namingLines_andWritesNothing() throws Exception {
        Path ws = workspaceWithWorkplans("bad");
        Path pb = tmp.resolve("bad.yml");
        Files.writeString(pb, """
                time_zone: Mars/Olympus
                loops:
                  kaizen-stack:
                    workplan: workplans/missing.md
                    tasks: {source: state-hub}
                    repos: {active: [billing, ../etc], queue: [billing]}
                  Bad_Id: {}
                  other: {repos: {active: [x]}}
                """);
        Cli.Result r = Cli.run("-w", ws.toString(), "init", "--from-playbook", pb.toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("bad.yml:1: time_zone: 'Mars/Olympus' is not a time zone")
                .contains("bad.yml:4: loops.kaizen-stack.workplan: workplans/missing.md does not exist")
                .contains("bad.yml:5: loops.kaizen-stack.tasks.workstream is missing")
                .contains("bad.yml:5: loops.kaizen-stack.tasks: source state-hub needs state_hub")
                .contains("bad.yml:6: loops.kaizen-stack.repos.active[1]: '../etc' is not a repo name")
                .contains("bad.yml:6: loops.kaizen-stack.repos: billing is both active and queued")
                .contains("bad.yml:7: loops: ")
                .contains("several loops have a roster (kaizen-stack, other)")
                .contains("nothing was written");
        try (Stream<Path> s = Files.list(ws)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("workplans");
        }
    }

    @Test
    void playbook_overAnExistingWorkspace_isRefused_andChangesNothing() throws Exception {
        Path ws = workspaceWithWorkplans("existing");
        assertThat(Cli.run("-w", ws.toString(), "--now", NOW, "init", "--loops", "kaizen-stack").exit()).isZero();
        Map<String, String> before = Cli.snapshot(ws);
        Cli.Result r = Cli.run("-w", ws.toString(), "--now", NOW, "init", "--from-playbook", PLAYBOOK.toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.REFUSED);
        assertThat(r.err()).contains("already has files the playbook would write: loops/.gitignore, loops/regulator/policy.yml");
        assertThat(Cli.snapshot(ws)).isEqualTo(before);
        assertThat(Cli.run("-w", ws.toString(), "init", "--loops", "a", "--from-playbook", PLAYBOOK.toString()).exit())
                .isEqualTo(ExitCodes.USAGE);
    }

    // ---------------------------------------------------------------- the effort, measured

    static final YAMLMapper YAML = new YAMLMapper();

    /** Every leaf value of a YAML text (comments and layout do not count), pointer → value. */
    static Map<String, String> leaves(String yaml) throws Exception {
        Map<String, String> out = new TreeMap<>();
        JsonNode n = YAML.readTree(yaml);
        if (n != null) flatten("", n, out);
        return out;
    }

    static void flatten(String at, JsonNode n, Map<String, String> out) {
        if (n.isObject() && !n.isEmpty()) {
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            while (it.hasNext()) {
                var e = it.next();
                flatten(at + "/" + e.getKey(), e.getValue(), out);
            }
        } else if (n.isArray() && !n.isEmpty()) {
            for (int i = 0; i < n.size(); i++) flatten(at + "/" + i, n.get(i), out);
        } else {
            out.put(at, n.toString());
        }
    }

    static Map<String, String> fieldsOf(Path f) throws Exception {
        String text = Files.readString(f);
        String name = f.getFileName().toString();
        if (name.endsWith(".yml") || name.endsWith(".yaml")) return leaves(text);
        var fm = FrontMatter.split(text);
        Map<String, String> m = new TreeMap<>();
        if (fm.isPresent()) leaves(fm.get().yaml()).forEach((k, v) -> m.put("fm" + k, v));
        String body = fm.isPresent() ? fm.get().body() : text;
        String[] lines = body.split("\n");
        for (int i = 0; i < lines.length; i++) m.put("line" + i, lines[i]);
        return m;
    }

    /** Files and fields a person writes: what differs between {@code from} and {@code to} (files only in {@code to} count whole). */
    static int[] effort(Path from, Path to) throws Exception {
        int files = 0;
        int fields = 0;
        try (Stream<Path> s = Files.walk(to)) {
            for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
                String rel = to.relativize(f).toString();
                if (rel.startsWith("workplans/") || rel.equals("loops/regulator/playbook.yml")) continue; // written by hand either way / a copy
                Path g = from.resolve(rel);
                Map<String, String> want = fieldsOf(f);
                Map<String, String> have = Files.exists(g) ? fieldsOf(g) : Map.of();
                int diff = 0;
                for (var e : want.entrySet()) if (!e.getValue().equals(have.get(e.getKey()))) diff++;
                for (String k : have.keySet()) if (!want.containsKey(k)) diff++;
                if (diff > 0) {
                    files++;
                    fields += diff;
                }
            }
        }
        return new int[] {files, fields};
    }

    @Test
    void effort_withThePlaybook_isAtMostHalf_andTheDocsSayTheMeasuredNumbers() throws Exception {
        Path withPlaybook = workspaceWithWorkplans("b");
        assertThat(Cli.run("-w", withPlaybook.toString(), "--now", NOW, "init", "--from-playbook", PLAYBOOK.toString()).exit()).isZero();
        Path byHand = workspaceWithWorkplans("a");
        assertThat(Cli.run("-w", byHand.toString(), "--now", NOW, "init", "--loops", "kaizen-stack,dependency-hygiene").exit()).isZero();
        int[] without = effort(byHand, withPlaybook);
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        int[] engagement = effort(empty, withPlaybook);
        int playbookFields = leaves(Files.readString(PLAYBOOK)).size();
        int[] with = {1, playbookFields};
        System.out.printf("effort: engagement %d files %d fields; init+edits %d files %d fields; playbook %d files %d fields%n",
                engagement[0], engagement[1], without[0], without[1], with[0], with[1]);
        Matcher x = Pattern.compile("\\| by hand, as in the first engagement \\| (\\d+) \\| (\\d+) \\|").matcher(Files.readString(Path.of("docs/playbook.md")));
        assertThat(x.find()).as("docs/playbook.md has the engagement row").isTrue();
        assertThat(new int[] {Integer.parseInt(x.group(1)), Integer.parseInt(x.group(2))}).as("files, fields by hand").containsExactly(engagement);
        assertThat(Files.readString(Path.of("README.md"))).as("the README quotes the same effort")
                .contains(with[1] + " fields instead of " + engagement[0] + " files and " + engagement[1] + " fields");

        String docs = Files.readString(Path.of("docs/playbook.md"));
        Matcher m = Pattern.compile("\\| without the playbook \\(`init`, then edits\\) \\| (\\d+) \\| (\\d+) \\|").matcher(docs);
        assertThat(m.find()).as("docs/playbook.md has the 'without' row").isTrue();
        assertThat(new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))}).as("files, fields without").containsExactly(without);
        Matcher w = Pattern.compile("\\| with the playbook \\| (\\d+) \\| (\\d+) \\|").matcher(docs);
        assertThat(w.find()).isTrue();
        assertThat(new int[] {Integer.parseInt(w.group(1)), Integer.parseInt(w.group(2))}).as("files, fields with").containsExactly(with);
        assertThat(with[1] * 2).as("the third success criterion: at most half the engagement's fields").isLessThanOrEqualTo(engagement[1]);
        assertThat(with[1]).as("and fewer than init and edits").isLessThan(without[1]);
    }
}
