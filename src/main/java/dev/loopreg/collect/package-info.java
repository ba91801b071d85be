/**
 * The collector (shell): {@code loopreg collect}. Reads the facts through the sources of {@code dev.loopreg.source}
 * (task exports or state-hub, the fleet's metric files, the bootstrap logs, git history), hands them to the pure
 * measures of {@code health}, appends one record per missed cron slot to {@code health.jsonl}, then evaluates the
 * demotion triggers and raises urgent tasks ({@code urgent-tasks.jsonl}, state-hub, webhook). A source that fails leaves
 * its metrics null with the reason; the other sources and loops go on. For the rotation loop it also writes one
 * saturation snapshot per active repo and slot ({@code saturation.jsonl}). Every line it appends carries its key (a loop
 * and cycle, a repo and cycle, an urgent task and event), so a run cut off anywhere is completed by the next one and
 * never doubles a line.
 */
package dev.loopreg.collect;
