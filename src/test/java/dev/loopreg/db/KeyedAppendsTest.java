package dev.loopreg.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every keyed append is unique in the database (migration V9, {@link LineKeys}): the same keyed line appended twice —
 * a retry, a writer that lost its lock — is one row; the migration gives the lines already there the very keys the
 * appends compute, keeping a repeated line as it was, without its key.
 */
class KeyedAppendsTest {

    static final String SAT = "loops/kaizen-stack/saturation.jsonl";
    static final String RECS = "loops/regulator/recommendations.jsonl";
    static final String RUNS = "loops/regulator/runs.jsonl";
    static final String URGENT = "loops/regulator/urgent-tasks.jsonl";
    static final String REQUESTS = "loops/regulator/api-requests.jsonl";
    static final String OUTBOX = "loops/regulator/outbox.jsonl";

    /** Lines of each keyed log: keyed ones, a repeat, and lines that have no key. */
    static final Map<String, List<String>> LINES = Map.of(
            SAT, List.of(
                    "{\"repo\":\"repo-a\",\"agent\":\"optimization\",\"cycle\":\"2026-06-25T13:00:00Z\",\"gain\":0.1}",
                    "{\"repo\":\"repo-b\",\"agent\":\"optimization\",\"cycle\":\"2026-06-25T13:00:00Z\",\"gain\":0.2}",
                    "{\"repo\":\"repo-a\",\"agent\":\"optimization\",\"cycle\":\"2026-06-25T13:00:00Z\",\"gain\":0.3}",
                    "{\"repo\":\"repo-c\",\"agent\":\"optimization\",\"cycle\":12}",
                    "not json"),
            RECS, List.of("{\"loop\":\"a\",\"evaluated_at\":\"2026-06-25T13:00:00Z\",\"recommendation\":\"hold\"}",
                    "{\"loop\":\"a\",\"evaluated_at\":\"2026-06-25T13:00:00Z\",\"recommendation\":\"promote\"}",
                    "{\"loop\":\"a\",\"evaluated_at\":\"2026-06-25T13:00:00Z\",\"recommendation\":\"hold\"}"),
            RUNS, List.of("{\"evaluated_at\":\"2026-06-25T13:00:00Z\",\"loops\":3,\"changes\":[]}",
                    "{\"evaluated_at\":\"2026-06-25T13:00:00Z\",\"loops\":3,\"changes\":[]}"),
            URGENT, List.of("{\"id\":\"URG-001\",\"event\":\"raised\",\"loop\":\"a\"}",
                    "{\"id\":\"URG-001\",\"event\":\"delivery_failed\",\"target\":\"state-hub\"}",
                    "{\"id\":\"URG-001\",\"event\":\"delivery_failed\",\"target\":\"state-hub\"}",
                    "{\"id\":\"URG-001\",\"event\":\"delivered\",\"target\":\"state-hub\"}",
                    "{\"id\":\"URG-001\",\"event\":\"delivered\",\"target\":\"webhook\"}",
                    "{\"id\":\"URG-001\",\"event\":\"raised\",\"loop\":\"a\",\"again\":true}",
                    "{\"id\":\"URG-001\",\"event\":\"cleared\"}"),
            REQUESTS, List.of("{\"key\":\"k-1\",\"request\":\"POST /api/loops/a/approve\"}",
                    "{\"key\":\"k-1\",\"request\":\"POST /api/loops/a/approve\",\"again\":1}",
                    "{\"key\":\"k-2\",\"request\":\"POST /api/loops/a/approve\"}"),
            OUTBOX, List.of("{\"event\":\"queued\",\"key\":\"loopreg-DEC-001\",\"target\":\"state-hub\"}",
                    "{\"event\":\"attempt\",\"key\":\"loopreg-DEC-001\",\"outcome\":\"failed\"}",
                    "{\"event\":\"attempt\",\"key\":\"loopreg-DEC-001\",\"outcome\":\"failed\"}",
                    "{\"event\":\"queued\",\"key\":\"loopreg-DEC-001\",\"target\":\"state-hub\",\"again\":1}"));

    /**
     * How many rows each log keeps when its lines are appended one by one: a keyed line already there adds none; an
     * evaluation repeated at the same instant is recorded again (recommendations and runs have no key), as on the files.
     */
    static final Map<String, Integer> KEPT = Map.of(SAT, 4, RECS, 3, RUNS, 2, URGENT, 6, REQUESTS, 2, OUTBOX, 3);

