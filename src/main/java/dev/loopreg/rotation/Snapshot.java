package dev.loopreg.rotation;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One line of {@code loops/kaizen-stack/saturation.jsonl}: what one active repo's agent yielded over one
 * cycle {@code (since, cycle]} of the rotation loop. A figure that could not be measured is null (the reason
 * is in {@code errors}); {@code progressConfigured} is false when state-hub is not configured, and then
 * {@code progressEvents} is null and the {@code no_marginal_gain} signal is judged on merged PRs alone.
 *
 * @param avgQuality     mean quality of the cycle's executions (null when the agent did not run)
 * @param successRate    share of the cycle's executions that succeeded (null when the agent did not run)
 * @param executions     executions in the cycle
 * @param newActionable  new actionable recommendations of the agent in {@code .kaizen/recommendations.jsonl}
 * @param mergedPrs      merge commits and squash merges on the repo's default branch
 * @param progressEvents state-hub progress events of the repo
 */
public record Snapshot(String repo, String agent, Instant cycle, Instant since, Instant at, BigDecimal avgQuality,
                       BigDecimal successRate, Long executions, Long newActionable, Long mergedPrs, boolean progressConfigured,
                       Long progressEvents, List<String> errors) {

    public Snapshot {
        Objects.requireNonNull(repo, "repo");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(cycle, "cycle");
        errors = errors == null ? List.of() : List.copyOf(errors);
    }
}
