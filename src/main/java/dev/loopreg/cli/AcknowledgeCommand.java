package dev.loopreg.cli;

import dev.loopreg.regulator.Urgents;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "acknowledge", header = "Takes on an open urgent task: records who has it.", mixinStandardHelpOptions = true,
        description = "Records that a person has taken on an open urgent task (an 'acknowledged' event in urgent-tasks.jsonl). "
                + "The task stays open until its trigger clears; the dashboard and the pages show who has it and since when.")
final class AcknowledgeCommand extends Subcommand implements Callable<Integer> {

    @CommandLine.Mixin
    GlobalOptions.Write global;

    @Parameters(paramLabel = "URG-NNN", description = "An open urgent task.")
    String id;

    @CommandLine.Mixin
    ApprovalOptions opts;

    @Override
    public Integer call() throws Exception {
        Urgents.Acknowledged a = new Urgents(root.regulator()).acknowledge(id, root.now(), LoopregCommand.who(opts.by), opts.note);
        out().println(a.id() + " acknowledged by " + a.by() + ": " + a.loop() + " " + a.trigger() + " (it stays open until the trigger clears)");
        return ExitCodes.OK;
    }
}
