package dev.loopreg.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopreg.Samples;
import dev.loopreg.collect.Collector;
import dev.loopreg.source.Progress;
import dev.loopreg.regulator.Regulator;
import dev.loopreg.store.Store;
import dev.loopreg.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same use cases on the two stores: the sample workspace as files, and a copy of it imported into a real
 * PostgreSQL. Evaluations and a collection at the same instants write the same dashboard and the same lines — the
 * database's, exported — and leave the same cadence state; the files a person reads in git are the same bytes.
 */
class PgStoreContractTest {

    @TempDir
    Path tmp;

    @Test
    void sample_evaluatedAndCollected_onBothStores_sameBytes() throws Exception {
        Workspace files = new Workspace(Samples.sample(tmp.resolve("files")));
        Workspace pg = new Workspace(Samples.sample(tmp.resolve("pg")));
        try (Database db = Database.open(DatabaseUrl.parse(TestPostgres.get().newDatabase()))) {
            PgStore.Copied copied = PgStore.importFiles(pg, db);
            assertThat(copied.logs()).isEqualTo(5);
            assertThat(copied.documents()).isEqualTo(5);   // the regulator's cadence.yml, the three loops', kaizen-stack's roster
            // the JSON Lines are the database's now: the files are gone, so every read below is the database's
            try (Stream<Path> s = Files.walk(pg.root())) {
                for (Path p : s.filter(p -> p.toString().endsWith(".jsonl")).toList()) Files.delete(p);
            }
            Store pgStore = PgStore.open(pg, db);
            Clock wall = Clock.fixed(Instant.parse("2026-06-25T12:00:30Z"), ZoneOffset.UTC);
            Regulator onFiles = new Regulator(files, Duration.ofSeconds(5), wall, n -> null);
            Regulator onPg = new Regulator(pgStore, Duration.ofSeconds(5), wall, n -> null);

            Instant first = Instant.parse("2026-06-25T12:00:00Z");
            onFiles.evaluate(first);
            onPg.evaluate(first);
            assertSameFiles(files, pg);

            // an hour later: a collection and an evaluation on each
            Instant second = Instant.parse("2026-06-25T13:00:00Z");
            new Collector(files, Duration.ofSeconds(5), wall, n -> null, Progress.none()).collect(second, new Collector.Options(null, false, null, null));
            new Collector(pgStore, Duration.ofSeconds(5), wall, n -> null, Progress.none()).collect(second, new Collector.Options(null, false, null, null));
            onFiles.evaluate(second);
            onPg.evaluate(second);
            assertThat(Files.readString(pg.dashboard())).isEqualTo(Files.readString(files.dashboard()))
                    .contains("kaizen-stack", "quality-escalation", "registry-hygiene").doesNotContain("file is missing");
            for (String id : files.loopDirectories()) {
                assertThat(pgStore.health(id).values()).as(id).isEqualTo(Store.files(files).health(id).values());
                assertThat(pgStore.docs().read(pg.cadence(id))).isEqualTo(Files.readString(files.cadence(id)));
            }
            try (Stream<Path> s = Files.walk(pg.root())) {
                assertThat(s.filter(p -> p.toString().endsWith(".jsonl")).toList()).as("no JSON Lines file written").isEmpty();
            }
            assertThat(pgStore.recommendations().entries()).extracting(e -> e.text())
                    .isEqualTo(Store.files(files).recommendations().entries().stream().map(e -> e.text()).toList());
        }
    }

    /** Every file of the two workspaces but the JSON Lines the database holds (not written to files) is the same. */
    private static void assertSameFiles(Workspace a, Workspace b) throws Exception {
        try (Stream<Path> s = Files.walk(a.root())) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                assertThat(p.toString()).doesNotContain(".torn");
                Path rel = a.root().relativize(p);
                if (rel.toString().endsWith(".jsonl") || rel.toString().endsWith(".lock")) continue;
                assertThat(b.root().resolve(rel)).as(rel.toString()).exists();
                assertThat(Files.readString(b.root().resolve(rel))).as(rel.toString()).isEqualTo(Files.readString(p));
            }
        }
    }
}
