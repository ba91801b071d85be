package dev.loopreg.cli;

import picocli.CommandLine;

import dev.loopreg.regulator.Regulator;
import dev.loopreg.server.Daemon;
import dev.loopreg.server.Server;
import dev.loopreg.auth.Tokens;
import dev.loopreg.server.Web;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", header = "Runs the regulator always on: scheduler, web pages, JSON API, metrics.", mixinStandardHelpOptions = true,
        description = "The always-on regulator: runs collect + evaluate at the cron of the activity definition with "
                + "role: collector and session prepare at role: session (re-read when they change), runs the demotion triggers "
                + "within seconds of a new [rescue] entry, catches up missed slots on start, and serves the dashboard pages, "
                + "the JSON API, /metrics and /healthz (docs/api.md). Actions (POST) need a bearer token from $LOOPREG_TOKEN "
                + "or --token-file; without one the server is read-only. Stops on Ctrl-C or SIGTERM.")
final class ServeCommand extends Subcommand implements Callable<Integer> {

    @CommandLine.Mixin
    GlobalOptions.Write global;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1", description = "Address to listen on. Default: ${DEFAULT-VALUE} (this machine only).")
    String bind;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8320", description = "Port. Default: ${DEFAULT-VALUE}; 0 picks a free one.")
    int port;

    @Option(names = "--token-file", paramLabel = "FILE", description = "Bearer tokens that may act, one per line: NAME:TOKEN (or TOKEN). Also $LOOPREG_TOKEN.")
    Path tokenFile;

    @Option(names = "--oidc", paramLabel = "FILE", description = "Let people sign in with OpenID Connect and act from the pages "
            + "within their role (issuer, client, base_url, roles: docs/api.md). The client secret comes from $LOOPREG_OIDC_CLIENT_SECRET.")
    Path oidc;

    @Option(names = "--no-schedule", description = "Do not run scheduled cycles or sessions (the watcher's emergency path still runs).")
    boolean noSchedule;

