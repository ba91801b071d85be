package dev.loopreg.health;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

/**
 * The task metrics of one cycle, measured over {@code (from, to]} (pure; LOOP-WP-0004 "Loop health model").
 *
 * <ul>
 *   <li>{@code tasks_created}: tasks created in the interval, whatever their status now;</li>
 *   <li>{@code duplicate_tasks}: of those, the ones marked duplicate (status {@code duplicate} or
 *       {@code duplicate_of} set); {@code false_positive_rate} = duplicate_tasks / tasks_created, no data
 *       when nothing was created;</li>
 *   <li>{@code tasks_completed}: tasks completed (status done) in the interval;</li>
 *   <li>{@code sla_completion_rate}: of the tasks whose SLA deadline (created_at + sla_hours) fell in the
 *       interval, leaving out duplicates and cancelled ones, the share done by their deadline. A task still
 *       open at its deadline counts as a miss. No data when no deadline fell in the interval.</li>
 * </ul>
 */
public record TaskMetrics(long created, long completed, long duplicates, BigDecimal falsePositiveRate,
                          long due, long dueMet, BigDecimal slaCompletionRate) {

    public static final int RATE_SCALE = 4;

    public static TaskMetrics compute(Collection<Task> tasks, Instant from, Instant to, int slaHours) {
        Duration sla = Duration.ofHours(slaHours);
        long created = 0;
        long completed = 0;
        long duplicates = 0;
        long due = 0;
        long met = 0;
        for (Task t : tasks) {
            if (in(t.createdAt(), from, to)) {
                created++;
                if (t.markedDuplicate()) {
                    duplicates++;
                }
            }
            if (t.status() == Task.Status.DONE && t.completedAt() != null && in(t.completedAt(), from, to)) {
                completed++;
            }
            if (!t.markedDuplicate() && t.status() != Task.Status.CANCELLED) {
                Instant deadline = t.createdAt().plus(sla);
                if (in(deadline, from, to)) {
                    due++;
                    if (t.status() == Task.Status.DONE && t.completedAt() != null && !t.completedAt().isAfter(deadline)) {
                        met++;
                    }
                }
            }
        }
        return new TaskMetrics(created, completed, duplicates, rate(duplicates, created), due, met, rate(met, due));
    }

    /** {@code (from, to]}. */
    public static boolean in(Instant t, Instant from, Instant to) {
        return t.isAfter(from) && !t.isAfter(to);
    }

    /** {@code n / d} to {@value #RATE_SCALE} places, or null when {@code d} is 0. */
    public static BigDecimal rate(long n, long d) {
        if (d == 0) {
            return null;
        }
        return BigDecimal.valueOf(n).divide(BigDecimal.valueOf(d), RATE_SCALE, RoundingMode.HALF_EVEN).stripTrailingZeros();
    }
}
