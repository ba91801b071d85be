package dev.loopreg.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.cadence.CadenceState;
import dev.loopreg.health.Phase;
import dev.loopreg.cadence.Policy;
import dev.loopreg.cadence.SelfCadence;
import dev.loopreg.format.ConfigReader;
import dev.loopreg.format.Problem;
import dev.loopreg.format.YamlDoc;
import dev.loopreg.report.GeneratedDocs;
import dev.loopreg.rotation.RotationPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A playbook: one short YAML file from which {@code loopreg init --from-playbook} sets up a whole workspace
 * (LOOP-WP-0004 T07 and the engagement's third success criterion). It names the loops, their task sources,
 * agents and repos, the time zone and state-hub; everything else takes loopreg's defaults. docs/playbook.md.
 */
public record Playbook(String name, ZoneId zone, String reposRoot, String stateHubUrl, String stateHubTokenEnv,
                       String rotationLoop, List<Loop> loops) {

    /** How a loop's repos are given. */
    public enum Repos { NONE, LIST, ROSTER, ROLLOUT }

    /** One loop of the playbook. */
    public record Loop(String id, String description, String workplan, List<String> exitTasks, Integer slaHours,
                       String taskSource, String taskPath, String workstream, List<String> agents, Repos repos,
                       List<String> active, List<String> queue, String reposRoot) {
    }

    static final List<String> KEYS = List.of("workspace", "time_zone", "repos_root", "state_hub", "rotation_loop", "loops");
    static final List<String> LOOP_KEYS = List.of("description", "workplan", "exit_tasks", "sla_hours", "tasks", "agents", "repos",
            "repos_root");
    private static final Pattern REPO = Pattern.compile("[A-Za-z0-9._-]+");

    /**
     * Reads a playbook; every problem is {@code path:line}; returns null when there are errors.
     *
     * @param root the workspace root, against which workplan paths are checked
     */
    public static Playbook read(YamlDoc doc, Path root, List<Problem> problems) {
        int before = (int) problems.stream().filter(Problem::isError).count();
        ConfigReader r = new ConfigReader(doc, problems);
        if (!r.mapping("", true)) return null;
        r.knownKeys("", KEYS);
        String name = r.string("/workspace", null, false);
        ZoneId zone = ZoneId.of("UTC");
        String z = r.string("/time_zone", null, false);
        if (z != null) {
            try {
                zone = ZoneId.of(z);
            } catch (DateTimeException e) {
                r.error("/time_zone", "time_zone: '" + z + "' is not a time zone; expected an IANA id such as Europe/Berlin or UTC");
            }
        }
        String reposRoot = r.string("/repos_root", "../fleet", false);
        String hubUrl = null;
        String hubToken = null;
        if (r.mapping("/state_hub", false)) {
            r.knownKeys("/state_hub", List.of("url", "token_env"));
            hubUrl = r.string("/state_hub/url", null, true);
            if (hubUrl != null && !hubUrl.matches("https?://[^/\\s]+.*")) {
                r.error("/state_hub/url", "state_hub.url: '" + hubUrl + "' is not an http(s) URL");
            }
            hubToken = r.string("/state_hub/token_env", null, false);
        }
        List<Loop> loops = new ArrayList<>();
        if (r.mapping("/loops", true)) {
            Iterator<String> it = doc.at("/loops").fieldNames();
            if (!it.hasNext()) r.error("/loops", "loops is empty; expected at least one loop");
            while (it.hasNext()) {
                String id = it.next();
                String p = "/loops/" + YamlDoc.escape(id);
                var bad = LoopId.problem(id);
                if (bad.isPresent()) {
                    r.error(p, "loops: " + bad.get());
                    continue;
                }
                Loop l = loop(r, id, p, root, hubUrl != null);
                if (l != null) loops.add(l);
            }
        }
        List<String> rosters = loops.stream().filter(l -> l.repos() == Repos.ROSTER).map(Loop::id).toList();
        String rotation = r.string("/rotation_loop", null, false);
        if (rotation != null) {
            if (!rosters.contains(rotation)) {
                r.error("/rotation_loop", "rotation_loop: '" + rotation + "' is not a loop with a roster (repos: {active: [...]}); "
                        + "loops with a roster: " + (rosters.isEmpty() ? "none" : String.join(", ", rosters)));
            }
        } else if (rosters.size() > 1) {
            r.error("/rotation_loop", "several loops have a roster (" + String.join(", ", rosters) + "); name the one to rotate "
                    + "with rotation_loop:");
        } else {
            rotation = rosters.isEmpty() ? null : rosters.get(0);
        }
        if (problems.stream().filter(Problem::isError).count() > before) return null;
        return new Playbook(name, zone, reposRoot, hubUrl, hubToken, rotation, loops);
    }

    private static Loop loop(ConfigReader r, String id, String p, Path root, boolean hub) {
        YamlDoc doc = r.doc();
        JsonNode n = doc.at(p);
        if (n.isNull() || (n.isObject() && n.isEmpty())) {
            return new Loop(id, null, null, List.of(), null, null, null, null, List.of(), Repos.NONE, List.of(), List.of(), null);
        }
        if (!r.mapping(p, true)) return null;
        r.knownKeys(p, LOOP_KEYS);
        String description = r.string(p + "/description", null, false);
        String workplan = r.string(p + "/workplan", null, false);
        if (workplan != null) {
            Path wp = root.resolve(workplan).normalize();
            if (!wp.startsWith(root)) {
                r.error(p + "/workplan", "loops." + id + ".workplan: '" + workplan + "' is outside the workspace; expected a path "
                        + "inside it, such as workplans/LOOP-WP-0001.md");
            } else if (!Files.isRegularFile(wp)) {
                r.error(p + "/workplan", "loops." + id + ".workplan: " + workplan + " does not exist in " + root
                        + "; copy the workplan there first (the exit criteria are read from it)");
            }
        }
        List<String> exit = r.stringList(p + "/exit_tasks", List.of());
        if (!exit.isEmpty() && workplan == null) {
            r.error(p + "/exit_tasks", "loops." + id + ".exit_tasks needs a workplan: to read them from");
        }
        Integer sla = r.present(p + "/sla_hours") ? r.integer(p + "/sla_hours", 24, 1, 24 * 365) : null;
        String source = null;
        String path = null;
        String workstream = null;
        if (r.mapping(p + "/tasks", false)) {
            r.knownKeys(p + "/tasks", List.of("source", "path", "workstream"));
            source = r.choice(p + "/tasks/source", null, s -> s.equals("file") || s.equals("state-hub")
                    ? java.util.Optional.of(s) : java.util.Optional.empty(), "file, state-hub", true);
            path = r.string(p + "/tasks/path", null, "file".equals(source));
            workstream = r.string(p + "/tasks/workstream", null, "state-hub".equals(source));
            if ("state-hub".equals(source) && !hub) {
                r.error(p + "/tasks/source", "loops." + id + ".tasks: source state-hub needs state_hub: {url: ...} at the top");
            }
        }
        List<String> agents = r.stringList(p + "/agents", List.of());
        Repos repos = Repos.NONE;
        List<String> active = List.of();
        List<String> queue = List.of();
        JsonNode rn = doc.at(p + "/repos");
        if (rn.isArray()) {
            repos = Repos.LIST;
            active = repoNames(r, p + "/repos");
        } else if (rn.isObject()) {
            if (rn.has("rollout")) {
                r.knownKeys(p + "/repos", List.of("rollout"));
                repos = Repos.ROLLOUT;
                active = repoNames(r, p + "/repos/rollout");
            } else {
                r.knownKeys(p + "/repos", List.of("active", "queue"));
                repos = Repos.ROSTER;
                active = repoNames(r, p + "/repos/active");
                queue = repoNames(r, p + "/repos/queue");
                List<String> both = new ArrayList<>(active);
                both.retainAll(queue);
                if (!both.isEmpty()) r.error(p + "/repos", "loops." + id + ".repos: " + String.join(", ", both) + " is both active and queued");
            }
        } else if (!rn.isMissingNode() && !rn.isNull()) {
            r.error(p + "/repos", "loops." + id + ".repos is " + ConfigReader.describe(rn) + "; expected a list [a, b], a roster "
                    + "{active: [a], queue: [b]} or {rollout: [a, b]}");
        }
        String root2 = r.string(p + "/repos_root", null, false);
        return new Loop(id, description, workplan, exit, sla, source, path, workstream, agents, repos, active, queue, root2);
    }

    private static List<String> repoNames(ConfigReader r, String pointer) {
        List<String> names = r.stringList(pointer, List.of());
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            if (!REPO.matcher(n).matches() || n.equals("..") || n.equals(".")) {
                r.error(pointer + "/" + i, ConfigReader.keyName(pointer) + "[" + i + "]: '" + n + "' is not a repo name; expected a "
                        + "directory name under repos_root (letters, digits, . _ -)");
            }
        }
        return names;
    }

    // ---------------------------------------------------------------- the files

    /** Every file of the workspace the playbook describes, path → content (the playbook itself is kept as a copy). */
    public Map<Path, String> plan(Workspace ws, String playbookText, Instant now) {
        Policy d = Policy.defaults();
        Policy policy = new Policy(zone, d.phaseCrons(), d.exitCriteriaIn(), d.fprWindowCycles(), d.fprWindowBelow(),
                d.rescuesWindowCycles(), d.rescuesWindowAtMost(), d.approvalRequired(), d.demotionTo(), d.fprDemotionCycles(),
                d.fprDemotionAbove(), d.rescuesSpan(), d.rescuesAtLeast(), d.maxRecordsRead(), d.healthModel());
        CollectSettings c = CollectSettings.defaults();
        if (stateHubUrl != null) {
            CollectSettings.StateHub h = c.stateHub();
            c = new CollectSettings(c.backfillMaxSlots(), c.parallelism(), c.likelySimilarity(),
                    new CollectSettings.StateHub(stateHubUrl, stateHubTokenEnv == null ? h.tokenEnv() : stateHubTokenEnv, h.timeout(),
                            h.retries(), h.backoff(), h.maxBackoff(), h.pageSize(), h.maxPages()), c.urgent());
        }
        RotationPolicy rp = RotationPolicy.defaults();
        if (rotationLoop != null) {
            rp = new RotationPolicy(rotationLoop, rp.agent(), rp.windowCycles(), rp.minSignals(), rp.plateauMinDelta(), rp.plateauMode(),
                    rp.squashPattern(), rp.successAtLeast(), rp.revisitAfterDays(), rp.automationMode(), rp.confirmationsRequired(),
                    rp.cooldownCycles(), rp.maxActive(), rp.warmupCycles(), rp.prPatterns());
        }
        Map<Path, String> all = new LinkedHashMap<>();
        all.put(ws.loops().resolve(".gitignore"), Initializer.GITIGNORE);
        all.put(ws.policy(), PolicyCodec.render(policy, c));
        all.put(ws.rotationPolicy(), rp.render());
        all.put(ws.healthModel(), GeneratedDocs.healthModel(policy));
        all.put(ws.stateMachine(), GeneratedDocs.stateMachine(policy));
        all.put(ws.sessionTemplate(), Templates.SESSION_TEMPLATE);
        all.put(ws.selfCadence(), SelfCadenceCodec.render(SelfCadence.State.initial(SelfCadence.Settings.defaults(), now)));
        all.put(ws.dashboard(), Initializer.DASHBOARD);
        all.put(ws.recommendations(), "");
        all.put(ws.decisions(), "");
        all.put(ws.decisionsDir().resolve("README.md"), Templates.DECISIONS_README);
        all.put(ws.regulator().resolve("playbook.yml"), "# The playbook this workspace was set up from (loopreg init --from-playbook); "
                + "kept for reference, not read again.\n" + playbookText);
        for (Loop l : loops) {
            all.put(ws.loopConfig(l.id()), loopYml(l));
            all.put(ws.cadence(l.id()), CadenceCodec.render(CadenceState.initial(l.id(), policy.cronOf(Phase.BOOTSTRAP), now)));
            all.put(ws.health(l.id()), "");
            all.put(ws.loopDir(l.id()).resolve("bootstrap-log.md"), Templates.bootstrapLog(l.id()));
            if (l.repos() == Repos.ROSTER) all.put(ws.roster(l.id()), roster(l, now));
            if (l.repos() == Repos.ROLLOUT) all.put(ws.loopDir(l.id()).resolve("rollout.yaml"), rollout(l));
            if (l.id().equals(rotationLoop) || l.id().equals(LoopId.SUPPLIER_NOTES_LOOP)) {
                all.put(ws.loopDir(l.id()).resolve("supplier-notes.md"), Templates.supplierNotes(l.id()));
            }
        }
        all.put(ws.activityDefinitions().resolve(Initializer.COLLECTOR), Templates.COLLECTOR_DEFINITION);
        all.put(ws.activityDefinitions().resolve(Initializer.SESSION), Templates.SESSION_DEFINITION);
        return all;
    }

    private String loopYml(Loop l) {
        StringBuilder sb = new StringBuilder();
        sb.append("# How loopreg reads the loop '").append(l.id()).append("' (from the playbook). Every field: docs/formats.md.\n");
        sb.append("description: ").append(YamlEdit.quote(l.description())).append('\n');
        sb.append("workplan: ").append(YamlEdit.quote(l.workplan())).append('\n');
        if (!l.exitTasks().isEmpty()) sb.append("exit_tasks: ").append(list(l.exitTasks())).append('\n');
        sb.append("sla_hours: ").append(l.slaHours() == null ? 24 : l.slaHours()).append('\n');
        if (l.taskSource() != null) {
            sb.append("tasks: {source: ").append(l.taskSource());
            if (l.taskPath() != null) sb.append(", path: ").append(YamlEdit.quote(l.taskPath()));
            if (l.workstream() != null) sb.append(", workstream: ").append(YamlEdit.quote(l.workstream()));
            sb.append("}\n");
        }
        sb.append("agents: ").append(list(l.agents())).append('\n');
        sb.append("repos: ").append(switch (l.repos()) {
            case ROSTER -> "roster                 # the active repos of roster.yaml";
            case ROLLOUT -> "rollout                # the repos of rollout.yaml";
            case LIST -> list(l.active());
            case NONE -> "[]";
        }).append('\n');
        sb.append("repos_root: ").append(YamlEdit.quote(l.reposRoot() != null ? l.reposRoot() : reposRoot)).append('\n');
        sb.append("rescue_log: loops/").append(l.id()).append("/bootstrap-log.md\n");
        return sb.toString();
    }

    private static String roster(Loop l, Instant now) {
        StringBuilder sb = new StringBuilder("# Repo roster of the ").append(l.id()).append(" loop (ADR-004), from the playbook. "
                + "loopreg rotate/revisit edit it; people may too.\nactive:");
        if (l.active().isEmpty()) sb.append(" []");
        for (String r : l.active()) sb.append("\n  - {repo: ").append(r).append(", since: ").append(dev.loopreg.format.Instants.format(now))
                .append(", priority: normal}");
        sb.append("\nexpansion_queue:");
        if (l.queue().isEmpty()) sb.append(" []");
        for (String r : l.queue()) sb.append("\n  - ").append(r);
        sb.append("\nsaturated: []\n");
        return sb.toString();
    }

    private static String rollout(Loop l) {
        return "# Rollout of the " + l.id() + " loop: the repos it covers (repos: rollout in loop.yml), from the playbook.\nrepos: "
                + list(l.active()) + "\n";
    }

    private static String list(List<String> xs) {
        return "[" + String.join(", ", xs.stream().map(x -> REPO.matcher(x).matches() ? x : YamlEdit.quote(x)).toList()) + "]";
    }
}
