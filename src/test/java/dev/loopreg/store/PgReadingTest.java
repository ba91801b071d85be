package dev.loopreg.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopreg.Samples;
import dev.loopreg.cadence.Policy;
import dev.loopreg.db.Database;
import dev.loopreg.db.DatabaseUrl;
import dev.loopreg.db.TestPostgres;
import dev.loopreg.format.Problem;
import dev.loopreg.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample workspace's JSON Lines kinds copied into a real PostgreSQL and read back through the same kinds: every
 * loop's snapshot — window, latest record, problems — is the one read from the files, and it still is once the files
 * are gone (so it came from the database).
 */
class PgReadingTest {

    @TempDir
    Path tmp;

    @Test
    void sample_importedIntoPostgres_readsAsFromTheFiles() throws Exception {
        Workspace ws = new Workspace(Samples.sample(tmp));
        long fileLines;
        try (Stream<Path> s = Files.walk(ws.loops())) {
            fileLines = 0;
            for (Path p : s.filter(p -> p.toString().endsWith(".jsonl")).toList()) fileLines += Files.readAllLines(p).size();
        }
        try (Database db = Database.open(DatabaseUrl.parse(TestPostgres.get().newDatabase()))) {
            dev.loopreg.db.PgStore.Copied copied = dev.loopreg.db.PgStore.importFiles(ws, db);
            Store pg = dev.loopreg.db.PgStore.open(ws, db);
            assertThat(copied.logs()).isEqualTo(5);
            assertThat(copied.lines()).isEqualTo(fileLines).isGreaterThan(50);
            assertThat(copied.leftOut()).isEmpty();

            Instant now = Instant.parse("2026-06-25T12:00:00Z");
            WorkspaceReader files = new WorkspaceReader(ws);
            List<String> expected = snapshots(files, now);
            assertThat(expected).hasSize(3).allMatch(s -> s.contains("records=") && !s.contains("records=0,"));
            assertThat(snapshots(new WorkspaceReader(pg), now)).containsExactlyElementsOf(expected);

            try (Stream<Path> s = Files.walk(ws.loops())) {
                for (Path p : s.filter(p -> p.toString().endsWith(".jsonl")).toList()) Files.delete(p);
            }
            assertThat(snapshots(new WorkspaceReader(pg), now)).containsExactlyElementsOf(expected);
            assertThat(snapshots(new WorkspaceReader(ws), now)).isNotEqualTo(expected);

            // an import never doubles what is there
            Files.writeString(ws.health("kaizen-stack"), "");
            assertThatThrownBy(() -> dev.loopreg.db.PgStore.importFiles(ws, db)).hasMessage("loops/kaizen-stack/health.jsonl: already in the database; an import copies into an empty one");
        }
    }

    private static List<String> snapshots(WorkspaceReader r, Instant now) throws Exception {
        List<Problem> problems = new ArrayList<>();
        Policy policy = r.policy(problems);
        List<String> out = new ArrayList<>();
        for (String id : r.loopIds(problems)) {
            LoopSnapshot s = r.loop(id, policy, now);
            var w = s.window(now);
            out.add(id + ": records=" + (w == null ? 0 : w.records().size()) + ", " + (w == null ? null : w.records())
                    + ", older=" + (w == null ? 0 : w.older()) + ", latest=" + s.latest(now) + ", problems=" + s.problems());
        }
        return out;
    }
}
