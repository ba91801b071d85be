package dev.loopreg.health;

import dev.loopreg.health.Phase;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One line of {@code loops/<id>/health.jsonl}: the health of one loop over one cycle.
 * A metric that could not be measured is {@code null} (never a made-up 0); {@code errors} says why.
 * {@code since} is the start of the interval the record measures, {@code (since, cycle]} (null in records
 * written by hand or before the collector); {@code likelyDuplicateTasks} counts open tasks with a
 * near-identical title that nobody marked (reported beside the false-positive rate, never in it).
 */
public record HealthRecord(
        String loop,
        Instant cycle,
        Instant at,
        Instant since,
        Phase phase,
        Long tasksCreated,
        Long tasksCompleted,
        BigDecimal slaCompletionRate,
        Long manualRescues,
        Long duplicateTasks,
        Long likelyDuplicateTasks,
        BigDecimal falsePositiveRate,
        BigDecimal agentSuccessRate,
        BigDecimal meanSessionTimeSec,
        BigDecimal costSignal,
        BigDecimal marginalGain,
        BigDecimal saturationScore,
        List<String> errors,
        java.util.Map<String, BigDecimal> extra) {

    public HealthRecord {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(cycle, "cycle");
        Objects.requireNonNull(phase, "phase");
        errors = errors == null ? List.of() : List.copyOf(errors);
        extra = extra == null || extra.isEmpty() ? java.util.Map.of() : java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(extra));
    }

    /** A record of loopreg's own fields only. */
    public HealthRecord(String loop, Instant cycle, Instant at, Instant since, Phase phase, Long tasksCreated, Long tasksCompleted,
                        BigDecimal slaCompletionRate, Long manualRescues, Long duplicateTasks, Long likelyDuplicateTasks,
                        BigDecimal falsePositiveRate, BigDecimal agentSuccessRate, BigDecimal meanSessionTimeSec, BigDecimal costSignal,
                        BigDecimal marginalGain, BigDecimal saturationScore, List<String> errors) {
        this(loop, cycle, at, since, phase, tasksCreated, tasksCompleted, slaCompletionRate, manualRescues, duplicateTasks,
                likelyDuplicateTasks, falsePositiveRate, agentSuccessRate, meanSessionTimeSec, costSignal, marginalGain, saturationScore,
                errors, java.util.Map.of());
    }

    /** This record with the rotation loop's {@code marginal_gain} and {@code saturation_score}, and their null reasons. */
    public HealthRecord withRotation(BigDecimal marginalGain, BigDecimal saturationScore, List<String> moreErrors) {
        List<String> e = new java.util.ArrayList<>(errors);
        e.addAll(moreErrors);
        return new HealthRecord(loop, cycle, at, since, phase, tasksCreated, tasksCompleted, slaCompletionRate, manualRescues,
                duplicateTasks, likelyDuplicateTasks, falsePositiveRate, agentSuccessRate, meanSessionTimeSec, costSignal,
                marginalGain, saturationScore, e, extra);
    }

    /** The value of a metric by its file name, or null when unmeasured or unknown. */
    public BigDecimal metric(String name) {
        return switch (name) {
            case "tasks_created" -> dec(tasksCreated);
            case "tasks_completed" -> dec(tasksCompleted);
            case "sla_completion_rate" -> slaCompletionRate;
            case "manual_rescues" -> dec(manualRescues);
            case "duplicate_tasks" -> dec(duplicateTasks);
            case "likely_duplicate_tasks" -> dec(likelyDuplicateTasks);
            case "false_positive_rate" -> falsePositiveRate;
            case "agent_success_rate" -> agentSuccessRate;
            case "mean_session_time_sec" -> meanSessionTimeSec;
            case "cost_signal" -> costSignal;
            case "marginal_gain" -> marginalGain;
            case "saturation_score" -> saturationScore;
            default -> extra.get(name);   // a metric a collector added (a number beside loopreg's own fields)
        };
    }

    private static BigDecimal dec(Long v) {
        return v == null ? null : BigDecimal.valueOf(v);
    }

    /** A builder for tests and generators; every metric starts unmeasured (null). */
    public static Builder builder(String loop, Instant cycle, Phase phase) {
        return new Builder(loop, cycle, phase);
    }

    public static final class Builder {
        private final String loop;
        private final Instant cycle;
        private final Phase phase;
        private Instant at;
        private Instant since;
        private Long tasksCreated;
        private Long tasksCompleted;
        private BigDecimal slaCompletionRate;
        private Long manualRescues;
        private Long duplicateTasks;
        private Long likelyDuplicateTasks;
        private BigDecimal falsePositiveRate;
        private BigDecimal agentSuccessRate;
        private BigDecimal meanSessionTimeSec;
        private BigDecimal costSignal;
        private BigDecimal marginalGain;
        private BigDecimal saturationScore;
        private List<String> errors = List.of();
        private java.util.Map<String, BigDecimal> extra = java.util.Map.of();

        private Builder(String loop, Instant cycle, Phase phase) {
            this.loop = loop;
            this.cycle = cycle;
            this.phase = phase;
            this.at = cycle;
        }

        public Builder at(Instant v) { this.at = v; return this; }
        public Builder since(Instant v) { this.since = v; return this; }
        public Builder tasksCreated(Long v) { this.tasksCreated = v; return this; }
        public Builder tasksCompleted(Long v) { this.tasksCompleted = v; return this; }
        public Builder slaCompletionRate(BigDecimal v) { this.slaCompletionRate = v; return this; }
        public Builder manualRescues(Long v) { this.manualRescues = v; return this; }
        public Builder duplicateTasks(Long v) { this.duplicateTasks = v; return this; }
        public Builder likelyDuplicateTasks(Long v) { this.likelyDuplicateTasks = v; return this; }
        public Builder falsePositiveRate(BigDecimal v) { this.falsePositiveRate = v; return this; }
        public Builder agentSuccessRate(BigDecimal v) { this.agentSuccessRate = v; return this; }
        public Builder meanSessionTimeSec(BigDecimal v) { this.meanSessionTimeSec = v; return this; }
        public Builder costSignal(BigDecimal v) { this.costSignal = v; return this; }
        public Builder marginalGain(BigDecimal v) { this.marginalGain = v; return this; }
        public Builder saturationScore(BigDecimal v) { this.saturationScore = v; return this; }
        public Builder errors(List<String> v) { this.errors = v; return this; }
        public Builder extra(java.util.Map<String, BigDecimal> v) { this.extra = v; return this; }

        public HealthRecord build() {
            return new HealthRecord(loop, cycle, at, since, phase, tasksCreated, tasksCompleted, slaCompletionRate,
                    manualRescues, duplicateTasks, likelyDuplicateTasks, falsePositiveRate, agentSuccessRate, meanSessionTimeSec,
                    costSignal, marginalGain, saturationScore, errors, extra);
        }
    }
}
