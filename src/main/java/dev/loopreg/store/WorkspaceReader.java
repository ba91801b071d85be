package dev.loopreg.store;

import dev.loopreg.workspace.*;
import dev.loopreg.cadence.CadenceState;
import dev.loopreg.cadence.ExitCriteria;
import dev.loopreg.cadence.Policy;
import dev.loopreg.format.Problem;
import dev.loopreg.format.YamlDoc;
import dev.loopreg.rotation.RotationPolicy;
import dev.loopreg.workplan.ExitCriteriaCheck;
import dev.loopreg.workplan.Workplan;
import dev.loopreg.workplan.WorkplanParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads the workspace's files into records, collecting every problem instead of stopping at the first. */
public final class WorkspaceReader {

    private final Workspace ws;

    private final Logs logs;
    private final Docs docs;

    /** A reader of a workspace's files. */
    public WorkspaceReader(Workspace ws) {
        this(ws, Logs.FILES, Docs.FILES);
    }

    /** A reader of a store's workspace, its JSON Lines kinds held where the store holds them. */
    public WorkspaceReader(Store store) {
        this(store.workspace(), store.logs(), store.docs());
    }

    WorkspaceReader(Workspace ws, Logs logs, Docs docs) {
        this.ws = ws;
        this.logs = logs;
        this.docs = docs;
    }

    Docs docs() {
        return docs;
    }

    Logs logs() {
        return logs;
    }

    /** False: every record of the window is read in full (the reference the tests compare the scan with). */
    private boolean scanOlder = true;

    WorkspaceReader readingEveryRecordInFull() {
        WorkspaceReader r = new WorkspaceReader(ws, logs, docs);
        r.scanOlder = false;
        return r;
    }

    public Workspace workspace() {
        return ws;
    }

    /** A YAML file, or null with a problem when it is missing, unreadable or not YAML. */
    public YamlDoc yaml(Path file, boolean required, List<Problem> problems) {
        return yaml(file, required, problems, null);
    }

    /** {@link #yaml}, and the file's text in {@code text[0]} (when {@code text} is given and the file was read). */
    private YamlDoc yaml(Path file, boolean required, List<Problem> problems, String[] textOut) {
        String rel = ws.rel(file);
        try {
            String text = docs.read(file);
            if (textOut != null) textOut[0] = text;
            if (text == null) {
                if (required) {
                    problems.add(Problem.error(rel, 0, "file is missing"));
                }
                return null;
            }
            return YamlDoc.parse(rel, text);
        } catch (YamlDoc.SyntaxException e) {
            problems.add(e.problem());
        } catch (IOException e) {
            problems.add(e instanceof AtomicFiles.NotUtf8Exception n ? Problem.error(rel, n.line(), n.detail())
                    : Problem.error(rel, 0, "cannot read: " + AtomicFiles.reason(e)));
        }
        return null;
    }

    /** The policy; defaults when policy.yml is absent; null (with problems) when it is invalid. */
    public Policy policy(List<Problem> problems) {
        if (!Files.exists(ws.policy())) {
            problems.add(Problem.warning(ws.rel(ws.policy()), 0, "file is missing; using the seed's defaults (loopreg init writes it)"));
            return Policy.defaults();
        }
        YamlDoc doc = yaml(ws.policy(), true, problems);
        if (doc == null) return null;
        // a document read again unchanged is the same YamlDoc (YamlDoc keeps recent ones): its policy is the same too
        ReadPolicy last = lastPolicy;
        if (last != null && last.doc() == doc) {
            problems.addAll(last.problems());
            return last.policy();
        }
        List<Problem> found = new ArrayList<>();
        Policy p = PolicyCodec.read(doc, found);
        problems.addAll(found);
        lastPolicy = new ReadPolicy(doc, p, List.copyOf(found));
        return p;
    }

    private record ReadPolicy(YamlDoc doc, Policy policy, List<Problem> problems) {
    }

    private volatile ReadPolicy lastPolicy;

    /** A policy file other than the workspace's (for {@code simulate --policy}); null (with problems) when it is unusable. */
    public Policy policyFile(Path file, List<Problem> problems) {
        YamlDoc doc = yaml(file, true, problems);
        return doc == null ? null : PolicyCodec.read(doc, problems);
    }

    /** A rotation policy file other than the workspace's; null (with problems) when it is missing or unreadable. */
    public RotationPolicy rotationPolicyFile(Path file, List<Problem> problems) {
        YamlDoc doc = yaml(file, true, problems);
        return doc == null ? null : RotationPolicy.read(doc, problems);
    }

    public RotationPolicy rotationPolicy(List<Problem> problems) {
        YamlDoc doc = yaml(ws.rotationPolicy(), false, problems);
        return doc == null ? RotationPolicy.defaults() : RotationPolicy.read(doc, problems);
    }

    /** The loop ids of the workspace; invalid directory names are reported and left out. */
    public List<String> loopIds(List<Problem> problems) throws IOException {
        List<String> ids = new ArrayList<>();
        for (String dir : ws.loopDirectories()) {
            var bad = LoopId.problem(dir);
            if (bad.isPresent()) {
                problems.add(Problem.error(ws.rel(ws.loopDir(dir)), 0, bad.get() + "; this loop is ignored until it is renamed"));
            } else {
                ids.add(dir);
            }
        }
        return ids;
    }

