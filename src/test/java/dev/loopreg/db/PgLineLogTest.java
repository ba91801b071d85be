package dev.loopreg.db;

import dev.loopreg.store.LineLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The line-log contract on a real PostgreSQL (Debian's server, started by {@link TestPostgres}). */
class PgLineLogTest extends LineLogContract {

    static Database db;
    private static int n;

    @BeforeAll
    static void open() throws Exception {
        db = Database.open(DatabaseUrl.parse(TestPostgres.get().newDatabase()));
    }

    @AfterAll
    static void close() {
        if (db != null) db.close();
    }

    @Override
    LineLog fresh() {
        return new PgLineLog(db.dataSource(), "loops/l" + (++n) + "/health.jsonl");
    }
}
