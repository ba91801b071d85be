package dev.loopreg.cli;

import dev.loopreg.regulator.Regulator;
import dev.loopreg.workspace.LoopId;
import dev.loopreg.workspace.Workspace;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code loopreg}: the root command; its options are inherited by every subcommand. */
@Command(name = "loopreg",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "The Loop Regulator: the second-order control loop over a fleet's improvement loops.",
            "It evaluates every loop's cadence (bootstrap hourly -> stabilize daily -> operate weekly),",
            "recommends promote / hold / demote with the evidence of every rule, and records every decision.",
            ""},
        subcommands = {
            InitCommand.class,
            ValidateCommand.class,
            CollectCommand.class,
            EvaluateCommand.class,
            StatusCommand.class,
            ApproveCommand.class,
            RejectCommand.class,
            ApplyCommand.class,
            DemoteCommand.class,
            RotationCommand.class,
            RotateCommand.class,
            RevisitCommand.class,
            RosterCommand.class,
            DemoCommand.class,
            SimulateCommand.class,
            SessionCommand.class,
            ServeCommand.class,
            AutoComplete.GenerateCompletion.class,
        },
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  ok (a hold is ok)",
            "  1  bad input or data (the problems are printed as path:line: message), or the workspace lock was busy",
            "  2  usage: unknown command or option, malformed argument",
            "  3  refused: nothing to apply, not allowed in the loop's phase, or a repo that is not a rotation candidate",
            "  4  internal error (a bug: please report it)",
            "  5  collect: records written, but a configured source or an urgent-task delivery failed (see errors);",
            "     rotate/revisit: done, but the state-hub progress event could not be sent",
            "",
            "Documentation: README.md and docs/ (formats.md for every file)."})
public final class LoopregCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-w", "--workspace"}, paramLabel = "DIR", scope = ScopeType.INHERIT, defaultValue = ".",
            description = "The workspace (the repository holding loops/). Default: the current directory.")
    Path workspace;

    @Option(names = "--now", paramLabel = "INSTANT", scope = ScopeType.INHERIT, converter = InstantConverter.class,
            description = "The instant to act at, ISO-8601 (e.g. 2026-06-25T12:00:00Z). Default: the system clock.")
    Instant now;

    @Option(names = "--lock-timeout", paramLabel = "SECONDS", scope = ScopeType.INHERIT, defaultValue = "10",
            description = "How long to wait for another loopreg run's workspace lock. Default: ${DEFAULT-VALUE}.")
    int lockTimeoutSeconds;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    Workspace workspace() {
        return new Workspace(workspace);
    }

    Instant now() {
        return now != null ? now : Clock.systemUTC().instant().truncatedTo(ChronoUnit.SECONDS);
    }

    /** Environment variables (tokens); tests replace it. */
    java.util.function.Function<String, String> env = System::getenv;

    Duration lockWait() {
        return Duration.ofSeconds(Math.max(0, lockTimeoutSeconds));
    }

    Regulator regulator() {
        return new Regulator(workspace(), Duration.ofSeconds(Math.max(0, lockTimeoutSeconds)), Clock.systemUTC(), env);
    }

    /** Checks a loop id argument: a malformed id is a usage error (exit 2) and touches nothing. */
    static String loopArg(CommandLine.Model.CommandSpec spec, String id) {
        LoopId.problem(id).ifPresent(p -> {
            throw new CommandLine.ParameterException(spec.commandLine(), "LOOP: " + p);
        });
        return id;
    }

    /** Who is acting: --by, else $LOOPREG_USER, else $USER. */
    static String who(String by) {
        if (by != null && !by.isBlank()) return by.strip();
        String u = System.getenv("LOOPREG_USER");
        if (u != null && !u.isBlank()) return u;
        u = System.getenv("USER");
        return u != null && !u.isBlank() ? u : "unknown";
    }
}
