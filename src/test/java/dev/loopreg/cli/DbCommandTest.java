package dev.loopreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopreg.db.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code loopreg db import|export} and {@code --database} on a real PostgreSQL. */
class DbCommandTest {

    @TempDir
    Path tmp;

    @Test
    void importExport_roundTrip_givesTheSameFiles_andCommandsReadTheDatabase() throws Exception {
        Path ws = Cli.sample(tmp.resolve("ws"));
        Path files = Cli.sample(tmp.resolve("files"));
        String url = TestPostgres.get().newDatabase();

        // a database without an imported workspace is refused, and nothing is written to it
        Cli.Result empty = Cli.run("-w", ws.toString(), "--database", url, "evaluate");
        assertThat(empty.exit()).isEqualTo(1);
        assertThat(empty.err()).contains("holds no workspace state yet; expected one imported with 'loopreg db import'");

        Cli.Result imp = Cli.run("-w", ws.toString(), "db", "import", "--database", url);
        assertThat(imp.exit()).as(imp.toString()).isZero();
        assertThat(imp.out()).matches("imported 5 logs \\(\\d+ lines\\) and 5 documents into postgresql://loopreg@127\\.0\\.0\\.1:\\d+/\\w+\\n");

        Cli.Result again = Cli.run("-w", ws.toString(), "db", "import", "--database", url);
        assertThat(again.exit()).isEqualTo(3);
        assertThat(again.err()).contains("loops/kaizen-stack/health.jsonl: already in the database; an import copies into an empty one; nothing was imported");

        Path out = tmp.resolve("export");
        Cli.Result exp = Cli.run("-w", ws.toString(), "db", "export", "--to", out.toString(), "--database", url);
        assertThat(exp.exit()).as(exp.toString()).isZero();
        assertThat(tree(out)).isEqualTo(tree(ws));
        for (String rel : tree(ws)) assertThat(Files.readString(out.resolve(rel))).as(rel).isEqualTo(Files.readString(ws.resolve(rel)));

        Cli.Result full = Cli.run("-w", ws.toString(), "db", "export", "--to", out.toString(), "--database", url);
        assertThat(full.exit()).isEqualTo(3);
        assertThat(full.err()).contains("exists and is not an empty directory; expected a new or empty directory (nothing was written)");

        // the state is the database's: without the JSON Lines files, status and evaluate say what they say on the files
        try (Stream<Path> s = Files.walk(ws)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".jsonl")).toList()) Files.delete(p);
        }
        String now = "2026-06-25T12:00:00Z";
        Cli.Result st = Cli.runWithEnv(java.util.Map.of("LOOPREG_DATABASE_URL", url), "-w", ws.toString(), "status", "--json", "--now", now);
        Cli.Result stFiles = Cli.run("-w", files.toString(), "status", "--json", "--now", now);
        assertThat(st.exit()).isEqualTo(stFiles.exit());
        assertThat(st.out().replace(ws.toString(), "WS")).isEqualTo(stFiles.out().replace(files.toString(), "WS"));
        Cli.Result ev = Cli.run("-w", ws.toString(), "--database", url, "evaluate", "--json", "--now", now);
        Cli.Result evFiles = Cli.run("-w", files.toString(), "evaluate", "--json", "--now", now);
        assertThat(ev.exit()).as(ev.toString()).isEqualTo(evFiles.exit());
        assertThat(ev.out().replace(ws.toString(), "WS")).isEqualTo(evFiles.out().replace(files.toString(), "WS")).contains("kaizen-stack");
        assertThat(Files.readString(ws.resolve("loops/regulator/dashboard.md"))).isEqualTo(Files.readString(files.resolve("loops/regulator/dashboard.md")));

        // retention: the sample's records are of June 2026; keeping one month in August drops them, nothing else
        Cli.Result keep = Cli.run("-w", ws.toString(), "--database", url, "db", "prune", "--keep-months", "3", "--now", "2026-08-01T00:00:00Z");
        assertThat(keep.out()).isEqualTo("nothing to drop before 2026-06; kept 2026-06 to 2026-06\n");
        Cli.Result prune = Cli.run("-w", ws.toString(), "--database", url, "db", "prune", "--keep-months", "1", "--now", "2026-08-01T00:00:00Z");
        assertThat(prune.exit()).as(prune.toString()).isZero();
        assertThat(prune.out()).isEqualTo("dropped the health records of 2026-06; no month of health records left\n");
        Cli.Result zero = Cli.run("-w", ws.toString(), "--database", url, "db", "prune", "--keep-months", "0");
        assertThat(zero.exit()).isEqualTo(2);
        assertThat(zero.err()).contains("--keep-months: 0 is less than 1; expected 1 or more months");
        Path after = tmp.resolve("after");
        Cli.run("-w", ws.toString(), "db", "export", "--to", after.toString(), "--database", url);
        assertThat(Files.readString(after.resolve("loops/kaizen-stack/health.jsonl"))).isEmpty();
        assertThat(Files.readString(after.resolve("loops/regulator/decisions.jsonl"))).isEqualTo(Files.readString(files.resolve("loops/regulator/decisions.jsonl")));
    }

    @Test
    void badOrMissingDatabase_saysWhy_andWritesNothing() throws Exception {
        Path ws = Cli.sample(tmp.resolve("ws"));
        List<String> before = tree(ws);
        Cli.Result none = Cli.run("-w", ws.toString(), "db", "import");
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.err()).contains("no database: give --database postgresql://user:password@host:port/db or set LOOPREG_DATABASE_URL");
        Cli.Result bad = Cli.run("-w", ws.toString(), "db", "import", "--database", "mysql://u:secret@h/db");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("--database: 'mysql://u:***@h/db' is not a PostgreSQL URL; expected postgresql://user:password@host:port/database")
                .doesNotContain("secret");
        Cli.Result down = Cli.run("-w", ws.toString(), "--database", "postgresql://loopreg:pw@127.0.0.1:1/none", "evaluate");
        assertThat(down.exit()).isEqualTo(1);
        assertThat(down.err()).contains("--database: cannot connect to postgresql://loopreg:***@127.0.0.1:1/none").doesNotContain(":pw@");
        // init writes files: it says so instead of writing them beside a database
        Cli.Result init = Cli.run("-w", tmp.resolve("new").toString(), "--database", "postgresql://h/db", "init");
        assertThat(init.exit()).isEqualTo(3);
        assertThat(init.err()).contains("then 'loopreg db import --database URL' copies its state into the database");
        assertThat(tmp.resolve("new")).doesNotExist();
        assertThat(tree(ws)).isEqualTo(before);
    }

    private static List<String> tree(Path root) throws Exception {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString())
                    .filter(r -> !r.endsWith(".loopreg.lock")).sorted().forEach(out::add);
        }
        return out;
    }

    @Test
    void aDecisionIdUsedTwice_isNeverImported_norRecordedTwice() throws Exception {
        Path ws = Cli.sample(tmp.resolve("dup"));
        Path log = ws.resolve("loops/regulator/decisions.jsonl");
        String first = Files.readAllLines(log).get(0);
        Files.writeString(log, Files.readString(log) + first + "\n");
        String url = TestPostgres.get().newDatabase();
        Cli.Result imp = Cli.run("-w", ws.toString(), "db", "import", "--database", url);
        assertThat(imp.exit()).isEqualTo(1);
        assertThat(imp.err()).contains("loops/regulator/decisions.jsonl: a decision id is used twice (DEC-001 is already recorded); "
                + "expected each decision numbered once (loopreg validate names the lines); nothing was imported");
        Cli.Result st = Cli.run("-w", ws.toString(), "--database", url, "status");
        assertThat(st.err()).contains("holds no workspace state yet");   // nothing of the import is there

        // imported whole, a plan that records a number already used fails whole
        Files.writeString(log, first + "\n");
        assertThat(Cli.run("-w", ws.toString(), "db", "import", "--database", url).exit()).isZero();
        try (var db = dev.loopreg.db.Database.open(dev.loopreg.db.DatabaseUrl.parse(url))) {
            var store = dev.loopreg.db.PgStore.open(new dev.loopreg.workspace.Workspace(ws), db);
            int before = store.decisions().values().size();
            var plan = new dev.loopreg.store.Plan("test (a second DEC-001)")
                    .append(ws.resolve("loops/regulator/approvals.jsonl"), "k", List.of("{\"id\":\"APR-900\"}"), l -> true)
                    .append(log, "DEC-001", List.of(first), l -> true);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.carryOut(plan, java.time.Instant.now()))
                    .hasMessageContaining("another writer recorded the same decision number at the same time (DEC-001 is already recorded)")
                    .hasMessageEndingWith("nothing of 'test (a second DEC-001)' was recorded; run it again");
            assertThat(store.decisions().values()).hasSize(before);
            assertThat(store.approvals().values()).noneMatch(a -> a.path("id").asText().equals("APR-900"));
        }
    }
}
