/**
 * The sources (shell): where the facts live, each behind its own type — task exports and state-hub
 * ({@link dev.loopreg.source.TaskSource}, {@link dev.loopreg.source.StateHub} over {@link dev.loopreg.source.HttpJson}),
 * the improvement agents' metric files in every fleet repo ({@link dev.loopreg.source.Fleet}, read in parallel, bounded
 * by {@link dev.loopreg.source.Pools}), merged pull requests in a clone's git history ({@link dev.loopreg.source.GitHistory},
 * JGit), the people's bootstrap logs ({@link dev.loopreg.source.Rescues}) and the saturation snapshots made from them
 * ({@link dev.loopreg.source.Saturation}). A source that fails says why in a {@link dev.loopreg.source.SourceException};
 * it never writes a workspace file. {@code collect} and {@code rotate} call them; nothing here calls back.
 */
package dev.loopreg.source;
