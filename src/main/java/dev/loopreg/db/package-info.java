/**
 * The PostgreSQL store (shell): {@link dev.loopreg.db.DatabaseUrl} (libpq's URL form), {@link dev.loopreg.db.Database}
 * (the pool and the Flyway-migrated schema) and {@link dev.loopreg.db.PgLineLog}, the second implementation of the
 * store's {@link dev.loopreg.store.LineLog}: a log's lines as rows, read and parsed by the same kinds as the files.
 */
package dev.loopreg.db;
