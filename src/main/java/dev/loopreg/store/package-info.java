/**
 * The store (shell): the port {@link dev.loopreg.store.Store} the use cases read and write the workspace through — one
 * type per file kind, each the only reader and writer of its file, with one torn-line policy
 * ({@link dev.loopreg.store.JsonLines}) — and the write side: a use case builds a {@link dev.loopreg.store.Plan} of
 * effects (lines to append, files to replace) from what it read under the workspace lock, and
 * {@link dev.loopreg.store.Journal} carries it out through a write-ahead journal, so a change that touches several files
 * is made whole or, after a crash, finished by the next command. {@code Store.files} is the implementation over the
 * workspace's files; {@link dev.loopreg.store.WorkspaceReader} and {@link dev.loopreg.store.Validator} read through the
 * same types.
 */
package dev.loopreg.store;
