package dev.loopreg.cli;

import dev.loopreg.workspace.RegulatorException;

import dev.loopreg.regulator.Regulator;
import dev.loopreg.store.Store;
import dev.loopreg.workspace.WorkspaceLock;
import dev.loopreg.workspace.LoopId;
import dev.loopreg.workspace.Workspace;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code loopreg}: the root command. Its options may be given before the command name; each command also takes the
 * ones that apply to it ({@link GlobalOptions}).
 */
@Command(name = "loopreg",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "The Loop Regulator: the second-order control loop over a fleet's improvement loops. It evaluates every "
                + "loop's cadence (bootstrap hourly -> stabilize daily -> operate weekly), recommends promote / hold / demote "
                + "with the evidence of every rule, and records every decision."
            + " "},
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  ok (a hold is ok)",
            "  1  bad input or data (each problem printed as path:line: message), or the lock stayed busy",
            "  2  usage: unknown command or option, malformed argument",
            "  3  refused: nothing to apply, not allowed in the loop's phase, a stale approval,",
            "     or a repo that is not a rotation candidate",
            "  4  internal error (a bug: please report it)",
            "  5  done, but not all of it: collect wrote its records but a configured source or an urgent-task",
            "     delivery failed; apply --approved could not carry out an approved action; rotate/revisit",
            "     could not send the state-hub progress event",
            "",
            "Documentation: README.md and docs/ (formats.md for every file)."})
