package dev.loopreg.cli;

import dev.loopreg.db.Database;
import dev.loopreg.db.PgExport;
import dev.loopreg.db.PgStore;
import dev.loopreg.workspace.RegulatorException;
import dev.loopreg.workspace.WorkspaceLock;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "db", header = "Moves a workspace's state between its files and a PostgreSQL database.", mixinStandardHelpOptions = true,
        description = {"The state — health records, recommendations, decisions, approvals, the urgent ledger, sessions,"
            + " saturation snapshots, each loop's cadence.yml and the roster — lives in the workspace's files, or in the"
            + " PostgreSQL database of --database (or LOOPREG_DATABASE_URL). Policies, loop configuration and workplans"
            + " stay files either way."},
        subcommands = {DbCommand.Import.class, DbCommand.Export.class, DbCommand.Prune.class})
final class DbCommand extends Subcommand implements Runnable {

    @Override
    public void run() {
        spec.commandLine().usage(out());
    }

    @Command(name = "import", header = "Copies the workspace's state from its files into an empty database.", mixinStandardHelpOptions = true,
            description = {"Copies every JSON Lines file of loops/ (and the regulator's own metrics) and each loop's"
                + " cadence.yml and roster.yaml into the database, in one transaction: all of it or nothing. A torn last"
                + " line (no newline) is left out and named. A database that already holds the workspace's state refuses"
                + " (exit 3), so an import is never doubled."})
    static final class Import implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        GlobalOptions.Workspace global;

        @Override
        public Integer call() throws Exception {
            LoopregCommand root = GlobalOptions.root(spec);
            root.workspace().require();
            Database db = root.database();
            PrintWriter out = spec.commandLine().getOut();
            try (WorkspaceLock ignored = dev.loopreg.store.Store.files(root.workspace()).lock("loopreg db import", root.lockWait(),
                    Clock.systemUTC().instant(), n -> spec.commandLine().getErr().println("loopreg: " + n))) {
                PgStore.Copied c;
                try {
                    c = PgStore.importFiles(root.workspace(), db);
                } catch (java.io.IOException e) {
                    if (e.getMessage() != null && e.getMessage().contains("already in the database")) {
                        throw new RegulatorException(RegulatorException.REFUSED, e.getMessage() + "; nothing was imported");
                    }
                    throw e;
                }
                c.leftOut().forEach(spec.commandLine().getErr()::println);
                out.println("imported " + c.logs() + " logs (" + c.lines() + " lines) and " + c.documents() + " documents into "
                        + db.url());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "export", header = "Writes the workspace with its state from the database into a new directory.",
            mixinStandardHelpOptions = true,
            description = {"Writes the workspace's files (configuration, workplans, the dashboard, decision files) and every log"
                + " and state document as the database holds them into DIR, which must not exist or be empty. Importing a"
                + " workspace and exporting it gives the same files."})
    static final class Export implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        GlobalOptions.Workspace global;

        @Option(names = "--to", paramLabel = "DIR", required = true, description = "The directory to write into (new or empty).")
        Path to;

        @Override
        public Integer call() throws Exception {
            LoopregCommand root = GlobalOptions.root(spec);
            root.workspace().require();
            if (Files.exists(to)) {
                boolean empty;
                try (Stream<Path> s = Files.list(to)) {
                    empty = Files.isDirectory(to) && s.findAny().isEmpty();
                } catch (java.nio.file.NotDirectoryException e) {
                    empty = false;
                }
                if (!empty) {
                    throw new RegulatorException(RegulatorException.REFUSED, to + " exists and is not an empty directory; expected a new"
                            + " or empty directory (nothing was written)");
                }
            }
            Database db = root.database();
            PgExport.Written w = PgExport.export(root.workspace(), db, to);
            spec.commandLine().getOut().println("exported " + w.files() + " files, " + w.logs() + " logs and " + w.documents()
                    + " documents to " + to);
            return ExitCodes.OK;
        }
    }

    @Command(name = "prune", header = "Drops the database's health records older than N months (whole months).",
            mixinStandardHelpOptions = true,
            description = {"Health records are kept by month (a partition per month of their cycle, UTC). This drops the"
                + " months before the last N, counting the month of --now as the first; decisions, approvals, sessions and"
                + " every other record are kept forever. Run it from cron for a retention of N months."})
    static final class Prune implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        GlobalOptions.Write global;

        @Option(names = "--keep-months", paramLabel = "N", required = true, description = "Months of health records to keep (1 or more).")
        int keep;

        @Override
        public Integer call() throws Exception {
            LoopregCommand root = GlobalOptions.root(spec);
            if (keep < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--keep-months: " + keep + " is less than 1; expected 1 or more months");
            }
            root.workspace().require();
            dev.loopreg.store.Store store = root.store();
            Database db = root.database();
            java.time.Instant now = root.now();
            try (WorkspaceLock ignored = store.lock("loopreg db prune", root.lockWait(), Clock.systemUTC().instant(),
                    n -> spec.commandLine().getErr().println("loopreg: " + n));
                 java.sql.Connection c = db.dataSource().getConnection()) {
                c.setAutoCommit(false);
                java.util.List<java.time.YearMonth> dropped = dev.loopreg.db.HealthMonths.prune(c, now, keep);
                c.commit();
                java.util.List<java.time.YearMonth> left = dev.loopreg.db.HealthMonths.months(c);
                String kept = left.isEmpty() ? "no month of health records left" : "kept " + left.get(0) + " to " + left.get(left.size() - 1);
                spec.commandLine().getOut().println(dropped.isEmpty() ? "nothing to drop before " + java.time.YearMonth.from(now.atZone(java.time.ZoneOffset.UTC)).minusMonths(keep - 1L) + "; " + kept
                        : "dropped the health records of " + dropped.stream().map(Object::toString).collect(java.util.stream.Collectors.joining(", ")) + "; " + kept);
            }
            return ExitCodes.OK;
        }
    }
}
