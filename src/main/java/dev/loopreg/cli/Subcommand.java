package dev.loopreg.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** What every subcommand has: the root command (global options) and its own spec (for stdout and stderr). */
@CommandLine.Command
abstract class Subcommand {

    @CommandLine.ParentCommand
    LoopregCommand root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
