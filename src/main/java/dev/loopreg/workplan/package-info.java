/**
 * Source workplans (the seed's format: Markdown with YAML front matter whose {@code tasks:} list has
 * {@code id}, {@code status}, {@code title}, and {@code ```task} blocks in the body) and the bootstrap
 * exit criteria computed from them. Pure: parses text.
 */
package dev.loopreg.workplan;
