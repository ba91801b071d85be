package dev.loopreg.cli;

import dev.loopreg.cadence.Policy;
import dev.loopreg.format.Problem;
import dev.loopreg.format.YamlDoc;
import dev.loopreg.workspace.Initializer;
import dev.loopreg.workspace.Playbook;
import dev.loopreg.workspace.LoopId;
import dev.loopreg.workspace.Workspace;
import dev.loopreg.workspace.WorkspaceLock;
import dev.loopreg.store.WorkspaceReader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "init", header = "Creates a workspace, or adds what is missing to one.", mixinStandardHelpOptions = true,
        description = {"Creates the workspace layout: loops/regulator/ (policy, rotation policy, health model, state machine,"
            + " session template), one directory per loop with cadence.yml at phase bootstrap, and the collector's activity"
            + " definition. Never overwrites a file: on an existing workspace it adds only what is missing and lists it."})
final class InitCommand extends Subcommand implements Callable<Integer> {

    @CommandLine.Mixin
    GlobalOptions.Write global;

    @Option(names = "--loops", split = ",", paramLabel = "ID",
            description = "Loop ids to create (comma-separated). Default: the workspace's existing loops, or the seed's "
                    + "kaizen-stack, quality-escalation, registry-hygiene.")
    List<String> loops;

    @Option(names = "--from-playbook", paramLabel = "FILE",
            description = "Set up a new workspace from a playbook (loop ids, task sources, agents, repos, time zone, state-hub; "
                    + "docs/playbook.md). Refused (exit 3) when the workspace has any of the files it would write.")
    Path playbook;

