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
        CommandLine cl = commandLine(root, out, err, args);
        try {
            int code = cl.execute(args);
            return root.deliverQueued(code, out, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The width of every help text. */
    static final int HELP_WIDTH = 100;

    /**
     * The commands, in the order help lists them. picocli builds a command's model by reflection over its annotations;
     * building all of them took a third of a short command's start-up, so a command line gets the model of the one
     * command it names (and all of them when it names none, or asks for completion: help and suggestions list them).
     * {@code CliModelTest} checks these names against the commands' own.
     */
    static final java.util.LinkedHashMap<String, java.util.function.Supplier<Object>> COMMANDS = new java.util.LinkedHashMap<>();

    static {
        COMMANDS.put("init", InitCommand::new);
        COMMANDS.put("validate", ValidateCommand::new);
        COMMANDS.put("collect", CollectCommand::new);
        COMMANDS.put("evaluate", EvaluateCommand::new);
        COMMANDS.put("status", StatusCommand::new);
        COMMANDS.put("rules", RulesCommand::new);
        COMMANDS.put("approve", ApproveCommand::new);
        COMMANDS.put("reject", RejectCommand::new);
        COMMANDS.put("apply", ApplyCommand::new);
        COMMANDS.put("demote", DemoteCommand::new);
        COMMANDS.put("acknowledge", AcknowledgeCommand::new);
        COMMANDS.put("deliver", DeliverCommand::new);
        COMMANDS.put("outbox", OutboxCommand::new);
        COMMANDS.put("loop", LoopCommand::new);
        COMMANDS.put("rotation", RotationCommand::new);
        COMMANDS.put("rotate", RotateCommand::new);
        COMMANDS.put("revisit", RevisitCommand::new);
        COMMANDS.put("roster", RosterCommand::new);
        COMMANDS.put("demo", DemoCommand::new);
        COMMANDS.put("simulate", SimulateCommand::new);
        COMMANDS.put("session", SessionCommand::new);
        COMMANDS.put("serve", ServeCommand::new);
        COMMANDS.put("timer", TimerCommand::new);
        COMMANDS.put("db", DbCommand::new);
        COMMANDS.put("generate-completion", CompletionCommand::new);
        COMMANDS.put("help", CommandLine.HelpCommand::new);
    }

    /** The root's options that take a value (they may come before the command's name). */
    private static final java.util.Set<String> ROOT_VALUE_OPTIONS = java.util.Set.of("-w", "--workspace", "--now", "--lock-timeout", "--database");

    /** No command at all: {@code --version} alone needs none. */
    static final String NONE = "";

    /** The command {@code args} name, or null when they name none (or completion, which needs them all). */
    static String named(String[] args) {
        if (args.length == 1 && (args[0].equals("-V") || args[0].equals("--version"))) return NONE;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (ROOT_VALUE_OPTIONS.contains(a)) {
                i++;
                continue;
            }
            if (a.startsWith("-")) continue;
            // help (loopreg help evaluate) needs the model of every command, as completion does
            return COMMANDS.containsKey(a) && !a.equals("generate-completion") && !a.equals("help") ? a : null;
        }
        return null;
    }

    /** The full command line: every command (help, completion, tests of the model). */
    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(new LoopregCommand(), out, err, new String[0]);
    }

    static CommandLine commandLine(LoopregCommand root, PrintWriter out, PrintWriter err, String[] commandArgs) {
        CommandLine cl = new CommandLine(root);
        String only = named(commandArgs);
        // the subcommands first: picocli applies the settings below to the subcommands present when they are set
        COMMANDS.forEach((name, make) -> {
            if (only == null || only.equals(name)) cl.addSubcommand(name, make.get());   // NONE matches no name
        });
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
                e.println("loopreg: " + relative(describe(io), root));
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

    /** A message naming a file of the workspace by its absolute path names it as people see it: relative to the workspace. */
    static String relative(String message, LoopregCommand root) {
        try {
            String ws = root.workspace().root().toAbsolutePath().normalize() + java.io.File.separator;
            return message.replace(ws, "");
        } catch (RuntimeException ex) {
            return message;
        }
    }

    static String describe(Throwable io) {
        if (io instanceof NoSuchFileException n) return n.getFile() + ": no such file or directory";
        if (io instanceof AccessDeniedException a) return a.getFile() + ": permission denied; expected a file this user may read and "
                + "write (check its owner and mode, or run loopreg as its owner)";
        if (io instanceof dev.loopreg.workspace.PathException) return io.getMessage();
        if (io instanceof java.nio.file.FileSystemException f && f.getFile() != null) {
            return f.getFile() + ": " + dev.loopreg.workspace.AtomicFiles.reason(f);
        }
        return "I/O error: " + io.getMessage();
    }
}
