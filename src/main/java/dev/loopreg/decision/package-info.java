/**
 * Decisions: every applied change (promotion, demotion, rotation, revisit; later cadence change),
 * numbered {@code DEC-NNN} on from the highest already recorded, with the full rule evidence; their
 * JSON line for {@code decisions.jsonl} and their readable {@code decisions/DEC-NNN-<slug>.md}. Pure.
 */
package dev.loopreg.decision;
