package dev.loopreg.scheduler;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The port {@code serve}'s daemon schedules its jobs through: named jobs fired by a Unix cron in a time zone, by a fixed
 * interval, or at once. One run of a job at a time; different jobs may run together. {@link QuartzScheduler} is the
 * production adapter; the tests drive the daemon with a manual scheduler and a fixed clock.
 */
public interface JobScheduler extends AutoCloseable {

    /** What runs a job: its name, why it runs (a cron, a catch-up, an emergency), and its data (the loops of an emergency). */
    interface Runner {
        void run(String job, String why, String data);
    }

    /** Starts firing; the jobs run through {@code runner}. */
    void start(Runner runner) throws SchedulerFailure;

    /** Fires {@code job} at every slot of the Unix {@code cron} in {@code zone}, replacing its earlier schedule. */
    void schedule(String job, String cron, ZoneId zone) throws SchedulerFailure;

    /** Fires {@code job} every {@code interval}, the first time at {@code first}. */
    void every(String job, Duration interval, Instant first) throws SchedulerFailure;

    /** Stops firing {@code job} on a schedule (a run under way finishes). */
    void unschedule(String job) throws SchedulerFailure;

    /** Runs {@code job} once, as soon as it is free. */
    void fire(String job, String why, String data) throws SchedulerFailure;

    /** The next scheduled fire time of {@code job}, or null when it has no schedule. */
    Instant nextFire(String job);

    /**
     * Whether replicas share this schedule (a database): then each loop's cycle is its own job, and a job scheduled by
     * one replica runs on whichever picks it. One process's scheduler: false.
     */
    default boolean shared() {
        return false;
    }

    /** The jobs with a recurring schedule whose names start with {@code prefix} (a shared schedule's; else none). */
    default java.util.Set<String> scheduled(String prefix) {
        return java.util.Set.of();
    }

    /**
     * Runs {@code job} once, as soon as it is free, unless a run fired under the same {@code key} is still waiting: the
     * replicas that see the same event (a new rescue in a shared bootstrap log) fire it once.
     */
    default void fireOnce(String job, String why, String data, String key) throws SchedulerFailure {
        fire(job, why, data);
    }

    /** Stops firing and waits for the runs under way. */
    @Override
    void close();

    /** The scheduler refused: what it said. */
    final class SchedulerFailure extends Exception {
        public SchedulerFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
