package dev.loopreg.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopreg.workspace.JsonlFile;
import java.sql.Connection;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Health records by month on a real PostgreSQL: a partition per month, reads across them, retention by whole months. */
class HealthMonthsTest {

    @Test
    void recordsOverThreeMonths_readInOrder_oldestMonthPruned_otherLogsKept() throws Exception {
        try (Database db = Database.open(DatabaseUrl.parse(TestPostgres.get().newDatabase()))) {
            PgLineLog health = new PgLineLog(db.dataSource(), "loops/a/health.jsonl");
            PgLineLog decisions = new PgLineLog(db.dataSource(), "loops/regulator/decisions.jsonl");
            List<String> lines = new ArrayList<>();
            for (String day : List.of("2026-04-30T23:00:00Z", "2026-05-01T00:00:00Z", "2026-05-31T23:59:59Z", "2026-06-15T12:00:00Z")) {
                lines.add("{\"loop\":\"a\",\"cycle\":\"" + day + "\",\"phase\":\"bootstrap\"}");
            }
            lines.add("{\"loop\":\"a\",\"cycle\":\"not an instant\"}");   // no readable cycle: kept undated
            health.append(lines, s -> true);
            decisions.append(List.of("{\"id\":\"DEC-001\",\"at\":\"2026-01-01T00:00:00Z\"}"), s -> true);

            try (Connection c = db.dataSource().getConnection()) {
                assertThat(HealthMonths.months(c)).containsExactly(YearMonth.of(2026, 4), YearMonth.of(2026, 5), YearMonth.of(2026, 6));
            }
            assertThat(health.readAll()).extracting(JsonlFile.Line::text).containsExactlyElementsOf(lines);

            try (Connection c = db.dataSource().getConnection()) {
                c.setAutoCommit(false);
                List<YearMonth> dropped = HealthMonths.prune(c, Instant.parse("2026-06-20T00:00:00Z"), 2);
                c.commit();
                assertThat(dropped).containsExactly(YearMonth.of(2026, 4));
                assertThat(HealthMonths.months(c)).containsExactly(YearMonth.of(2026, 5), YearMonth.of(2026, 6));
            }
            assertThat(health.readAll()).extracting(JsonlFile.Line::text).containsExactlyElementsOf(lines.subList(1, 5));
            assertThat(decisions.readAll()).hasSize(1);
        }
    }

    @Test
    void cycle_readFromTheLine_orNull() {
        assertThat(HealthMonths.cycle("{\"errors\":[{\"x\":1}],\"cycle\":\"2026-06-25T12:00:00Z\"}")).isEqualTo(Instant.parse("2026-06-25T12:00:00Z"));
        assertThat(HealthMonths.cycle("{\"cycle\":5}")).isNull();
        assertThat(HealthMonths.cycle("not json")).isNull();
        assertThat(HealthMonths.cycle("[1,2]")).isNull();
        assertThat(HealthMonths.isHealthLog("loops/kaizen-stack/health.jsonl")).isTrue();
        assertThat(HealthMonths.isHealthLog("loops/regulator/decisions.jsonl")).isFalse();
    }
}
