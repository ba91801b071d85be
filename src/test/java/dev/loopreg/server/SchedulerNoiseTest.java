package dev.loopreg.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

/** db-scheduler's and HikariCP's lines that a recovered fault is expected to cause are held back (said once in loopreg's words); others pass. */
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

        // a database restart, or this replica's sessions ended after a stall: the pool's and the scheduler's lines
        java.sql.SQLException ended = new java.sql.SQLException("FATAL: terminating connection due to administrator command", "57P01");
        assertThat(decide("com.zaxxer.hikari.pool.ProxyConnection", Level.WARN,
                "{} - Connection {} marked as broken because of SQLSTATE({}), ErrorCode({})", ended)).isEqualTo(FilterReply.DENY);
        // two replicas revive the same dead run: the one that loses the race is told "Indicates a bug"
        assertThat(filter.decide(null, ctx.getLogger("com.github.kagkarlsson.scheduler.Scheduler"), Level.ERROR,
                "Failed while handling dead execution {}. Will be tried again later.", new Object[] {"Execution: task=loopreg-job",
                        new IllegalStateException("Expected one execution to be updated, but updated 0. Indicates a bug.")}, null))
                .isEqualTo(FilterReply.DENY);
        assertThat(filter.decide(null, ctx.getLogger("com.github.kagkarlsson.scheduler.Scheduler"), Level.ERROR,
                "Failed while handling dead execution {}. Will be tried again later.", new Object[] {"x", new IllegalStateException("disk full")}, null))
                .isEqualTo(FilterReply.NEUTRAL);
        // HikariCP gives the exception as the last argument, not as the throwable
        assertThat(filter.decide(null, ctx.getLogger("com.zaxxer.hikari.pool.ProxyConnection"), Level.WARN,
                "{} - Connection {} marked as broken because of SQLSTATE({}), ErrorCode({})", new Object[] {"loopreg", "c", "57P01", 0, ended}, null))
                .isEqualTo(FilterReply.DENY);
        assertThat(decide("com.zaxxer.hikari.pool.PoolBase", Level.WARN,
                "{} - Failed to validate connection {} ({}). Possibly consider using a shorter maxLifetime value.", null)).isEqualTo(FilterReply.DENY);
        assertThat(decide("com.github.kagkarlsson.scheduler.RunAndLogErrors", Level.ERROR, "Unhandled exception. Will keep running.",
                new RuntimeException(new java.sql.SQLException("Connection to 127.0.0.1:5432 refused", "08001")))).isEqualTo(FilterReply.DENY);
        java.sql.BatchUpdateException batch = new java.sql.BatchUpdateException("Batch entry 0 was aborted", "", new int[0]);
        batch.setNextException(ended);
        assertThat(SchedulerNoise.connectionLost(batch)).isTrue();

        // the same libraries' other alarms, and loopreg's own lines, are shown as they are
        assertThat(decide("com.zaxxer.hikari.pool.ProxyConnection", Level.WARN,
                "{} - Connection {} marked as broken because of SQLSTATE({}), ErrorCode({})", new java.sql.SQLException("disk full", "53100")))
                .isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide("com.zaxxer.hikari.pool.HikariPool", Level.WARN, "{} - Thread starvation or clock leap detected", null))
                .isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide("com.github.kagkarlsson.scheduler.RunAndLogErrors", Level.ERROR, "Unhandled exception. Will keep running.",
                new IllegalStateException("a bug"))).isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide("com.github.kagkarlsson.scheduler.ExecutePicked", Level.ERROR,
                "Failed while completing execution {}, because {}.", new IllegalStateException("connection refused"))).isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide("com.github.kagkarlsson.scheduler.Scheduler", Level.ERROR, "Unexpected error while executing OnStartup tasks.", null))
                .isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide("dev.loopreg.server.Daemon", Level.WARN, "Execution has more than 1 failed heartbeats", null)).isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide("com.github.kagkarlsson.scheduler.Scheduler", Level.DEBUG, "more than 1 failed heartbeats", null))
                .isEqualTo(FilterReply.NEUTRAL);
    }
}
