package dev.loopreg.cli;

import dev.loopreg.workspace.RegulatorException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;

/** Entry point: {@code java -jar loopreg.jar ...}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
    }

    /** Runs one command line, writing to {@code out} and {@code err}; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, System::getenv);
    }

    /** As {@link #run(String[], PrintWriter, PrintWriter)}, reading environment variables (tokens) from {@code env}. */
    public static int run(String[] args, PrintWriter out, PrintWriter err, java.util.function.Function<String, String> env) {
        LoopregCommand root = new LoopregCommand();
        root.env = env;
        CommandLine cl = commandLine(root, out, err);
        try {
            return cl.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The width of every help text. */
    static final int HELP_WIDTH = 100;

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(new LoopregCommand(), out, err);
    }

    static CommandLine commandLine(LoopregCommand root, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(root);
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // a fixed width (help is the same on every terminal), wide enough that no example value is split
        cl.setUsageHelpWidth(HelpText.UNWRAPPED);
        cl.setHelpFactory(HelpText.factory(HELP_WIDTH));
        cl.setExitCodeExceptionMapper(t -> t instanceof CommandLine.ParameterException ? ExitCodes.USAGE : ExitCodes.INTERNAL);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter e = commandLine.getErr();
            if (ex instanceof RegulatorException re) {
                e.println("loopreg: " + re.getMessage());
                e.flush();
                return re.exitCode();
            }
            if (ex instanceof IOException || ex instanceof UncheckedIOException) {
                Throwable io = ex instanceof UncheckedIOException u ? u.getCause() : ex;
                e.println("loopreg: " + describe(io));
                e.flush();
                return ExitCodes.BAD_INPUT;
            }
            e.println("loopreg: internal error: " + ex + " — please report it; set LOOPREG_DEBUG=1 for the stack trace");
            if (System.getenv("LOOPREG_DEBUG") != null) {
                ex.printStackTrace(e);
            }
            e.flush();
            return ExitCodes.INTERNAL;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter e = ex.getCommandLine().getErr();
            e.println("loopreg: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, e);
            e.println("Run '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            e.flush();
            return ExitCodes.USAGE;
        });
        return cl;
    }

    static String describe(Throwable io) {
        if (io instanceof NoSuchFileException n) return n.getFile() + ": no such file or directory";
        if (io instanceof AccessDeniedException a) return a.getFile() + ": permission denied";
        return "I/O error: " + io.getMessage();
    }
}
