package dev.loopreg.cli;

import dev.loopreg.regulator.Rotations;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "rotate", header = "Rotates a saturated repo out and gives the queue's next repo the focus.", mixinStandardHelpOptions = true,
        description = "Rotates a saturated repo (ADR-004): its roster entry moves from active to saturated with saturated_at; <agent>.enabled: false in its .kaizen/schedule.yml (only that value changes); the first repo of the expansion queue becomes active with priority elevated; the decision is recorded with the evidence, and a progress event is sent when state-hub is configured. Refused (exit 3) when the repo is not a candidate or the roster is in its cooldown, unless --force --reason TEXT.")
final class RotateCommand extends Subcommand implements Callable<Integer> {

    @CommandLine.Mixin
    GlobalOptions.Write global;

    @Parameters(paramLabel = "REPO", description = "An active repo of the roster.")
    String repo;

    @Option(names = "--by", paramLabel = "NAME", description = "Who rotates. Default: $LOOPREG_USER, else $USER.")
    String by;

    @Option(names = "--force", description = "Rotate even when the repo is not a candidate or the roster is in its cooldown.")
    boolean force;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why (required with --force; recorded).")
    String reason;

    @Override
    public Integer call() throws Exception {
        if (force && (reason == null || reason.isBlank())) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--force needs --reason TEXT: say why the repo is rotated "
                    + "against the regulator's verdict");
        }
        Rotations.Rotated r = new Rotations(root.regulator(), root.env).rotate(repo, root.now(), LoopregCommand.who(by), force, reason);
        var d = r.decision();
        out().println(d.id() + " rotate " + d.repo() + ": active → saturated" + (d.recommended() ? " (recommended: " : " (forced: ")
                + d.reason() + ")");
        if (r.move().promoted() != null) {
            out().println("  " + r.move().promoted().repo() + ": expansion_queue → active (priority elevated)");
        }
        d.notes().forEach(n -> out().println("  note: " + n));
        out().println("  wrote: " + String.join(", ", r.changedFiles()));
        if (r.progressEvent() != null) out().println("  progress event: " + r.progressEvent());
        if (r.progressFailure() != null) {
            err().println("loopreg: " + r.progressFailure());
            return ExitCodes.INCOMPLETE;
        }
        return ExitCodes.OK;
    }
}
