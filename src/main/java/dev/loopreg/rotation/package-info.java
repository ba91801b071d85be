/**
 * Repo rotation on diminishing returns (ADR-004), pure: the policy's knobs ({@link dev.loopreg.rotation.RotationPolicy}),
 * the saturation snapshots and their codec, the four signals with their evidence and the 3-of-4 vote
 * ({@link dev.loopreg.rotation.SaturationRules}, {@link dev.loopreg.rotation.Signal}, {@link dev.loopreg.rotation.Verdict}),
 * the quality trend (Theil–Sen slope, Mann–Kendall test: {@link dev.loopreg.rotation.Trend}), the roster and its
 * moves ({@link dev.loopreg.rotation.Roster}, {@link dev.loopreg.rotation.RosterCodec}), earned automation and the
 * cooldown ({@link dev.loopreg.rotation.Automation}), and the whole picture ({@link dev.loopreg.rotation.RotationStatus}).
 */
package dev.loopreg.rotation;
