/**
 * The workspace on disk: its layout and paths, the codecs of its YAML and JSONL files (with the
 * line of every field, for {@code path:line} errors), atomic writes, append-only JSONL with torn-line
 * detection and repair, reading a file's tail from the end, the workspace lock, comment-preserving
 * YAML edits, {@code init} and {@code validate}.
 *
 * <p>The codecs are pure (text in, records or problems out); the classes that touch the disk say
 * so in their names ({@code AtomicFiles}, {@code JsonlFile}, {@code WorkspaceLock}, {@code WorkspaceReader}).
 */
package dev.loopreg.workspace;