    @Test
    void theSameKeyedLine_appendedTwice_isOneRow() throws Exception {
        try (Database db = Database.open(DatabaseUrl.parse(TestPostgres.get().newDatabase()))) {
            for (var e : LINES.entrySet()) {
                PgLineLog log = new PgLineLog(db.dataSource(), e.getKey());
                for (String l : e.getValue()) log.append(List.of(l), x -> true);
                assertThat(log.readAll()).as(e.getKey()).hasSize(KEPT.get(e.getKey()));
                assertThat(log.readAll().get(0).text()).isEqualTo(e.getValue().get(0));   // the first of a key stays
            }
            // a log with no key (the decisions have theirs, V6; the sessions and approvals none here) keeps every line
            PgLineLog noise = new PgLineLog(db.dataSource(), "loops/regulator/noise-sources.jsonl");
            noise.append(List.of("{\"id\":\"NOI-001\"}", "{\"id\":\"NOI-001\"}"), x -> true);
            assertThat(noise.readAll()).hasSize(2);
        }
    }

    @Test
    void theMigration_keysTheLinesAlreadyThere_asTheAppendsDo_keepingEveryLine() throws Exception {
        DatabaseUrl url = DatabaseUrl.parse(TestPostgres.get().newDatabase());
        var ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setUrl(url.jdbc());
        ds.setUser(url.user());
        ds.setPassword(url.password());
        org.flywaydb.core.Flyway.configure().dataSource(ds).locations("classpath:db/migration").target("8").load().migrate();
        try (Connection c = ds.getConnection(); var s = c.prepareStatement("INSERT INTO lines (log, line) VALUES (?, ?)")) {
            for (var e : LINES.entrySet()) {
                try (var l = c.prepareStatement("INSERT INTO logs (log) VALUES (?)")) {
                    l.setString(1, e.getKey());
                    l.executeUpdate();
                }
                for (String line : e.getValue()) {
                    s.setString(1, e.getKey());
                    s.setString(2, line);
                    s.executeUpdate();
                }
            }
        }
        try (Database db = Database.open(url); Connection c = db.dataSource().getConnection()) {
            for (var e : LINES.entrySet()) {
                List<String> lines = new ArrayList<>();
                List<String> keys = new ArrayList<>();
                try (var s = c.prepareStatement("SELECT line, key FROM lines WHERE log = ? ORDER BY seq")) {
                    s.setString(1, e.getKey());
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            lines.add(r.getString(1));
                            keys.add(r.getString(2));
                        }
                    }
                }
                assertThat(lines).as("every line kept as it was").isEqualTo(e.getValue());
                List<String> expected = new ArrayList<>();
                java.util.Set<String> seen = new java.util.HashSet<>();
                for (String l : e.getValue()) {
                    String k = LineKeys.of(e.getKey(), l);
                    expected.add(k != null && seen.add(k) ? k : null);
                }
                assertThat(keys).as(e.getKey() + ": the keys the appends compute, a repeat without").isEqualTo(expected);
            }
            // and from now on a repeat is "already there"
            PgLineLog sat = new PgLineLog(db.dataSource(), SAT);
            sat.append(List.of(LINES.get(SAT).get(1)), x -> true);
            assertThat(sat.readAll()).hasSize(LINES.get(SAT).size());
        }
    }

    @Test
    void theKeys() {
        assertThat(LineKeys.of(SAT, LINES.get(SAT).get(0))).isEqualTo("repo-a optimization 2026-06-25T13:00:00Z");
        assertThat(LineKeys.of(SAT, LINES.get(SAT).get(3))).as("a cycle that is not a string").isNull();
        assertThat(LineKeys.of(SAT, "not json")).isNull();
        assertThat(LineKeys.of("loops/a/b/saturation.jsonl", LINES.get(SAT).get(0))).as("not a loop's log").isNull();
        assertThat(LineKeys.of(URGENT, LINES.get(URGENT).get(3))).isEqualTo("URG-001 delivered state-hub");
        assertThat(LineKeys.of(URGENT, LINES.get(URGENT).get(1))).isNull();
        assertThat(LineKeys.of(OUTBOX, LINES.get(OUTBOX).get(0))).isEqualTo("queued loopreg-DEC-001");
        assertThat(LineKeys.of(RUNS, LINES.get(RUNS).get(0))).as("an evaluation has no key").isNull();
        assertThat(LineKeys.of(RECS, LINES.get(RECS).get(0))).isNull();
        assertThat(LineKeys.of("loops/kaizen-stack/health.jsonl", "{}")).isNull();
    }
}
