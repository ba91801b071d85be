package dev.loopreg.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopreg.health.HealthRange;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ChartsTest {

    static final Instant T = Instant.parse("2026-06-25T00:00:00Z");

    static List<Charts.Point> series(Double... v) {
        List<Charts.Point> out = new ArrayList<>();
        for (int i = 0; i < v.length; i++) {
            out.add(new Charts.Point(T.plusSeconds(3600L * i), v[i] == null ? null : BigDecimal.valueOf(v[i])));
        }
        return out;
    }

    @Test
    void band_ofARange_isItsTightestBounds() {
        HealthRange r = new HealthRange("m", new BigDecimal("0.1"), new BigDecimal("0.9"), new BigDecimal("0.2"), new BigDecimal("0.8"),
                false, null, 0);
        Charts.Band b = Charts.Band.of(r);
        assertThat(b.low()).isEqualByComparingTo("0.2");
        assertThat(b.high()).isEqualByComparingTo("0.8");
        assertThat(b.text()).isEqualTo("healthy > 0.1, ≥ 0.2, < 0.9, ≤ 0.8");
        assertThat(Charts.Band.of(HealthRange.tracked("cost_signal"))).isNull();
        Charts.Band trend = Charts.Band.of(new HealthRange("t", null, null, null, null, true, new BigDecimal("0.2"), 7));
        assertThat(trend.low()).isNull();
        assertThat(trend.text()).isEqualTo("healthy not increasing over 7 cycles (tolerance 0.2)");
    }

    @Test
    void line_drawsTheBandTheSeriesWithGapsAndTheMarkers() {
        String svg = Charts.line("c1", "false_positive_rate", series(0.1, 0.3, null, 0.15),
                new Charts.Band(null, new BigDecimal("0.2"), "healthy < 0.2"), List.of(new Charts.Marker(T.plusSeconds(7200), "→ stabilize")),
                List.of(), 600, 200);
        assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").endsWith("</svg>");
        assertThat(svg).contains("class=\"healthy\"", "<title>healthy &lt; 0.2</title>", "class=\"marker\"", "→ stabilize");
        // the unmeasured cycle breaks the line: two sub-paths
        String d = svg.substring(svg.indexOf("class=\"series\" d=\"") + 18);
        d = d.substring(0, d.indexOf('"'));
        assertThat(d.chars().filter(ch -> ch == 'M').count()).isEqualTo(2);
        assertThat(svg).contains("2026-06-25 01:00Z: 0.3");
    }

    @Test
    void line_escapesTitlesAndLabels() {
        String svg = Charts.line("c\"2", "<b>&", series(1.0), null, List.of(new Charts.Marker(T, "<x>")), List.of(), 300, 100);
        assertThat(svg).doesNotContain("<b>", "<x>", "c\"2").contains("&lt;b&gt;&amp;", "&lt;x&gt;", "c&quot;2");
    }

    @Test
    void line_emptyAndUnmeasured_sayWhy() {
        assertThat(Charts.line("e", "m", List.of(), null, List.of(), List.of(), 300, 100)).contains("no health records in this range");
        assertThat(Charts.line("u", "m", series(null, null), null, List.of(), List.of(), 300, 100)).contains("not measured in any of 2 cycles");
    }

    @Property(tries = 100)
    void line_isDeterministic_andEveryCoordinateIsInsideTheViewBox(@ForAll @Size(min = 1, max = 60) List<@DoubleRange(min = -1e6, max = 1e6) Double> v) {
        List<Charts.Point> pts = series(v.toArray(Double[]::new));
        String a = Charts.line("p", "m", pts, new Charts.Band(BigDecimal.ZERO, BigDecimal.ONE, "healthy"), List.of(), List.of(), 400, 150);
        assertThat(Charts.line("p", "m", pts, new Charts.Band(BigDecimal.ZERO, BigDecimal.ONE, "healthy"), List.of(), List.of(), 400, 150))
                .isEqualTo(a);
        var m = java.util.regex.Pattern.compile("c([xy])=\"(-?[0-9.]+)\"").matcher(a);
        while (m.find()) {
            double x = Double.parseDouble(m.group(2));
            assertThat(x).isBetween(0.0, m.group(1).equals("x") ? 400.0 : 150.0);
        }
    }
}
