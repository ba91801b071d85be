package dev.loopreg.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Theil–Sen and Mann–Kendall against values computed by hand (the arithmetic is in the comments). */
class TrendTest {

    static List<Trend.Point> series(double... ys) {
        List<Trend.Point> p = new ArrayList<>();
        for (int i = 0; i < ys.length; i++) p.add(new Trend.Point(i, ys[i]));
        return p;
    }

    @Test
    void of_strictlyRisingLine_slopeOneAndSignificantRise() {
        // 10 pairs, every slope 1; S = 10; Var = 5·4·15/18 = 16.667; Z = (10−1)/√16.667 = 2.2045; p = 2(1−Φ(2.2045)) = 0.02749
        Trend t = Trend.of(series(1, 2, 3, 4, 5));
        assertThat(t.slope()).isEqualTo(1.0);
        assertThat(t.mk().s()).isEqualTo(10);
        assertThat(t.mk().variance()).isCloseTo(16.6667, within(1e-4));
        assertThat(t.mk().z()).isCloseTo(2.20454, within(1e-5));
        assertThat(t.mk().pValue()).isCloseTo(0.027486, within(1e-6));
        assertThat(t.mk().direction()).isEqualTo("rising");
    }

    @Test
    void of_tiesAndOneOutlier_medianSlopeIgnoresOutlierAndTieCorrectionApplies() {
        // slopes sorted: −.01, 0, .005, .00667, .01, .02, .0375, .04667, .075, .13 → median (.01 + .02)/2 = .015
        // signs: 8 up, 1 down, 1 tie → S = 7; ties: one pair of 0.80 → 2·1·9 = 18; Var = (300 − 18)/18 = 15.667
        // Z = (7 − 1)/√15.667 = 1.5159; p = 0.12955 → no significant trend
        Trend t = Trend.of(series(0.80, 0.81, 0.80, 0.82, 0.95));
        assertThat(t.slope()).isCloseTo(0.015, within(1e-12));
        assertThat(t.mk().s()).isEqualTo(7);
        assertThat(t.mk().variance()).isCloseTo(15.6667, within(1e-4));
        assertThat(t.mk().z()).isCloseTo(1.515873, within(1e-6));
        assertThat(t.mk().pValue()).isCloseTo(0.129551, within(1e-6));
        assertThat(t.mk().direction()).isEqualTo("no trend");
    }

    @Test
    void of_falling_negativeS() {
        // 6 points falling: S = −15; Var = 6·5·17/18 = 28.333; Z = (−15 + 1)/√28.333 = −2.6301; p = 0.008535
        Trend t = Trend.of(series(5, 4, 3, 2, 1, 0));
        assertThat(t.slope()).isEqualTo(-1.0);
        assertThat(t.mk().s()).isEqualTo(-15);
        assertThat(t.mk().z()).isCloseTo(-2.630142, within(1e-6));
        assertThat(t.mk().pValue()).isCloseTo(0.008535, within(1e-6));
        assertThat(t.mk().direction()).isEqualTo("falling");
    }

    @Test
    void of_flatSeries_zeroVarianceGivesNoTrend() {
        Trend t = Trend.of(series(0.9, 0.9, 0.9, 0.9));
        assertThat(t.slope()).isEqualTo(0.0);
        assertThat(t.mk().s()).isZero();
        assertThat(t.mk().variance()).isZero();
        assertThat(t.mk().pValue()).isEqualTo(1.0);
        assertThat(t.mk().direction()).isEqualTo("no trend");
    }

    @Test
    void of_tooFewPoints_noSlopeOrTest() {
        assertThat(Trend.of(series(0.5)).slope()).isNull();
        assertThat(Trend.of(series(0.5, 0.7)).slope()).isCloseTo(0.2, within(1e-12));
        assertThat(Trend.of(series(0.5, 0.7)).mk()).isNull();
    }

    @Test
    void of_gapsInX_slopeUsesPositions() {
        // points at x = 0 and x = 4 (cycles 1–3 unmeasured): slope (0.9 − 0.5)/4 = 0.1
        Trend t = Trend.of(List.of(new Trend.Point(0, 0.5), new Trend.Point(4, 0.9)));
        assertThat(t.slope()).isCloseTo(0.1, within(1e-12));
    }
}
