package dev.loopreg.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Opening a database: the schema migrated once, then recognised as current without Flyway. */
class DatabaseTest {

    @Test
    void schemaVersion_isTheNewestMigration() throws Exception {
        int newest;
        try (Stream<Path> s = Files.list(Path.of("src/main/resources/db/migration"))) {
            newest = s.map(p -> p.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max().orElse(0);
        }
        assertThat(Database.SCHEMA_VERSION).isEqualTo(newest);
    }

    @Test
    void newDatabase_migrated_thenCurrent() throws Exception {
        String url = TestPostgres.get().newDatabase();
        try (Database db = Database.open(DatabaseUrl.parse(url))) {
            assertThat(Database.current(db.dataSource())).isTrue();
            try (var c = db.dataSource().getConnection(); var st = c.createStatement()) {
                st.execute("UPDATE flyway_schema_history SET success = false WHERE version = '4'");
                assertThat(Database.current(db.dataSource())).isFalse();
                st.execute("UPDATE flyway_schema_history SET success = true WHERE version = '4'");
            }
        }
        try (Database again = Database.open(DatabaseUrl.parse(url))) {   // current: opened without migrating
            assertThat(Database.current(again.dataSource())).isTrue();
        }
    }
}
