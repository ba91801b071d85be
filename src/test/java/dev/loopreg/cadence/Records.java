package dev.loopreg.cadence;

import dev.loopreg.health.Phase;
import dev.loopreg.health.HealthRecord;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds health-record series for rule tests. */
public final class Records {

    public static final Instant T0 = Instant.parse("2026-06-20T00:00:00Z");

    private Records() {
    }

    /** n hourly records ending at {@code last}, each with the given counts. */
    public static List<HealthRecord> hourly(int n, Instant last, Phase phase, long created, long dup, long rescues) {
        List<HealthRecord> out = new ArrayList<>();
        for (int i = n - 1; i >= 0; i--) {
            out.add(rec(last.minus(Duration.ofHours(i)), phase, created, dup, rescues));
        }
        return out;
    }

    public static HealthRecord rec(Instant cycle, Phase phase, Long created, Long dup, Long rescues) {
        return HealthRecord.builder("loop-a", cycle, phase).tasksCreated(created).duplicateTasks(dup).manualRescues(rescues)
                .agentSuccessRate(new BigDecimal("0.9")).build();
    }

    public static CadenceState state(Phase phase, Approval approval) {
        return new CadenceState("loop-a", phase, Policy.defaults().cronOf(phase), null, null, 0, approval, null, null, null);
    }

    public static ExitCriteria met() {
        return new ExitCriteria(true, "all done", List.of(), "wp.md");
    }
}
