package dev.loopreg.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopreg.cadence.Approval;
import dev.loopreg.cadence.CadenceRules;
import dev.loopreg.cadence.CadenceState;
import dev.loopreg.cadence.ExitCriteria;
import dev.loopreg.cadence.PhaseWindow;
import dev.loopreg.cadence.Policy;
import dev.loopreg.health.Phase;
import dev.loopreg.workspace.CadenceCodec;
import dev.loopreg.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * An evaluation reads in full only the newest records its rules look at and counts the older records of the phase from
 * their cycle and phase: the window it gets — size, completeness, first cycle, the records read, the latest record —
 * and the recommendation made from it are those of reading every record in full, for any history: phases changing at
 * any record, {@code phase_since} anywhere, records after now, rescues anywhere, lines in other JSON spellings (the
 * scan leaves them to the full reader), and any read bound.
 */
class WindowScanProperties {

    static final Instant START = Instant.parse("2026-05-01T00:00:00Z");

    /** One record: hours after START, its phase, rescues, and whether it is written with spaces (not loopreg's form). */
    record Rec(int hour, Phase phase, int rescues, int duplicates, boolean spaced) {
    }

    @Provide
    Arbitrary<List<Rec>> histories() {
        Arbitrary<Phase> phases = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, Arbitraries.just(Phase.BOOTSTRAP)),
                net.jqwik.api.Tuple.of(6, Arbitraries.just(Phase.STABILIZE)));
        return Arbitraries.integers().between(1, 3).list().ofMinSize(60).ofMaxSize(400).flatMap(gaps ->
                phases.list().ofSize(gaps.size()).flatMap(ps -> Arbitraries.integers().between(0, 30).list().ofSize(gaps.size())
                        .flatMap(rs -> Arbitraries.integers().between(0, 9).list().ofSize(gaps.size()).map(spaced -> {
                            List<Rec> out = new ArrayList<>();
                            int h = 0;
                            for (int i = 0; i < gaps.size(); i++) {
                                h += gaps.get(i);
                                // phases in runs: a record mostly keeps the phase of the one before
                                Phase p = i == 0 || (rs.get(i) == 0 && spaced.get(i) < 2) ? ps.get(i) : out.get(i - 1).phase();
                                out.add(new Rec(h, p, rs.get(i) == 7 ? 1 : 0, rs.get(i) % 4, spaced.get(i) == 0));
                            }
                            return out;
                        }))));
    }

    static String line(Rec r) {
        Instant c = START.plus(Duration.ofHours(r.hour()));
        String s = "{\"loop\":\"x\",\"cycle\":\"" + c + "\",\"since\":\"" + c.minus(Duration.ofHours(1)) + "\",\"at\":\"" + c
                + "\",\"phase\":\"" + r.phase().id() + "\",\"tasks_created\":10,\"tasks_completed\":9,\"manual_rescues\":"
                + r.rescues() + ",\"duplicate_tasks\":" + r.duplicates() + ",\"false_positive_rate\":0." + r.duplicates()
                + ",\"agent_success_rate\":0.9,\"errors\":[]}";
        return r.spaced() ? s.replace("\":", "\": ") : s;
    }

    @Property(tries = 200)
    void theScannedWindowIsTheFullyReadOne(@ForAll("histories") List<Rec> history, @ForAll @IntRange(min = -30, max = 60) int nowFromEnd,
                                           @ForAll @IntRange(min = 0, max = 60) int sincePercent, @ForAll @IntRange(min = 1, max = 500) int bound)
            throws Exception {
        Path dir = Files.createTempDirectory("scan");
        try {
            Workspace ws = new Workspace(dir);
            Files.createDirectories(ws.loopDir("x"));
            Files.createDirectories(ws.regulator());
            Policy defaults = Policy.defaults();
            int readBound = Math.max(bound, defaults.largestWindow());
            Files.writeString(ws.policy(), dev.loopreg.workspace.PolicyCodec.render(defaults)
                    .replace("max_records_read: 1000", "max_records_read: " + readBound));
            int last = history.get(history.size() - 1).hour();
            Instant since = START.plus(Duration.ofHours(last * sincePercent / 100 - 1));
            CadenceState state = new CadenceState("x", Phase.STABILIZE, "0 * * * *", null, since, 0, Approval.PENDING, null, null, null);
            Files.writeString(ws.cadence("x"), CadenceCodec.render(state));
            StringBuilder sb = new StringBuilder();
            history.forEach(r -> sb.append(line(r)).append('\n'));
            Files.writeString(ws.health("x"), sb.toString());

            // mostly after the last record; sometimes records lie after now
            Instant now = START.plus(Duration.ofHours(last - Math.min(nowFromEnd, 0) * -1 + Math.max(nowFromEnd, 0) / 10)).plusSeconds(600);
            WorkspaceReader scanning = new WorkspaceReader(ws);
            List<dev.loopreg.format.Problem> problems = new ArrayList<>();
            Policy policy = scanning.policy(problems);
            assertThat(policy.maxRecordsRead()).isEqualTo(readBound);
            LoopSnapshot a = scanning.loop("x", policy, now);
            LoopSnapshot b = scanning.readingEveryRecordInFull().loop("x", policy, now);
            assertThat(a.healthError()).isEqualTo(b.healthError());
            PhaseWindow wa = a.window(now);
            PhaseWindow wb = b.window(now);
            net.jqwik.api.statistics.Statistics.collect(wa.older() > 0 ? "scanned" : "read in full");
            assertThat(wb.older()).isZero();
            assertThat(wa.size()).isEqualTo(wb.size());
            assertThat(wa.complete()).isEqualTo(wb.complete());
            assertThat(wa.first()).isEqualTo(wb.first());
            assertThat(wa.records()).isEqualTo(wb.last(wa.records().size()));
            assertThat(wa.records().size()).isGreaterThanOrEqualTo(Math.min(wb.size(), policy.largestWindow()));
            assertThat(wa.unrecordedRescues()).isEqualTo(wb.unrecordedRescues());
            assertThat(a.latest(now)).isEqualTo(b.latest(now));
            ExitCriteria exit = ExitCriteria.notConfigured();
            assertThat(CadenceRules.evaluate("x", state, wa, exit, policy, now, a.freshness(policy, now)))
                    .isEqualTo(CadenceRules.evaluate("x", state, wb, exit, policy, now, b.freshness(policy, now)));
            // the property is about the scan: make sure the generated histories reach it often
            net.jqwik.api.statistics.Statistics.coverage(c -> c.check("scanned").percentage(pct -> pct >= 20));
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
