package dev.loopreg.server;

import static j2html.TagCreator.div;
import static j2html.TagCreator.h2;
import static j2html.TagCreator.p;
import static j2html.TagCreator.rawHtml;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.cadence.Policy;
import dev.loopreg.cadence.RuleSeries;
import dev.loopreg.format.Instants;
import dev.loopreg.health.HealthRecord;
import dev.loopreg.report.RuleCharts;
import j2html.tags.DomContent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The loop page's "rules over time": for each window rule, the window's value at every cycle of the range against
 * the threshold ({@link RuleSeries}), with the phases as bands, the rescues as markers and the loop's decisions and
 * approvals as annotations ({@link RuleCharts}). Pure: renders the records and decisions it is given.
 */
final class LoopCharts {

    private LoopCharts() {
    }

    /**
     * @param records the loop's records from before {@code from} (so the first cycles of the range see full windows) to
     *                {@code to}, oldest first
     */
    static DomContent rulesOverTime(List<HealthRecord> records, Policy policy, List<JsonNode> decisions, Instant from, Instant to) {
        List<DomContent> parts = new ArrayList<>();
        parts.add(h2("Rules over time").withId("rules-over-time"));
        if (policy == null) {
            parts.add(p("The policy cannot be read, so the rules cannot be drawn.").withClass("error"));
            return div(parts.toArray(DomContent[]::new));
        }
        List<HealthRecord> inRange = records.stream().filter(r -> !r.cycle().isBefore(from) && !r.cycle().isAfter(to)).toList();
        parts.add(p("Each rule's window value at every cycle, as the rule saw it then, against its threshold (dashed); phases "
                + "are the shaded bands, rescues the orange marks on the time axis, decisions and approvals the dotted lines.").withClass("muted"));
        List<RuleCharts.Band> bands;
        List<RuleCharts.Rescue> rescues = inRange.stream().filter(r -> r.manualRescues() != null && r.manualRescues() > 0)
                .map(r -> new RuleCharts.Rescue(r.cycle(), r.manualRescues())).toList();
        List<RuleCharts.Note> notes = notes(decisions, from, to);
        // the time axis spans what there is to see: the range's records and annotations (the whole range when neither)
        Instant start = from;
        Instant end = to;
        if (!inRange.isEmpty() || !notes.isEmpty()) {
            start = inRange.isEmpty() ? notes.get(0).at() : notes.isEmpty() ? inRange.get(0).cycle() : min(inRange.get(0).cycle(), notes.get(0).at());
            end = inRange.isEmpty() ? notes.get(notes.size() - 1).at() : notes.isEmpty() ? inRange.get(inRange.size() - 1).cycle()
                    : max(inRange.get(inRange.size() - 1).cycle(), notes.get(notes.size() - 1).at());
            java.time.Duration pad = java.time.Duration.between(start, end).dividedBy(40).plusHours(1);
            start = max(from, start.minus(pad));
            end = min(to, end.plus(pad));
        }
        bands = bands(inRange, end, changes(decisions, start, end));
        List<DomContent> charts = new ArrayList<>();
        for (RuleSeries.Series s : RuleSeries.over(records, policy)) {
            List<RuleSeries.Sample> kept = s.samples().stream().filter(x -> !x.at().isBefore(from) && !x.at().isAfter(to)).toList();
            RuleSeries.Series shown = new RuleSeries.Series(s.rule(), s.kind(), s.threshold(), s.thresholdText(), kept);
            charts.add(rawHtml(RuleCharts.chart("rule-chart-" + s.rule(), shown, bands, rescues, notes, start, end, 600, 230)));
        }
        parts.add(div(charts.toArray(DomContent[]::new)).withClass("charts"));
        return div(parts.toArray(DomContent[]::new));
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
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
    static List<RuleCharts.Band> bands(List<HealthRecord> records, Instant end, List<Change> changes) {
        List<RuleCharts.Band> out = new ArrayList<>();
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
                    RuleCharts.Band prev = out.remove(out.size() - 1);
                    out.add(new RuleCharts.Band(prev.from(), from, prev.phase()));
                }
                out.add(new RuleCharts.Band(from, i == records.size() ? end : records.get(i).cycle(), phase));
                start = i;
            }
        }
        return out;
    }

    /** The loop's promotions, demotions and approvals in the range, oldest first. */
    static List<RuleCharts.Note> notes(List<JsonNode> decisions, Instant from, Instant to) {
        List<RuleCharts.Note> out = new ArrayList<>();
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
                case "promotion", "demotion" -> out.add(new RuleCharts.Note(at, id + " → " + d.path("to").asText("?"),
                        kind + " " + d.path("from").asText("?") + " → " + d.path("to").asText("?") + " by " + by));
                case "approval" -> out.add(new RuleCharts.Note(at, id + " " + d.path("approval").asText("?") + " by " + by,
                        d.path("reason").isTextual() ? d.path("reason").asText() : null));
                default -> { }
            }
        }
        out.sort(Comparator.comparing(RuleCharts.Note::at));
        return out;
    }
}
