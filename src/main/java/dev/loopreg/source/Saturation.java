package dev.loopreg.source;

import dev.loopreg.cadence.Slots;
import dev.loopreg.format.Mappers;
import dev.loopreg.health.AgentMetrics;
import dev.loopreg.health.KaizenCodec;
import dev.loopreg.health.TaskMetrics;
import dev.loopreg.rotation.Snapshot;
import dev.loopreg.workspace.JsonlFile;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

/**
 * The rotation loop's saturation snapshots: for every active repo and the judged agent, per slot, the
 * agent's quality and success rate ({@code executions.jsonl}, else {@code summary.json}), its new actionable
 * recommendations ({@code .kaizen/recommendations.jsonl}), the merged PRs on the default branch (JGit) and,
 * when state-hub is configured, the repo's progress events. Repos are read in parallel; the snapshots come
 * back in repo order. A figure that cannot be read is null with the reason in the snapshot's errors.
 */
public final class Saturation {

    /**
     * @param perSlot  per slot, one snapshot per repo, in repo order
     * @param failures the reads that failed (a configured source that did not answer), for exit code 5
     */
    public record Result(List<List<Snapshot>> perSlot, List<String> failures) {
    }

    /** Where to read. {@code hub} is null when state-hub is not configured. */
    public record Sources(Path root, String rootRel, String agent, GitHistory.PullRequests prs, StateHub hub) {
    }

    private record RepoRead(List<Snapshot> bySlot, List<String> failures) {
    }

    private Saturation() {
    }

