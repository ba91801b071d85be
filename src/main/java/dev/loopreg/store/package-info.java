/**
 * The store's write side (shell): a use case builds a {@link dev.loopreg.store.Plan} of effects — lines to append,
 * files to replace — from what it read under the workspace lock, and {@link dev.loopreg.store.Journal} carries it out
 * through a write-ahead journal, so a change that touches several files is made whole or, after a crash, finished by the
 * next command.
 */
package dev.loopreg.store;