    /** Reads one loop for an evaluation at {@code now}. */
    public LoopSnapshot loop(String id, Policy policy, Instant now) {
        List<Problem> problems = new ArrayList<>();
        CadenceState state = null;
        String[] text = new String[1];
        YamlDoc cdoc = yaml(ws.cadence(id), true, problems, text);   // (read once: its text is the snapshot's too)
        String cadenceText = cdoc == null ? null : text[0];
        if (cdoc != null) {
            state = CadenceCodec.read(cdoc, problems);
        }
        LoopConfig config = LoopConfig.defaults(id);
        int before = problems.size();
        YamlDoc ldoc = yaml(ws.loopConfig(id), false, problems);
        if (ldoc != null) {
            config = LoopConfig.read(id, ldoc, problems, policy == null ? null : policy.ruleMetrics());
        }
        // a loop.yml that cannot be read (or holds an error) is said as that wherever the loop is shown, not as a loop
        // with no workplan: its exit criteria are unknown until it is fixed
        Problem broken = problems.subList(before, problems.size()).stream()
                .filter(p -> p.isError() && p.path().equals(ws.rel(ws.loopConfig(id)))).findFirst().orElse(null);
        ExitCriteria exit = broken != null ? ExitCriteria.brokenConfig(broken.toString()) : exitCriteria(config, problems);

        HealthTail tail = new HealthTail();
        String healthError = null;
        if (state != null) {
            try {
                tail = HealthTail.read(ws, logs, scanOlder, id, state, policy, now, problems);
            } catch (HealthTail.HealthException e) {
                healthError = e.getMessage();
                tail = new HealthTail();
            }
        }
        return new LoopSnapshot(id, state, cadenceText, config, exit, tail.records, tail.complete, tail.older, tail.olderFirst,
                healthError, problems, loggedRescues(config, policy));
    }

    /** The {@code [rescue]} entries of the loop's bootstrap log; empty when it is missing or unreadable. */
    private List<Instant> loggedRescues(LoopConfig config, Policy policy) {
        return policy == null ? List.of() : new RescueLog(ws, config).logged(policy.timeZone());
    }

    /** A parsed workplan, and the file's identity when it was read (a change of the file is read again). */
    private record ParsedWorkplan(Object key, Workplan plan, WorkplanParser.WorkplanException error) {
    }

    /** Workplans parsed by this reader: a fleet's loops share a few workplans, each parsed once per read of the fleet. */
    private final java.util.Map<Path, ParsedWorkplan> workplans = new java.util.concurrent.ConcurrentHashMap<>();

    private Workplan workplan(Path wp, String rel) throws IOException, WorkplanParser.WorkplanException {
        java.nio.file.attribute.BasicFileAttributes a = Files.readAttributes(wp, java.nio.file.attribute.BasicFileAttributes.class);
        Object key = List.of(a.lastModifiedTime(), a.size(), String.valueOf(a.fileKey()));
        ParsedWorkplan cached = workplans.get(wp);
        if (cached == null || !cached.key().equals(key)) {
            try {
                cached = new ParsedWorkplan(key, WorkplanParser.parse(rel, AtomicFiles.read(wp)), null);
            } catch (WorkplanParser.WorkplanException e) {
                cached = new ParsedWorkplan(key, null, e);
            }
            workplans.put(wp, cached);
        }
        if (cached.error() != null) throw cached.error();
        return cached.plan();
    }

    /**
     * The state-hub workstream of a loop's decisions: its workplan's {@code state_hub_workstream_id}, or null when the loop
     * has no loop.yml, no workplan, or one without it (or that cannot be read).
     */
    public String workstreamOf(String loop) {
        Workplan w = workplanOf(loop).plan();
        return w == null ? null : w.stateHubWorkstream();
    }

    /** A loop's configuration and workplan (null when it has none, or it cannot be read). */
    public record LoopWorkplan(LoopConfig config, Workplan plan) {
    }

    public LoopWorkplan workplanOf(String loop) {
        List<Problem> ignored = new ArrayList<>();
        YamlDoc ldoc = yaml(ws.loopConfig(loop), false, ignored);
        LoopConfig config = ldoc == null ? LoopConfig.defaults(loop) : LoopConfig.read(loop, ldoc, ignored);
        if (config.workplan() == null) return new LoopWorkplan(config, null);
        Path wp = ws.resolve(config.workplan());
        if (!Files.isRegularFile(wp)) return new LoopWorkplan(config, null);
        try {
            return new LoopWorkplan(config, workplan(wp, ws.rel(wp)));
        } catch (IOException | WorkplanParser.WorkplanException e) {
            return new LoopWorkplan(config, null);
        }
    }

    /** The state-hub task ids of a loop's exit tasks (its loop.yml exit_tasks, else every task of its workplan), in order. */
    public List<String> exitTaskHubIds(String loop) {
        LoopWorkplan lw = workplanOf(loop);
        if (lw.plan() == null) return List.of();
        List<String> ids = lw.config().exitTasks() != null ? lw.config().exitTasks()
                : lw.plan().tasks().stream().map(Workplan.Task::id).toList();
        return ids.stream().map(id -> lw.plan().stateHubTaskIds().get(id)).filter(java.util.Objects::nonNull).toList();
    }

    /** The exit criteria from the loop's workplan. */
    public ExitCriteria exitCriteria(LoopConfig config, List<Problem> problems) {
        if (config.workplan() == null) {
            return ExitCriteria.notConfigured();
        }
        Path wp = ws.resolve(config.workplan());
        String rel = ws.rel(wp);
        if (!Files.exists(wp)) {
            return ExitCriteria.unreadable(config.workplan(), "file does not exist (" + rel + ")");
        }
        try {
            Workplan plan = workplan(wp, rel);
            return ExitCriteriaCheck.check(config.workplan(), plan, config.exitTasks());
        } catch (WorkplanParser.WorkplanException e) {
            problems.add(Problem.error(rel, e.line(), e.getMessage()));
            return ExitCriteria.unreadable(config.workplan(), rel + ":" + e.line() + ": " + e.getMessage());
        } catch (IOException e) {
            return ExitCriteria.unreadable(config.workplan(), e.getMessage());
        }
    }
}
