package dev.loopreg.cli;

import dev.loopreg.source.Progress;
import dev.loopreg.demo.Demo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", header = "Builds a sample workspace and fleet and simulates weeks of it.", mixinStandardHelpOptions = true,
        description = "Builds a living sample: a workspace made by init, a synthetic fleet of git repositories (three pilot repos "
                + "and an expansion queue, with .kaizen/ metrics, recommendations, schedules and merge history), task exports "
                + "and bootstrap logs; then simulates N days hour by hour, running the real collect and evaluate at each "
                + "simulated instant while a scripted operator approves, applies and rotates what the regulator recommends. "
                + "Prints the timeline of decisions and where the dashboard is. The same seed gives the same files. "
                + "Refuses a non-empty directory that is not an earlier demo; an earlier demo is deleted and rebuilt.")
final class DemoCommand extends Subcommand implements Callable<Integer> {

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "demo-workspace",
            description = "Where to build it (the workspace root; the fleet goes in DIR/fleet). Default: ${DEFAULT-VALUE}.")
    Path dir;

    @Option(names = "--days", paramLabel = "N", defaultValue = "21",
            description = "Simulated days, 1 to " + Demo.MAX_DAYS + ". Default: ${DEFAULT-VALUE}.")
    int days;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
            description = "Seed of the random models. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--state-hub", paramLabel = "URL",
            description = "Record the demo's decisions, progress events and urgent tasks in this state-hub (workstream 'demo'), "
                    + "through the outbox, as serve would; the token is read from STATE_HUB_TOKEN.")
    String stateHub;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        if (days < 1 || days > Demo.MAX_DAYS) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--days: " + days + " is out of range; expected 1 to " + Demo.MAX_DAYS);
        }
        Progress p = System.console() != null ? Progress.bar(System.err, 0) : Progress.none();
        Demo.Result r = Demo.run(new Demo.Options(dir, days, seed, stateHub, root.env), p);
        out.println("loopreg demo: seed " + r.seed() + ", " + r.days() + " simulated days from " + dev.loopreg.format.Instants.format(r.start())
                + ", " + r.cycles() + " cycles of collect + evaluate");
        out.println();
        out.print(r.timeline());
        out.println();
        out.print(r.summary());
        if (!r.problems().isEmpty()) {
            PrintWriter err = err();
            err.println("loopreg: " + r.problems().size() + " collection(s) did not measure everything:");
            r.problems().stream().limit(5).forEach(x -> err.println("  " + x));
            return ExitCodes.INCOMPLETE;
        }
        return ExitCodes.OK;
    }
}
