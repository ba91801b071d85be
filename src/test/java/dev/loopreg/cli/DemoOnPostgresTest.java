package dev.loopreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopreg.Samples;
import dev.loopreg.db.TestPostgres;
import dev.loopreg.demo.Demo;
import dev.loopreg.demo.DemoFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's three weeks of records on both stores: its workspace as files, and a copy imported into a real PostgreSQL
 * with its JSON Lines files deleted. At the demo's last instant, and an hour later after a collection, {@code status
 * --json}, {@code evaluate --json}, {@code validate}, the dashboard, the decision files and the decisions are the same
 * bytes.
 */
class DemoOnPostgresTest {

    @TempDir
    Path tmp;

    @Test
    void demoRecords_onFilesAndOnPostgres_sameBytes() throws Exception {
        Demo.Result story = DemoFixture.story();
        Path files = Samples.copyTree(DemoFixture.dir(), tmp.resolve("files"));
        Path pg = Samples.copyTree(DemoFixture.dir(), tmp.resolve("pg"));
        String url = TestPostgres.get().newDatabase();
        Cli.Result imp = Cli.run("-w", pg.toString(), "db", "import", "--database", url);
        assertThat(imp.exit()).as(imp.toString()).isZero();
        try (Stream<Path> s = Stream.concat(Files.walk(pg.resolve("loops")),
                Files.exists(pg.resolve(".kaizen")) ? Files.walk(pg.resolve(".kaizen")) : Stream.empty())) {
            dev.loopreg.db.PgLogs held = new dev.loopreg.db.PgLogs(new dev.loopreg.workspace.Workspace(pg), null);
            for (Path p : s.filter(held::holds).toList()) Files.delete(p);
        }

        String end = story.end().toString();
        String later = story.end().plusSeconds(3600).toString();
        same(files, pg, url, "status", "--json", "--now", end);
        same(files, pg, url, "validate");
        same(files, pg, url, "evaluate", "--json", "--now", end);
        same(files, pg, url, "collect", "--now", later);
        same(files, pg, url, "evaluate", "--json", "--now", later);
        same(files, pg, url, "status", "--json", "--now", later);
        same(files, pg, url, "rotation", "--json", "--now", later);

        assertThat(Files.readString(pg.resolve("loops/regulator/dashboard.md"))).isEqualTo(Files.readString(files.resolve("loops/regulator/dashboard.md")));
        List<String> decisionFiles;
        try (Stream<Path> s = Files.list(files.resolve("loops/regulator/decisions"))) {
            decisionFiles = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(decisionFiles).isNotEmpty();
        for (String d : decisionFiles) {
            assertThat(Files.readString(pg.resolve("loops/regulator/decisions").resolve(d))).as(d)
                    .isEqualTo(Files.readString(files.resolve("loops/regulator/decisions").resolve(d)));
        }
        Path out = tmp.resolve("export");
        assertThat(Cli.run("-w", pg.toString(), "db", "export", "--to", out.toString(), "--database", url).exit()).isZero();
        for (String log : List.of("loops/regulator/decisions.jsonl", "loops/regulator/recommendations.jsonl", "loops/regulator/runs.jsonl",
                "loops/kaizen-stack/health.jsonl", "loops/registry-hygiene/health.jsonl")) {
            assertThat(Files.readString(out.resolve(log))).as(log).isEqualTo(Files.readString(files.resolve(log)));
        }
    }

    private static void same(Path files, Path pg, String url, String... args) {
        String[] a = new String[args.length + 4];
        a[0] = "-w";
        a[2] = "--database";
        a[3] = url;
        System.arraycopy(args, 0, a, 4, args.length);
        a[1] = pg.toString();
        Cli.Result onPg = Cli.run(a);
        String[] f = new String[args.length + 2];
        f[0] = "-w";
        f[1] = files.toString();
        System.arraycopy(args, 0, f, 2, args.length);
        Cli.Result onFiles = Cli.run(f);
        String cmd = String.join(" ", args);
        assertThat(onPg.exit()).as(cmd + "\n" + onPg).isEqualTo(onFiles.exit());
        assertThat(onPg.out().replace(pg.toString(), "WS")).as(cmd).isEqualTo(onFiles.out().replace(files.toString(), "WS"));
        assertThat(onPg.err().replace(pg.toString(), "WS")).as(cmd).isEqualTo(onFiles.err().replace(files.toString(), "WS"));
    }
}
