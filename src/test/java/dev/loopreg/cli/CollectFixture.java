package dev.loopreg.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A copy of {@code src/test/resources/collect}: a workspace {@code ws/} whose loop kaizen-stack has every
 * source configured (a task export, two repos × two agents under {@code fleet/}, a bootstrap log with a
 * zone-less rescue), its last record at 11:00Z, in Europe/Berlin.
 */
final class CollectFixture {

    static final String NOW = "2026-06-25T12:10:00Z";

    final Path root;
    final Path ws;
    final Path fleet;

    private CollectFixture(Path root) {
        this.root = root;
        this.ws = root.resolve("ws");
        this.fleet = root.resolve("fleet");
    }

    static CollectFixture copy(Path into) throws IOException {
        dev.loopreg.Samples.copyTree(Path.of("src/test/resources/collect"), into);
        return new CollectFixture(into);
    }

    Path loop(String file) {
        return ws.resolve("loops/kaizen-stack").resolve(file);
    }

    Path policy() {
        return ws.resolve("loops/regulator/policy.yml");
    }

    String health() throws IOException {
        return Files.readString(loop("health.jsonl"));
    }

    Path urgent() {
        return ws.resolve("loops/regulator/urgent-tasks.jsonl");
    }

    Cli.Result collect(String... more) {
        String[] args = Stream.concat(Stream.of("-w", ws.toString(), "collect", "--now", NOW), Stream.of(more)).toArray(String[]::new);
        return Cli.run(args);
    }

    /** Appends policy.yml sections (the collector's settings). */
    void policyAppend(String yaml) throws IOException {
        String p = Files.readString(policy());
        // drop the commented default sections so the new ones are not duplicate keys
        int i = p.indexOf("\n# The collector (loopreg collect)");
        Files.writeString(policy(), (i >= 0 ? p.substring(0, i + 1) : p) + yaml);
    }
}
