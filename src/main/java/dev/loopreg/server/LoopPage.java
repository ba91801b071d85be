package dev.loopreg.server;

import static j2html.TagCreator.a;
import static j2html.TagCreator.code;

import static j2html.TagCreator.each;
import static j2html.TagCreator.form;
import static j2html.TagCreator.h1;
import static j2html.TagCreator.h2;
import static j2html.TagCreator.h3;
import static j2html.TagCreator.input;
import static j2html.TagCreator.label;
import static j2html.TagCreator.li;
import static j2html.TagCreator.p;
import static j2html.TagCreator.span;
import static j2html.TagCreator.table;
import static j2html.TagCreator.tbody;
import static j2html.TagCreator.td;
import static j2html.TagCreator.text;
import static j2html.TagCreator.th;
import static j2html.TagCreator.thead;
import static j2html.TagCreator.tr;
import static j2html.TagCreator.ul;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.cadence.RuleResult;
import dev.loopreg.report.LoopView;
import dev.loopreg.report.TimeChart;
import j2html.tags.DomContent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One loop's page: its state, its rules as they see the window, the forms the viewer's role allows, its charts (rules
 * over time and health over time, one time range, one cursor) and its latest decisions.
 */
final class LoopPage {

    /** Decisions the loop page lists (the rest are on {@code /decisions?loop=}). */
    static final int DECISIONS = 10;

    private LoopPage() {
    }

    static String render(View v, LoopView lv, ReadModel.Health h, Instant from, Instant to, List<JsonNode> decisions, TimeChart.Group charts,
                         DomContent operatorForms, List<dev.loopreg.schedule.Drift.Finding> drift) {
        List<DomContent> parts = new ArrayList<>();
        parts.add(h1("Loop " + lv.id()));
        if (lv.state() == null) {
            parts.add(p("This loop cannot be read: " + String.join("; ", lv.errors())).withClass("error"));
            return Layout.page(v, "Loop " + lv.id(), "", false, parts.toArray(DomContent[]::new));
        }
        parts.add(table(tbody(
                tr(th("Phase"), td(span(text(lv.state().phase().id() + (lv.state().phaseSince() == null ? "" : " since ")),
                        lv.state().phaseSince() == null ? text("") : v.time(lv.state().phaseSince())))),
                tr(th("Cron"), td(code(lv.state().cron()))),
                tr(th("Cycles in phase"), td(lv.cyclesInPhase())),
                tr(th("Approval"), td(lv.state().approvalSummary())),
                tr(th("Data"), lv.freshness() == null ? td("—") : td(span(text(lv.stale() ? "STALE — " : "fresh — "), Inline.of(v, lv.freshness().detail())))
                        .withClass(lv.stale() ? "error stale" : "")),
                tr(th("Recommendation"), td(lv.rec() == null ? Pages.word(null, null)
                        : span(Pages.word(lv.rec().word(), lv.rec().toPhase().map(dev.loopreg.health.Phase::id).orElse(null)), text(": "),
                        Inline.of(v, lv.rec().summary())))),
                tr(th("Next cycle"), td(lv.nextCycle() == null ? text("—") : v.timeAndRelative(lv.nextCycle()))))).withClass("facts"));
        if (!lv.errors().isEmpty()) parts.add(ul(each(lv.errors(), x -> li(Inline.of(v, x)).withClass("error"))));
        if (!drift.isEmpty()) {
            // the loop's activity definitions against its cadence: what validate and status say
            parts.add(h2("Drift"));
            parts.add(ul(each(drift, f -> li(text((f.error() ? "error: " : "warning: ") + f.path() + (f.line() > 0 ? ":" + f.line() : "") + ": "),
                    Inline.of(v, f.message())).withClass(f.error() ? "error" : "warning"))).withId("drift"));
        }
        if (lv.rec() != null) {
            // each rule's value as the rule sees it — over its window (the pooled rate of the last 7 cycles), not one cycle's
            parts.add(h2("Rules, as they see the window").withId("rules"));
            parts.add(Layout.scroll("rules", table(thead(tr(th("Rule"), th("Kind"), th("Outcome"), th("Window value"), th("Threshold"), th("Cycles"),
                            th("Detail"))),
                    tbody(each(lv.rec().rules(), r -> tr(td(code(r.id())), td(r.kind() == RuleResult.Kind.PROMOTION ? "promotion" : "demotion trigger"),
                            td(r.outcomeWord()), td(dev.loopreg.format.Fmt.value(r.value())), td(r.thresholdText()),
                            td(Integer.toString(r.cycles().size())), td(Inline.of(v, r.detail())))))).withClass("rules")));
        }
        if (operatorForms != null) parts.add(operatorForms);
        parts.add(h2("Charts").withId("charts"));
        parts.add(form(label(text("from"), input().withType("text").withName("from").withValue(v.day(from)).attr("inputmode", "numeric")
                        .attr("pattern", "[0-9]{4}-[0-9]{2}-[0-9]{2}").attr("placeholder", "YYYY-MM-DD").attr("size", "10")),
                label(text("to"), input().withType("text").withName("to").withValue(v.day(to)).attr("inputmode", "numeric")
                        .attr("pattern", "[0-9]{4}-[0-9]{2}-[0-9]{2}").attr("placeholder", "YYYY-MM-DD").attr("size", "10")),
                input().withType("submit").withValue("Show")).withMethod("get").withAction("/loops/" + lv.id()).withClass("filter"));
        parts.add(p(h.records().size() + " health record" + (h.records().size() == 1 ? "" : "s") + " from " + v.day(from) + " to " + v.day(to)
                + (h.truncated() ? " (the most recent " + h.records().size() + " of " + h.total() + ")" : "")
                + "; every chart spans the same time. Hover for values; drag across a chart to zoom all of them, double-click to reset.")
                .withClass("muted"));
        parts.add(LoopCharts.legend(charts));
        parts.add(LoopCharts.data(charts));
        List<TimeChart.Chart> rules = charts.charts().stream().filter(c -> c.id().startsWith("rule-")).toList();
        List<TimeChart.Chart> health = charts.charts().stream().filter(c -> c.id().startsWith("metric-")).toList();
        if (!rules.isEmpty()) {
            parts.add(h3("Rules over time").withId("rules-over-time"));
            parts.add(LoopCharts.figures(charts, rules));
        } else {
            parts.add(p("The policy cannot be read, so the rules cannot be drawn.").withClass("error"));
        }
        parts.add(h3("Health over time").withId("health-over-time"));
        parts.add(LoopCharts.figures(charts, health));
        parts.add(h2("Decisions").withId("loop-decisions"));
        parts.add(Pages.decisionTable(v, decisions.subList(0, Math.min(DECISIONS, decisions.size()))));
        parts.add(p(a(decisions.size() > DECISIONS ? "All decisions of " + lv.id() + " →" : "Decisions of " + lv.id() + " on their own page")
                        .withHref("/decisions?loop=" + lv.id()), text(" · "),
                a("health records as JSON").withHref("/api/loops/" + lv.id() + "/health?from=" + dev.loopreg.format.Instants.format(from) + "&to="
                        + dev.loopreg.format.Instants.format(to))));
        return Layout.page(v, "Loop " + lv.id(), "", true, parts.toArray(DomContent[]::new));
    }

}
