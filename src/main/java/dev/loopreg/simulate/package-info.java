/**
 * Policy backtesting (pure): replays a loop's recorded health records, cycle by cycle, through a cadence policy —
 * the current one or another — and reports the recommendations it would have made, the transitions, the flaps
 * (a promotion undone by a demotion within a week) and how long each phase would have lasted; and replays the
 * rotation loop's snapshots through a rotation policy. The human inputs the records do not hold (approvals, exit
 * tasks, operator overrides) come from what was recorded at each evaluation ({@link dev.loopreg.simulate.LoopHistory}).
 * No files, clock or network here: {@code regulator.Simulations} reads the workspace and calls in.
 */
package dev.loopreg.simulate;
