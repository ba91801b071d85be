package dev.loopreg.cli;

import dev.loopreg.regulator.Regulator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Re-evaluates the loop at --now and carries out a promote or demote recommendation: phase, cron,",
            "promoted_at, demotion_count and regulator_approval (back to pending) in cadence.yml, the cron of every",
            "activity definition bound to the loop (loop: ID), and a decision DEC-NNN. A hold exits 3, prints the",
            "rules that block, and changes nothing."})
final class ApplyCommand extends Subcommand implements Callable<Integer> {

    @Parameters(paramLabel = "LOOP", description = "The loop id.")
    String loop;

    @Option(names = "--by", paramLabel = "NAME", description = "Who applies. Default: $LOOPREG_USER, else $USER.")
    String by;

    @Override
    public Integer call() throws Exception {
        LoopregCommand.loopArg(spec, loop);
        Regulator reg = root.regulator();
        Regulator.Applied a = reg.apply(loop, root.now(), LoopregCommand.who(by));
        print(spec.commandLine().getOut(), reg, a);
        reg.takeNotices().forEach(n -> spec.commandLine().getErr().println("loopreg: " + n));
        return ExitCodes.OK;
    }

    static void print(PrintWriter out, Regulator reg, Regulator.Applied a) {
        var d = a.decision();
        out.println(d.id() + ": " + (d.kind().equals("promotion") ? "promoted " : "demoted ") + d.loop() + " " + d.from().id()
                + " → " + d.to().id() + " (cron \"" + d.cron() + "\") by " + d.by());
        out.println("  reason:   " + d.reason());
        out.println("  decision: " + reg.workspace().rel(reg.workspace().decisionsDir().resolve(d.id() + "-" + d.slug() + ".md")));
        out.println("  updated:  " + reg.workspace().rel(reg.workspace().cadence(d.loop())));
        for (Path p : a.definitionsUpdated()) {
            out.println("  updated:  " + reg.workspace().rel(p));
        }
    }
}
