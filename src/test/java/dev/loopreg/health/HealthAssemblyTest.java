package dev.loopreg.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopreg.health.Phase;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthAssemblyTest {

    static final Instant SINCE = Instant.parse("2026-06-25T10:00:00Z");
    static final Instant CYCLE = Instant.parse("2026-06-25T12:00:00Z");

    @Test
    void record_failedSources_leaveTheirMetricsNullWithTheReason_neverZero() {
        HealthRecord r = HealthAssembly.record("x", CYCLE, SINCE, CYCLE, Phase.BOOTSTRAP,
                Outcome.failed("loops/x/tasks.jsonl:3: not valid JSON"), Outcome.noData("n/a"),
                Outcome.failed("fleet/a/.kaizen/metrics/optimization/summary.json: file is missing"), Outcome.of(2L));
        assertThat(r.tasksCreated()).isNull();
        assertThat(r.tasksCompleted()).isNull();
        assertThat(r.duplicateTasks()).isNull();
        assertThat(r.falsePositiveRate()).isNull();
        assertThat(r.agentSuccessRate()).isNull();
        assertThat(r.meanSessionTimeSec()).isNull();
        assertThat(r.costSignal()).isNull();
        assertThat(r.manualRescues()).isEqualTo(2L);
        assertThat(r.errors()).anySatisfy(e -> assertThat(e).contains("tasks_created").contains("tasks.jsonl:3: not valid JSON"));
        assertThat(r.errors()).anySatisfy(e -> assertThat(e).startsWith("agent_success_rate").contains("summary.json: file is missing"));
        assertThat(HealthRecordCodec.encode(r)).contains("\"tasks_created\":null").doesNotContain("\"tasks_created\":0");
    }

    @Test
    void record_allMeasured_computesCostAsTasksPerHourTimesSessionTime() {
        TaskMetrics t = new TaskMetrics(6, 4, 1, new BigDecimal("0.1667"), 2, 2, BigDecimal.ONE);
        AgentMetrics.Pooled a = new AgentMetrics.Pooled(10, new BigDecimal("0.9"), new BigDecimal("300"), 2, 2, 0);
        HealthRecord r = HealthAssembly.record("x", CYCLE, SINCE, CYCLE, Phase.STABILIZE, Outcome.of(t), Outcome.of(1L), Outcome.of(a), Outcome.of(0L));
        // 6 tasks over 2 hours = 3 per hour, × 300 s
        assertThat(r.costSignal()).isEqualByComparingTo("900");
        assertThat(r.likelyDuplicateTasks()).isEqualTo(1L);
        assertThat(r.since()).isEqualTo(SINCE);
        assertThat(r.errors()).isEmpty();
    }

    @Test
    void pool_weightsByExecutions() {
        AgentMetrics.Pooled p = AgentMetrics.pool(List.of(
                AgentMetrics.fromSummary("a", "optimization", new AgentMetrics.Summary(new BigDecimal("1.0"), null, 30, new BigDecimal("100"), null)),
                AgentMetrics.fromSummary("b", "optimization", new AgentMetrics.Summary(new BigDecimal("0.5"), null, 10, new BigDecimal("500"), null))));
        assertThat(p.executions()).isEqualTo(40);
        assertThat(p.successRate()).isEqualByComparingTo("0.875");  // (30 + 5) / 40
        assertThat(p.meanSessionTimeSec()).isEqualByComparingTo("200"); // (3000 + 5000) / 40
    }

    @Test
    void pool_noExecutions_isNoDataNotZero() {
        AgentMetrics.Pooled p = AgentMetrics.pool(List.of(AgentMetrics.fromExecutions("a", "coach", List.of(), SINCE, CYCLE)));
        assertThat(p.successRate()).isNull();
        assertThat(p.meanSessionTimeSec()).isNull();
        HealthRecord r = HealthAssembly.record("x", CYCLE, SINCE, CYCLE, Phase.BOOTSTRAP, Outcome.notConfigured("none"),
                Outcome.noData("n/a"), Outcome.of(p), Outcome.of(0L));
        assertThat(r.agentSuccessRate()).isNull();
        assertThat(r.errors()).anySatisfy(e -> assertThat(e).contains("no agent execution in the interval"));
    }
}
