package dev.loopreg.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class TaskMetricsProperties {

    static final Instant BASE = Instant.parse("2026-06-20T00:00:00Z");

    @Provide
    Arbitrary<List<Task>> taskLists() {
        Arbitrary<Task> task = Combinators.combine(
                Arbitraries.integers().between(0, 9999),
                Arbitraries.longs().between(0, 10L * 24 * 3600),
                Arbitraries.of(Task.Status.values()),
                Arbitraries.longs().between(0, 3L * 24 * 3600),
                Arbitraries.of(true, false)).as((n, created, status, took, dup) -> new Task("T" + n, "t", BASE.plusSeconds(created), status,
                status == Task.Status.DONE ? BASE.plusSeconds(created + took) : null, dup ? "T0" : null));
        return task.list().ofMaxSize(60);
    }

    @Property(tries = 300)
    void metrics_areConsistentCountsAndRates(@ForAll("taskLists") List<Task> tasks,
                                             @ForAll("hours") int fromHour, @ForAll("spans") int span) {
        Instant from = BASE.plusSeconds(fromHour * 3600L);
        Instant to = from.plusSeconds(span * 3600L);
        TaskMetrics m = TaskMetrics.compute(tasks, from, to, 24);
        assertThat(m.duplicates()).isBetween(0L, m.created());
        assertThat(m.dueMet()).isBetween(0L, m.due());
        if (m.created() == 0) assertThat(m.falsePositiveRate()).isNull();
        else assertThat(m.falsePositiveRate()).isBetween(java.math.BigDecimal.ZERO, java.math.BigDecimal.ONE);
        if (m.due() == 0) assertThat(m.slaCompletionRate()).isNull();
    }

    @Property(tries = 200)
    void counts_addUpOverAdjacentIntervals(@ForAll("taskLists") List<Task> tasks, @ForAll("hours") int fromHour,
                                           @ForAll("spans") int a, @ForAll("spans") int b) {
        Instant t0 = BASE.plusSeconds(fromHour * 3600L);
        Instant t1 = t0.plusSeconds(a * 3600L);
        Instant t2 = t1.plusSeconds(b * 3600L);
        TaskMetrics whole = TaskMetrics.compute(tasks, t0, t2, 24);
        TaskMetrics first = TaskMetrics.compute(tasks, t0, t1, 24);
        TaskMetrics second = TaskMetrics.compute(tasks, t1, t2, 24);
        assertThat(first.created() + second.created()).isEqualTo(whole.created());
        assertThat(first.completed() + second.completed()).isEqualTo(whole.completed());
        assertThat(first.duplicates() + second.duplicates()).isEqualTo(whole.duplicates());
        assertThat(first.due() + second.due()).isEqualTo(whole.due());
        List<Task> copy = new ArrayList<>(tasks);
        java.util.Collections.reverse(copy);
        assertThat(TaskMetrics.compute(copy, t0, t2, 24)).isEqualTo(whole);
    }

    @Provide
    Arbitrary<Integer> hours() {
        return Arbitraries.integers().between(0, 24 * 8);
    }

    @Provide
    Arbitrary<Integer> spans() {
        return Arbitraries.integers().between(1, 48);
    }
}
