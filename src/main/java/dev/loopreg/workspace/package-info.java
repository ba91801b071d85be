/**
 * The workspace on disk: its layout and paths, loop ids, the codecs of its YAML state files,
 * atomic writes, append-only JSONL with torn-line detection and repair, reading a file's tail from
 * the end, the workspace lock, comment-preserving YAML edits, {@code init} and {@code validate}.
 */
package dev.loopreg.workspace;
