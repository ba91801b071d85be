package dev.loopreg.cli;

import dev.loopreg.cadence.Policy;
import dev.loopreg.format.Problem;
import dev.loopreg.workspace.Initializer;
import dev.loopreg.workspace.LoopId;
import dev.loopreg.workspace.Workspace;
import dev.loopreg.workspace.WorkspaceLock;
import dev.loopreg.workspace.WorkspaceReader;
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

@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Creates the workspace layout: loops/regulator/ (policy, rotation policy, health model, state machine,",
            "session template), one directory per loop with cadence.yml at phase bootstrap, and the collector's activity",
            "definition. Never overwrites a file: on an existing workspace it adds only what is missing and lists it."})
final class InitCommand extends Subcommand implements Callable<Integer> {

    @Option(names = "--loops", split = ",", paramLabel = "ID",
            description = "Loop ids to create (comma-separated). Default: the workspace's existing loops, or the seed's "
                    + "kaizen-stack, quality-escalation, registry-hygiene.")
    List<String> loops;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
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
                out.println("Next: loopreg -w " + ws.root() + " validate, then loopreg -w " + ws.root() + " evaluate.");
            }
            return ExitCodes.OK;
        } catch (WorkspaceLock.LockedException e) {
            err.println("loopreg: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
    }

}
