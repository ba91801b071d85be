package dev.loopreg.workspace;

import dev.loopreg.format.ConfigReader;
import dev.loopreg.format.Problem;
import dev.loopreg.format.YamlDoc;
import java.util.List;

/**
 * {@code loops/<id>/loop.yml}: how the regulator reads a loop.
 *
 * @param description   free text
 * @param workplan      the source workplan, relative to the workspace, or null
 * @param exitTasks     the bootstrap exit tasks, or null for every task of the workplan
 * @param slaHours      the tasks' SLA
 * @param tasksSource   {@code file} or {@code state-hub}, or null when not configured
 * @param tasksPath     the JSONL export for {@code source: file}
 * @param tasksWorkstream the state-hub workstream for {@code source: state-hub}
 * @param tasksUrl      the loop's own state-hub URL (else policy.yml {@code state_hub.url}), or null
 * @param tasksTokenEnv the loop's own token variable (else policy.yml {@code state_hub.token_env}), or null
 * @param agents        the agents whose metrics count
 * @param repos         {@code roster}, {@code rollout}, or null when {@code repoList} is given
 * @param repoList      an explicit list of repos
 * @param reposRoot     where local clones of the fleet's repos live, relative to the workspace
 * @param rescueLog     the bootstrap log with {@code [rescue]} entries, relative to the workspace
 */
