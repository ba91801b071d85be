/**
 * {@code loopreg serve}, the always-on regulator (shell): {@link dev.loopreg.server.Daemon} drives an in-memory
 * Quartz scheduler (the collection cycle and the session at the crons {@link dev.loopreg.schedule.ServeSchedule}
 * picks, re-read when the files change, missed slots caught up on start, failing runs retried with backoff) and a
 * file watcher (a new {@code [rescue]} entry runs the demotion triggers within seconds);
 * {@link dev.loopreg.server.Web} serves the pages, the JSON API, the token-guarded actions, {@code /metrics} and
 * {@code /healthz} over the same regulator the CLI uses.
 */
package dev.loopreg.server;
