package dev.loopreg.cli;

import java.nio.file.Path;
import java.time.Instant;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The global options, each a mixin that a command includes only when it applies: {@code -w} and {@code --database}
 * where a workspace is read, {@code --now} where the instant matters, {@code --lock-timeout} where the workspace lock is taken. They
 * can be given before the command name too (on {@code loopreg} itself); either way they set the root's value.
 */
final class GlobalOptions {

    private GlobalOptions() {
    }

    static final String WORKSPACE = "The workspace (the repository holding loops/). Default: the current directory.";
    static final String NOW = "The instant to act at, ISO-8601 such as 2026-06-25T12:00:00Z. Default: the system clock.";
    static final String LOCK = "Seconds to wait for another run's workspace lock (0 or more). Default: 10.";
    static final String DATABASE = "A PostgreSQL database holding the workspace's state, as postgresql://user:password@host:port/db."
            + " Default: the environment variable LOOPREG_DATABASE_URL; without either, the workspace's files.";

    /** The root command of the command this mixin is in. */
    static LoopregCommand root(CommandSpec mixee) {
        for (CommandSpec s = mixee; s != null; s = s.parent()) {
            if (s.userObject() instanceof LoopregCommand r) return r;
        }
        throw new IllegalStateException("no loopreg root command above " + mixee.qualifiedName());
    }

    /** {@code -w DIR}: for the commands that read a workspace. */
    static class Workspace {
        @Spec(Spec.Target.MIXEE)
        CommandSpec mixee;

        @Option(names = {"-w", "--workspace"}, paramLabel = "DIR", description = WORKSPACE)
        void set(Path dir) {
            if (dir != null) root(mixee).workspace = dir;
        }

        @Option(names = "--database", paramLabel = "URL", description = DATABASE)
        void setDatabase(String url) {
            if (url != null) root(mixee).database = url;
        }
    }

    /** {@code -w} and {@code --now}: for the commands that read at an instant and take no lock. */
    static class Read extends Workspace {
        @Option(names = "--now", paramLabel = "INSTANT", converter = InstantConverter.class, description = NOW)
        void setNow(Instant now) {
            if (now != null) root(mixee).now = now;
        }
    }

    /** {@code -w}, {@code --now} and {@code --lock-timeout}: for the commands that write under the workspace lock. */
    static final class Write extends Read {
        @Option(names = "--lock-timeout", paramLabel = "SECONDS", description = LOCK)
        void setLockTimeout(Integer seconds) {
            if (seconds != null) root(mixee).lockTimeout(seconds, mixee.commandLine());
        }
    }
}
