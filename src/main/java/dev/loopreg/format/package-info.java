/**
 * The text formats every file shares, pure and free of I/O: the Jackson mappers (exact decimals,
 * duplicate keys refused), ISO-8601 instants, YAML documents that remember the line of every key,
 * typed config reads that turn every bad value into a {@link dev.loopreg.format.Problem}
 * ({@code path:line: what is wrong, what was expected}).
 */
package dev.loopreg.format;
