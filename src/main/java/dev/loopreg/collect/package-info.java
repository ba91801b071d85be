/**
 * The collector (shell): {@code loopreg collect}. Reads the facts where they live — task exports or
 * state-hub over HTTP, the improvement agents' metric files in every fleet repo (in parallel, bounded),
 * the people's bootstrap logs — hands them to the pure measures of {@code health}, appends one record per
 * missed cron slot to {@code health.jsonl}, then evaluates the demotion triggers and raises urgent tasks
 * ({@code urgent-tasks.jsonl}, state-hub, webhook). A source that fails leaves its metrics null with the
 * reason; the other sources and loops go on.
 */
package dev.loopreg.collect;
