package dev.loopreg.workspace;

import dev.loopreg.cadence.CadenceState;
import dev.loopreg.health.Phase;
import dev.loopreg.cadence.Policy;
import dev.loopreg.cadence.SelfCadence;
import dev.loopreg.report.GeneratedDocs;
import dev.loopreg.rotation.RotationPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code loopreg init} writes: the workspace layout (docs/playbook.md). It plans only the files that do not
 * exist yet (it never overwrites), so on an existing workspace it adds what is missing.
 */
public final class Initializer {

    /** The seed's three loops. */
    public static final List<String> SEED_LOOPS = List.of("kaizen-stack", "quality-escalation", "registry-hygiene");

    public static final String COLLECTOR = "hourly-loop-health-collector.md";

    public static final String SESSION = "regulator-session.md";

    static final String GITIGNORE = "# written by loopreg init: the workspace lock, the journal of a change under way and interrupted atomic writes\n.loopreg.lock\n.loopreg-journal.json\n.*.tmp\n";

    static final String DASHBOARD = "# Loop regulator dashboard\n\nNot evaluated yet: run `loopreg evaluate`.\n";

    private Initializer() {
    }

    /**
     * The files to create, in order, path → content, leaving out every file that exists.
     *
     * @param policy the policy the generated docs and crons come from: the existing policy.yml's, or the defaults
     */
    public static Map<Path, String> plan(Workspace ws, List<String> loops, Policy policy, Instant now) {
        Map<Path, String> all = new LinkedHashMap<>();
        all.put(ws.loops().resolve(".gitignore"), GITIGNORE);
        all.put(ws.policy(), PolicyCodec.render(policy));
        all.put(ws.rotationPolicy(), RotationPolicy.defaults().render());
        all.put(ws.healthModel(), GeneratedDocs.healthModel(policy));
        all.put(ws.stateMachine(), GeneratedDocs.stateMachine(policy));
        all.put(ws.sessionTemplate(), Templates.SESSION_TEMPLATE);
        all.put(ws.selfCadence(), SelfCadenceCodec.render(SelfCadence.State.initial(SelfCadence.Settings.defaults(), now)));
        all.put(ws.dashboard(), DASHBOARD);
        all.put(ws.recommendations(), "");
        all.put(ws.decisions(), "");
        all.put(ws.decisionsDir().resolve("README.md"), Templates.DECISIONS_README);
        for (String id : loops) {
            all.put(ws.loopConfig(id), Templates.loopYml(id));
            all.put(ws.cadence(id), CadenceCodec.render(CadenceState.initial(id, policy.cronOf(Phase.BOOTSTRAP), now)));
            all.put(ws.health(id), "");
            all.put(ws.loopDir(id).resolve("bootstrap-log.md"), Templates.bootstrapLog(id));
            switch (id) {
                case "kaizen-stack" -> {
                    all.put(ws.loopDir(id).resolve("roster.yaml"), Templates.ROSTER);
                    all.put(ws.loopDir(id).resolve("supplier-notes.md"), Templates.supplierNotes(id));
                }
                case "quality-escalation" -> all.put(ws.loopDir(id).resolve("thresholds.yml"), Templates.THRESHOLDS);
                case "registry-hygiene" -> {
                    all.put(ws.loopDir(id).resolve("signals.yml"), Templates.SIGNALS);
                    all.put(ws.loopDir(id).resolve("rollout.yaml"), Templates.ROLLOUT);
                }
                default -> { }
            }
        }
        all.put(ws.activityDefinitions().resolve(COLLECTOR), Templates.COLLECTOR_DEFINITION);
        all.put(ws.activityDefinitions().resolve(SESSION), Templates.SESSION_DEFINITION);
        Map<Path, String> missing = new LinkedHashMap<>();
        all.forEach((p, c) -> {
            if (!Files.exists(p)) {
                missing.put(p, c);
            }
        });
        return missing;
    }

