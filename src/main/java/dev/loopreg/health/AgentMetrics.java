package dev.loopreg.health;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;

/**
 * {@code agent_success_rate} and {@code mean_session_time_sec} of one cycle (pure), pooled over every
 * repo and agent of the loop and weighted by executions: Σ successes / Σ executions and
 * Σ session seconds / Σ executions.
 */
public final class AgentMetrics {

    /** One execution line of {@code .kaizen/metrics/<agent>/executions.jsonl}. */
    public record Execution(Instant at, boolean success, BigDecimal quality, BigDecimal durationSec) {
        public Execution {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(durationSec, "durationSec");
        }
    }

    /** {@code .kaizen/metrics/<agent>/summary.json}. */
    public record Summary(BigDecimal successRate, BigDecimal avgQuality, long executions, BigDecimal meanSessionTimeSec,
                          Instant updatedAt) {
    }

    /**
     * What one repo and agent contributed.
     *
     * @param basis {@code executions} (the lines inside the interval) or {@code summary} (the cumulative summary)
     */
    public record Figures(String repo, String agent, long executions, BigDecimal successes, BigDecimal sessionSeconds,
                         String basis) {
    }

    /** The pooled result. */
    public record Pooled(long executions, BigDecimal successRate, BigDecimal meanSessionTimeSec, int repos,
                         int fromExecutions, int fromSummary) {
    }

    public static final int SECONDS_SCALE = 1;

    private AgentMetrics() {
    }

    /** The executions of {@code (from, to]}. */
    public static Figures fromExecutions(String repo, String agent, Collection<Execution> executions, Instant from, Instant to) {
        long n = 0;
        long ok = 0;
        BigDecimal seconds = BigDecimal.ZERO;
        for (Execution e : executions) {
            if (TaskMetrics.in(e.at(), from, to)) {
                n++;
                if (e.success()) ok++;
                seconds = seconds.add(e.durationSec());
            }
        }
        return new Figures(repo, agent, n, BigDecimal.valueOf(ok), seconds, "executions");
    }

    /** The cumulative summary, weighted by its execution count. */
    public static Figures fromSummary(String repo, String agent, Summary s) {
        BigDecimal n = BigDecimal.valueOf(s.executions());
        return new Figures(repo, agent, s.executions(), s.successRate().multiply(n), s.meanSessionTimeSec().multiply(n), "summary");
    }

    /** Pools the figures; the rates are null (no data) when there was no execution at all. */
    public static Pooled pool(Collection<Figures> figures) {
        long n = 0;
        BigDecimal ok = BigDecimal.ZERO;
        BigDecimal seconds = BigDecimal.ZERO;
        int fromExec = 0;
        int fromSummary = 0;
        java.util.Set<String> repos = new java.util.HashSet<>();
        for (Figures f : figures) {
            n += f.executions();
            ok = ok.add(f.successes());
            seconds = seconds.add(f.sessionSeconds());
            repos.add(f.repo());
            if (f.basis().equals("executions")) fromExec++; else fromSummary++;
        }
        if (n == 0) {
            return new Pooled(0, null, null, repos.size(), fromExec, fromSummary);
        }
        BigDecimal d = BigDecimal.valueOf(n);
        return new Pooled(n, ok.divide(d, TaskMetrics.RATE_SCALE, RoundingMode.HALF_EVEN).stripTrailingZeros(),
                seconds.divide(d, SECONDS_SCALE, RoundingMode.HALF_EVEN).stripTrailingZeros(), repos.size(), fromExec, fromSummary);
    }
}
