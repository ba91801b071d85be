package dev.loopreg.rotation;

import static dev.loopreg.rotation.Snaps.after;
import static dev.loopreg.rotation.Snaps.flat;
import static dev.loopreg.rotation.Snaps.policy;
import static dev.loopreg.rotation.Snaps.series;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SaturationRulesTest {

    private static Signal sig(Verdict v, String id) {
        return v.signal(id).orElseThrow();
    }

    private static Verdict judge(List<Snapshot> s, RotationPolicy p) {
        return SaturationRules.judge("repo-a", null, s, p, after(s.size()));
    }

    // ---------------------------------------------------------------- quality_plateau

    @Test
    void plateau_riseExactlyMinDelta_doesNotFire() {
        // prior window 14 × 0.80, last window 14 × 0.82: rise 0.02, not < 0.02
        List<Snapshot> s = series(28, i -> i < 14 ? "0.80" : "0.82", i -> "0.9", i -> 0L, i -> 0L);
        Signal.QualityPlateau q = (Signal.QualityPlateau) sig(judge(s, policy()), Signal.QUALITY_PLATEAU);
        assertThat(q.fired()).isFalse();
        assertThat(q.priorMean()).isEqualByComparingTo("0.8");
        assertThat(q.windowMean()).isEqualByComparingTo("0.82");
        assertThat(q.delta()).isEqualByComparingTo("0.02");
        assertThat(q.window().from()).isEqualTo(after(15));
        assertThat(q.prior().to()).isEqualTo(after(14));
    }

    @Test
    void plateau_riseJustBelowMinDelta_fires() {
        List<Snapshot> s = series(28, i -> i < 14 ? "0.80" : "0.819", i -> "0.9", i -> 0L, i -> 0L);
        Signal.QualityPlateau q = (Signal.QualityPlateau) sig(judge(s, policy()), Signal.QUALITY_PLATEAU);
        assertThat(q.fired()).isTrue();
        assertThat(q.delta()).isEqualByComparingTo("0.019");
        assertThat(q.detail()).contains("rise 0.019 < 0.02").contains("Theil–Sen slope").contains("Mann–Kendall");
        assertThat(q.trend().n()).isEqualTo(28);
    }

    @Test
    void plateau_firedBesideASignificantRise_isExplainedInTheEvidence() {
        // a slow, steady rise: 0.0005 a cycle, so the windows' means differ by 0.007 < 0.02, and Mann–Kendall is significant
        List<Snapshot> s = series(28, i -> new BigDecimal("0.8").add(new BigDecimal("0.0005").multiply(BigDecimal.valueOf(i))).toPlainString(),
                i -> "0.9", i -> 0L, i -> 0L);
        Signal.QualityPlateau q = (Signal.QualityPlateau) sig(judge(s, policy()), Signal.QUALITY_PLATEAU);
        assertThat(q.fired()).isTrue();
        assertThat(q.trend().mk().direction()).isEqualTo("rising");
        assertThat(q.detail()).contains("Mann–Kendall rising").contains("quality is still rising (significant at p < 0.05, about 0.007 per "
                + "14-cycle window by the slope), but the windows' means differ by less than min_delta 0.02: a plateau by the rule — gains "
                + "too small to count, not a flat line");
        // a flat plateau owes no such note
        Signal.QualityPlateau flatQ = (Signal.QualityPlateau) sig(judge(series(28, i -> "0.8", i -> "0.9", i -> 0L, i -> 0L), policy()),
                Signal.QUALITY_PLATEAU);
        assertThat(flatQ.fired()).isTrue();
        assertThat(flatQ.detail()).doesNotContain("still rising");
    }

    @Test
    void plateau_falling_fires_andTrendSaysFalling() {
        List<Snapshot> s = series(28, i -> String.valueOf(0.9 - i * 0.005), i -> "0.9", i -> 0L, i -> 0L);
        Signal.QualityPlateau q = (Signal.QualityPlateau) sig(judge(s, policy()), Signal.QUALITY_PLATEAU);
        assertThat(q.fired()).isTrue();
        assertThat(q.trend().mk().direction()).isEqualTo("falling");
        assertThat(q.trend().slope()).isCloseTo(-0.005, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void plateau_oneSnapshotShortOfTwoWindows_noData() {
        Verdict v = judge(flat(27), policy());
        Signal q = sig(v, Signal.QUALITY_PLATEAU);
        assertThat(q.fired()).isNull();
        assertThat(q.detail()).isEqualTo("27 of 28 snapshots; the plateau compares two full windows");
    }

    @Test
    void plateau_noQualityInLastWindow_noData() {
        List<Snapshot> s = series(28, i -> i < 14 ? "0.8" : null, i -> "0.9", i -> 0L, i -> 0L);
        Signal q = sig(judge(s, policy()), Signal.QUALITY_PLATEAU);
        assertThat(q.fired()).isNull();
        assertThat(q.detail()).contains("no avg_quality measured in the last window");
    }

    @Test
    void plateau_meanIsOverMeasuredCyclesOnly() {
        // the agent ran every other cycle: the unmeasured cycles do not pull the mean to 0
        List<Snapshot> s = series(28, i -> i % 2 == 0 ? (i < 14 ? "0.7" : "0.8") : null, i -> "0.9", i -> 0L, i -> 0L);
        Signal.QualityPlateau q = (Signal.QualityPlateau) sig(judge(s, policy()), Signal.QUALITY_PLATEAU);
        assertThat(q.fired()).isFalse();
        assertThat(q.windowMean()).isEqualByComparingTo("0.8");
        assertThat(q.measuredWindow()).isEqualTo(7);
    }

    @Test
    void plateau_relativeMode_boundary() {
        // prior 0.50 → window 0.51: relative rise 0.02 (not < 0.02); 0.5099: 0.0198 fires
        RotationPolicy rel = Snaps.policy(3, "rel", 14);
        List<Snapshot> at = series(28, i -> i < 14 ? "0.50" : "0.51", i -> "0.9", i -> 0L, i -> 0L);
        List<Snapshot> below = series(28, i -> i < 14 ? "0.50" : "0.5099", i -> "0.9", i -> 0L, i -> 0L);
        assertThat(sig(judge(at, rel), Signal.QUALITY_PLATEAU).fired()).isFalse();
        Signal.QualityPlateau q = (Signal.QualityPlateau) sig(judge(below, rel), Signal.QUALITY_PLATEAU);
        assertThat(q.fired()).isTrue();
        assertThat(q.delta()).isEqualByComparingTo("0.0198");
    }

    @Test
    void plateau_relativeModeWithZeroPrior_noData() {
        List<Snapshot> s = series(28, i -> i < 14 ? "0" : "0.1", i -> "0.9", i -> 0L, i -> 0L);
        assertThat(sig(judge(s, Snaps.policy(3, "rel", 14)), Signal.QUALITY_PLATEAU).fired()).isNull();
    }

    // ---------------------------------------------------------------- success_stable

    @Test
    void successStable_meanExactlyAtThreshold_fires() {
        List<Snapshot> s = series(14, i -> "0.8", i -> i % 2 == 0 ? "0.8" : "0.9", i -> 0L, i -> 0L);
        Signal.SuccessStable x = (Signal.SuccessStable) sig(judge(s, policy()), Signal.SUCCESS_STABLE);
        assertThat(x.mean()).isEqualByComparingTo("0.85");
        assertThat(x.fired()).isTrue();
    }

    @Test
    void successStable_meanJustBelow_doesNotFire() {
        List<Snapshot> s = series(14, i -> "0.8", i -> i == 0 ? "0.79" : i % 2 == 0 ? "0.8" : "0.9", i -> 0L, i -> 0L);
        Signal x = sig(judge(s, policy()), Signal.SUCCESS_STABLE);
        assertThat(x.fired()).isFalse();
        assertThat(x.detail()).contains("< 0.85");
    }

    @Test
    void successStable_windowNotFull_noData() {
        Signal x = sig(judge(flat(13), policy()), Signal.SUCCESS_STABLE);
        assertThat(x.fired()).isNull();
        assertThat(x.detail()).isEqualTo("13 of 14 snapshots in the window");
    }

    @Test
    void successStable_agentNeverRan_noData() {
        List<Snapshot> s = series(14, i -> null, i -> null, i -> 0L, i -> 0L);
        assertThat(sig(judge(s, policy()), Signal.SUCCESS_STABLE).fired()).isNull();
    }

    // ---------------------------------------------------------------- optimizer_stall

    @Test
    void stall_noRecommendationIn14Cycles_fires() {
        Signal x = sig(judge(flat(14), policy()), Signal.OPTIMIZER_STALL);
        assertThat(x.fired()).isTrue();
    }

    @Test
    void stall_oneRecommendationInTheLastCycle_doesNotFire() {
        List<Snapshot> s = series(14, i -> "0.8", i -> "0.9", i -> i == 13 ? 1L : 0L, i -> 0L);
        Signal.OptimizerStall x = (Signal.OptimizerStall) sig(judge(s, policy()), Signal.OPTIMIZER_STALL);
        assertThat(x.fired()).isFalse();
        assertThat(x.newActionable()).isEqualTo(1);
    }

    @Test
    void stall_recommendationJustOutsideTheWindow_fires() {
        // 15 snapshots; the only recommendation is in the first, which is outside the last 14
        List<Snapshot> s = series(15, i -> "0.8", i -> "0.9", i -> i == 0 ? 3L : 0L, i -> 0L);
        assertThat(sig(judge(s, policy()), Signal.OPTIMIZER_STALL).fired()).isTrue();
    }

    @Test
    void stall_anUnmeasuredCycle_noData_butAMeasuredRecommendationStillDecides() {
        List<Snapshot> gap = series(14, i -> "0.8", i -> "0.9", i -> i == 5 ? null : 0L, i -> 0L);
        Signal x = sig(judge(gap, policy()), Signal.OPTIMIZER_STALL);
        assertThat(x.fired()).isNull();
        assertThat(x.detail()).contains("1 of 14 cycles were not measured");
        List<Snapshot> gapAndOne = series(14, i -> "0.8", i -> "0.9", i -> i == 5 ? null : i == 6 ? 1L : 0L, i -> 0L);
        assertThat(sig(judge(gapAndOne, policy()), Signal.OPTIMIZER_STALL).fired()).isFalse();
    }

    // ---------------------------------------------------------------- no_marginal_gain

    @Test
    void noGain_noMergeWithoutStateHub_firesOnMergedPrsAlone() {
        Signal.NoMarginalGain x = (Signal.NoMarginalGain) sig(judge(flat(14), policy()), Signal.NO_MARGINAL_GAIN);
        assertThat(x.fired()).isTrue();
        assertThat(x.progressConfigured()).isFalse();
        assertThat(x.progressEvents()).isNull();
        assertThat(x.detail()).contains("state-hub not configured: merged PRs only");
    }

    @Test
    void noGain_oneMergedPr_doesNotFire() {
        List<Snapshot> s = series(14, i -> "0.8", i -> "0.9", i -> 0L, i -> i == 0 ? 1L : 0L);
        assertThat(sig(judge(s, policy()), Signal.NO_MARGINAL_GAIN).fired()).isFalse();
    }

    @Test
    void noGain_oneProgressEvent_doesNotFire_andUnmeasuredProgressIsNoData() {
        List<Snapshot> base = flat(14);
        List<Snapshot> withEvent = new ArrayList<>();
        List<Snapshot> withGap = new ArrayList<>();
        for (int i = 0; i < base.size(); i++) {
            Snapshot b = base.get(i);
            withEvent.add(new Snapshot(b.repo(), b.agent(), b.cycle(), b.since(), b.at(), b.avgQuality(), b.successRate(),
                    b.executions(), b.newActionable(), b.mergedPrs(), true, i == 3 ? 1L : 0L, List.of()));
            withGap.add(new Snapshot(b.repo(), b.agent(), b.cycle(), b.since(), b.at(), b.avgQuality(), b.successRate(),
                    b.executions(), b.newActionable(), b.mergedPrs(), true, i == 3 ? null : 0L, List.of()));
        }
        Signal.NoMarginalGain x = (Signal.NoMarginalGain) sig(judge(withEvent, policy()), Signal.NO_MARGINAL_GAIN);
        assertThat(x.fired()).isFalse();
        assertThat(x.progressEvents()).isEqualTo(1L);
        assertThat(sig(judge(withGap, policy()), Signal.NO_MARGINAL_GAIN).fired()).isNull();
    }

    @Test
    void noGain_windowNotFull_noData() {
        assertThat(sig(judge(flat(3), policy()), Signal.NO_MARGINAL_GAIN).fired()).isNull();
    }

    // ---------------------------------------------------------------- the vote

    @Test
    void vote_fourOfFour_candidateWithScoreOne() {
        Verdict v = judge(flat(28), policy());
        assertThat(v.fired()).isEqualTo(4);
        assertThat(v.saturationScore()).isEqualByComparingTo("1");
        assertThat(v.status()).isEqualTo(Verdict.Status.CANDIDATE);
    }

    @Test
    void vote_threeOfFour_candidate() {
        // success 0.8 < 0.85: three signals fire
        List<Snapshot> s = series(28, i -> "0.8", i -> "0.8", i -> 0L, i -> 0L);
        Verdict v = judge(s, policy());
        assertThat(v.fired()).isEqualTo(3);
        assertThat(v.saturationScore()).isEqualByComparingTo("0.75");
        assertThat(v.candidate()).isTrue();
        assertThat(v.summary()).isEqualTo("candidate-saturated: 3 of 4 signals fired (at least 3 needed)");
    }

    @Test
    void vote_twoOfFour_notSaturated() {
        List<Snapshot> s = series(28, i -> "0.8", i -> "0.8", i -> i == 20 ? 1L : 0L, i -> 0L);
        Verdict v = judge(s, policy());
        assertThat(v.fired()).isEqualTo(2);
        assertThat(v.saturationScore()).isEqualByComparingTo("0.5");
        assertThat(v.status()).isEqualTo(Verdict.Status.NOT_SATURATED);
    }

    @Test
    void vote_threeFiredButFourRequired_notSaturated() {
        List<Snapshot> s = series(28, i -> "0.8", i -> "0.8", i -> 0L, i -> 0L);
        assertThat(judge(s, Snaps.policy(4, "abs", 14)).candidate()).isFalse();
    }

    @Test
    void vote_threeFiredWithThePlateauStillNoData_candidate() {
        // 14 snapshots: the plateau has no data, the other three fire
        Verdict v = judge(flat(14), policy());
        assertThat(v.fired()).isEqualTo(3);
        assertThat(v.candidate()).isTrue();
        assertThat(v.summary()).contains("(1 no data)");
    }

    @Test
    void warmup_fewerCyclesThanWarmup_notJudgedEvenWhenAllFire() {
        Verdict v = judge(flat(28), Snaps.policy(3, "abs", 30));
        assertThat(v.fired()).isEqualTo(4);
        assertThat(v.status()).isEqualTo(Verdict.Status.WARMING_UP);
        assertThat(v.summary()).startsWith("warming up: 28 of 30 cycles");
    }

    @Test
    void activeSince_snapshotsBeforeActivationDoNotCount() {
        // 28 snapshots, but the repo became active after the 20th: 8 count, so it is warming up
        List<Snapshot> s = flat(28);
        Verdict v = SaturationRules.judge("repo-a", after(20), s, policy(), after(28));
        assertThat(v.snapshots()).isEqualTo(8);
        assertThat(v.status()).isEqualTo(Verdict.Status.WARMING_UP);
    }

    @Test
    void judge_ignoresOtherAgentsOtherReposAndFutureCycles() {
        List<Snapshot> s = new ArrayList<>(flat(14));
        Snapshot f = s.get(0);
        s.add(new Snapshot("repo-a", "coach", after(15), null, after(15), null, null, 0L, 5L, 5L, false, null, List.of()));
        s.add(new Snapshot("repo-b", "optimization", after(15), null, after(15), null, null, 0L, 5L, 5L, false, null, List.of()));
        Verdict v = SaturationRules.judge("repo-a", null, s, policy(), after(14));
        assertThat(v.snapshots()).isEqualTo(14);
        assertThat(sig(v, Signal.OPTIMIZER_STALL).fired()).isTrue();
        Verdict earlier = SaturationRules.judge("repo-a", null, s, policy(), after(13));
        assertThat(earlier.snapshots()).isEqualTo(13);
        assertThat(f.repo()).isEqualTo("repo-a");
    }

    @Test
    void judge_duplicateCycle_lastLineWins() {
        List<Snapshot> s = new ArrayList<>(flat(14));
        Snapshot last = s.get(13);
        s.add(new Snapshot("repo-a", "optimization", last.cycle(), last.since(), last.at(), last.avgQuality(), last.successRate(),
                1L, 2L, 0L, false, null, List.of()));
        Verdict v = judge(s.subList(0, 15), policy());
        assertThat(v.snapshots()).isEqualTo(14);
        assertThat(sig(v, Signal.OPTIMIZER_STALL).fired()).isFalse();
    }

    // ---------------------------------------------------------------- health record fields

    @Test
    void saturationScore_highestAmongRepos_nullWhenNoRepoHasData() {
        Verdict noData = SaturationRules.judge("repo-a", null, List.of(), policy(), Instant.EPOCH);
        assertThat(noData.saturationScore()).isEqualByComparingTo("0");
        assertThat(SaturationRules.saturationScore(List.of(noData))).isNull();
        Verdict full = judge(flat(28), policy());
        assertThat(SaturationRules.saturationScore(List.of(noData, full))).isEqualByComparingTo(BigDecimal.ONE);
    }

    @Test
    void marginalGain_sumsMergesAndEvents_nullWhenOneIsUnmeasured() {
        Snapshot a = new Snapshot("a", "optimization", after(1), null, after(1), null, null, 0L, 0L, 2L, true, 1L, List.of());
        Snapshot b = new Snapshot("b", "optimization", after(1), null, after(1), null, null, 0L, 0L, 1L, false, null, List.of());
        Snapshot c = new Snapshot("c", "optimization", after(1), null, after(1), null, null, 0L, 0L, null, false, null, List.of());
        assertThat(SaturationRules.marginalGain(List.of(a, b))).isEqualTo(4L);
        assertThat(SaturationRules.marginalGain(List.of(a, c))).isNull();
        assertThat(SaturationRules.marginalGain(List.of())).isNull();
    }
}
