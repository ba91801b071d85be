package dev.loopreg.server;

import static j2html.TagCreator.each;
import static j2html.TagCreator.h1;
import static j2html.TagCreator.h2;
import static j2html.TagCreator.li;
import static j2html.TagCreator.p;
import static j2html.TagCreator.pre;
import static j2html.TagCreator.span;
import static j2html.TagCreator.table;
import static j2html.TagCreator.tbody;
import static j2html.TagCreator.td;
import static j2html.TagCreator.text;
import static j2html.TagCreator.th;
import static j2html.TagCreator.thead;
import static j2html.TagCreator.tr;
import static j2html.TagCreator.ul;

import dev.loopreg.regulator.Rotations;
import dev.loopreg.report.Json;
import dev.loopreg.report.NiceScale;
import dev.loopreg.report.TimeChart;
import dev.loopreg.rotation.RotationStatus;
import dev.loopreg.rotation.Signal;
import dev.loopreg.rotation.Snapshot;
import dev.loopreg.rotation.Verdict;
import j2html.tags.DomContent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** {@code /rotation}: the signals of each active repo, their quality curves (one time range, one cursor), the saturated repos. */
final class RotationPage {

    private RotationPage() {
    }

    static String render(View v, Rotations.Context c, String error, java.util.function.Function<RotationStatus, DomContent> forms) {
        List<DomContent> parts = new ArrayList<>();
        parts.add(h1("Repo rotation"));
        if (c == null) {
            parts.add(p(error == null ? "No rotation is configured (rotation-policy.yml)." : error).withClass(error == null ? "muted" : "error"));
            return Layout.page(v, "Repo rotation", "Rotation", false, parts.toArray(DomContent[]::new));
        }
        var st = c.status();
        parts.add(p("Loop " + st.policy().loop() + ", agent " + st.policy().agent() + ", window " + st.policy().windowCycles()
                + " cycles; a repo is a candidate when " + st.policy().minSignals() + " of 4 signals fire."));
        parts.add(Layout.scroll("signals", table(thead(tr(th("Repo"), th("Snapshots"), th("quality_plateau"), th("success_stable"), th("optimizer_stall"),
                        th("no_marginal_gain"), th("Score"), th("Verdict"))),
                tbody(each(st.verdicts(), x -> {
                    List<DomContent> cells = new ArrayList<>(List.of(td(x.repo()).withId("repo-" + x.repo()), td(String.valueOf(x.snapshots()))));
                    for (Signal s : x.signals()) cells.add(td(span(s.word()).attr("title", s.detail())));
                    cells.add(td(x.fired() + "/4"));
                    cells.add(td(span(x.status().word()).withClass(x.candidate() ? "demote" : "")));
                    return tr(cells.toArray(DomContent[]::new));
                }))).withId("signals")));
        parts.add(h2("Quality curves"));
        TimeChart.Group g = group(c, v);
        parts.add(p("avg_quality per snapshot; the shaded spans are the plateau signal's windows (prior and recent). Every chart spans the same time.")
                .withClass("muted"));
        parts.add(LoopCharts.legend(g));
        parts.add(LoopCharts.data(g));
        parts.add(LoopCharts.figures(g, g.charts()));
        parts.add(h2("Saturated repos"));
        parts.add(st.saturated().isEmpty() ? p("None.").withClass("muted") : Layout.scroll("saturated repos", table(thead(tr(th("Repo"), th("Saturated at"),
                        th("Revisit at"), th("Due"))),
                tbody(each(st.saturated(), x -> tr(td(x.repo()), td(v.time(x.saturatedAt())),
                        td(x.revisitAt() == null ? text("—") : v.time(x.revisitAt())), td(x.due() ? "yes" : "no")))))));
        parts.add(h2("Automation"));
        parts.add(pre(Json.pretty(dev.loopreg.report.RotationJson.gate(st.gate()))).attr("tabindex", "0").attr("aria-label", "automation gate"));
        if (!c.problems().isEmpty()) parts.add(ul(each(c.problems(), x -> li(Inline.of(v, x)).withClass("muted"))));
        DomContent acts = forms.apply(c.status());
        if (acts != null) parts.add(acts);
        return Layout.page(v, "Repo rotation", "Rotation", true, parts.toArray(DomContent[]::new));
    }

    /** A chart of avg_quality per active repo, with the plateau signal's windows, over the snapshots' common time range. */
    static TimeChart.Group group(Rotations.Context c, View v) {
        List<TimeChart.Chart> charts = new ArrayList<>();
        List<Instant> seen = new ArrayList<>();
        for (Verdict x : c.status().verdicts()) {
            List<Snapshot> snaps = c.snapshots().stream().filter(s -> s.repo().equals(x.repo())).sorted(Comparator.comparing(Snapshot::cycle)).toList();
            snaps.forEach(s -> seen.add(s.cycle()));
            List<TimeChart.Span> spans = new ArrayList<>();
            x.signal(Signal.QUALITY_PLATEAU).ifPresent(sig -> {
                if (sig instanceof Signal.QualityPlateau q) {
                    if (q.prior().from() != null) spans.add(new TimeChart.Span(q.prior().from(), q.prior().to(), "prior window: mean " + plain(q.priorMean()),
                            "window"));
                    if (q.window().from() != null) spans.add(new TimeChart.Span(q.window().from(), q.window().to(), "recent window: mean "
                            + plain(q.windowMean()) + " (" + q.word() + ")", "window"));
                }
            });
            charts.add(new TimeChart.Chart("quality-" + x.repo().replaceAll("[^A-Za-z0-9_-]", "_"), x.repo(), "avg_quality, " + x.status().word(),
                    NiceScale.Unit.RATE, snaps.stream().map(Snapshot::cycle).toList(), snaps.stream().map(Snapshot::avgQuality).toList(), null, null,
                    null, spans));
        }
        Instant[] span = seen.isEmpty() ? new Instant[]{v.now().minus(java.time.Duration.ofDays(7)), v.now()}
                : TimeChart.span(seen, Instant.EPOCH, Instant.parse("9999-12-31T00:00:00Z"));
        return new TimeChart.Group("rotation", v.zone(), span[0], span[1], List.of(), List.of(), charts);
    }

    private static String plain(BigDecimal b) {
        return b == null ? "—" : b.stripTrailingZeros().toPlainString();
    }
}
