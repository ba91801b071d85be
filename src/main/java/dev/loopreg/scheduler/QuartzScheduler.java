package dev.loopreg.scheduler;

import com.cronutils.mapper.CronMapper;
import dev.loopreg.cadence.Crons;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.Properties;
import java.util.TimeZone;
import org.quartz.CronScheduleBuilder;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;

/**
 * {@link JobScheduler} on an in-memory Quartz scheduler (RAM job store, three threads): Unix crons are mapped to Quartz's
 * form with cron-utils; a missed fire within a minute runs at once, and one run of each job at a time
 * ({@code @DisallowConcurrentExecution}). The only class that knows Quartz.
 */
public final class QuartzScheduler implements JobScheduler {

    private static final String RUNNER = "loopreg.runner";

    private final Scheduler quartz;

    public QuartzScheduler(String name) throws SchedulerFailure {
        try {
            Properties p = new Properties();
            p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, name);
            p.setProperty("org.quartz.threadPool.threadCount", "3");
            p.setProperty("org.quartz.threadPool.threadNamePrefix", "loopreg-job");
            p.setProperty(StdSchedulerFactory.PROP_JOB_STORE_CLASS, "org.quartz.simpl.RAMJobStore");
            p.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
            quartz = new StdSchedulerFactory(p).getScheduler();
        } catch (SchedulerException e) {
            throw new SchedulerFailure("cannot start the scheduler: " + e.getMessage(), e);
        }
    }

    /** A Unix cron in Quartz's form. */
    public static String quartzCron(String unix) {
        return CronMapper.fromUnixToQuartz().map(Crons.parse(unix)).asString();
    }

    @Override
    public void start(Runner runner) throws SchedulerFailure {
        try {
            quartz.getContext().put(RUNNER, runner);
            quartz.start();
        } catch (SchedulerException e) {
            throw new SchedulerFailure("cannot start the scheduler: " + e.getMessage(), e);
        }
    }

    private void ensureJob(String job) throws SchedulerException {
        JobKey key = JobKey.jobKey(job);
        if (!quartz.checkExists(key)) quartz.addJob(JobBuilder.newJob(RunJob.class).withIdentity(key).storeDurably().build(), true);
    }

    @Override
    public void schedule(String job, String cron, ZoneId zone) throws SchedulerFailure {
        try {
            ensureJob(job);
            TriggerKey key = TriggerKey.triggerKey(job);
            Trigger t = TriggerBuilder.newTrigger().withIdentity(key).forJob(job)
                    .withSchedule(CronScheduleBuilder.cronSchedule(quartzCron(cron)).inTimeZone(TimeZone.getTimeZone(zone))
                            .withMisfireHandlingInstructionFireAndProceed())
                    .build();
            if (quartz.checkExists(key)) quartz.rescheduleJob(key, t); else quartz.scheduleJob(t);
        } catch (SchedulerException | RuntimeException e) {
            throw new SchedulerFailure("cannot schedule '" + cron + "': " + e.getMessage(), e);
        }
    }

    @Override
    public void every(String job, Duration interval, Instant first) throws SchedulerFailure {
        try {
            ensureJob(job);
            quartz.scheduleJob(TriggerBuilder.newTrigger().withIdentity(job).forJob(job).startAt(Date.from(first))
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(interval.toMillis()).repeatForever()
                            .withMisfireHandlingInstructionNextWithRemainingCount())
                    .build());
        } catch (SchedulerException e) {
            throw new SchedulerFailure("cannot schedule " + job + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void unschedule(String job) throws SchedulerFailure {
        try {
            TriggerKey key = TriggerKey.triggerKey(job);
            if (quartz.checkExists(key)) quartz.unscheduleJob(key);
        } catch (SchedulerException e) {
            throw new SchedulerFailure("cannot unschedule " + job + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void fire(String job, String why, String data) throws SchedulerFailure {
        try {
            ensureJob(job);
            JobDataMap m = new JobDataMap();
            m.put("why", why);
            if (data != null) m.put("data", data);
            quartz.triggerJob(JobKey.jobKey(job), m);
        } catch (SchedulerException e) {
            throw new SchedulerFailure("cannot start the " + job + " job: " + e.getMessage(), e);
        }
    }

    @Override
    public Instant nextFire(String job) {
        try {
            Trigger t = quartz.getTrigger(TriggerKey.triggerKey(job));
            return t == null || t.getNextFireTime() == null ? null : t.getNextFireTime().toInstant();
        } catch (SchedulerException e) {
            return null;
        }
    }

    @Override
    public void close() {
        try {
            quartz.shutdown(true);
        } catch (SchedulerException e) {
            // shutting down: nothing more to do
        }
    }

    /** The Quartz job: hands over to the runner. One run of each job at a time. */
    @DisallowConcurrentExecution
    public static final class RunJob implements org.quartz.Job {
        @Override
        public void execute(JobExecutionContext ctx) {
            try {
                Runner r = (Runner) ctx.getScheduler().getContext().get(RUNNER);
                JobDataMap data = ctx.getMergedJobDataMap();
                String why = data.containsKey("why") ? data.getString("why") : "cron " + ctx.getTrigger().getKey().getName();
                r.run(ctx.getJobDetail().getKey().getName(), why, data.containsKey("data") ? data.getString("data") : null);
            } catch (SchedulerException e) {
                throw new IllegalStateException("job " + ctx.getJobDetail().getKey() + ": " + e.getMessage(), e);
            }
        }
    }
}