public final class LoopregCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    // no picocli default: defaults are applied after the subcommands are parsed, and would undo their -w
    @Option(names = {"-w", "--workspace"}, paramLabel = "DIR", description = GlobalOptions.WORKSPACE)
    Path workspace;

    @Option(names = "--now", paramLabel = "INSTANT", converter = InstantConverter.class, description = GlobalOptions.NOW)
    Instant now;

    @Option(names = "--database", paramLabel = "URL", description = GlobalOptions.DATABASE)
    String database;

    /** The database of this run, opened on first use (closed when the JVM exits). */
    private dev.loopreg.db.Database openDatabase;

    int lockTimeoutSeconds = 10;

    @Option(names = "--lock-timeout", paramLabel = "SECONDS", description = GlobalOptions.LOCK)
    void lockTimeoutOption(Integer seconds) {
        if (seconds != null) lockTimeout(seconds, spec.commandLine());
    }

    /** Sets the lock timeout; a negative one is a usage error (exit 2). */
    void lockTimeout(int seconds, CommandLine cl) {
        if (seconds < 0) {
            throw new CommandLine.ParameterException(cl, "--lock-timeout: " + seconds + " is negative; expected 0 or more seconds");
        }
        lockTimeoutSeconds = seconds;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    Workspace workspace() {
        return new Workspace(workspace == null ? Path.of(".") : workspace);
    }

    Instant now() {
        return now != null ? now : Clock.systemUTC().instant().truncatedTo(ChronoUnit.SECONDS);
    }

    /** Environment variables (tokens); tests replace it. */
    java.util.function.Function<String, String> env = System::getenv;

    Duration lockWait() {
        return Duration.ofSeconds(Math.max(0, lockTimeoutSeconds));
    }

    Regulator regulator() throws RegulatorException {
        finishInterrupted();
        Regulator r = new Regulator(store(), Duration.ofSeconds(Math.max(0, lockTimeoutSeconds)), Clock.systemUTC(), env);
        made.add(r);
        return r;
    }

    /** The regulators this run made: what their plans queued in the outbox is delivered when the command ends. */
    private final java.util.List<Regulator> made = new java.util.ArrayList<>();

    /**
     * Right after the command: sends what its decisions queued in the outbox, says what became of each, and returns the
     * exit code — 5 ("done, but a delivery is pending") when one did not land and the command had nothing worse to say.
     */
    int deliverQueued(int code, java.io.PrintWriter out, java.io.PrintWriter err) {
        java.util.Set<String> keys = new java.util.LinkedHashSet<>(queuedHere);
        made.forEach(r -> keys.addAll(r.queuedDeliveries()));
        if (keys.isEmpty() && !sweep) return code;
        try {
            Regulator reg = made.isEmpty() ? regulator() : made.get(made.size() - 1);
            var deliveries = new dev.loopreg.regulator.Deliveries(reg, env);
            var sent = new java.util.ArrayList<>(keys.isEmpty() ? java.util.List.<dev.loopreg.regulator.Deliveries.Sent>of()
                    : deliveries.deliver(now(), keys, true));
            // collect is a fleet's periodic job where no serve runs: what is due of the rest is sent too
            if (sweep) sent.addAll(deliveries.deliver(now(), null, false));
            DeliverCommand.report(sent, jsonOut ? err : out, err);   // stdout holds the command's JSON alone
            reg.takeNotices().forEach(n -> err.println("loopreg: " + n));
            boolean pending = sent.stream().anyMatch(s -> !s.delivered());
            return pending && code == ExitCodes.OK ? ExitCodes.INCOMPLETE : code;
        } catch (java.io.IOException | RegulatorException e) {
            err.println("loopreg: the decisions are recorded, with their deliveries in the outbox; sending them failed (" + e.getMessage()
                    + "); 'loopreg deliver' sends them");
            return code == ExitCodes.OK ? ExitCodes.INCOMPLETE : code;
        } finally {
            made.clear();
            queuedHere.clear();
            sweep = false;
            jsonOut = false;
        }
    }

    /** Outbox entries a command queued without a regulator (collect's urgent tasks): delivered with the rest. */
    private final java.util.Set<String> queuedHere = new java.util.LinkedHashSet<>();
    private boolean sweep;
    private boolean jsonOut;

    /** After the command: send {@code keys} (queued by it), and with {@code sweep} every other entry that is due. */
    void deliverAfter(java.util.Collection<String> keys, boolean sweep, boolean json) {
        queuedHere.addAll(keys);
        this.sweep |= sweep;
        this.jsonOut |= json;
    }

    /** The database URL given ({@code --database}, else {@code LOOPREG_DATABASE_URL}), or null for the files. */
    String databaseUrl() {
        String url = database != null ? database : env.apply("LOOPREG_DATABASE_URL");
        return url == null || url.isBlank() ? null : url;
    }

    /** The database of {@link #databaseUrl}, opened and migrated once per run; exit 1 with the reason when it cannot be. */
    /** How long a command waits for a database that is not reachable yet (serve's --database-wait); zero: not at all. */
    java.time.Duration databaseWait = java.time.Duration.ZERO;

    dev.loopreg.db.Database database() throws RegulatorException {
        if (openDatabase != null) return openDatabase;
        String url = databaseUrl();
        if (url == null) {
            throw new RegulatorException(RegulatorException.BAD_INPUT, "no database: give --database postgresql://user:password@host:port/db"
                    + " or set LOOPREG_DATABASE_URL");
        }
        try {
            dev.loopreg.db.DatabaseUrl u = dev.loopreg.db.DatabaseUrl.parse(url);
            openDatabase = databaseWait.isZero() ? dev.loopreg.db.Database.open(u)
                    : dev.loopreg.db.Database.openWaiting(u, databaseWait, m -> System.err.println("loopreg: " + m));
        } catch (dev.loopreg.db.DatabaseUrl.BadUrl | dev.loopreg.db.Database.Unavailable e) {
            throw new RegulatorException(RegulatorException.BAD_INPUT, "--database: " + e.getMessage());
        }
        dev.loopreg.db.Database d = openDatabase;
        Runtime.getRuntime().addShutdownHook(new Thread(d::close));
        return d;
    }

    /** Where the workspace's state is: its files, or the database of {@link #databaseUrl}. */
    dev.loopreg.store.Store store() throws RegulatorException {
        if (databaseUrl() == null) return dev.loopreg.store.Store.files(workspace());
        dev.loopreg.db.Database db = database();
        try {
            if (!dev.loopreg.db.PgStore.imported(db)) {
                throw new RegulatorException(RegulatorException.BAD_INPUT, db.url() + " holds no workspace state yet; expected one"
                        + " imported with 'loopreg db import' (from the workspace's files) before other commands use it");
            }
        } catch (java.io.IOException e) {
            throw new RegulatorException(RegulatorException.BAD_INPUT, "--database: " + e.getMessage());
        }
        return dev.loopreg.db.PgStore.open(workspace(), db);
    }

    /**
     * Any command finishes the plan a crashed run left in the journal, and says so once on stderr. When another run holds
     * the lock, that run (or the next command) finishes it; when the plan cannot be finished, the error is said here and
     * the commands that write refuse with it.
     */
    void finishInterrupted() {
        Store store = Store.files(workspace());
        if (store.pending().isEmpty()) return;
        java.io.PrintWriter err = spec.commandLine().getErr();
        try (WorkspaceLock ignored = store.lock("loopreg (finishing an interrupted run)", lockWait(), Clock.systemUTC().instant(),
                n -> err.println("loopreg: " + n))) {
            err.flush();
        } catch (WorkspaceLock.LockedException e) {
            // the holder is alive and will finish or has finished it; the next command looks again
        } catch (java.io.IOException e) {
            err.println("loopreg: " + e.getMessage());
        }
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
