/**
 * What people and programs read: the dashboard ({@code dashboard.md}), the generated
 * {@code health-model.md} and {@code state-machine.md}, the JSON of recommendations and decisions,
 * and the text tables of the CLI. Pure renderers: records in, text out, byte for byte the same for
 * the same inputs.
 */
package dev.loopreg.report;
