package dev.loopreg.cli;

import com.sun.net.httpserver.HttpServer;
import dev.loopreg.health.HealthRecord;
import dev.loopreg.store.Store;
import dev.loopreg.workspace.Workspace;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The replicas' process tests' fleet: the sample's three loops and the fleet's sweep on crons every minute, their tasks
 * from a state-hub on loopback HTTP whose answer for one loop can be held ({@link Hub}), and {@code serve --database}
 * started as a process of its own.
 */
final class MinuteFleet {

    /** The loop whose task source is slow when asked to be. */
    static final String SLOW = "kaizen-stack";

    private MinuteFleet() {
    }

    /** A state-hub on loopback: no tasks; the first request for {@link #SLOW} after {@link #arm} waits until released. */
    static final class Hub implements AutoCloseable {
        private final HttpServer server;
        private Round armed;
        private final List<Round> rounds = new ArrayList<>();

        /** One held request: {@code asked} when it came, {@code release} to answer it. */
        record Round(CountDownLatch asked, CountDownLatch release) {
        }

        Hub() throws java.io.IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            server.createContext("/", ex -> {
                Round r = null;
                synchronized (this) {
                    if (armed != null && ex.getRequestURI().getPath().contains("/" + SLOW + "/")) {
                        r = armed;
                        armed = null;
                    }
                }
                if (r != null) {
                    r.asked().countDown();
                    try {
                        r.release().await(120, TimeUnit.SECONDS);   // the cycle waits here while the fault strikes
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                byte[] body = "{\"tasks\": [], \"next_cursor\": null}".getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                try {
                    ex.sendResponseHeaders(200, body.length);
                    ex.getResponseBody().write(body);
                } catch (java.io.IOException gone) {
                    // the replica that asked is gone
                }
                ex.close();
            });
            server.start();
        }

        /** The next request for the slow loop is held. */
        synchronized Round arm() {
            armed = new Round(new CountDownLatch(1), new CountDownLatch(1));
            rounds.add(armed);
            return armed;
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            synchronized (this) {
                rounds.forEach(r -> r.release().countDown());   // no request stays held after the test
            }
            server.stop(0);
        }
    }

    /**
     * The sample's loops with crons every minute (their bound definitions in step), a phase begun two minutes before
     * {@code start}, no records yet, and tasks from the state-hub at {@code hub}; the fleet's sweep every minute too.
     */
    static Path fleet(Path ws, String hub, Instant start) throws Exception {
        Instant since = start.truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(2));
        for (String id : new Workspace(ws).loopDirectories()) {
            Path dir = ws.resolve("loops").resolve(id);
            Files.deleteIfExists(dir.resolve("health.jsonl"));
            Path cadence = dir.resolve("cadence.yml");
            Files.writeString(cadence, Files.readString(cadence).replaceAll("(?m)^cron: .*$", "cron: \"* * * * *\"")
                    .replaceAll("(?m)^phase_since: .*$", "phase_since: " + since));
            Path config = dir.resolve("loop.yml");
            Files.writeString(config, Files.readString(config).replaceAll("(?m)^# tasks: .*$", "")
                    + "tasks: {source: state-hub, url: " + hub + ", workstream: " + id + ", token_env: HUB_TOKEN}\n");
        }
        Path bound = ws.resolve("activity-definitions").resolve("registry-hygiene-daily.md");
        Files.writeString(bound, Files.readString(bound).replace("cron: \"0 11 * * *\"", "cron: \"* * * * *\""));
        Path collector = ws.resolve("activity-definitions").resolve("hourly-loop-health-collector.md");
        Files.writeString(collector, Files.readString(collector).replace("cron: \"50 * * * *\"", "cron: \"* * * * *\"")
                .replace("enabled: false", "enabled: true"));
        return ws;
    }

    /**
     * {@code loopreg -w CHECKOUT --database URL serve --port 0 --heartbeat 1 OPTIONS...} as a process of its own (C1 only, to
     * start fast), with {@code env} added to its environment.
     */
    static ServeProcess serve(Path checkout, String url, Map<String, String> env, List<String> jvm, String... options) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1"));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.loopreg.cli.Main", "-w", checkout.toString(), "--database", url,
                "serve", "--port", "0", "--heartbeat", "1"));
        cmd.addAll(List.of(options));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("HUB_TOKEN", "hub-token");
        pb.environment().putAll(env);
        pb.environment().remove("LOOPREG_DATABASE_URL");
        return ServeProcess.start(pb);
    }

    /** The cycles of {@code id}'s records; none while the database cannot be read (a test polls again). */
    static List<Instant> cycles(Store store, String id) {
        try {
            return store.health(id).values().stream().map(HealthRecord::cycle).toList();
        } catch (java.io.IOException | RuntimeException e) {
            return List.of();
        }
    }
}
