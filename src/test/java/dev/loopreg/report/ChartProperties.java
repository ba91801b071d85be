package dev.loopreg.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The charts' numbers: nice ticks that cover the data (1, 2 or 5 times a power of ten; rates on 0 to 1; counts whole
 * from 0), time ticks at whole hours and days, and downsampling that keeps at most its budget, the ends and the gaps.
 */
class ChartProperties {

    /** 1, 2 or 5 times a power of ten. */
    private static boolean nice(BigDecimal step) {
        java.math.BigInteger m = step.stripTrailingZeros().unscaledValue().abs();
        return m.equals(java.math.BigInteger.ONE) || m.equals(java.math.BigInteger.TWO) || m.equals(java.math.BigInteger.valueOf(5));
    }

    @Property(tries = 1000)
    void valueTicks_areNice_coverTheData_andAreFew(@ForAll @DoubleRange(min = -1e6, max = 1e6) double a, @ForAll @DoubleRange(min = -1e6, max = 1e6) double b,
                                                   @ForAll @IntRange(min = 3, max = 10) int max) {
        NiceScale.Ticks t = NiceScale.axis(Math.min(a, b), Math.max(a, b), NiceScale.Unit.VALUE, max);
        assertThat(nice(t.step())).as("step %s", t.step()).isTrue();
        assertThat(t.lo().doubleValue()).isLessThanOrEqualTo(Math.min(a, b));
        assertThat(t.hi().doubleValue()).isGreaterThanOrEqualTo(Math.max(a, b));
        assertThat(t.values().size()).isBetween(2, max);
        for (int i = 1; i < t.values().size(); i++) assertThat(t.values().get(i).subtract(t.values().get(i - 1))).isEqualByComparingTo(t.step());
        // every label is distinct: no two ticks read the same
        assertThat(t.labels()).doesNotHaveDuplicates();
    }

    @Property(tries = 500)
    void rates_spanZeroToOne(@ForAll @DoubleRange(min = 0, max = 1) double a, @ForAll @DoubleRange(min = 0, max = 1) double b) {
        NiceScale.Ticks t = NiceScale.axis(Math.min(a, b), Math.max(a, b), NiceScale.Unit.RATE, 6);
        assertThat(t.lo()).isEqualByComparingTo("0");
        assertThat(t.hi()).isEqualByComparingTo("1");
        assertThat(t.labels()).containsExactly("0", "0.2", "0.4", "0.6", "0.8", "1");
    }

    @Property(tries = 500)
    void counts_areWholeNumbers_fromZero(@ForAll @IntRange(min = 0, max = 100000) int a, @ForAll @IntRange(min = 0, max = 100000) int b) {
        NiceScale.Ticks t = NiceScale.axis(Math.min(a, b), Math.max(a, b), NiceScale.Unit.COUNT, 6);
        assertThat(t.lo()).isEqualByComparingTo("0");
        assertThat(t.hi().doubleValue()).isGreaterThanOrEqualTo(Math.max(a, b));
        t.values().forEach(v -> assertThat(v.stripTrailingZeros().scale()).as(v.toPlainString()).isLessThanOrEqualTo(0));
    }

    @Test
    void theTicksPeopleComplainedAbout_areNice() {
        // a chart of ~0.78 values (a repo's quality) had three ticks all reading 0.78; one of 0.18…57.16 had 0.65, 3.24, 6.48
        assertThat(NiceScale.axis(0.776, 0.784, NiceScale.Unit.VALUE, 6).labels()).containsExactly("0.776", "0.778", "0.78", "0.782", "0.784");
        assertThat(NiceScale.axis(0.18, 57.16, NiceScale.Unit.VALUE, 6).labels()).containsExactly("0", "20", "40", "60");
        // manual_rescues never negative: from 0, whole numbers
        assertThat(NiceScale.axis(0, 0, NiceScale.Unit.COUNT, 6).labels()).containsExactly("0", "1");
    }

    @Property(tries = 300)
    void timeTicks_areFew_ordered_andAtWholeHours(@ForAll @IntRange(min = 1, max = 24 * 400) int hours, @ForAll @IntRange(min = 0, max = 1_000_000) int start,
                                                  @ForAll("zones") ZoneId zone) {
        Instant from = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(start * 37L);
        Instant to = from.plusSeconds(hours * 3600L);
        List<NiceScale.TimeTick> ticks = NiceScale.time(from, to, zone, 7);
        assertThat(ticks).isNotEmpty().hasSizeLessThanOrEqualTo(7);
        for (int i = 0; i < ticks.size(); i++) {
            assertThat(ticks.get(i).at()).isBetween(from, to);
            assertThat(ticks.get(i).at().atZone(zone).getMinute()).isZero();
            if (i > 0) assertThat(ticks.get(i).at()).isAfter(ticks.get(i - 1).at());
        }
    }

