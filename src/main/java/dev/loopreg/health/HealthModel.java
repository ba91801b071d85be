package dev.loopreg.health;

import java.math.BigDecimal;
import java.util.List;

/**
 * The seed's "Loop health model": each metric with its source and healthy range, in table order.
 *
 * @param ranges one range per metric, in the order the dashboard shows them
 */
public record HealthModel(List<HealthRange> ranges) {

    /** The metric names of the seed's table (plus {@code sla_completion_rate}, the "≥ 70% within SLA"). */
    public static final List<String> SEED_METRICS = List.of(
            "tasks_created", "sla_completion_rate", "manual_rescues", "false_positive_rate",
            "agent_success_rate", "mean_session_time_sec", "cost_signal");

    public HealthModel {
        ranges = List.copyOf(ranges);
    }

    /** The seed's healthy ranges (bootstrap column). */
    public static HealthModel seedDefaults() {
        return new HealthModel(List.of(
                new HealthRange("tasks_created", BigDecimal.ZERO, null, null, null, false, null, 0),
                new HealthRange("sla_completion_rate", null, null, new BigDecimal("0.7"), null, false, null, 0),
                new HealthRange("manual_rescues", null, null, null, BigDecimal.ZERO, false, null, 0),
                new HealthRange("false_positive_rate", null, new BigDecimal("0.2"), null, null, false, null, 0),
                new HealthRange("agent_success_rate", null, null, new BigDecimal("0.8"), null, false, null, 0),
                new HealthRange("mean_session_time_sec", null, null, null, null, true, new BigDecimal("0.2"), 7),
                HealthRange.tracked("cost_signal")));
    }

    /** Where the seed says each metric comes from. */
    public static String sourceOf(String metric) {
        return switch (metric) {
            case "tasks_created" -> "activity-core / state-hub";
            case "sla_completion_rate", "tasks_completed" -> "state-hub task status";
            case "manual_rescues" -> "bootstrap-log.md entries";
            case "false_positive_rate" -> "duplicate tasks / total";
            case "agent_success_rate" -> "`.kaizen/metrics/<agent>/summary.json`";
            case "mean_session_time_sec" -> "metrics executions";
            case "cost_signal" -> "tasks per hour × session time";
            default -> "";
        };
    }
}
