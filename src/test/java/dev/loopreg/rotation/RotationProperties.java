package dev.loopreg.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopreg.format.YamlDoc;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Properties of the saturation rules, the snapshot codec and the roster moves over random inputs. */
class RotationProperties {

    @Provide
    Arbitrary<Snapshot> snapshots() {
        Arbitrary<BigDecimal> rate = Arbitraries.bigDecimals().between(BigDecimal.ZERO, BigDecimal.ONE).ofScale(3).injectNull(0.2);
        // mostly zero, so that whole windows of zeros (a firing count signal) are common
        Arbitrary<Long> count = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(20, Arbitraries.just(0L)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(1, 3))).injectNull(0.02);
        return Combinators.combine(rate, rate, count, count, Arbitraries.of(true, false), count)
                .as((q, s, recs, merged, hub, events) -> new Snapshot("repo-a", "optimization", Instant.EPOCH, null, Instant.EPOCH,
                        q, s, 1L, recs, merged, hub, hub ? events : null, List.of()));
    }

    @Provide
    Arbitrary<List<Snapshot>> series() {
        // per series: how often a count is positive and how often a figure is unread, so that quiet windows
        // (every count zero), busy ones and windows with gaps are all common
        return Combinators.combine(Arbitraries.integers().between(8, 40), Arbitraries.of(0.0, 0.05, 0.3), Arbitraries.of(0.0, 0.03),
                Arbitraries.longs()).as((n, active, gaps, seed) -> {
                    java.util.Random rnd = new java.util.Random(seed);
                    List<Snapshot> out = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        java.util.function.Supplier<Long> count = () -> rnd.nextDouble() < gaps ? null
                                : rnd.nextDouble() < active ? (long) (1 + rnd.nextInt(3)) : 0L;
                        BigDecimal q = rnd.nextDouble() < 0.1 ? null : BigDecimal.valueOf(rnd.nextInt(1001), 3);
                        BigDecimal sr = rnd.nextDouble() < 0.1 ? null : BigDecimal.valueOf(700 + rnd.nextInt(301), 3);
                        boolean hub = rnd.nextBoolean();
                        out.add(new Snapshot("repo-a", "optimization", Instant.EPOCH, null, Instant.EPOCH, q, sr, 1L, count.get(),
                                count.get(), hub, hub ? count.get() : null, List.of()));
                    }
                    return out;
                });
    }

    static List<Snapshot> hourly(List<Snapshot> raw) {
        List<Snapshot> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            Snapshot r = raw.get(i);
            Instant c = Snaps.T0.plus(Duration.ofHours(i + 1));
            out.add(new Snapshot(r.repo(), r.agent(), c, c.minus(Duration.ofHours(1)), c, r.avgQuality(), r.successRate(),
                    r.executions(), r.newActionable(), r.mergedPrs(), r.progressConfigured(), r.progressEvents(), r.errors()));
        }
        return out;
    }

    @Property(tries = 300)
    void judge_scoreIsTheFiredCount_andCandidateFollowsTheVote(@ForAll("series") List<Snapshot> raw,
                                                                @ForAll @IntRange(min = 1, max = 4) int minSignals,
                                                                @ForAll @IntRange(min = 0, max = 40) int warmup) {
        List<Snapshot> s = hourly(raw);
        RotationPolicy p = Snaps.policy(minSignals, "abs", warmup);
        Verdict v = SaturationRules.judge("repo-a", null, s, p, Snaps.after(s.size()));
        long fired = v.signals().stream().filter(x -> Boolean.TRUE.equals(x.fired())).count();
        assertThat(v.fired()).isEqualTo(fired);
        assertThat(v.saturationScore()).isEqualByComparingTo(BigDecimal.valueOf(fired).divide(BigDecimal.valueOf(4), 2, RoundingMode.UNNECESSARY));
        assertThat(v.candidate()).isEqualTo(fired >= minSignals && s.size() >= warmup);
        // too few snapshots never gives a verdict
        if (s.size() < 14) {
            assertThat(v.signals()).allMatch(x -> x.fired() == null);
        }
        if (s.size() < 28) {
            assertThat(v.signal(Signal.QUALITY_PLATEAU).orElseThrow().fired()).isNull();
        }
    }

    @Property(tries = 300)
    void stall_firesExactlyWhenEveryWindowCycleMeasuredZero(@ForAll("series") List<Snapshot> raw) {
        List<Snapshot> s = hourly(raw);
        Verdict v = SaturationRules.judge("repo-a", null, s, Snaps.policy(), Snaps.after(s.size()));
        Boolean stall = v.signal(Signal.OPTIMIZER_STALL).orElseThrow().fired();
        net.jqwik.api.statistics.Statistics.label("verdict").collect(stall == null ? "no data" : stall ? "fired" : "not fired");
        net.jqwik.api.statistics.Statistics.label("verdict").coverage(c -> {
            c.check("fired").percentage(x -> x > 2);
            c.check("not fired").percentage(x -> x > 10);
        });
        List<Snapshot> w = s.subList(Math.max(0, s.size() - 14), s.size());
        boolean anyPositive = w.stream().anyMatch(x -> x.newActionable() != null && x.newActionable() > 0);
        boolean anyNull = w.stream().anyMatch(x -> x.newActionable() == null);
        if (w.size() < 14) assertThat(stall).isNull();
        else if (anyPositive) assertThat(stall).isFalse();
        else if (anyNull) assertThat(stall).isNull();
        else assertThat(stall).isTrue();
    }

    @Property(tries = 300)
    void snapshotCodec_roundTrips(@ForAll("snapshots") Snapshot raw) throws Exception {
        Snapshot s = hourly(List.of(raw)).get(0);
        Snapshot back = SnapshotCodec.parse(SnapshotCodec.encode(s));
        assertThat(back.avgQuality() == null ? null : back.avgQuality().stripTrailingZeros())
                .isEqualTo(s.avgQuality() == null ? null : s.avgQuality().stripTrailingZeros());
        assertThat(back.mergedPrs()).isEqualTo(s.mergedPrs());
        assertThat(back.progressConfigured()).isEqualTo(s.progressConfigured());
        assertThat(back.progressEvents()).isEqualTo(s.progressEvents());
        assertThat(back.cycle()).isEqualTo(s.cycle());
    }

    @Property(tries = 200)
    void rotateThenRender_keepsEveryRepoExactlyOnce(@ForAll @IntRange(min = 1, max = 5) int active,
                                                    @ForAll @IntRange(min = 0, max = 4) int queued,
                                                    @ForAll @IntRange(min = 1, max = 6) int maxActive,
                                                    @ForAll @IntRange(min = 0, max = 4) int pick) throws Exception {
        List<Roster.Entry> a = new ArrayList<>();
        List<Roster.Entry> q = new ArrayList<>();
        for (int i = 0; i < active; i++) a.add(Roster.Entry.of("act-" + i));
        for (int i = 0; i < queued; i++) q.add(Roster.Entry.of("q-" + i));
        Roster r = new Roster(a, q, List.of());
        String repo = "act-" + (pick % active);
        Roster.Rotation rot = r.rotate(repo, Snaps.T0, "DEC-001", maxActive);
        Roster after = rot.after();
        assertThat(after.active().size() + after.queue().size() + after.saturated().size()).isEqualTo(active + queued);
        assertThat(after.statusOf(repo)).contains(Roster.SATURATED);
        assertThat(after.active().size()).isLessThanOrEqualTo(Math.max(active - 1, maxActive));
        assertThat(rot.promoted() == null).isEqualTo(queued == 0 || active - 1 >= maxActive);
        String text = RosterCodec.render(after, "");
        assertThat(RosterCodec.read(YamlDoc.parse("roster.yaml", text), new ArrayList<>())).isEqualTo(after);
    }
}
