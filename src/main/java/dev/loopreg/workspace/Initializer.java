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
