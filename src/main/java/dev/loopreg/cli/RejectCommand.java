package dev.loopreg.cli;

import dev.loopreg.cadence.Approval;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "reject", header = "Rejects a loop's next promotion and records the rejection.", mixinStandardHelpOptions = true,
        description = {"Rejects the loop's next promotion: sets regulator_approval: rejected in its cadence.yml and records "
            + "the rejection as a decision, with who and the note."})
final class RejectCommand extends Subcommand implements Callable<Integer> {

    @CommandLine.Mixin
    GlobalOptions.Write global;

    @Parameters(paramLabel = "LOOP", description = "The loop id.")
    String loop;

    @CommandLine.Mixin
    ApprovalOptions opts;

    @Override
    public Integer call() throws Exception {
        return ApproveCommand.set(root, spec, loop, Approval.REJECTED, opts);
    }
}
