/**
 * The collector (shell): {@code loopreg collect}. Reads the facts where they live — task exports or
 * state-hub over HTTP, the improvement agents' metric files in every fleet repo (in parallel, bounded),
 * the people's bootstrap logs — hands them to the pure measures of {@code health}, appends one record per
 * missed cron slot to {@code health.jsonl}, then evaluates the demotion triggers and raises urgent tasks
 * ({@code urgent-tasks.jsonl}, state-hub, webhook). A source that fails leaves its metrics null with the
 * reason; the other sources and loops go on. For the rotation loop it also writes one saturation snapshot
 * per active repo and slot ({@code saturation.jsonl}): the agent's executions, its recommendations, merged
 * PRs read from the clone's git history with JGit ({@link dev.loopreg.collect.GitHistory}) and state-hub
 * progress events.
 */
package dev.loopreg.collect;
