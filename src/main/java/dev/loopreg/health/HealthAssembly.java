package dev.loopreg.health;

import dev.loopreg.health.Phase;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds one health record from what each source gave (pure). Every metric a source could not give
 * stays null and the record's {@code errors} says why; a null never becomes a 0.
 */
public final class HealthAssembly {

    public static final List<String> TASK_METRICS = List.of("tasks_created", "tasks_completed", "duplicate_tasks",
            "false_positive_rate", "sla_completion_rate");
    public static final List<String> AGENT_METRICS = List.of("agent_success_rate", "mean_session_time_sec");
    public static final int COST_SCALE = 2;

    private HealthAssembly() {
    }

    /**
     * @param tasks     the task metrics over the interval
     * @param likely    open tasks with near-identical titles nobody marked
     * @param agents    the pooled agent metrics over the interval
     * @param rescues   the {@code [rescue]} entries in the interval
     */
    public static HealthRecord record(String loop, Instant cycle, Instant since, Instant at, Phase phase,
                                      Outcome<TaskMetrics> tasks, Outcome<Long> likely,
                                      Outcome<AgentMetrics.Pooled> agents, Outcome<Long> rescues) {
        List<String> errors = new ArrayList<>();
        HealthRecord.Builder b = HealthRecord.builder(loop, cycle, phase).at(at).since(since);
        if (tasks instanceof Outcome.Value<TaskMetrics> v) {
            TaskMetrics t = v.value();
            b.tasksCreated(t.created()).tasksCompleted(t.completed()).duplicateTasks(t.duplicates())
                    .falsePositiveRate(t.falsePositiveRate()).slaCompletionRate(t.slaCompletionRate());
            if (t.falsePositiveRate() == null) {
                errors.add("false_positive_rate: no task was created in the interval (0 of 0 is not a rate)");
            }
            if (t.slaCompletionRate() == null) {
                errors.add("sla_completion_rate: no task reached its SLA deadline in the interval");
            }
        } else {
            errors.add(String.join(", ", TASK_METRICS) + ": " + reason(tasks));
        }
        if (likely instanceof Outcome.Value<Long> v) {
            b.likelyDuplicateTasks(v.value());
        }
        if (agents instanceof Outcome.Value<AgentMetrics.Pooled> v) {
            AgentMetrics.Pooled p = v.value();
            b.agentSuccessRate(p.successRate()).meanSessionTimeSec(p.meanSessionTimeSec());
            if (p.successRate() == null) {
                errors.add(String.join(", ", AGENT_METRICS) + ": no agent execution in the interval ("
                        + p.repos() + " repo(s) read)");
            }
        } else {
            errors.add(String.join(", ", AGENT_METRICS) + ": " + reason(agents));
        }
        if (rescues instanceof Outcome.Value<Long> v) {
            b.manualRescues(v.value());
        } else {
            errors.add("manual_rescues: " + reason(rescues));
        }
        BigDecimal cost = costSignal(tasks.orNull() == null ? null : tasks.orNull().created(),
                agents.orNull() == null ? null : agents.orNull().meanSessionTimeSec(), since, cycle);
        b.costSignal(cost);
        if (cost == null) {
            errors.add("cost_signal: needs tasks_created and mean_session_time_sec");
        }
        return b.errors(errors).build();
    }

    /**
     * The seed's {@code cost_signal}: tasks per hour × mean session time (seconds of agent session per
     * hour of the interval); null when either factor is unmeasured.
     */
    public static BigDecimal costSignal(Long tasksCreated, BigDecimal meanSessionSec, Instant since, Instant cycle) {
        if (tasksCreated == null || meanSessionSec == null || since == null) {
            return null;
        }
        long seconds = Duration.between(since, cycle).getSeconds();
        if (seconds <= 0) {
            return null;
        }
        BigDecimal hours = BigDecimal.valueOf(seconds).divide(BigDecimal.valueOf(3600), 10, RoundingMode.HALF_EVEN);
        return BigDecimal.valueOf(tasksCreated).multiply(meanSessionSec)
                .divide(hours, COST_SCALE, RoundingMode.HALF_EVEN).stripTrailingZeros();
    }

    private static String reason(Outcome<?> o) {
        return o instanceof Outcome.Missing<?> m ? m.reason() : "unmeasured";
    }
}
