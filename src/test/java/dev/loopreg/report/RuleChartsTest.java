package dev.loopreg.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopreg.cadence.RuleResult;
import dev.loopreg.cadence.RuleSeries;
import dev.loopreg.health.Phase;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A window rule's chart: threshold, phases, rescues, annotations; the same input gives the same bytes. */
class RuleChartsTest {

    static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");

    static RuleSeries.Series series() {
        List<RuleSeries.Sample> s = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            Phase p = i < 24 ? Phase.BOOTSTRAP : Phase.STABILIZE;
            s.add(new RuleSeries.Sample(T0.plus(Duration.ofHours(i)), p, i < 6 ? null : new BigDecimal("0." + (10 + i % 20)), i < 6 ? null : i % 20 > 10));
        }
        return new RuleSeries.Series("fpr_demotion", RuleResult.Kind.DEMOTION, new BigDecimal("0.2"), "> 0.2", s);
    }

    static String chart() {
        List<RuleCharts.Note> notes = new ArrayList<>();
        // many annotations close together: some labels go to other rows, none overlaps (LabelLayoutTest)
        for (int i = 0; i < 8; i++) notes.add(new RuleCharts.Note(T0.plus(Duration.ofHours(23 + i)), "DEC-00" + i + " approved by someone", null));
        return RuleCharts.chart("c", series(), List.of(new RuleCharts.Band(T0, T0.plus(Duration.ofHours(24)), "bootstrap"),
                        new RuleCharts.Band(T0.plus(Duration.ofHours(24)), T0.plus(Duration.ofHours(48)), "stabilize")),
                List.of(new RuleCharts.Rescue(T0.plus(Duration.ofHours(30)), 2)), notes, T0, T0.plus(Duration.ofHours(48)), 600, 230);
    }

    @Test
    void theChart_drawsThresholdPhasesRescuesAndNotes() {
        String svg = chart();
        assertThat(svg).contains("<title id=\"c-title\">fpr_demotion (demotion trigger: fires &gt; 0.2)</title>")
                .contains("class=\"threshold\"", ">fires &gt; 0.2</text>", "class=\"phase bootstrap\"", "class=\"phase stabilize\"",
                        "2 manual rescues in the cycle of 2026-06-02 06:00Z", "class=\"point fired\"", "class=\"point watching\"");
        // every note keeps its line and hover title, shown or not
        assertThat(svg.split("class=\"note\"", -1)).hasSize(9);
        assertThat(svg.split("class=\"note-label\"", -1).length - 1).isBetween(3, 8);
        // a new phase starts a new window: the line breaks between the phases
        assertThat(svg).containsPattern("class=\"series\" d=\"M[^\"]* M");
        assertThat(chart()).isEqualTo(svg);
    }

    @Test
    void aRuleWithNoData_saysSo() {
        RuleSeries.Series empty = new RuleSeries.Series("fpr_window", RuleResult.Kind.PROMOTION, new BigDecimal("0.2"), "< 0.2",
                List.of(new RuleSeries.Sample(T0, Phase.BOOTSTRAP, null, null)));
        assertThat(RuleCharts.chart("e", empty, List.of(), List.of(), List.of(), T0, T0.plus(Duration.ofHours(5)), 600, 230))
                .contains("no data: the window was never full", "holds &lt; 0.2");
    }
}
