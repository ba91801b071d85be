package dev.loopreg.cli;

import dev.loopreg.regulator.Loops;
import dev.loopreg.workspace.Initializer;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "loop", header = "Adds or removes a loop, with the activity definition that runs it.", mixinStandardHelpOptions = true,
        description = {"'loopreg loop add ID' scaffolds a loop as an operator starts one: loops/ID/loop.yml from the options,"
            + " cadence.yml at bootstrap on the policy's bootstrap cron, an empty health.jsonl, the bootstrap log, and"
            + " activity-definitions/ID.md bound to it (loop: ID, the same cron, enabled: false until a person enables it)."
            + " 'loopreg loop remove ID [--archive]' takes one away."},
        subcommands = {LoopCommand.Add.class, LoopCommand.Remove.class})
final class LoopCommand extends Subcommand implements Runnable {

    @Override
    public void run() {
        spec.commandLine().usage(out());
    }

    @Command(name = "add", header = "Scaffolds a new loop and the activity definition bound to it.", mixinStandardHelpOptions = true,
            description = {"Writes the loop's files and its definition as one plan: all of them or none. What is not given is"
                + " left for the operator to fill in, and said so; validate passes on the result either way. A loop that exists"
                + " is refused (exit 3)."})
    static final class Add implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        GlobalOptions.Write global;

        @Parameters(paramLabel = "ID", description = "The new loop's id (lower case, digits and '-').")
        String id;

        @Option(names = "--workplan", paramLabel = "PATH", description = "The source workplan, relative to the workspace.")
        String workplan;

        @Option(names = "--tasks-file", paramLabel = "PATH", description = "The loop's task export (JSON Lines), relative to the workspace.")
        String tasksFile;

        @Option(names = "--tasks-workstream", paramLabel = "ID", description = "The state-hub workstream of the loop's tasks.")
        String workstream;

        @Option(names = "--repos", split = ",", paramLabel = "REPO", description = "roster, rollout, or the repos (comma-separated).")
        List<String> repos;

        @Option(names = "--agents", split = ",", paramLabel = "AGENT", description = "The agents whose metrics count (comma-separated).")
        List<String> agents;

        @Option(names = "--owner", paramLabel = "NAME", description = "Who owns the activity definition (its owner: field).")
        String owner;

        @Option(names = "--command", paramLabel = "CMD", description = "What the scheduler runs. Default: kaizen-agentic schedule run ID.")
        String command;

        @Override
        public Integer call() throws Exception {
            LoopregCommand root = GlobalOptions.root(spec);
            LoopregCommand.loopArg(spec, id);
            if (tasksFile != null && workstream != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--tasks-file and --tasks-workstream exclude each other");
            }
            var l = new Initializer.NewLoop(id, workplan, tasksFile, workstream, repos == null ? List.of() : repos,
                    agents == null ? List.of() : agents, owner, command == null ? "kaizen-agentic schedule run " + id : command);
            var reg = root.regulator();
            Loops.Added a = new Loops(reg).add(l, root.now());
            var out = spec.commandLine().getOut();
            out.println("Added the loop " + id + ": " + a.files().size() + " files");
            a.files().forEach(f -> out.println("  " + f));
            out.println("Left for you to fill in:");
            a.leftToFill().forEach(x -> out.println("  - " + x));
            reg.takeNotices().forEach(n -> spec.commandLine().getErr().println("loopreg: " + n));
            return ExitCodes.OK;
        }
    }

    @Command(name = "remove", header = "Removes a loop and the activity definitions bound to it.", mixinStandardHelpOptions = true,
            description = {"A loop with no health record and no decision is deleted, with the definitions bound to it. One with"
                + " records or decisions is refused (exit 3) unless --archive, which moves loops/ID to loops/.archive/ and its"
                + " definitions to activity-definitions/.archive/: kept, and out of every command's sight."})
    static final class Remove implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        GlobalOptions.Write global;

        @Parameters(paramLabel = "ID", description = "The loop's id.")
        String id;

        @Option(names = "--archive", description = "Keep the loop's files and its history: move them out of sight instead of deleting.")
        boolean archive;

        @Override
        public Integer call() throws Exception {
            LoopregCommand root = GlobalOptions.root(spec);
            LoopregCommand.loopArg(spec, id);
            if (root.databaseUrl() != null) {
                throw new dev.loopreg.workspace.RegulatorException(dev.loopreg.workspace.RegulatorException.REFUSED,
                        "loop remove changes the workspace's files, not a database; run it on the files (without --database)");
            }
            var reg = root.regulator();
            Loops.Removed r = new Loops(reg).remove(id, archive, root.now());
            var out = spec.commandLine().getOut();
            if (r.archivedTo() != null) {
                out.println("Archived the loop " + id + " to " + r.archivedTo() + (r.definitions().isEmpty() ? ""
                        : "; its definitions to activity-definitions/.archive/: " + String.join(", ", r.definitions())));
            } else {
                out.println("Removed the loop " + id + ": " + r.deleted().size() + " files"
                        + (r.definitions().isEmpty() ? "" : ", and " + String.join(", ", r.definitions())));
            }
            reg.takeNotices().forEach(n -> spec.commandLine().getErr().println("loopreg: " + n));
            return ExitCodes.OK;
        }
    }
}
