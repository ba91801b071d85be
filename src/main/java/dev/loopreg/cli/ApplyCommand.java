package dev.loopreg.cli;

import dev.loopreg.regulator.Changes;
import dev.loopreg.regulator.Regulator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "apply", header = "Carries out a recommended promote or demote, or every approved action.", mixinStandardHelpOptions = true,
        description = {"Re-evaluates the loop at --now and carries out a promote or demote recommendation: phase, cron,"
            + " promoted_at, demotion_count and regulator_approval (back to pending) in cadence.yml, the cron of every"
            + " activity definition bound to the loop (loop: ID), and a decision DEC-NNN. A hold exits 3, prints the"
            + " rules that block, and changes nothing.",
            "'apply regulator' carries out the regulator's own cadence change (hourly <-> daily): loops/regulator/cadence.yml"
            + " and the crons of the definitions with role: collector and role: session.",
            "'apply --approved' carries out every approved pending action (ticked on the dashboard, approved loops,"
            + " approved rotations and demotions) that is still recommended, and lists those it could not."})
final class ApplyCommand extends Subcommand implements Callable<Integer> {

    @CommandLine.Mixin
    GlobalOptions.Write global;

    @Parameters(paramLabel = "LOOP", arity = "0..1", description = "The loop id, or 'regulator' for the regulator's own cadence.")
    String loop;

    @picocli.CommandLine.Option(names = "--approved", description = "Carry out every approved pending action instead of one loop.")
    boolean approved;

    @Option(names = "--by", paramLabel = "NAME", description = "Who applies. Default: $LOOPREG_USER, else $USER.")
    String by;

    @Override
    public Integer call() throws Exception {
        Regulator reg = root.regulator();
        PrintWriter out = spec.commandLine().getOut();
        if (approved == (loop != null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), approved ? "give either LOOP or --approved, not both"
                    : "missing LOOP (or --approved)");
        }
        int exit = ExitCodes.OK;
        if (approved) {
            var results = new Changes(reg).applyApproved(root.now(), LoopregCommand.who(by));
            // an approved action that could not be carried out: done, but not all of it (exit 5)
            if (results.stream().anyMatch(r -> !r.done())) exit = ExitCodes.INCOMPLETE;
            if (results.isEmpty()) {
                out.println("Nothing approved to apply: tick the pending actions on the dashboard (or loopreg approve LOOP) first.");
            }
            for (var r : results) {
                out.println((r.done() ? "done:    " : "skipped: ") + r.label());
                out.println("         " + r.outcome());
            }
        } else if (loop.equals(dev.loopreg.workspace.LoopId.REGULATOR)) {
            var a = new Changes(reg).applySelf(root.now(), LoopregCommand.who(by));
            out.println(a.id() + ": the regulator's own cadence " + a.from() + " → " + a.to() + " (collector \"" + a.collectorCron()
                    + "\", session \"" + a.sessionCron() + "\")");
            out.println("  reason:   " + a.reason());
            out.println("  updated:  " + reg.workspace().rel(reg.workspace().selfCadence()));
            for (Path p : a.definitionsUpdated()) out.println("  updated:  " + reg.workspace().rel(p));
        } else {
            LoopregCommand.loopArg(spec, loop);
            Changes.Applied a = new Changes(reg).apply(loop, root.now(), LoopregCommand.who(by));
            print(out, reg, a);
        }
        reg.takeNotices().forEach(n -> spec.commandLine().getErr().println("loopreg: " + n));
        if (exit == ExitCodes.INCOMPLETE) {
            spec.commandLine().getErr().println("loopreg: not every approved action could be carried out (skipped above); exit 5");
        }
        return exit;
    }

    static void print(PrintWriter out, Regulator reg, Changes.Applied a) {
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
