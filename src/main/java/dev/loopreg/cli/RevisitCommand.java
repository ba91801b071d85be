package dev.loopreg.cli;

import picocli.CommandLine;

import dev.loopreg.regulator.Rotations;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "revisit", header = "Puts a saturated repo back at the head of the expansion queue.", mixinStandardHelpOptions = true,
        description = "Puts a saturated repo back at the head of the expansion queue (a CI regression, a new workstream) and records the decision. A revisit inside the cooldown of the repo's rotation un-confirms that rotation for earned automation.")
final class RevisitCommand extends Subcommand implements Callable<Integer> {

    @CommandLine.Mixin
    GlobalOptions.Write global;

    @Parameters(paramLabel = "REPO", description = "A saturated repo of the roster.")
    String repo;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why it is revisited (recorded).")
    String reason;

    @Option(names = "--by", paramLabel = "NAME", description = "Who revisits. Default: $LOOPREG_USER, else $USER.")
    String by;

    @Override
    public Integer call() throws Exception {
        Rotations.Revisited r = new Rotations(root.regulator(), root.env).revisit(repo, root.now(), LoopregCommand.who(by), reason);
        var d = r.decision();
        out().println(d.id() + " revisit " + d.repo() + ": saturated → expansion_queue (position 1): " + d.reason());
        d.notes().forEach(n -> out().println("  note: " + n));
        if (r.progressEvent() != null) out().println("  progress event: " + r.progressEvent());
        if (r.progressFailure() != null) {
            err().println("loopreg: " + r.progressFailure());
            return ExitCodes.INCOMPLETE;
        }
        return ExitCodes.OK;
    }
}
