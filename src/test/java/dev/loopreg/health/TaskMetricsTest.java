package dev.loopreg.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskMetricsTest {

    static final Instant FROM = Instant.parse("2026-06-25T11:00:00Z");
    static final Instant TO = Instant.parse("2026-06-25T12:00:00Z");

    static Task task(String id, String created, Task.Status status, String completed, String dupOf) {
        return new Task(id, "t " + id, Instant.parse(created), status, completed == null ? null : Instant.parse(completed), dupOf);
    }

    @Test
    void compute_countsCreatedCompletedAndMarkedDuplicatesInTheInterval() {
        List<Task> tasks = List.of(
                task("a", "2026-06-25T11:10:00Z", Task.Status.OPEN, null, null),
                task("b", "2026-06-25T11:20:00Z", Task.Status.DUPLICATE, null, null),
                task("c", "2026-06-25T11:30:00Z", Task.Status.OPEN, null, "a"),
                task("d", "2026-06-25T12:00:00Z", Task.Status.DONE, "2026-06-25T12:00:00Z", null), // at the end: inside
                task("e", "2026-06-25T11:00:00Z", Task.Status.DONE, "2026-06-25T11:40:00Z", null), // at the start: outside
                task("f", "2026-06-24T09:00:00Z", Task.Status.DONE, "2026-06-25T11:05:00Z", null));
        TaskMetrics m = TaskMetrics.compute(tasks, FROM, TO, 24);
        assertThat(m.created()).isEqualTo(4);
        assertThat(m.duplicates()).isEqualTo(2);
        assertThat(m.falsePositiveRate()).isEqualByComparingTo("0.5");
        assertThat(m.completed()).isEqualTo(3); // d, e, f completed in (11:00, 12:00]
    }

    @Test
    void compute_nothingCreated_rateIsNoDataNotZero() {
        TaskMetrics m = TaskMetrics.compute(List.of(), FROM, TO, 24);
        assertThat(m.created()).isZero();
        assertThat(m.falsePositiveRate()).isNull();
        assertThat(m.slaCompletionRate()).isNull();
    }

    @Test
    void compute_sla_countsTasksWhoseDeadlineFellInTheInterval() {
        List<Task> tasks = List.of(
                // deadlines (created + 24 h) in (11:00, 12:00] on the 25th
                task("met", "2026-06-24T11:30:00Z", Task.Status.DONE, "2026-06-25T08:00:00Z", null),
                task("late", "2026-06-24T11:40:00Z", Task.Status.DONE, "2026-06-25T11:50:00Z", null),
                task("open", "2026-06-24T11:45:00Z", Task.Status.OPEN, null, null),
                task("edge", "2026-06-24T12:00:00Z", Task.Status.DONE, "2026-06-25T12:00:00Z", null), // done at its deadline: met
                task("dup", "2026-06-24T11:50:00Z", Task.Status.DUPLICATE, null, null),
                task("cancel", "2026-06-24T11:55:00Z", Task.Status.CANCELLED, null, null),
                task("notdue", "2026-06-25T11:30:00Z", Task.Status.OPEN, null, null));
        TaskMetrics m = TaskMetrics.compute(tasks, FROM, TO, 24);
        assertThat(m.due()).isEqualTo(4);
        assertThat(m.dueMet()).isEqualTo(2);
        assertThat(m.slaCompletionRate()).isEqualByComparingTo("0.5");
    }

    @Test
    void rate_roundsToFourPlacesHalfEven() {
        assertThat(TaskMetrics.rate(1, 3)).isEqualTo(new BigDecimal("0.3333"));
        assertThat(TaskMetrics.rate(2, 3)).isEqualTo(new BigDecimal("0.6667"));
        assertThat(TaskMetrics.rate(3, 3)).isEqualByComparingTo("1");
        assertThat(TaskMetrics.rate(0, 0)).isNull();
    }
}
