package dev.loopreg.regulator;

import dev.loopreg.cadence.Policy;
import dev.loopreg.format.Problem;
import dev.loopreg.format.YamlDoc;
import dev.loopreg.store.Plan;
import dev.loopreg.workspace.Initializer;
import dev.loopreg.workspace.LoopConfig;
import dev.loopreg.workspace.LoopId;
import dev.loopreg.workspace.RegulatorException;
import dev.loopreg.workspace.Workspace;
import dev.loopreg.workspace.WorkspaceLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code loopreg loop add}: a new loop scaffolded as an operator starts one — its files and its activity definition bound
 * to it — written as one plan through the journal, so a loop is there whole or not at all.
 */
public final class Loops {

    private final Regulator reg;

    public Loops(Regulator reg) {
        this.reg = reg;
    }

    /** What {@code add} wrote, and what it left for the operator to fill in. */
    public record Added(List<String> files, List<String> leftToFill) {
    }

    public Added add(Initializer.NewLoop l, Instant now) throws RegulatorException, IOException {
        Workspace ws = reg.workspace();
        ws.require();
        LoopId.problem(l.id()).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        if (l.owner() != null) PersonText.by(l.owner());
        try (WorkspaceLock ignored = reg.lock("loopreg loop add " + l.id())) {
            if (Files.exists(ws.loopDir(l.id()))) {
                throw new RegulatorException(RegulatorException.REFUSED, ws.rel(ws.loopDir(l.id())) + " exists already; a loop is added "
                        + "once (nothing was written)");
            }
            List<Problem> problems = new ArrayList<>();
            Policy policy = reg.reader().policy(problems);
            if (policy == null) {
                throw new RegulatorException(RegulatorException.BAD_INPUT, "the policy cannot be used:\n" + String.join("\n",
                        problems.stream().filter(Problem::isError).map(Problem::toString).toList()));
            }
            Map<Path, String> files = Initializer.loop(ws, l, policy, now);
            // the loop.yml written is checked as validate would: bad options are refused before anything is written
            String rel = ws.rel(ws.loopConfig(l.id()));
            List<Problem> found = new ArrayList<>();
            try {
                LoopConfig.read(l.id(), YamlDoc.parse(rel, files.get(ws.loopConfig(l.id()))), found, policy.ruleMetrics());
            } catch (YamlDoc.SyntaxException e) {
                found.add(e.problem());
            }
            if (l.workplan() != null && !Files.isRegularFile(ws.resolve(l.workplan()))) {
                found.add(Problem.error(rel, 0, "workplan: '" + l.workplan() + "' does not exist; expected a workplan file, relative to "
                        + "the workspace"));
            }
            List<String> errors = found.stream().filter(Problem::isError).map(Problem::toString).toList();
            if (!errors.isEmpty()) {
                throw new RegulatorException(RegulatorException.BAD_INPUT, String.join("\n", errors) + "\nnothing was written");
            }
            Path definition = ws.activityDefinitions().resolve(l.id() + ".md");
            if (Files.exists(definition)) {
                throw new RegulatorException(RegulatorException.REFUSED, ws.rel(definition) + " exists already (nothing was written)");
            }
            Plan plan = new Plan("loopreg loop add " + l.id());
            files.forEach(plan::replace);
            reg.carryOut(plan);
            List<String> left = new ArrayList<>();
            if (l.workplan() == null) left.add("workplan (loop.yml workplan:): until one is set, the exit criteria do not hold");
            if (l.tasksFile() == null && l.workstream() == null) left.add("the task source (loop.yml tasks:): until one is set, the "
                    + "task metrics are not measured");
            if (l.repos().isEmpty()) left.add("the repos (loop.yml repos:)");
            if (l.agents().isEmpty()) left.add("the agents (loop.yml agents:)");
            left.add("enable " + ws.rel(definition) + " (enabled: true) when its first cycles were checked by hand");
            return new Added(files.keySet().stream().map(ws::rel).toList(), left);
        }
    }

    /** What {@code remove} did: the files deleted, or where the loop and its definitions were archived. */
    public record Removed(List<String> deleted, String archivedTo, List<String> definitions) {
    }

    /**
     * {@code loopreg loop remove ID [--archive]}: a loop with no health record and no decision is deleted with the
     * definitions bound to it; one with records or decisions is refused unless {@code archive}, which moves it to
     * {@code loops/.archive/ID-<instant>} and its definitions to {@code activity-definitions/.archive/} — kept, out of every
     * command's sight. The definitions go first: an interrupted removal leaves a loop without a definition (a warning of
     * validate), and running it again finishes it.
     */
    public Removed remove(String id, boolean archive, Instant now) throws RegulatorException, IOException {
        Workspace ws = reg.workspace();
        ws.require();
        try (WorkspaceLock ignored = reg.lock("loopreg loop remove " + id)) {
            Path dir = ws.loopDir(id);
            if (!Files.isDirectory(dir) || id.equals(LoopId.REGULATOR)) {
                throw new RegulatorException(RegulatorException.BAD_INPUT, "'" + id + "' is not a loop of this workspace (no "
                        + ws.rel(dir) + ")");
            }
            long records = 0;
            try (var n = reg.store().health(id).newestFirst()) {
                while (n.hasNext() && records < 1_000_000) {
                    n.next();
                    records++;
                }
            }
            long decisions = reg.store().decisions().values().stream().filter(d -> id.equals(d.path("loop").asText(null))).count();
            if ((records > 0 || decisions > 0) && !archive) {
                throw new RegulatorException(RegulatorException.REFUSED, ws.rel(dir) + " has " + records + " health record"
                        + (records == 1 ? "" : "s") + " and " + decisions + " decision" + (decisions == 1 ? "" : "s")
                        + "; removing it would orphan them. Nothing was removed: --archive moves it to loops/.archive/ (kept, out of "
                        + "every command's sight)");
            }
            List<Path> defs = new ArrayList<>();
            for (var b : dev.loopreg.store.Validator.bound(ws)) {
                if (b.loop().equals(id)) defs.add(ws.resolve(b.path()));
            }
            List<String> defNames = defs.stream().map(ws::rel).toList();
            String stamp = dev.loopreg.format.Instants.format(now).replace(":", "").replace("-", "");
            if (archive) {
                Path defArchive = ws.activityDefinitions().resolve(".archive");
                for (Path d : defs) {
                    dev.loopreg.workspace.AtomicFiles.ensureDirectory(defArchive);
                    Files.move(d, defArchive.resolve(stamp + "-" + d.getFileName()), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                }
                Path to = ws.loops().resolve(".archive").resolve(id + "-" + stamp);
                dev.loopreg.workspace.AtomicFiles.ensureDirectory(to.getParent());
                Files.move(dir, to, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                dev.loopreg.workspace.AtomicFiles.fsyncDirectory(ws.loops());
                return new Removed(List.of(), ws.rel(to), defNames);
            }
            for (Path d : defs) Files.delete(d);
            // the loop's directory leaves in one rename, then its files are deleted
            Path trash = ws.loops().resolve(".removed-" + id + "-" + stamp);
            Files.move(dir, trash, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            dev.loopreg.workspace.AtomicFiles.fsyncDirectory(ws.loops());
            List<String> deleted = new ArrayList<>();
            try (var walk = Files.walk(trash)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    if (Files.isRegularFile(p)) deleted.add(ws.rel(dir.resolve(trash.relativize(p))));
                    Files.delete(p);
                }
            }
            java.util.Collections.sort(deleted);
            return new Removed(deleted, null, defNames);
        }
    }
}
