package dev.loopreg.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopreg.Samples;
import dev.loopreg.db.Database;
import dev.loopreg.db.DatabaseUrl;
import dev.loopreg.db.PgStore;
import dev.loopreg.db.TestPostgres;
import dev.loopreg.regulator.Changes;
import dev.loopreg.regulator.Regulator;
import dev.loopreg.store.Store;
import dev.loopreg.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas' checkouts on one database: what one replica changes — a loop's cadence.yml, a decision file, the
 * dashboard — the other's exporter writes into its checkout; a dashboard ticked in a checkout is not overwritten, its
 * ticks are recorded, and the rewritten dashboard reaches the other checkout.
 */
class ExporterTest {

    private static final Instant NOW = Instant.parse("2026-06-25T12:00:00Z");

    @TempDir
    Path tmp;

    @Test
    void aChangeOnOneReplica_isWrittenIntoTheOthersCheckout_andTicksAreNeverLost() throws Exception {
        Workspace a = new Workspace(Samples.sample(tmp.resolve("a")));
        Workspace b = new Workspace(Samples.sample(tmp.resolve("b")));
        try (Database db = Database.open(DatabaseUrl.parse(TestPostgres.get().newDatabase()))) {
            PgStore.importFiles(a, db);
            Store sa = PgStore.open(a, db);
            Store sb = PgStore.open(b, db);
            Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
            Exporter ea = new Exporter(sa, Duration.ofSeconds(5));
            Exporter eb = new Exporter(sb, Duration.ofSeconds(5));
            assertThat(eb.sync(NOW).written()).isZero();   // the checkouts start equal to the database

            // replica A demotes a loop and evaluates: cadence.yml, a decision file and the dashboard change
            Regulator ra = new Regulator(sa, Duration.ofSeconds(5), clock, n -> null);
            Changes.Applied d = new Changes(ra).demote("kaizen-stack", NOW, "ann", "noisy week");
            ra.evaluate(NOW);
            String decisionFile = a.rel(sa.decisions().record(d.decision().id(), d.decision().slug()));
            assertThat(Files.exists(b.resolve(decisionFile))).isFalse();

            Exporter.Pass p = eb.sync(NOW);
            assertThat(p.written()).isGreaterThanOrEqualTo(3);
            assertThat(p.ticksToRecord()).isFalse();
            for (String f : new String[] {"loops/kaizen-stack/cadence.yml", decisionFile, "loops/regulator/dashboard.md"}) {
                assertThat(Files.readString(b.resolve(f))).as(f).isEqualTo(Files.readString(a.resolve(f)));
            }
            assertThat(eb.sync(NOW).written()).isZero();   // nothing changed since
            assertThat(ea.sync(NOW).ticksToRecord()).isFalse();

            // a person ticks the first pending action in B's checkout; A evaluates again meanwhile
            Path boardB = b.dashboard();
            String board = Files.readString(boardB);
            assertThat(board).contains("- [ ]");
            String ticked = board.replaceFirst("- \\[ \\]", "- [x]");
            Files.writeString(boardB, ticked);
            ra.evaluate(NOW.plusSeconds(60));
            Exporter.Pass q = eb.sync(NOW);
            assertThat(q.ticksToRecord()).isTrue();
            assertThat(Files.readString(boardB)).as("the tick is not overwritten").isEqualTo(ticked);
            int approvalsBefore = sb.approvals().values().size();

            // B records the ticks; the rewritten dashboard reaches A's checkout
            new Regulator(sb, Duration.ofSeconds(5), clock, n -> null).recordTicks(NOW.plusSeconds(60));
            assertThat(sb.approvals().values().size()).isGreaterThan(approvalsBefore);
            assertThat(ea.sync(NOW).written()).isGreaterThanOrEqualTo(1);
            assertThat(Files.readString(a.dashboard())).isEqualTo(Files.readString(boardB));
        }
    }
}
