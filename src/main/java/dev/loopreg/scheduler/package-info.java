/**
 * The scheduler port of {@code serve} ({@link dev.loopreg.scheduler.JobScheduler}) and its Quartz adapter
 * ({@link dev.loopreg.scheduler.QuartzScheduler}), the only code that knows Quartz. The daemon's tests drive the same
 * port with a manual scheduler and a fixed clock.
 */
package dev.loopreg.scheduler;
