package dev.loopreg.workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The paths of a workspace (docs/playbook.md, "The minimal layout"). */
public record Workspace(Path root) {

    public Workspace {
        root = root.toAbsolutePath().normalize();
    }

    public Path loops() { return root.resolve("loops"); }
    public Path regulator() { return loops().resolve(LoopId.REGULATOR); }
    public Path policy() { return regulator().resolve("policy.yml"); }
    public Path rotationPolicy() { return regulator().resolve("rotation-policy.yml"); }
    public Path healthModel() { return regulator().resolve("health-model.md"); }
    public Path stateMachine() { return regulator().resolve("state-machine.md"); }
    public Path sessionTemplate() { return regulator().resolve("session-template.md"); }
    public Path dashboard() { return regulator().resolve("dashboard.md"); }
    public Path recommendations() { return regulator().resolve("recommendations.jsonl"); }
    /** One small line per evaluation run: what the regulator's own cadence check reads instead of recommendations.jsonl. */
    public Path runs() { return regulator().resolve("runs.jsonl"); }
    public Path decisions() { return regulator().resolve("decisions.jsonl"); }
    public Path decisionsDir() { return regulator().resolve("decisions"); }
    public Path urgentTasks() { return regulator().resolve("urgent-tasks.jsonl"); }
    public Path selfCadence() { return regulator().resolve("cadence.yml"); }
    public Path approvals() { return regulator().resolve("approvals.jsonl"); }
    public Path noiseSources() { return regulator().resolve("noise-sources.jsonl"); }
    public Path sessions() { return regulator().resolve("sessions.jsonl"); }
    public Path apiRequests() { return regulator().resolve("api-requests.jsonl"); }
    public Path outbox() { return regulator().resolve("outbox.jsonl"); }
    public Path sessionsDir() { return regulator().resolve("sessions"); }
    public Path cadenceProposals() { return regulator().resolve("cadence-proposals.md"); }
    /** The regulator's own agent metrics: its sessions are recorded like an optimization agent's executions. */
    public Path ownMetrics() { return root.resolve(".kaizen").resolve("metrics").resolve("optimization"); }
    public Path activityDefinitions() { return root.resolve("activity-definitions"); }
    public Path lockFile() { return loops().resolve(".loopreg.lock"); }

    public Path loopDir(String id) { return loops().resolve(id); }
    public Path cadence(String id) { return loopDir(id).resolve("cadence.yml"); }
    public Path loopConfig(String id) { return loopDir(id).resolve("loop.yml"); }
    public Path health(String id) { return loopDir(id).resolve("health.jsonl"); }
    public Path roster(String id) { return loopDir(id).resolve("roster.yaml"); }
    public Path saturation(String id) { return loopDir(id).resolve("saturation.jsonl"); }

    /** @throws RegulatorException BAD_INPUT when this has no {@code loops/} directory */
    public void require() throws RegulatorException {
        if (!java.nio.file.Files.isDirectory(loops())) {
            throw new RegulatorException(RegulatorException.BAD_INPUT, root + " is not a loopreg workspace: it has no loops/ "
                    + "directory; run 'loopreg init' there, or pass --workspace DIR");
        }
    }

    /** A path as shown to people: relative to the workspace when inside it. */
    public String rel(Path p) {
        // the common case, a path made from the root with names only ("loops/x/health.jsonl"): its text after the root's
        String text = p.toString();
        String rootText = root.toString();
        if (text.length() > rootText.length() + 1 && text.startsWith(rootText) && text.charAt(rootText.length()) == '/'
                && !rootText.equals("/") && text.indexOf("/.", rootText.length()) < 0 && text.indexOf("//", rootText.length()) < 0 && text.indexOf('\\') < 0) {
            return text.substring(rootText.length() + 1);
        }
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(root) ? root.relativize(abs).toString().replace('\\', '/') : p.toString();
    }

    /** Resolves a path written in a workspace file (relative to the workspace root). */
    public Path resolve(String path) {
        return root.resolve(path).normalize();
    }

    /**
     * The directories under {@code loops/} that hold a {@code cadence.yml}, sorted by name, valid or not
     * (the caller checks the names with {@link LoopId}).
     */
    public List<String> loopDirectories() throws IOException {
        List<String> ids = new ArrayList<>();
        if (!Files.isDirectory(loops())) {
            return ids;
        }
        try (Stream<Path> s = Files.list(loops())) {
            s.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals(LoopId.REGULATOR) && !n.startsWith("."))
                    .filter(n -> Files.exists(cadence(n)))
                    .sorted()
                    .forEach(ids::add);
        }
        return ids;
    }

    /** Activity definitions ({@code activity-definitions/*.md}), sorted. */
    public List<Path> activityDefinitionFiles() throws IOException {
        if (!Files.isDirectory(activityDefinitions())) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(activityDefinitions())) {
            return s.filter(p -> p.getFileName().toString().endsWith(".md") && Files.isRegularFile(p)).sorted().toList();
        }
    }
}
