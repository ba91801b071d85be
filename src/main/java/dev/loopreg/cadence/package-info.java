/**
 * The cadence state machine of LOOP-WP-0004 as a pure core: phases, the policy's numbers,
 * a loop's cadence state, the promotion rules and demotion triggers, and the transition a
 * recommendation leads to.
 *
 * <p>Nothing here reads files, the clock or the network: every function takes the instant
 * it evaluates at and returns immutable records carrying their evidence.
 */
package dev.loopreg.cadence;
