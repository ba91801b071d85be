/**
 * Health records and the health model: one {@link dev.loopreg.health.HealthRecord} per loop per
 * cycle (a line of {@code loops/<id>/health.jsonl}), its strict codec, and the healthy ranges of
 * the seed's "Loop health model" table that the dashboard checks the latest values against.
 *
 * <p>Pure: parsing takes text and returns records or problems; no files are read here.
 */
package dev.loopreg.health;
