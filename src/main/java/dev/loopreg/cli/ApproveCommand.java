package dev.loopreg.cli;

import dev.loopreg.cadence.Approval;
import dev.loopreg.cadence.CadenceState;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "approve", mixinStandardHelpOptions = true,
        description = {"Approves the loop's next promotion: sets regulator_approval: approved in its cadence.yml",
            "(with who, when and the note). Apply carries the promotion out once every other rule holds too."})
final class ApproveCommand extends Subcommand implements Callable<Integer> {

    @Parameters(paramLabel = "LOOP", description = "The loop id.")
    String loop;

    @CommandLine.Mixin
    ApprovalOptions opts;

    @Override
    public Integer call() throws Exception {
        return set(root, spec, loop, Approval.APPROVED, opts);
    }

    static Integer set(LoopregCommand root, CommandLine.Model.CommandSpec spec, String loop, Approval a, ApprovalOptions opts)
            throws Exception {
        LoopregCommand.loopArg(spec, loop);
        CadenceState s = root.regulator().setApproval(loop, a, root.now(), LoopregCommand.who(opts.by), opts.note);
        spec.commandLine().getOut().println(loop + ": regulator_approval: " + s.approval().id() + " (by " + s.approvalBy()
                + (s.approvalNote() == null ? "" : ": " + s.approvalNote()) + ") — promotion from " + s.phase() + " "
                + (a == Approval.APPROVED ? "approved; run 'loopreg apply " + loop + "' to carry it out when every rule holds"
                : "rejected; it stays rejected until approved"));
        return ExitCodes.OK;
    }
}
