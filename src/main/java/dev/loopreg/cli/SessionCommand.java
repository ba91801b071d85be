package dev.loopreg.cli;

import dev.loopreg.regulator.Regulator;
import dev.loopreg.regulator.SessionRecording;
import dev.loopreg.regulator.Sessions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "session", header = "Prepares the regulator session's bundle and records its outcome.", mixinStandardHelpOptions = true,
        description = {"The regulator review session (LOOP-WP-0004 T04): prepare its bundle, record its outcome."},
        subcommands = {SessionCommand.Prepare.class, SessionCommand.Record.class})
final class SessionCommand extends Subcommand implements Runnable {

    @Override
    public void run() {
        spec.commandLine().usage(out());
    }

    @Command(name = "prepare", header = "Renders the session template into a review bundle.", mixinStandardHelpOptions = true,
            description = {"Renders loops/regulator/session-template.md at --now into a bundle for the review (an optimization"
                + " agent or a person): DIR/session.md with the dashboard, the tail of every health.jsonl, every cadence.yml,"
                + " the recommendations with their evidence, rotation candidates, open urgent tasks and noise sources, and"
                + " the questions to answer; and DIR/outcome.yml, a prefilled outcome to complete and record (an existing"
                + " outcome.yml is kept). An unknown placeholder in the template exits 1 naming its line; nothing is written."})
    static final class Prepare implements Callable<Integer> {

        @CommandLine.Mixin
        GlobalOptions.Write global;
        @CommandLine.ParentCommand
        SessionCommand parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--out", paramLabel = "DIR",
                description = "The bundle's directory. Default: loops/regulator/sessions/<now as yyyy-MM-ddTHHmmZ>.")
        Path out;

        @Option(names = "--tail", paramLabel = "N", defaultValue = "" + Sessions.DEFAULT_TAIL,
                description = "Health records per loop in the bundle. Default: ${DEFAULT-VALUE}.")
        int tail;

        @Override
        public Integer call() throws Exception {
            if (tail < 1 || tail > 10_000) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--tail: " + tail + " is not allowed; expected 1 to 10000");
            }
            LoopregCommand root = parent.root;
            Regulator reg = root.regulator();
            Sessions s = new Sessions(reg, root.env);
            Path dir = out != null ? out.toAbsolutePath().normalize() : s.defaultDir(root.now());
            Sessions.Prepared p = s.prepare(dir, tail, root.now());
            PrintWriter o = spec.commandLine().getOut();
            o.println("Prepared the regulator session bundle " + reg.workspace().rel(p.dir()) + ":");
            o.println("  session.md   " + p.questions() + " questions; placeholders used: " + String.join(", ", p.placeholders()));
            o.println("  outcome.yml  " + (p.outcomeKept() ? "kept (it existed already)" : "prefilled with the regulator's suggestions"));
            java.nio.file.Path cwd = java.nio.file.Path.of("").toAbsolutePath();
            o.println("Next: review, complete outcome.yml, then loopreg session record "
                    + (cwd.equals(reg.workspace().root()) ? reg.workspace().rel(p.outcome()) : p.outcome().toString()));
            return ExitCodes.OK;
        }
    }

    @Command(name = "record", header = "Records a reviewed session outcome.", mixinStandardHelpOptions = true,
            description = {"Ingests a session's outcome (YAML, docs/formats.md \"Session outcome\"): per loop promote | hold |"
                + " demote (promote sets regulator_approval: approved, hold or demote sets rejected with the reason), noise"
                + " sources to disable or throttle (listed on the dashboard until resolved), supplier friction items"
                + " (appended to loops/kaizen-stack/supplier-notes.md), cadence proposals (written, never applied). Records"
                + " the session in loops/regulator/sessions.jsonl and as an execution in .kaizen/metrics/optimization/."
                + " Every problem is reported as FILE:line and nothing is written; an outcome recorded before exits 3."})
    static final class Record implements Callable<Integer> {

        @CommandLine.Mixin
        GlobalOptions.Write global;
        @CommandLine.ParentCommand
        SessionCommand parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The outcome file.")
        Path file;

        @Override
        public Integer call() throws Exception {
            LoopregCommand root = parent.root;
            Regulator reg = root.regulator();
            SessionRecording.Recorded r = new SessionRecording(reg, root.env).record(file, root.now());
            PrintWriter o = spec.commandLine().getOut();
            o.println(r.id() + ": recorded the regulator session " + file);
            for (String d : r.done()) o.println("  " + d);
            reg.takeNotices().forEach(n -> spec.commandLine().getErr().println("loopreg: " + n));
            for (String x : r.refused()) spec.commandLine().getErr().println("loopreg: " + x);
            if (!r.refused().isEmpty()) {
                spec.commandLine().getErr().println("loopreg: " + r.refused().size() + " verdict" + (r.refused().size() == 1 ? " was" : "s were")
                        + " refused; the rest of the outcome is recorded as " + r.id()
                        + " (prepare a new bundle to review the loops' current phases)");
                return ExitCodes.REFUSED;
            }
            return ExitCodes.OK;
        }
    }
}
