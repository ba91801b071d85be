package dev.loopreg.server;

import static j2html.TagCreator.b;
import static j2html.TagCreator.div;
import static j2html.TagCreator.figcaption;
import static j2html.TagCreator.figure;
import static j2html.TagCreator.rawHtml;
import static j2html.TagCreator.script;
import static j2html.TagCreator.span;
import static j2html.TagCreator.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.cadence.Policy;
import dev.loopreg.cadence.RuleResult;
import dev.loopreg.cadence.RuleSeries;
import dev.loopreg.format.Instants;
import dev.loopreg.health.HealthModel;
import dev.loopreg.health.HealthRange;
import dev.loopreg.health.HealthRecord;
import dev.loopreg.report.ChartSvg;
import dev.loopreg.report.NiceScale;
import dev.loopreg.report.TimeChart;
import j2html.tags.DomContent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A loop's charts as one {@link TimeChart.Group}: for each window rule, the window's value at every cycle as the rule
 * saw it then, against its threshold ({@link RuleSeries}); for each health metric, the per-cycle value with its healthy
 * band. All share one time range, the phases as bands and the loop's decisions as markers, so phases and decisions
 * line up from chart to chart. Pure: builds from the records and decisions it is given.
 */
final class LoopCharts {

    private LoopCharts() {
    }

    /** Counts: whole numbers from 0. */
    static final Set<String> COUNTS = Set.of("tasks_created", "tasks_completed", "manual_rescues", "duplicate_tasks", "likely_duplicate_tasks",
            dev.loopreg.cadence.CadenceRules.RESCUES_WINDOW, dev.loopreg.cadence.CadenceRules.RESCUES_24H);

    /** The unit of a metric or rule: rates ({@code *_rate}, the false-positive rules) on 0 to 1, counts, other values. */
    static NiceScale.Unit unit(String name) {
        if (name.endsWith("_rate") || name.startsWith("fpr_")) return NiceScale.Unit.RATE;
        if (COUNTS.contains(name)) return NiceScale.Unit.COUNT;
        return NiceScale.Unit.VALUE;
    }

    /**
     * @param wide the loop's records from before {@code from} (so the first cycles of the range see full windows) to
     *             {@code to}, oldest first
     */
    static TimeChart.Group group(String loop, List<HealthRecord> wide, Policy policy, HealthModel model, List<JsonNode> decisions,
                                 Instant from, Instant to, ZoneId zone) {
        List<HealthRecord> inRange = wide.stream().filter(r -> !r.cycle().isBefore(from) && !r.cycle().isAfter(to)).toList();
        List<TimeChart.Marker> markers = markers(decisions, from, to);
        List<Instant> seen = new ArrayList<>();
        inRange.forEach(r -> seen.add(r.cycle()));
        markers.forEach(m -> seen.add(m.at()));
        Instant[] span = TimeChart.span(seen, from, to);
        List<TimeChart.Span> phases = phases(inRange, span[1], changes(decisions, span[0], span[1]));
        List<TimeChart.Chart> charts = new ArrayList<>();
        if (policy != null) {
            for (RuleSeries.Series s : RuleSeries.over(wide, policy)) {
                List<Instant> at = new ArrayList<>();
                List<BigDecimal> values = new ArrayList<>();
                RuleSeries.Sample prev = null;
                for (RuleSeries.Sample x : s.samples()) {
                    if (x.at().isBefore(span[0]) || x.at().isAfter(span[1])) continue;
                    // a new phase starts a new window: the line breaks between the phases
                    if (prev != null && prev.phase() != x.phase()) {
                        at.add(prev.at().plus(java.time.Duration.between(prev.at(), x.at()).dividedBy(2)));
                        values.add(null);
                    }
                    at.add(x.at());
                    values.add(x.value());
                    prev = x;
                }
                boolean promotion = s.kind() == RuleResult.Kind.PROMOTION;
                String side = (promotion ? "holds " : "fires ") + s.thresholdText();
                charts.add(new TimeChart.Chart("rule-" + s.rule(), s.rule(), (promotion ? "promotion rule" : "demotion trigger")
                        + ": the window's value at each cycle; " + side, unit(s.rule()), at, values, s.threshold(), side, null, List.of()));
            }
        }
        for (String m : metrics(inRange, model)) {
            HealthRange range = model.ranges().stream().filter(r -> r.metric().equals(m)).findFirst().orElse(null);
            TimeChart.Band band = TimeChart.Band.of(range);
            charts.add(new TimeChart.Chart("metric-" + m, m, band == null ? "per cycle" : "per cycle; " + band.text(), unit(m),
                    inRange.stream().map(HealthRecord::cycle).toList(), inRange.stream().map(r -> r.metric(m)).toList(), null, null, band, List.of()));
        }
        return new TimeChart.Group("loop-" + loop, zone, span[0], span[1], phases, markers, charts);
    }

    /** The figures of a group (the SVG inside each, replaced by the browser's chart when the script runs) and its data. */
    static DomContent figures(TimeChart.Group g, List<TimeChart.Chart> charts) {
        List<DomContent> out = new ArrayList<>();
        for (TimeChart.Chart c : charts) {
            out.add(figure(figcaption(b(c.title()), text(c.about() == null ? "" : " — " + c.about())),
                    div(rawHtml(ChartSvg.svg(g, c))).withClass("plot"))
                    .withClass("tchart").withId("chart-" + c.id()).attr("data-group", "charts-" + g.key()).attr("data-chart", c.id()));
        }
        return div(out.toArray(DomContent[]::new)).withClass("charts");
    }