public record LoopConfig(String description, String workplan, List<String> exitTasks, int slaHours,
                         String tasksSource, String tasksPath, String tasksWorkstream, String tasksUrl, String tasksTokenEnv,
                         List<String> agents, String repos, List<String> repoList, String reposRoot, String rescueLog,
                         List<dev.loopreg.cadence.rules.RuleSpec> rules, java.util.Set<String> disable) {

    /** A loop.yml without rules of its own. */
    public LoopConfig(String description, String workplan, List<String> exitTasks, int slaHours, String tasksSource, String tasksPath,
                      String tasksWorkstream, String tasksUrl, String tasksTokenEnv, List<String> agents, String repos, List<String> repoList,
                      String reposRoot, String rescueLog) {
        this(description, workplan, exitTasks, slaHours, tasksSource, tasksPath, tasksWorkstream, tasksUrl, tasksTokenEnv, agents, repos, repoList,
                reposRoot, rescueLog, List.of(), java.util.Set.of());
    }

    public LoopConfig {
        rules = rules == null ? List.of() : List.copyOf(rules);
        disable = disable == null ? java.util.Set.of() : java.util.Set.copyOf(disable);
    }

    public static final List<String> KEYS = List.of("description", "workplan", "exit_tasks", "sla_hours", "tasks",
            "agents", "repos", "repos_root", "rescue_log", "rules", "disable");
    public static final List<String> TASK_KEYS = List.of("source", "path", "workstream", "url", "token_env");

    /** What a loop without loop.yml is read as. */
    public static LoopConfig defaults(String id) {
        return new LoopConfig(null, null, null, 24, null, null, null, null, null, List.of(), null, List.of(), "../fleet",
                "loops/" + id + "/bootstrap-log.md");
    }

    public static LoopConfig read(String id, YamlDoc doc, List<Problem> problems) {
        return read(id, doc, problems, null);
    }

    /**
     * @param metrics the metrics its rules may name (loopreg's and the policy's declared ones); null: any field name
     *                (for readers that look at other keys and have no policy at hand)
     */
    public static LoopConfig read(String id, YamlDoc doc, List<Problem> problems, java.util.Set<String> metrics) {
        LoopConfig d = defaults(id);
        ConfigReader r = new ConfigReader(doc, problems);
        if (doc.isEmpty()) {
            return d;
        }
        if (!r.mapping("", false)) {
            return d;
        }
        r.knownKeys("", KEYS);
        String description = r.string("/description", null, false);
        String workplan = r.string("/workplan", null, false);
        List<String> exitTasks = r.present("/exit_tasks") ? r.stringList("/exit_tasks", null) : null;
        int sla = r.integer("/sla_hours", 24, 1, 24 * 366);
        String source = null;
        String path = null;
        String workstream = null;
        String url = null;
        String tokenEnv = null;
        if (r.mapping("/tasks", false)) {
            r.knownKeys("/tasks", TASK_KEYS);
            source = r.choice("/tasks/source", null, s -> s.equals("file") || s.equals("state-hub")
                    ? java.util.Optional.of(s) : java.util.Optional.empty(), "file | state-hub", true);
            path = r.string("/tasks/path", null, "file".equals(source));
            workstream = r.string("/tasks/workstream", null, "state-hub".equals(source));
            url = r.string("/tasks/url", null, false);
            tokenEnv = r.string("/tasks/token_env", null, false);
            if (url != null && !url.matches("https?://[^/\\s]+.*")) {
                r.error("/tasks/url", "tasks.url: '" + url + "' is not an http(s) URL; expected e.g. https://state-hub.example/api");
                url = null;
            }
        }
        List<String> agents = r.stringList("/agents", List.of());
        String repos = null;
        List<String> repoList = List.of();
        var reposNode = doc.at("/repos");
        if (reposNode.isArray()) {
            repoList = r.stringList("/repos", List.of());
            for (int i = 0; i < repoList.size(); i++) {
                if (!insideFleet(repoList.get(i))) {
                    r.error("/repos/" + i, "repos[" + i + "]: '" + repoList.get(i) + "' leaves the fleet's root (repos_root); expected a "
                            + "repo's directory under it, such as repo-a or team/repo-a");
                }
            }
            repoList = repoList.stream().filter(LoopConfig::insideFleet).toList();
        } else if (!reposNode.isMissingNode() && !reposNode.isNull()) {
            repos = r.choice("/repos", null, s -> s.equals("roster") || s.equals("rollout")
                    ? java.util.Optional.of(s) : java.util.Optional.empty(), "roster | rollout | a list of repos", false);
        }
        String reposRoot = r.string("/repos_root", d.reposRoot(), false);
        String rescueLog = r.string("/rescue_log", d.rescueLog(), false);
        // the workspace's own files stay in the workspace (the fleet's clones, repos_root, may be anywhere)
        insideWorkspace(r, "/workplan", workplan);
        insideWorkspace(r, "/tasks/path", path);
        insideWorkspace(r, "/rescue_log", rescueLog);
        List<dev.loopreg.cadence.rules.RuleSpec> rules = dev.loopreg.cadence.rules.RuleFile.read(r, "/rules", metrics,
                dev.loopreg.cadence.rules.RuleFile.BUILT_INS);
        java.util.Set<String> disable = new java.util.LinkedHashSet<>();
        List<String> off = r.stringList("/disable", List.of());
        for (int i = 0; i < off.size(); i++) {
            if (off.get(i).equals("operator_override")) {
                r.error("/disable/" + i, "disable: operator_override cannot be turned off; it is a person's demotion, not a rule that judges");
            } else if (!off.get(i).matches("[a-z][a-z0-9_]{0,63}")) {
                r.error("/disable/" + i, "disable[" + i + "]: '" + off.get(i) + "' is not a rule id; expected such as fpr_window");
            } else {
                disable.add(off.get(i));
            }
        }
        return new LoopConfig(description, workplan, exitTasks, sla, source, path, workstream, url, tokenEnv, agents, repos, repoList,
                reposRoot, rescueLog, rules, disable);
    }

    /** A repo named in a list is a directory under repos_root: relative, and no {@code ..} leading out of it. */
    static boolean insideFleet(String repo) {
        return !(repo.isBlank() || repo.startsWith("/") || repo.startsWith("~") || repo.contains("\\")
                || List.of(repo.split("/")).contains(".."));
    }

    /** A path of the workspace's own files must be relative and stay inside it (no {@code ..} out, no absolute path). */
    private static void insideWorkspace(dev.loopreg.format.ConfigReader r, String pointer, String value) {
        if (value == null || value.isBlank()) return;
        java.nio.file.Path p;
        try {
            p = java.nio.file.Path.of(value);
        } catch (java.nio.file.InvalidPathException e) {
            r.error(pointer, pointer.substring(1).replace('/', '.') + ": '" + value + "' is not a path; expected a path "
                    + "relative to the workspace");
            return;
        }
        java.nio.file.Path n = p.normalize();
        if (p.isAbsolute() || n.startsWith("..") || n.toString().isEmpty()) {
            r.error(pointer, pointer.substring(1).replace('/', '.') + ": '" + value + "' leaves the workspace; expected a path "
                    + "relative to the workspace, inside it (such as loops/<id>/tasks.jsonl)");
        }
    }
}
