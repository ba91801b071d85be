/**
 * The imperative shell: the use cases the CLI (and later the server) call — evaluate, apply, approve,
 * reject, demote, status, and the rotation use cases ({@link dev.loopreg.regulator.Rotations}: rotation,
 * rotate, revisit, roster, and the automatic rotation evaluate performs once automation is earned). Each reads the workspace, calls the pure core for the decision, and performs
 * the writes under the workspace lock (the reconciler pattern: the core returns a
 * {@link dev.loopreg.cadence.Recommendation}, this package carries it out).
 */
package dev.loopreg.regulator;