    /** The group's data for the script. */
    static DomContent data(TimeChart.Group g) {
        return script(rawHtml(TimeChart.jsonForHtml(g))).withType("application/json").withClass("chart-data").withId("charts-" + g.key());
    }

    /** What the shading and lines mean: the phases shown, and the other marks that occur. */
    static DomContent legend(TimeChart.Group g) {
        List<DomContent> parts = new ArrayList<>();
        g.phases().stream().map(TimeChart.Span::kind).distinct().forEach(p -> parts.add(span("phase " + p).withClass(p)));
        if (g.charts().stream().anyMatch(c -> c.band() != null && (c.band().low() != null || c.band().high() != null))) {
            parts.add(span("healthy range").withClass("healthy"));
        }
        if (g.charts().stream().anyMatch(c -> !c.spans().isEmpty())) parts.add(span("plateau window").withClass("window"));
        if (g.charts().stream().anyMatch(c -> c.threshold() != null)) parts.add(span("threshold").withClass("threshold"));
        if (!g.markers().isEmpty()) parts.add(span("decision (its id above the chart)").withClass("marker"));
        return div(parts.toArray(DomContent[]::new)).withClass("legend").attr("aria-label", "legend");
    }

    /** The metrics to chart: the health model's, then any other measured in the range. */
    static List<String> metrics(List<HealthRecord> records, HealthModel model) {
        Set<String> out = new LinkedHashSet<>();
        model.ranges().forEach(r -> out.add(r.metric()));
        for (String m : ServerMetrics.METRICS) {
            if (out.contains(m)) continue;
            if (records.stream().anyMatch(r -> r.metric(m) != null)) out.add(m);
        }
        return List.copyOf(out);
    }

    /** A phase change on record: when, and to which phase. */
    record Change(Instant at, String to) {
    }

    /** The promotions and demotions in {@code [from, to]}, oldest first. */
    static List<Change> changes(List<JsonNode> decisions, Instant from, Instant to) {
        List<Change> out = new ArrayList<>();
        for (JsonNode d : decisions) {
            String kind = d.path("kind").asText("");
            if (!kind.equals("promotion") && !kind.equals("demotion")) continue;
            try {
                Instant at = Instants.parse(d.path("at").asText(""));
                if (!at.isBefore(from) && !at.isAfter(to)) out.add(new Change(at, d.path("to").asText("")));
            } catch (RuntimeException e) {
                // a decision without a readable time is not drawn
            }
        }
        out.sort(Comparator.comparing(Change::at));
        return out;
    }

    /**
     * The phases of the records, each from its first cycle to the next phase's first (the last to {@code end}); a phase
     * change on record before a phase's first cycle (and after the previous phase's last) starts the phase there.
     */
    static List<TimeChart.Span> phases(List<HealthRecord> records, Instant end, List<Change> changes) {
        List<TimeChart.Span> out = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= records.size(); i++) {
            if (i == records.size() || records.get(i).phase() != records.get(start).phase()) {
                String phase = records.get(start).phase().id();
                Instant from = records.get(start).cycle();
                Instant lastBefore = start == 0 ? null : records.get(start - 1).cycle();
                for (Change c : changes) {
                    if (c.to().equals(phase) && !c.at().isAfter(from) && (lastBefore == null || c.at().isAfter(lastBefore))) from = c.at();
                }
                if (!out.isEmpty()) {
                    TimeChart.Span prev = out.remove(out.size() - 1);
                    out.add(new TimeChart.Span(prev.from(), from, prev.label(), prev.kind()));
                }
                Instant until = i == records.size() ? end : records.get(i).cycle();
                if (until.isBefore(from)) until = from;
                out.add(new TimeChart.Span(from, until, phase, phase));
                start = i;
            }
        }
        return out;
    }

    /** The loop's promotions, demotions and approvals in the range, oldest first, each with its id. */
    static List<TimeChart.Marker> markers(List<JsonNode> decisions, Instant from, Instant to) {
        List<TimeChart.Marker> out = new ArrayList<>();
        for (JsonNode d : decisions) {
            String kind = d.path("kind").asText("");
            Instant at;
            try {
                at = Instants.parse(d.path("at").asText(""));
            } catch (RuntimeException e) {
                continue;
            }
            if (at.isBefore(from) || at.isAfter(to)) continue;
            String id = d.path("id").asText("");
            String by = d.path("by").asText("");
            switch (kind) {
                case "promotion", "demotion" -> out.add(new TimeChart.Marker(at, id, kind + " " + d.path("from").asText("?") + " → "
                        + d.path("to").asText("?") + " by " + by));
                case "approval" -> out.add(new TimeChart.Marker(at, id, d.path("approval").asText("?") + " by " + by
                        + (d.path("reason").isTextual() ? ": " + d.path("reason").asText() : "")));
                default -> { }
            }
        }
        out.sort(Comparator.comparing(TimeChart.Marker::at));
        return out;
    }
}
