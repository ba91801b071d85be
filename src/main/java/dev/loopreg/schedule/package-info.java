/**
 * The schedule of {@code loopreg serve} (pure): which jobs run at which cron (the collection cycle at the cron of
 * the activity definition with {@code role: collector}, the session preparation at {@code role: session}, falling
 * back to the regulator's own {@code cadence.yml}), the slots missed while the process was down and the bound on
 * backfilling them, and the next fire times. No files, clock or threads: {@code server.Daemon} reads the
 * definitions, calls these functions and drives Quartz.
 */
package dev.loopreg.schedule;
