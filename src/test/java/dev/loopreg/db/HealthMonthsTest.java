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

    /**
     * Loops' cycles append the first records of a new month at once, each for its own loop (their loop locks do not
     * exclude each other): every append lands, and the month has one partition. Making the partition inside each
     * transaction without ordering the makers deadlocked here (the three-replica test found it).
     */
    @Test
    void manyLoopsFirstRecordsOfAMonth_atOnce_allLand_onePartition() throws Exception {
        try (Database db = Database.open(DatabaseUrl.parse(TestPostgres.get().newDatabase()))) {
            int loops = 12;
            for (int round = 0; round < 4; round++) {
                String month = "2027-%02d".formatted(round + 1);
                java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(loops);
                java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(loops);
                List<java.util.concurrent.Future<?>> done = new ArrayList<>();
                for (int l = 0; l < loops; l++) {
                    String id = "l" + l;
                    done.add(pool.submit(() -> {
                        PgLineLog log = new PgLineLog(db.dataSource(), "loops/" + id + "/health.jsonl");
                        start.await();
                        log.append(List.of("{\"loop\":\"" + id + "\",\"cycle\":\"" + month + "-01T00:00:00Z\"}"), s -> true);
                        return null;
                    }));
                }
                for (var f : done) f.get(60, java.util.concurrent.TimeUnit.SECONDS);   // a deadlock fails one of them
                pool.shutdown();
            }
            try (Connection c = db.dataSource().getConnection()) {
                assertThat(HealthMonths.months(c)).containsExactly(YearMonth.of(2027, 1), YearMonth.of(2027, 2), YearMonth.of(2027, 3),
                        YearMonth.of(2027, 4));
            }
            for (int l = 0; l < loops; l++) {
                assertThat(new PgLineLog(db.dataSource(), "loops/l" + l + "/health.jsonl").readAll()).hasSize(4);
            }
        }
    }
}
