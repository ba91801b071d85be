package dev.loopreg.server;

import dev.loopreg.workspace.Workspace;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

/**
 * One {@code loopreg serve} process: the read model, the metrics, the scheduler (unless off) and the web server,
 * wired so a run or a file change refreshes what the pages show.
 */
public final class Server implements AutoCloseable {

    /**
     * @param web       bind, port, tokens, body limit
     * @param daemon    the scheduler's settings
     * @param cacheTtl  how long the fleet's evaluation is reused without a change
     */
    public record Config(Web.Settings web, Daemon.Settings daemon, Duration cacheTtl) {
    }

    private final ReadModel model;
    private final Daemon daemon;
    private final Web web;

    private Server(ReadModel model, Daemon daemon, Web web) {
        this.model = model;
        this.daemon = daemon;
        this.web = web;
    }

    /** How long an action of a replica waits for the database's lock before it answers 503 with Retry-After. */
    static final java.time.Duration ACTION_WAIT = java.time.Duration.ofMillis(800);

    /** Starts the web server first (so a port in use fails fast), then the scheduler. */
    public static Server start(Workspace ws, Config c, Clock clock, Function<String, String> env) throws IOException {
        return start(dev.loopreg.store.Store.files(ws), c, clock, env, null);
    }

    /**
     * Starts on {@code store}; {@code schedulers} makes the scheduler (null: Quartz in this process; for replicas on a
     * database, the database's shared schedule).
     */
    public static Server start(dev.loopreg.store.Store store, Config c, Clock clock, Function<String, String> env,
                               Function<dev.loopreg.scheduler.DbScheduler.Observer, dev.loopreg.scheduler.JobScheduler> schedulers)
            throws IOException {
        ReadModel model = new ReadModel(store, clock, env, c.cacheTtl(), c.daemon().lockWait());
        // replicas: an action answers within about two seconds, done or 503 with Retry-After, whatever another replica holds
        if (schedulers != null) model.actionWait(ACTION_WAIT);
        ServerMetrics metrics = new ServerMetrics();
        Daemon daemon = new Daemon(store, c.daemon(), clock, env,
                schedulers == null ? Daemon.quartz() : () -> schedulers.apply(metrics), true);
        daemon.addListener(metrics);
        daemon.onChange(model::invalidate);
        Web web = new Web(model, daemon, c.web(), metrics, env);
        try {
            web.start();
        } catch (RuntimeException e) {
            String why = rootMessage(e);
            String hint = why.contains("Address already in use")
                    ? "; another program (or another loopreg serve) listens there: choose another port with --port "
                    + (c.web().port() == 65535 ? c.web().port() - 1 : c.web().port() + 1) + ", or --port 0 for a free one (printed at start)"
                    : why.contains("Permission denied") || why.contains("Cannot assign")
                    ? "; a port under 1024 needs privileges, and --bind must be an address of this machine: choose --port 8320 or "
                    + "--port 0, and --bind 127.0.0.1 or 0.0.0.0" : "";
            throw new IOException("cannot listen on " + c.web().bind() + ":" + c.web().port() + ": " + why + hint, e);
        }
        try {
            daemon.start();
        } catch (IOException | RuntimeException e) {
            web.close();
            daemon.close();
            throw e;
        }
        return new Server(model, daemon, web);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    public int port() {
        return web.port();
    }

    public Daemon daemon() {
        return daemon;
    }

    public ReadModel model() {
        return model;
    }

    @Override
    public void close() {
        web.close();
        daemon.close();
    }
}
