package dev.loopreg.db;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopreg.Samples;
import dev.loopreg.store.Store;
import dev.loopreg.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The zombie writer on a real PostgreSQL: a replica holds a loop's lock, its database session ends (as a restart ends it
 * while the process sleeps), another replica takes the lock and records the slot; the first wakes and appends the same
 * slot — refused whole by the fence, and even without the fence the slot is one row (the database's unique key).
 */
@org.junit.jupiter.api.parallel.Isolated("measures time: nothing runs beside it")
class FencedWritesTest {

    @TempDir
    Path tmp;

    static final String LOOP = "kaizen-stack";
    static final String LOG = "loops/kaizen-stack/health.jsonl";

    static String record(String cycle, String note) throws Exception {
        String last = Files.readAllLines(Path.of("examples/sample-workspace/loops/kaizen-stack/health.jsonl")).stream()
                .filter(l -> !l.isBlank()).reduce((a, b) -> b).orElseThrow();
        return last.replace("\"cycle\":\"2026-06-25T12:00:00Z\"", "\"cycle\":\"" + cycle + "\"").replace("\"at\":\"2026-06-25T12:50:00Z\"",
                "\"at\":\"" + note + "\"");
    }

    static long rows(Database db, String cycle) throws Exception {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT count(*) FROM health_lines WHERE log = ? AND cycle = ?::timestamptz")) {
            s.setString(1, LOG);
            s.setString(2, cycle);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /** Ends the sessions holding a loop's lock, as a database restart ends a sleeping replica's. */
    static int endHolders(Database db) throws Exception {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_locks WHERE locktype = 'advisory' AND classid = ? AND granted")) {
            s.setInt(1, PgStore.LOOP_LOCKS);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    @Test
    void aWriterWhoseLockWasLost_canNeverWrite_andASlotIsOneRow() throws Exception {
        Workspace a = new Workspace(Samples.sample(tmp.resolve("a")));
        Workspace b = new Workspace(Samples.sample(tmp.resolve("b")));
        String url = TestPostgres.get().newDatabase();
        try (Database dbA = Database.open(DatabaseUrl.parse(url)); Database dbB = Database.open(DatabaseUrl.parse(url))) {
            PgStore.importFiles(a, dbA);
            Store sa = PgStore.open(a, dbA);
            Store sb = PgStore.open(b, dbB);
            String slot = "2026-06-25T13:00:00Z";
            ExecutorService zombie = Executors.newSingleThreadExecutor();   // the sleeping replica: its lock and its writes on one thread
            try {
                Store.Held held = zombie.submit(() -> sa.loopLock(LOOP, "cycle of " + LOOP, Duration.ofSeconds(5), Instant.now(), x -> { })).get();
                assertThat(endHolders(dbA)).isEqualTo(1);

                // the other replica takes the lock the restart freed, and records the slot
                try (Store.Held other = sb.loopLock(LOOP, "cycle of " + LOOP, Duration.ofSeconds(5), Instant.now(), x -> { })) {
                    sb.health(LOOP).appendNowEncoded(List.of(record(slot, "2026-06-25T13:50:00Z")));
                }
                assertThat(rows(dbA, slot)).isEqualTo(1);

                // the sleeper wakes and appends the same slot under the lock it lost: refused, nothing written
                var woke = zombie.submit(() -> sa.health(LOOP).appendNowEncoded(List.of(record(slot, "2026-06-25T13:51:00Z"))));
                assertThatThrownBy(woke::get).rootCause().hasMessageContaining("no longer holds the lock of loop kaizen-stack");
                assertThat(rows(dbA, slot)).isEqualTo(1);
                zombie.submit(() -> {
                    try {
                        held.close();
                    } catch (Exception e) {
                        // its connection is gone, and its locks with it
                    }
                    return null;
                }).get();

                // without any lock (no fence to check), the same slot twice is still one row: the keyed append's "already there"
                sb.health(LOOP).appendNowEncoded(List.of(record(slot, "2026-06-25T13:52:00Z")));
                assertThat(rows(dbA, slot)).isEqualTo(1);
                assertThat(sb.health(LOOP).values().stream().filter(r -> r.cycle().equals(Instant.parse(slot)))).hasSize(1);
            } finally {
                zombie.shutdownNow();
            }
        }
    }

    /**
     * A database a zombie writer doubled before the unique key: migrating keeps the first record of each slot in
     * health_lines and moves the others, whole, to health_duplicates — nothing is deleted, and the key can be made.
     */
    @Test
    void theMigration_movesDoubledSlotsAside_keepingTheFirst() throws Exception {
        DatabaseUrl url = DatabaseUrl.parse(TestPostgres.get().newDatabase());
        var ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setUrl(url.jdbc());
        ds.setUser(url.user());
        ds.setPassword(url.password());
        org.flywaydb.core.Flyway.configure().dataSource(ds).locations("classpath:db/migration").target("6").load().migrate();
        try (Connection c = ds.getConnection(); var s = c.createStatement()) {
            s.execute("INSERT INTO logs (log) VALUES ('" + LOG + "')");
            s.execute("CREATE TABLE IF NOT EXISTS health_lines_2026_06 PARTITION OF health_lines FOR VALUES FROM ('2026-06-01 00:00:00+00') "
                    + "TO ('2026-07-01 00:00:00+00')");
            for (String note : List.of("first", "second", "third")) {
                s.execute("INSERT INTO health_lines (log, cycle, line) VALUES ('" + LOG + "', '2026-06-25T13:00:00Z', '" + note + "')");
            }
            s.execute("INSERT INTO health_lines (log, cycle, line) VALUES ('" + LOG + "', '2026-06-25T14:00:00Z', 'other slot')");
        }
        try (Database db = Database.open(url)) {
            assertThat(rows(db, "2026-06-25T13:00:00Z")).isEqualTo(1);
            assertThat(rows(db, "2026-06-25T14:00:00Z")).isEqualTo(1);
            try (Connection c = db.dataSource().getConnection(); var s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT (SELECT line FROM health_lines WHERE cycle = '2026-06-25T13:00:00Z'), "
                         + "(SELECT string_agg(line, ',' ORDER BY seq) FROM health_duplicates)")) {
                r.next();
                assertThat(r.getString(1)).isEqualTo("first");
                assertThat(r.getString(2)).isEqualTo("second,third");
            }
        }
    }

    /**
     * No fleet-wide stall: a replica holding the fleet's lock whose heartbeat stopped (as a paused or cut-off process's
     * does) is ended by the next waiter, which gets the lock within a few beats — and the stalled one can write no more.
     * A holder that keeps beating is never ended: the waiter times out as it always did.
     */
    @Test
    void aStalledHolder_isEnded_aBeatingOneIsNot() throws Exception {
        Workspace a = new Workspace(Samples.sample(tmp.resolve("a")));
        Workspace b = new Workspace(Samples.sample(tmp.resolve("b")));
        String url = TestPostgres.get().newDatabase();
        try (Database dbA = Database.open(DatabaseUrl.parse(url)); Database dbB = Database.open(DatabaseUrl.parse(url))) {
            PgStore.importFiles(a, dbA);
            Store sa = PgStore.open(a, dbA);
            Store sb = PgStore.open(b, dbB);
            dbB.leases().beat(Duration.ofMillis(100));   // B beats fast: its own holders are stalled after 400 ms
            ExecutorService replicaA = Executors.newSingleThreadExecutor();
            try {
                // a holder that beats — every 1.5 s, slower than the waiter: stalled only after 4 of its own beats, so
                // never ended; the waiter times out
                dbA.leases().beat(Duration.ofMillis(1500));
                var beating = replicaA.submit(() -> sa.lock("loopreg evaluate", Duration.ofSeconds(5), Instant.now(), x -> { })).get();
                long t0 = System.nanoTime();
                assertThatThrownBy(() -> sb.lock("loopreg apply", Duration.ofSeconds(3), Instant.now(), x -> { }))
                        .isInstanceOf(dev.loopreg.workspace.WorkspaceLock.LockedException.class);
                assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(2_900L, 6_000L);
                replicaA.submit(() -> {
                    beating.close();
                    return null;
                }).get();

                // a holder that stopped beating (paused): ended after its heartbeat is 4 of its beats old, the waiter gets the lock
                dbA.leases().beat(Duration.ofMillis(250));
                var stalled = replicaA.submit(() -> sa.lock("loopreg evaluate", Duration.ofSeconds(5), Instant.now(), x -> { })).get();
                dbA.leases().stopBeating();
                long t1 = System.nanoTime();
                try (var got = sb.lock("loopreg apply", Duration.ofSeconds(30), Instant.now(), x -> { })) {
                    long ms = (System.nanoTime() - t1) / 1_000_000;
                    assertThat(ms).as("got the lock after %d ms", ms).isLessThan(5_000);
                }
                // the stalled replica wakes: whatever it writes under the lock it lost is refused
                var woke = replicaA.submit(() -> sa.health(LOOP).appendNowEncoded(List.of(record("2026-06-25T15:00:00Z", "x"))));
                assertThatThrownBy(woke::get).rootCause().hasMessageContaining("no longer holds the fleet's lock");
                replicaA.submit(() -> {
                    try {
                        stalled.close();
                    } catch (Exception e) {
                        // its session was ended, and its locks with it
                    }
                    return null;
                }).get();
            } finally {
                replicaA.shutdownNow();
            }
        }
    }

    /**
     * The heartbeat has a connection of its own: with every connection of the holder's pool taken (a replica under load),
     * its held lock is still beaten — a live holder is never taken as stalled because its pool ran dry.
     */
    @Test
    void aLiveHolder_keepsBeating_whenItsPoolRunsDry() throws Exception {
        Workspace a = new Workspace(Samples.sample(tmp.resolve("a")));
        String url = TestPostgres.get().newDatabase();
        try (Database db = Database.open(DatabaseUrl.parse(url))) {
            PgStore.importFiles(a, db);
            Store sa = PgStore.open(a, db);
            db.leases().beat(Duration.ofMillis(250));
            ExecutorService holder = Executors.newSingleThreadExecutor();
            List<Connection> taken = new java.util.ArrayList<>();
            var pool = ((com.zaxxer.hikari.HikariDataSource) db.dataSource()).getHikariPoolMXBean();
            try {
                var held = holder.submit(() -> sa.lock("loopreg evaluate (a long one)", Duration.ofSeconds(5), Instant.now(), x -> { })).get();
                while (pool.getActiveConnections() < 16) taken.add(db.dataSource().getConnection());
                Thread.sleep(2000);   // eight beats with the pool dry
                try (Connection c = java.sql.DriverManager.getConnection(DatabaseUrl.parse(url).jdbc(), "loopreg", null);
                     var s = c.createStatement();
                     ResultSet r = s.executeQuery("SELECT count(*), max(extract(epoch FROM now() - heartbeat)) FROM lock_sessions")) {
                    r.next();
                    assertThat(r.getInt(1)).as("the holder's session").isEqualTo(1);
                    assertThat(r.getDouble(2)).as("seconds since the last beat, the pool dry").isLessThan(0.8);
                }
                for (Connection c : taken) c.close();
                taken.clear();
                holder.submit(() -> {
                    held.close();
                    return null;
                }).get();
            } finally {
                for (Connection c : taken) c.close();
                holder.shutdownNow();
            }
        }
    }

    /**
     * A replica paused (or cut off) in the middle of a writing transaction holds its fences' rows FOR SHARE: ending its
     * lock's session is not enough, as the next holder's raise would wait for that transaction for as long as its
     * connection lives. PostgreSQL ends the idle transaction after the same 4 beats, and the next holder goes on.
     */
    @Test
    void aWriterStalledMidTransaction_doesNotHoldUpTheNextHolder() throws Exception {
        Workspace a = new Workspace(Samples.sample(tmp.resolve("a")));
        Workspace b = new Workspace(Samples.sample(tmp.resolve("b")));
        String url = TestPostgres.get().newDatabase();
        try (Database dbA = Database.open(DatabaseUrl.parse(url)); Database dbB = Database.open(DatabaseUrl.parse(url))) {
            PgStore.importFiles(a, dbA);
            Store sa = PgStore.open(a, dbA);
            Store sb = PgStore.open(b, dbB);
            dbA.leases().beat(Duration.ofMillis(250));    // stalled after 1 s without a beat
            dbB.leases().beat(Duration.ofMillis(250));    // a writing transaction idle for 1 s is ended
            ExecutorService replicaA = Executors.newSingleThreadExecutor();
            ExecutorService replicaB = Executors.newSingleThreadExecutor();
            try {
                var stalled = replicaA.submit(() -> sa.lock("loopreg evaluate", Duration.ofSeconds(5), Instant.now(), x -> { })).get();
                dbA.leases().stopBeating();   // A is paused
                Connection tx = replicaA.submit(() -> {
                    Connection c = dbA.dataSource().getConnection();
                    c.setAutoCommit(false);
                    Fences.check(c);   // its fences' rows FOR SHARE; then the process stops
                    return c;
                }).get();
                long t0 = System.nanoTime();
                var got = replicaB.submit(() -> sb.lock("loopreg apply", Duration.ofSeconds(30), Instant.now(), x -> { }));
                try (var held = got.get(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    assertThat(ms).as("got the lock and raised its fence after %d ms", ms).isLessThan(5_000);
                } finally {
                    got.cancel(true);
                }
                assertThatThrownBy(tx::commit).as("the stalled transaction was ended").isInstanceOf(java.sql.SQLException.class);
                tx.close();
                replicaA.submit(() -> {
                    try {
                        stalled.close();
                    } catch (Exception e) {
                        // its session was ended, and its locks with it
                    }
                    return null;
                }).get();
            } finally {
                replicaA.shutdownNow();
                replicaB.shutdownNow();
            }
        }
    }
}
