package dev.loopreg.cli;

import dev.loopreg.rotation.Snapshot;
import dev.loopreg.rotation.SnapshotCodec;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A workspace made by {@code loopreg init} with a roster and 30 hourly saturation snapshots per repo:
 * repo-a is saturated-looking (flat quality, stable success, no recommendation, no merge: 4 of 4),
 * repo-b still improves (rising quality, a merge, recommendations), repo-c is flat but became active 10
 * cycles ago (warming up). Queue: repo-d, repo-e; saturated: repo-old (since 2026-05-01, due for a revisit).
 * Every repo has a clone directory under {@code fleet/} with a commented {@code .kaizen/schedule.yml}.
 */
final class RotationFixture {

    static final Instant T0 = Instant.parse("2026-07-01T00:00:00Z");
    static final String NOW = "2026-07-02T06:10:00Z";   // T0 + 30 h + 10 min

    static final String SCHEDULE = """
            # kaizen schedule for %s (owned by the platform team)
            optimization:
              enabled: true     # nightly optimization pass
              cron: "0 3 * * *"
            coach: {enabled: true, cron: "0 4 * * 1"}   # weekly coaching
            """;

    final Path ws;
    final Path fleet;

    RotationFixture(Path root) throws IOException {
        this.ws = root.resolve("ws");
        this.fleet = root.resolve("fleet");
        Cli.Result init = Cli.run("-w", ws.toString(), "--now", T0.toString(), "init");
        if (init.exit() != 0) throw new IllegalStateException(init.toString());
        Files.writeString(roster(), """
                # Pilot roster (DEC-001)
                active:
                  - repo: repo-a
                    since: "2026-06-30T00:00:00Z"
                    priority: normal
                  - repo: repo-b
                    since: "2026-06-30T00:00:00Z"
                  - repo: repo-c
                    since: "2026-07-01T20:00:00Z"
                expansion_queue:
                  - repo-d
                  - repo-e
                saturated:
                  - repo: repo-old
                    saturated_at: "2026-05-01T00:00:00Z"
                """);
        for (String r : List.of("repo-a", "repo-b", "repo-c", "repo-d", "repo-e", "repo-old")) {
            Path k = fleet.resolve(r).resolve(".kaizen");
            Files.createDirectories(k);
            Files.writeString(k.resolve("schedule.yml"), SCHEDULE.formatted(r));
        }
        Files.writeString(fleet.resolve("repo-d/.kaizen/schedule.yml"), "optimization: {enabled: false, cron: \"0 3 * * *\"}\n");
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            Instant c = T0.plus(Duration.ofHours(i));
            lines.add(SnapshotCodec.encode(snap("repo-a", c, "0.8", "0.9", 0L, 0L)));
            lines.add(SnapshotCodec.encode(snap("repo-b", c, String.valueOf(0.5 + i * 0.01), "0.7", i % 5 == 0 ? 1L : 0L,
                    i == 25 ? 1L : 0L)));
            lines.add(SnapshotCodec.encode(snap("repo-c", c, "0.8", "0.9", 0L, 0L)));
        }
        Files.writeString(saturation(), String.join("\n", lines) + "\n");
    }

    static Snapshot snap(String repo, Instant cycle, String q, String s, long recs, long merged) {
        return new Snapshot(repo, "optimization", cycle, cycle.minus(Duration.ofHours(1)), cycle, new BigDecimal(q), new BigDecimal(s),
                1L, recs, merged, false, null, List.of());
    }

    Path roster() {
        return ws.resolve("loops/kaizen-stack/roster.yaml");
    }

    Path saturation() {
        return ws.resolve("loops/kaizen-stack/saturation.jsonl");
    }

    Path schedule(String repo) {
        return fleet.resolve(repo).resolve(".kaizen/schedule.yml");
    }

    Path rotationPolicy() {
        return ws.resolve("loops/regulator/rotation-policy.yml");
    }

    Path decisions() {
        return ws.resolve("loops/regulator/decisions.jsonl");
    }

    /** Appends {@code n} more hourly snapshots of every active repo after the last one (flat for a, c and d). */
    void moreCycles(int from, int n) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            Instant c = T0.plus(Duration.ofHours(i));
            for (String r : List.of("repo-a", "repo-b", "repo-c", "repo-d")) {
                lines.add(SnapshotCodec.encode(snap(r, c, "0.8", "0.9", 0L, 0L)));
            }
        }
        Files.writeString(saturation(), String.join("\n", lines) + "\n", java.nio.file.StandardOpenOption.APPEND);
    }

    static String at(int hours, int minutes) {
        return T0.plus(Duration.ofHours(hours)).plus(Duration.ofMinutes(minutes)).toString();
    }

    Cli.Result run(String now, String... args) {
        List<String> a = new ArrayList<>(List.of("-w", ws.toString(), "--now", now));
        a.addAll(List.of(args));
        return Cli.run(a.toArray(String[]::new));
    }
}
