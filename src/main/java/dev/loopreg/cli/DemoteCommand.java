package dev.loopreg.cli;

import dev.loopreg.regulator.Changes;
import dev.loopreg.regulator.Regulator;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "demote", header = "Demotes a loop at once: the operator override.", mixinStandardHelpOptions = true,
        description = {"The operator override: demotes the loop at once (to the policy's demotion.to_phase, bootstrap by"
            + " default) and records the decision with the reason. In bootstrap it restarts the phase's windows."})
final class DemoteCommand extends Subcommand implements Callable<Integer> {

    @CommandLine.Mixin
    GlobalOptions.Write global;

    @Parameters(paramLabel = "LOOP", description = "The loop id.")
    String loop;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why the loop is demoted (recorded).")
    String reason;

    @Option(names = "--by", paramLabel = "NAME", description = "Who demotes. Default: $LOOPREG_USER, else $USER.")
    String by;

    @Override
    public Integer call() throws Exception {
        LoopregCommand.loopArg(spec, loop);
        Regulator reg = root.regulator();
        Changes.Applied a = new Changes(reg).demote(loop, root.now(), LoopregCommand.who(by), reason);
        ApplyCommand.print(spec.commandLine().getOut(), reg, a);
        reg.takeNotices().forEach(n -> spec.commandLine().getErr().println("loopreg: " + n));
        return ExitCodes.OK;
    }
}