    public static Result read(Sources src, List<String> repos, List<Slots.Slot> slots, Instant now, int parallelism) {
        List<List<Snapshot>> perSlot = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) perSlot.add(new ArrayList<>());
        List<String> failures = new ArrayList<>();
        if (repos.isEmpty()) {
            return new Result(perSlot, failures);
        }
        ExecutorService pool = Pools.open("loopreg-saturation", parallelism, repos.size());
        try {
            List<Future<RepoRead>> futures = new ArrayList<>();
            for (String repo : repos) {
                futures.add(pool.submit(() -> readRepo(src, repo, slots, now)));
            }
            for (Future<RepoRead> f : futures) {
                try {
                    RepoRead r = f.get();
                    for (int i = 0; i < slots.size(); i++) perSlot.get(i).add(r.bySlot().get(i));
                    failures.addAll(r.failures());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failures.add("interrupted");
                    break;
                } catch (ExecutionException e) {
                    failures.add(String.valueOf(e.getCause()));
                }
            }
            return new Result(perSlot, failures);
        } finally {
            pool.shutdownNow();
        }
    }

    private static RepoRead readRepo(Sources src, String repo, List<Slots.Slot> slots, Instant now) {
        Instant earliest = slots.get(0).from();
        String repoRel = src.rootRel() + "/" + repo;
        Path repoDir = src.root().resolve(repo);
        List<String> failures = new ArrayList<>();
        List<String> notes = new ArrayList<>();

        // the agent's executions, else its summary
        List<AgentMetrics.Execution> executions = null;
        AgentMetrics.Summary summary = null;
        Path metrics = repoDir.resolve(".kaizen/metrics").resolve(src.agent());
        String metricsRel = repoRel + "/.kaizen/metrics/" + src.agent();
        try {
            if (!Files.isDirectory(repoDir)) {
                throw new SourceException(repoRel + ": repo directory is missing; expected a clone under repos_root");
            }
            Path ex = metrics.resolve("executions.jsonl");
            if (Files.exists(ex)) {
                executions = Fleet.executions(ex, metricsRel + "/executions.jsonl", earliest);
            } else {
                Path sm = metrics.resolve("summary.json");
                if (!Files.exists(sm)) {
                    throw new SourceException(metricsRel + "/summary.json: file is missing (and no executions.jsonl); expected the "
                            + "agent's metrics");
                }
                try {
                    summary = KaizenCodec.summary(Mappers.JSON.readTree(Files.readString(sm)));
                } catch (KaizenCodec.KaizenException e) {
                    throw new SourceException(metricsRel + "/summary.json: " + e.getMessage());
                } catch (IOException e) {
                    throw new SourceException(metricsRel + "/summary.json: not valid JSON; expected a JSON object");
                }
            }
        } catch (SourceException e) {
            failures.add(e.getMessage());
            notes.add("avg_quality, success_rate: " + e.getMessage());
        }

        // recommendations
        List<KaizenCodec.Recommendation> recs = null;
        Path recFile = repoDir.resolve(".kaizen/recommendations.jsonl");
        String recRel = repoRel + "/.kaizen/recommendations.jsonl";
        if (!Files.exists(recFile)) {
            notes.add("new_actionable_recommendations: " + recRel + " is missing (no data)");
        } else {
            try {
                recs = recommendations(recFile, recRel, earliest);
            } catch (SourceException e) {
                failures.add(e.getMessage());
                notes.add("new_actionable_recommendations: " + e.getMessage());
            }
        }

        // merged PRs
        List<GitHistory.Merge> merges = null;
        try {
            merges = GitHistory.merges(repoDir, repoRel, src.prs(), earliest).merges();
        } catch (SourceException e) {
            failures.add(e.getMessage());
            notes.add("merged_prs: " + e.getMessage());
        }

        // progress events
        List<Instant> progress = null;
        if (src.hub() != null) {
            try {
                progress = src.hub().progressEvents(repo, earliest);
            } catch (SourceException e) {
                failures.add(e.getMessage());
                notes.add("progress_events: " + e.getMessage());
            }
        }

        List<String> frozen = List.copyOf(notes);   // one list shared by every slot's snapshot
        List<Snapshot> out = new ArrayList<>();
        for (Slots.Slot s : slots) {
            BigDecimal quality = null;
            BigDecimal success = null;
            Long n = null;
            if (executions != null) {
                long count = 0;
                long ok = 0;
                long measured = 0;
                BigDecimal q = BigDecimal.ZERO;
                for (AgentMetrics.Execution e : executions) {
                    if (!TaskMetrics.in(e.at(), s.from(), s.cycle())) continue;
                    count++;
                    if (e.success()) ok++;
                    if (e.quality() != null) {
                        measured++;
                        q = q.add(e.quality());
                    }
                }
                n = count;
                if (count > 0) success = rate(BigDecimal.valueOf(ok), count);
                if (measured > 0) quality = rate(q, measured);
            } else if (summary != null) {
                quality = summary.avgQuality();
                success = summary.successRate();
            }
            Long actionable = recs == null ? null : recs.stream()
                    .filter(r -> r.actionable() && r.agent().equals(src.agent()) && TaskMetrics.in(r.createdAt(), s.from(), s.cycle()))
                    .count();
            Long merged = merges == null ? null : merges.stream().filter(m -> TaskMetrics.in(m.at(), s.from(), s.cycle())).count();
            Long events = progress == null ? null : progress.stream().filter(t -> TaskMetrics.in(t, s.from(), s.cycle())).count();
            out.add(new Snapshot(repo, src.agent(), s.cycle(), s.from(), now, quality, success, n, actionable, merged,
                    src.hub() != null, events, frozen));
        }
        return new RepoRead(out, failures);
    }

    private static BigDecimal rate(BigDecimal sum, long n) {
        return sum.divide(BigDecimal.valueOf(n), 4, RoundingMode.HALF_EVEN).stripTrailingZeros();
    }

    /** The recommendations created after {@code earliest}, read backwards (the file is append-only in time order). */
    static List<KaizenCodec.Recommendation> recommendations(Path file, String rel, Instant earliest) throws SourceException {
        return Fleet.since(file, rel, earliest, KaizenCodec::recommendation, KaizenCodec.Recommendation::createdAt,
                "one recommendation object per line");
    }
}
