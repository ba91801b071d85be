package dev.loopreg.db;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for the tests: Debian's {@code postgresql} package (its {@code initdb} and {@code pg_ctl}),
 * one throw-away cluster per test JVM on a free loopback port, a fresh database per call of {@link #newDatabase}. Run as
 * root (CI), the cluster belongs to the {@code postgres} user, as PostgreSQL refuses to run as root. Stopped when the
 * JVM exits.
 */
public final class TestPostgres {

    private static TestPostgres instance;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path dir;
    private final Path bin;
    private final int port;
    private final boolean root;

    private TestPostgres(Path dir, Path bin, int port, boolean root) {
        this.dir = dir;
        this.bin = bin;
        this.port = port;
        this.root = root;
    }

    /** The server of this JVM, started on first use. */
    public static synchronized TestPostgres get() throws IOException, InterruptedException {
        if (instance == null) {
            instance = start();
            TestPostgres s = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(s::stop));
        }
        return instance;
    }

    /**
     * A cluster of its own, for a test that stops and starts it (the fault tests): the caller stops it with
     * {@link #close}; it is also stopped when the JVM exits.
     */
    public static TestPostgres own() throws IOException, InterruptedException {
        TestPostgres pg = start();
        Runtime.getRuntime().addShutdownHook(new Thread(pg::stop));
        return pg;
    }

    /** Stops the server as {@code pg_ctl stop -m fast} does (sessions ended, clean shutdown); {@link #startAgain} brings it back. */
    public void stopServer() throws IOException, InterruptedException {
        runAsOwner(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "stop");
    }

    /** Starts a stopped server again, on the same port and data, and waits until it accepts connections. */
    public void startAgain() throws IOException, InterruptedException {
        runAsOwner(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-w", "-l",
                dir.resolve("server.log").toString(), "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
                        + " -c full_page_writes=off -c max_connections=200", "start");
    }

    /** Stops a cluster of its own ({@link #own}) and removes it. */
    public void close() {
        stop();
    }

    /** A new, empty database; its URL in libpq form ({@code postgresql://user@host:port/db}). */
    public String newDatabase() throws SQLException {
        String name = "t" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=loopreg");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return "postgresql://loopreg@127.0.0.1:" + port + "/" + name;
    }

    public int port() {
        return port;
    }

    private static Path binaries() throws IOException {
        Path base = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(base)) {
            throw new IllegalStateException("PostgreSQL is not installed: /usr/lib/postgresql is missing (apt-get install postgresql)");
        }
        try (Stream<Path> s = Files.list(base)) {
            return s.map(p -> p.resolve("bin")).filter(p -> Files.isExecutable(p.resolve("initdb")))
                    .max(Comparator.comparing(p -> Integer.parseInt(p.getParent().getFileName().toString().replaceAll("\\D", "0"))))
                    .orElseThrow(() -> new IllegalStateException("no initdb under /usr/lib/postgresql/*/bin (apt-get install postgresql)"));
        }
    }

    private static TestPostgres start() throws IOException, InterruptedException {
        Path bin = binaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("loopreg-pg-");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        TestPostgres pg = new TestPostgres(dir, bin, port, root);
        if (root) pg.run("chown", "-R", "postgres:postgres", dir.toString());
        pg.runAsOwner(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "loopreg",
                "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync");
        pg.runAsOwner(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-w", "-l",
                dir.resolve("server.log").toString(), "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
                        + " -c full_page_writes=off -c max_connections=200", "start");
        return pg;
    }

    private void stop() {
        try {
            runAsOwner(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "stop");
        } catch (IOException | InterruptedException | RuntimeException e) {
            // the JVM is exiting: the cluster directory below is removed either way
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }

    private void runAsOwner(String... cmd) throws IOException, InterruptedException {
        List<String> c = new ArrayList<>();
        if (root) c.addAll(List.of("runuser", "-u", "postgres", "--"));
        c.addAll(List.of(cmd));
        run(c.toArray(String[]::new));
    }

    private void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + out);
        }
    }
}