    @Option(names = "--max-backfill", paramLabel = "N", defaultValue = "24", description = "At most N missed cycle slots are caught up on start. Default: ${DEFAULT-VALUE}.")
    int maxBackfill;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "3", description = "Retries of a failing run, with exponential backoff. Default: ${DEFAULT-VALUE}.")
    int retries;

    @Option(names = "--retry-backoff", paramLabel = "SECONDS", defaultValue = "30", description = "First retry delay, doubled each time up to 10 minutes. Default: ${DEFAULT-VALUE}.")
    long retryBackoff;

    @Option(names = "--cache-ttl", paramLabel = "SECONDS", defaultValue = "10", description = "Pages reuse the fleet's evaluation this long unless a file changed. Default: ${DEFAULT-VALUE}.")
    long cacheTtl;

    @Option(names = "--max-body", paramLabel = "BYTES", defaultValue = "16384", description = "Largest request body accepted. Default: ${DEFAULT-VALUE}.")
    long maxBody;

    @Option(names = "--database-wait", paramLabel = "SECONDS", defaultValue = "120", description = "With --database: how long a "
            + "replica started while PostgreSQL is not reachable (restarting, not up yet) waits for it, trying again with backoff, "
            + "before it gives up (exit 1); 0: not at all. Default: ${DEFAULT-VALUE}.")
    long databaseWait;

    @Option(names = "--heartbeat", paramLabel = "SECONDS", defaultValue = "3", description = "With --database: how often a replica "
            + "marks its running jobs and its held locks alive; a job whose replica missed 6 heartbeats is run again by another, and a "
            + "lock whose holder missed 4 is taken from it (its session ended, its later writes refused). Default: ${DEFAULT-VALUE}.")
    long heartbeat;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            err().println("loopreg serve: --port " + port + " is not a port; expected 0 to 65535");
            return ExitCodes.USAGE;
        }
        if (maxBackfill < 0 || retries < 0 || retryBackoff < 1 || cacheTtl < 0 || maxBody < 256 || heartbeat < 1) {
            err().println("loopreg serve: --max-backfill and --retries must be >= 0, --retry-backoff and --heartbeat >= 1, --cache-ttl >= 0, "
                    + "--max-body >= 256");
            return ExitCodes.USAGE;
        }
        Regulator.requireWorkspace(root.workspace());
        root.finishInterrupted();
        Tokens tokens;
        try {
            tokens = Tokens.of(root.env.apply("LOOPREG_TOKEN"), tokenFile);
        } catch (Tokens.TokenException e) {
            err().println("loopreg serve: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        dev.loopreg.auth.OidcConfig oidcConfig = null;
        if (oidc != null) {
            String text;
            try {
                text = java.nio.file.Files.readString(oidc);
            } catch (java.io.IOException e) {
                err().println("loopreg serve: --oidc " + oidc + ": cannot be read (" + e.getMessage() + "); expected the sign-in config (docs/api.md)");
                return ExitCodes.BAD_INPUT;
            }
            try {
                oidcConfig = dev.loopreg.auth.OidcConfig.parse(oidc.toString(), text, root.env);
                if (oidcConfig.rolesFile() != null) {
                    Path roles = oidc.toAbsolutePath().getParent().resolve(oidcConfig.rolesFile());
                    String shown = oidc.getParent() == null ? oidcConfig.rolesFile() : oidc.getParent().resolve(oidcConfig.rolesFile()).toString();
                    String rolesText;
                    try {
                        rolesText = java.nio.file.Files.readString(roles);
                    } catch (java.io.IOException e) {
                        err().println("loopreg serve: " + oidc + ": roles_file " + shown + " cannot be read (" + e.getMessage() + ")");
                        return ExitCodes.BAD_INPUT;
                    }
                    oidcConfig = oidcConfig.withRolesFile(shown, rolesText);
                }
            } catch (dev.loopreg.auth.OidcConfig.ConfigException e) {
                err().println(e.getMessage());
                err().println("loopreg serve: --oidc " + oidc + " cannot be used; nothing was started");
                return ExitCodes.BAD_INPUT;
            }
        }
        Clock base = root.now == null ? Clock.systemUTC() : Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), root.now));
        Clock clock = Clock.tick(base, Duration.ofSeconds(1));
        Daemon.Settings ds = new Daemon.Settings(maxBackfill, retries, Duration.ofSeconds(retryBackoff), Duration.ofMinutes(10),
                Duration.ofSeconds(Math.max(10, root.lockTimeoutSeconds)), Duration.ofSeconds(30), Duration.ofMillis(200), !noSchedule);
        Server.Config cfg = new Server.Config(new Web.Settings(bind, port, tokens, maxBody, oidcConfig), ds, Duration.ofSeconds(cacheTtl));
        Server server;
        try {
            if (root.databaseUrl() == null) {
                server = Server.start(root.workspace(), cfg, clock, root.env);
            } else {
                // a replica: the state and the schedule are the database's, shared with the other replicas
                root.databaseWait = Duration.ofSeconds(Math.max(0, databaseWait));
                dev.loopreg.store.Store store = root.store();
                javax.sql.DataSource pool = root.database().dataSource();
                root.database().leases().beat(Duration.ofSeconds(heartbeat));   // a lock whose holder stops beating is ended after 4 beats
                String replica = replicaName();
                server = Server.start(store, cfg, clock, root.env, observer -> new dev.loopreg.scheduler.DbScheduler(pool, replica,
                        Duration.ofMillis(500), Duration.ofSeconds(heartbeat), observer));
                out().println("loopreg serve: replica " + replica + " on " + root.database().url());
            }
        } catch (java.io.IOException e) {
            err().println("loopreg serve: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stop.countDown();
            out().println("loopreg serve: stopped");
            out().flush();
            // a clean stop on Ctrl-C or SIGTERM exits 0, as documented (the JVM would otherwise exit 130 or 143)
            Runtime.getRuntime().halt(ExitCodes.OK);
        }, "loopreg-shutdown"));
        out().println("loopreg serve: http://" + (bind.contains(":") ? "[" + bind + "]" : bind) + ":" + server.port() + "/ — workspace "
                + root.workspace().root().normalize() + "; "
                + (tokens.configured() ? tokens.count() + " token(s) may act" : oidcConfig == null ? "read-only (no token configured)" : "no token")
                + (oidcConfig == null ? "" : "; sign-in through " + oidcConfig.issuer())
                + (noSchedule ? "; scheduling off" : ""));
        server.daemon().startup().log().forEach(l -> out().println("  " + l));
        out().flush();
        stop.await();
        return ExitCodes.OK;
    }

    /** This replica's name in the shared schedule: the host name and the process id. */
    static String replicaName() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        return host + ":" + ProcessHandle.current().pid();
    }
}