    @Provide
    Arbitrary<ZoneId> zones() {
        return Arbitraries.of(ZoneOffset.UTC, ZoneId.of("Europe/Berlin"), ZoneId.of("America/New_York"), ZoneId.of("Asia/Kolkata"));
    }

    @Provide
    Arbitrary<double[]> series() {
        return Arbitraries.doubles().between(-100, 100).injectNull(0.1).list().ofMinSize(0).ofMaxSize(3000)
                .map(l -> l.stream().mapToDouble(v -> v == null ? Double.NaN : v).toArray());
    }

    @Property(tries = 300)
    void downsampling_keepsAtMostTheBudget_theEnds_andTheOrder(@ForAll("series") double[] ys, @ForAll @IntRange(min = 3, max = 500) int max) {
        double[] xs = new double[ys.length];
        for (int i = 0; i < xs.length; i++) xs[i] = i * 3600.0;
        int[] kept = Lttb.indices(xs, ys, max);
        assertThat(kept.length).isLessThanOrEqualTo(Math.max(max, 0));
        for (int i = 1; i < kept.length; i++) assertThat(kept[i]).isGreaterThan(kept[i - 1]);
        if (ys.length <= max) {
            assertThat(kept).hasSize(ys.length);
            return;
        }
        // the first and the last measured point survive when the series has few enough runs for its budget
        List<Integer> measured = new ArrayList<>();
        for (int i = 0; i < ys.length; i++) if (!Double.isNaN(ys[i])) measured.add(i);
        int runs = 0;
        for (int i = 0; i < ys.length; i++) if (!Double.isNaN(ys[i]) && (i == 0 || Double.isNaN(ys[i - 1]))) runs++;
        if (!measured.isEmpty() && runs * 3 <= max) {
            assertThat(kept).contains(measured.get(0), measured.get(measured.size() - 1));
        }
    }

    @Test
    void downsampling_keepsThePeak_andTheGap() {
        double[] xs = new double[10000];
        double[] ys = new double[10000];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = i;
            ys[i] = Math.sin(i / 50.0);
        }
        ys[4321] = 40;                      // one spike in a year of hourly values
        for (int i = 6000; i < 6100; i++) ys[i] = Double.NaN;   // a gap
        int[] kept = Lttb.indices(xs, ys, 240);
        assertThat(kept.length).isLessThanOrEqualTo(240);
        assertThat(kept).contains(4321, 0, 9999, 5999, 6000, 6100);
    }

    @Test
    void theChartsJson_cannotEndItsScriptElement() {
        TimeChart.Chart c = new TimeChart.Chart("x", "</script><script>alert(1)</script>", null, NiceScale.Unit.VALUE,
                List.of(Instant.parse("2026-06-01T00:00:00Z")), List.of(BigDecimal.ONE), null, null, null, List.of());
        TimeChart.Group g = new TimeChart.Group("g", ZoneOffset.UTC, Instant.parse("2026-06-01T00:00:00Z"), Instant.parse("2026-06-02T00:00:00Z"),
                List.of(), List.of(new TimeChart.Marker(Instant.parse("2026-06-01T01:00:00Z"), "DEC-001", "a <b> & c")), List.of(c));
        String json = TimeChart.jsonForHtml(g);
        assertThat(json).doesNotContain("<", ">", "&").contains("\\u003c/script\\u003e");
        // and a year of hourly values weighs what a week does
        List<Instant> at = new ArrayList<>();
        List<BigDecimal> v = new ArrayList<>();
        for (int i = 0; i < 8760; i++) {
            at.add(Instant.parse("2025-06-01T00:00:00Z").plusSeconds(3600L * i));
            v.add(BigDecimal.valueOf((i * 7919L) % 1000, 3));
        }
        TimeChart.Chart year = new TimeChart.Chart("y", "year", null, NiceScale.Unit.RATE, at, v, null, null, null, List.of());
        TimeChart.Group gy = new TimeChart.Group("y", ZoneOffset.UTC, at.get(0), at.get(at.size() - 1), List.of(), List.of(), List.of(year));
        assertThat(TimeChart.json(gy).path("charts").get(0).path("x").size()).isLessThanOrEqualTo(TimeChart.MAX_POINTS);
        assertThat(TimeChart.jsonForHtml(gy).length()).isLessThan(6000);
        assertThat(ChartSvg.svg(gy, year).length()).isLessThan(6000);
    }
}
