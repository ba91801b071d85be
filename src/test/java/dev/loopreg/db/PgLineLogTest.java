package dev.loopreg.db;

import dev.loopreg.store.LineLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/**
 * The line-log contract on a real PostgreSQL (Debian's server, started by {@link TestPostgres}), for both tables: the
 * health records' ({@code health_lines}, by month) and every other log's ({@code lines}).
 */
class PgLineLogTest {

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

    @Nested
    class HealthRecords extends LineLogContract {
        @Override
        LineLog fresh() {
            return new PgLineLog(db.dataSource(), "loops/l" + (++n) + "/health.jsonl");
        }
    }

    @Nested
    class OtherLogs extends LineLogContract {
        @Override
        LineLog fresh() {
            return new PgLineLog(db.dataSource(), "loops/l" + (++n) + "/saturation.jsonl");
        }
    }
}