    @Option(names = "--no-git",
            description = "Do not make a new workspace a git repository. By default a workspace init creates (a new or empty "
                    + "directory, not inside a git repository) becomes one, with the files it wrote as its first commit.")
    boolean noGit;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (root.databaseUrl() != null) {
            throw new dev.loopreg.workspace.RegulatorException(dev.loopreg.workspace.RegulatorException.REFUSED,
                    "init writes the workspace's files, not a database; run it without --database (and without"
                            + " LOOPREG_DATABASE_URL), then 'loopreg db import --database URL' copies its state into the database");
        }
        if (playbook != null) {
            if (loops != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--loops and --from-playbook exclude each other: the "
                        + "playbook names the loops");
            }
            return fromPlaybook(out, err);
        }
        if (loops != null) {
            for (String id : loops) {
                LoopregCommand.loopArg(spec, id);
            }
        }
        Workspace ws = root.workspace();
        if (Files.exists(ws.root()) && !Files.isDirectory(ws.root())) {
            err.println("loopreg: " + ws.root() + " is a file, not a directory");
            return ExitCodes.BAD_INPUT;
        }
        boolean makeRepo = !noGit && isNew(ws.root()) && !dev.loopreg.regulator.WorkspaceRepo.insideOne(ws.root());
        Files.createDirectories(ws.loops());
        try (WorkspaceLock ignored = WorkspaceLock.acquire(ws, "loopreg init", Duration.ofSeconds(root.lockTimeoutSeconds),
                Clock.systemUTC().instant())) {
            WorkspaceReader reader = new WorkspaceReader(ws);
            List<Problem> problems = new ArrayList<>();
            Policy policy = Files.exists(ws.policy()) ? reader.policy(problems) : Policy.defaults();
            if (policy == null) {
                problems.stream().filter(Problem::isError).forEach(p -> err.println(p));
                err.println("loopreg: the existing policy.yml has problems; fix them first (nothing was written)");
                return ExitCodes.BAD_INPUT;
            }
            List<String> ids = loops;
            if (ids == null) {
                List<String> existing = reader.loopIds(new ArrayList<>());
                ids = existing.isEmpty() ? Initializer.SEED_LOOPS : existing;
            }
            Map<Path, String> plan = Initializer.plan(ws, ids.stream().distinct().toList(), policy, root.now());
            List<Path> written = Initializer.write(plan);
            if (written.isEmpty()) {
                out.println("Nothing to add: " + ws.root() + " already has every file for loops " + String.join(", ", ids) + ".");
            } else {
                out.println("Added " + written.size() + " file" + (written.size() == 1 ? "" : "s") + " to " + ws.root() + ":");
                for (Path p : written) {
                    out.println("  " + ws.rel(p));
                }
                if (makeRepo) gitRepo(out, ws, written, "loopreg init");
                out.println("Next: loopreg -w " + ws.root() + " validate, then loopreg -w " + ws.root() + " evaluate.");
            }
            return ExitCodes.OK;
        } catch (WorkspaceLock.LockedException e) {
            err.println("loopreg: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
    }

    /** A directory that is not there yet, or is empty: the workspace init makes is new. */
    private static boolean isNew(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) return true;
        try (var s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    private static void gitRepo(PrintWriter out, Workspace ws, List<Path> written, String message) throws java.io.IOException {
        String commit = dev.loopreg.regulator.WorkspaceRepo.create(ws.root(), written, message);
        out.println("Made " + ws.root() + " a git repository (branch main) with these files as its first commit, " + commit
                + " (--no-git: none).");
    }

    private int fromPlaybook(PrintWriter out, PrintWriter err) throws Exception {
        Workspace ws = root.workspace();
        if (!Files.isRegularFile(playbook)) {
            err.println("loopreg: " + playbook + ": no such file; expected a playbook (YAML, docs/playbook.md)");
            return ExitCodes.BAD_INPUT;
        }
        if (Files.exists(ws.root()) && !Files.isDirectory(ws.root())) {
            err.println("loopreg: " + ws.root() + " is a file, not a directory");
            return ExitCodes.BAD_INPUT;
        }
        String text = Files.readString(playbook);
        List<Problem> problems = new ArrayList<>();
        Playbook pb;
        try {
            pb = Playbook.read(YamlDoc.parse(playbook.toString(), text), ws.root(), problems);
        } catch (YamlDoc.SyntaxException e) {
            problems.add(e.problem());
            pb = null;
        }
        if (pb == null) {
            problems.stream().filter(Problem::isError).sorted().forEach(err::println);
            err.println("loopreg: the playbook has problems; nothing was written");
            return ExitCodes.BAD_INPUT;
        }
        Map<Path, String> plan = pb.plan(ws, text, root.now());
        List<String> existing = plan.keySet().stream().filter(Files::exists).map(ws::rel).toList();
        if (!existing.isEmpty()) {
            err.println("loopreg: " + ws.root() + " already has files the playbook would write: " + String.join(", ", existing)
                    + "; a playbook sets up a new workspace (use plain 'loopreg init' to add what is missing). Nothing was written.");
            return ExitCodes.REFUSED;
        }
        boolean makeRepo = !noGit && isNew(ws.root()) && !dev.loopreg.regulator.WorkspaceRepo.insideOne(ws.root());
        Files.createDirectories(ws.loops());
        try (WorkspaceLock ignored = WorkspaceLock.acquire(ws, "loopreg init --from-playbook", Duration.ofSeconds(root.lockTimeoutSeconds),
                Clock.systemUTC().instant())) {
            List<Path> written = Initializer.write(plan);
            out.println("Set up " + ws.root() + " from " + playbook + ": " + written.size() + " files, loops "
                    + String.join(", ", pb.loops().stream().map(Playbook.Loop::id).toList())
                    + (pb.rotationLoop() == null ? "" : "; rotation loop " + pb.rotationLoop()) + "; time zone " + pb.zone().getId() + ".");
            for (Path p : written) out.println("  " + ws.rel(p));
            if (makeRepo) gitRepo(out, ws, written, "loopreg init --from-playbook " + playbook.getFileName());
            out.println("Next: loopreg -w " + ws.root() + " validate, then collect and evaluate (docs/playbook.md, the bootstrap checklist).");
            return ExitCodes.OK;
        } catch (WorkspaceLock.LockedException e) {
            err.println("loopreg: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
    }

}