    /** Writes the planned files (each atomically); returns the paths written. */
    /**
     * What {@code loopreg loop add} writes for a new loop: its loop.yml (the options given written in, the rest left as the
     * template's commented defaults), cadence.yml at bootstrap on the policy's bootstrap cron, an empty health.jsonl, the
     * bootstrap log, and {@code activity-definitions/<id>.md} bound to it ({@code loop: <id>}, the same cron,
     * {@code enabled: false} until a person enables it).
     *
     * @param workplan   the source workplan, relative to the workspace, or null
     * @param tasksFile  the loop's task export, or null
     * @param workstream the state-hub workstream of its tasks, or null
     * @param repos      {@code roster}, {@code rollout} or repo names; empty: none
     * @param agents     the agents whose metrics count; empty: none
     * @param owner      who owns the activity definition, or null
     * @param command    what the scheduler runs
     */
    public record NewLoop(String id, String workplan, String tasksFile, String workstream, List<String> repos, List<String> agents,
                          String owner, String command) {
    }

    public static Map<Path, String> loop(Workspace ws, NewLoop l, Policy policy, Instant now) {
        Map<Path, String> all = new LinkedHashMap<>();
        String yml = Templates.loopYml(l.id());
        if (l.workplan() != null) yml = YamlEdit.set(yml, List.of("workplan"), YamlEdit.quote(l.workplan()));
        if (l.tasksFile() != null) {
            yml = yml + "tasks: {source: file, path: " + YamlEdit.quote(l.tasksFile()) + "}\n";
        } else if (l.workstream() != null) {
            yml = yml + "tasks: {source: state-hub, workstream: " + YamlEdit.quote(l.workstream()) + "}\n";
        }
        // the template's agents: [] and repos: [] lines are replaced whole (a flow list is no scalar to set)
        if (!l.agents().isEmpty()) yml = line(yml, "agents:", "agents: " + flow(l.agents()));
        if (l.repos().size() == 1 && (l.repos().get(0).equals("roster") || l.repos().get(0).equals("rollout"))) {
            yml = line(yml, "repos:", "repos: " + l.repos().get(0));
        } else if (!l.repos().isEmpty()) {
            yml = line(yml, "repos:", "repos: " + flow(l.repos()));
        }
        String cron = policy.cronOf(Phase.BOOTSTRAP);
        all.put(ws.loopConfig(l.id()), yml);
        all.put(ws.cadence(l.id()), CadenceCodec.render(CadenceState.initial(l.id(), cron, now)));
        all.put(ws.health(l.id()), "");
        all.put(ws.loopDir(l.id()).resolve("bootstrap-log.md"), Templates.bootstrapLog(l.id()));
        all.put(ws.activityDefinitions().resolve(l.id() + ".md"), "---\nid: " + l.id() + "\nloop: " + l.id() + "\ncron: "
                + YamlEdit.quote(cron) + "\nenabled: false\ncommand: " + YamlEdit.quote(l.command()) + "\n"
                + (l.owner() == null ? "" : "owner: " + YamlEdit.quote(l.owner()) + "\n") + "---\n# " + l.id() + "\n\n"
                + "Bound to the loop " + l.id() + ": loopreg keeps its cron equal to the loop's cadence.yml (apply, demote).\n"
                + "Drafted disabled: enable it when the loop's first cycles were checked by hand.\n");
        return all;
    }

    private static String line(String text, String startsWith, String with) {
        StringBuilder b = new StringBuilder();
        for (String l : text.split("\n", -1)) {
            if (b.length() > 0) b.append('\n');
            b.append(l.startsWith(startsWith) ? with : l);
        }
        return b.toString();
    }

    private static String flow(List<String> items) {
        return "[" + String.join(", ", items.stream().map(YamlEdit::quote).toList()) + "]";
    }

    public static List<Path> write(Map<Path, String> plan) throws java.io.IOException {
        List<Path> written = new ArrayList<>();
        for (Map.Entry<Path, String> e : plan.entrySet()) {
            if (Files.exists(e.getKey())) {
                continue; // appeared meanwhile: never overwrite
            }
            AtomicFiles.write(e.getKey(), e.getValue());
            written.add(e.getKey());
        }
        return written;
    }
}
