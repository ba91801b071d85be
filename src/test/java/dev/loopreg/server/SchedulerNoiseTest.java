package dev.loopreg.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

/** db-scheduler's lines that a recovered fault is expected to cause are held back (said once in loopreg's words); others pass. */
class SchedulerNoiseTest {

    final LoggerContext ctx = new LoggerContext();
    final SchedulerNoise filter = new SchedulerNoise();

    FilterReply decide(String logger, Level level, String format, Throwable t) {
        return filter.decide(null, ctx.getLogger(logger), level, format, new Object[0], t);
    }

    @Test
    void theExpectedLines_areHeldBack_everyOtherPasses() {
        assertThat(decide("com.github.kagkarlsson.scheduler.Scheduler", Level.WARN,
                "Execution has more than 1 failed heartbeats. Should not happen. Risk of being considered dead. See heartbeat-state.", null))
                .isEqualTo(FilterReply.DENY);
        assertThat(decide("com.github.kagkarlsson.scheduler.ExecutePicked", Level.ERROR,
                "Failed while completing execution {}, because {}. Execution will likely remain scheduled and locked/picked.",
                new IllegalStateException("Expected one execution to be updated, but updated 0. Indicates a bug."))).isEqualTo(FilterReply.DENY);
        assertThat(decide("com.github.kagkarlsson.scheduler.jdbc.JdbcTaskRepository", Level.ERROR,
                "Expected one execution to be updated, but updated {}. Indicates a bug. Replaced {} with {}", null)).isEqualTo(FilterReply.DENY);

        // the same library's other alarms, and loopreg's own lines, are shown as they are
        assertThat(decide("com.github.kagkarlsson.scheduler.ExecutePicked", Level.ERROR,
                "Failed while completing execution {}, because {}.", new IllegalStateException("connection refused"))).isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide("com.github.kagkarlsson.scheduler.Scheduler", Level.ERROR, "Unexpected error while executing OnStartup tasks.", null))
                .isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide("dev.loopreg.server.Daemon", Level.WARN, "Execution has more than 1 failed heartbeats", null)).isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide("com.github.kagkarlsson.scheduler.Scheduler", Level.DEBUG, "more than 1 failed heartbeats", null))
                .isEqualTo(FilterReply.NEUTRAL);
    }
}
