package dev.loopreg.cli;

import dev.loopreg.cadence.Approval;
import dev.loopreg.cadence.CadenceState;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "approve", header = "Approves a loop's next promotion and records the approval.", mixinStandardHelpOptions = true,
        description = {"Approves the loop's next promotion (its transition in its current phase): sets regulator_approval: "
            + "approved in its cadence.yml and records the approval as a decision, with who and the note. Any phase change "
            + "voids it. Apply carries the promotion out once every other rule holds too."})
final class ApproveCommand extends Subcommand implements Callable<Integer> {

    @CommandLine.Mixin
    GlobalOptions.Write global;

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
        var res = new dev.loopreg.regulator.Approvals(root.regulator()).set(loop, a, root.now(), LoopregCommand.who(opts.by), opts.note, "cli");
        CadenceState s = res.after();
        spec.commandLine().getOut().println(res.decision() + ": " + loop + ": regulator_approval: " + s.approval().id() + " (by "
                + s.approvalBy() + (s.approvalNote() == null ? "" : ": " + s.approvalNote()) + ") — promotion " + s.transition() + " "
                + (a == Approval.APPROVED ? "approved; run 'loopreg apply " + loop + "' to carry it out when every rule holds"
                : "rejected; it stays rejected until approved or the loop changes phase"));
        return ExitCodes.OK;
    }
}
