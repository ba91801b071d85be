package dev.loopreg.server;

import static j2html.TagCreator.a;
import static j2html.TagCreator.body;
import static j2html.TagCreator.code;
import static j2html.TagCreator.details;
import static j2html.TagCreator.div;
import static j2html.TagCreator.document;
import static j2html.TagCreator.each;
import static j2html.TagCreator.footer;
import static j2html.TagCreator.form;
import static j2html.TagCreator.h1;
import static j2html.TagCreator.h2;
import static j2html.TagCreator.head;
import static j2html.TagCreator.header;
import static j2html.TagCreator.html;
import static j2html.TagCreator.input;
import static j2html.TagCreator.label;
import static j2html.TagCreator.li;
import static j2html.TagCreator.main;
import static j2html.TagCreator.meta;
import static j2html.TagCreator.nav;
import static j2html.TagCreator.p;
import static j2html.TagCreator.pre;
import static j2html.TagCreator.rawHtml;
import static j2html.TagCreator.span;
import static j2html.TagCreator.style;
import static j2html.TagCreator.summary;
import static j2html.TagCreator.table;
import static j2html.TagCreator.tbody;
import static j2html.TagCreator.td;
import static j2html.TagCreator.text;
import static j2html.TagCreator.th;
import static j2html.TagCreator.thead;
import static j2html.TagCreator.title;
import static j2html.TagCreator.tr;
import static j2html.TagCreator.ul;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.alert.Alerts;
import dev.loopreg.cadence.RuleResult;
import dev.loopreg.format.Fmt;
import dev.loopreg.format.Instants;
import dev.loopreg.health.HealthModel;
import dev.loopreg.health.HealthRange;
import dev.loopreg.health.HealthRecord;
import dev.loopreg.regulator.Evaluation;
import dev.loopreg.regulator.Regulator;
import dev.loopreg.regulator.Rotations;
import dev.loopreg.report.Charts;
import dev.loopreg.report.Json;
import dev.loopreg.report.LoopView;
import dev.loopreg.rotation.RotationStatus;
import dev.loopreg.rotation.Signal;
import dev.loopreg.rotation.Snapshot;
import dev.loopreg.rotation.Verdict;
import dev.loopreg.schedule.ServeSchedule;
import j2html.tags.DomContent;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The HTML pages of {@code loopreg serve}: plain server-rendered HTML with inline SVG charts, readable without
 * JavaScript (none is served). j2html escapes every text; only the charts' SVG, built by {@link Charts} from
 * escaped parts, is inserted raw.
 *
 * <p>Over 400 lines: one renderer per read-only page (overview, loop, rotation, decisions, urgent, errors) sharing one
 * layout and style sheet; the control plane's parts (queue, forms, timeline, rule charts) live in their own classes.
 */
final class Pages {

    private Pages() {
    }

    private static final String CSS = """
            body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#222;background:#fafafa}
            header{background:#263238;color:#fff;padding:8px 16px;display:flex;gap:18px;align-items:baseline}
            header a{color:#cfd8dc;text-decoration:none}header a.on{color:#fff;font-weight:bold}
            header .brand{font-weight:bold;color:#fff;margin-right:12px}
            main{padding:12px 16px;max-width:1280px}
            table{border-collapse:collapse;margin:8px 0 16px;background:#fff}
            th,td{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
            th{background:#eceff1}
            .promote{color:#2e7d32;font-weight:bold}.demote{color:#c62828;font-weight:bold}.hold{color:#555}
            .error{color:#c62828}.muted{color:#777}.ok{color:#2e7d32}.failed{color:#c62828;font-weight:bold}
            .charts{display:flex;flex-wrap:wrap;gap:12px}.chart{border:1px solid #ddd;background:#fff}
            pre{background:#f4f4f4;padding:8px;overflow:auto;max-height:420px}
            footer{color:#777;padding:12px 16px;font-size:12px}
            header .user{margin-left:auto;color:#fff}header .user .who{margin-right:8px}
            form.inline,form.act{display:inline-flex;gap:4px;margin:0 6px 2px 0}
            button{font:inherit;padding:2px 8px;cursor:pointer}button.link{background:none;border:0;color:#cfd8dc;text-decoration:underline}
            button.approve,button.apply{background:#2e7d32;color:#fff;border:1px solid #1b5e20}
            button.reject,button.demote{background:#fff;color:#c62828;border:1px solid #c62828}
            .marks{background:#fff3e0;border:1px solid #ef6c00;padding:6px 10px;margin:0 0 10px}
            .result{border:1px solid;padding:6px 10px;margin:8px 0}.result.ok{border-color:#2e7d32;background:#e8f5e9}
            .result.refused{border-color:#c62828;background:#ffebee}
            """;

    /** Filled per request by the web layer: who is signed in (or the sign-in link). */
    static final String USER_SLOT = "<!--loopreg:user-->";
    /** Filled per request: the marks every page carries (stale loops, jobs that are not running). */
    static final String MARKS_SLOT = "<!--loopreg:marks-->";

    static String layout(String pageTitle, String active, Instant now, String workspace, DomContent... content) {
        return document(html(
                head(meta().withCharset("utf-8"), meta().withName("viewport").withContent("width=device-width, initial-scale=1"),
                        title(pageTitle + " — loopreg"), style(CSS)),
                body(
                        header(span("loopreg").withClass("brand"),
                                navLink("/", "Overview", active), navLink("/rotation", "Rotation", active),
                                navLink("/timeline", "Timeline", active), navLink("/decisions", "Decisions", active),
                                navLink("/urgent", "Urgent tasks", active),
                                rawHtml(USER_SLOT)),
                        main(withMarks(content)),
                        footer(text("workspace " + workspace + " · rendered at " + Instants.format(now) + " · "),
                                a("JSON API").withHref("/api/loops"), text(" · "), a("metrics").withHref("/metrics")))));
    }

    private static DomContent[] withMarks(DomContent[] content) {
        DomContent[] out = new DomContent[content.length + 1];
        out[0] = rawHtml(MARKS_SLOT);
        System.arraycopy(content, 0, out, 1, content.length);
        return out;
    }

    private static DomContent navLink(String href, String label, String active) {
        var a = a(label).withHref(href);
        return label.equals(active) ? a.withClass("on") : a;
    }

    private static DomContent word(String w, String toPhase) {
        if (w == null) return span("error").withClass("error");
        return span(w + (toPhase == null ? "" : " → " + toPhase)).withClass(w);
    }

    static String until(Instant now, Instant at) {
        if (at == null) return "—";
        Duration d = Duration.between(now, at);
        if (d.isNegative()) return "overdue by " + Fmt.duration(d.negated());
        return "in " + Fmt.duration(d);
    }

    // ---------------------------------------------------------------- overview

    /**
     * The fleet overview: one page of the loops that pass the filters ({@link LoopQuery}), with a form for the filters and
     * links to the other pages; {@code scheduler} is the scheduler's section, rendered for this request.
     */
    static String overview(ReadModel.Snapshot s, LoopQuery query, String scheduler, String workspace, DomContent queue) {
        Evaluation e = s.evaluation();
        Instant now = s.at();
        LoopQuery.Page page = query.cut(e.loops());
        DomContent loops = table(
                thead(tr(th("Loop"), th("Phase"), th("Cycles in phase"), th("Recommendation"), th("Data"), th("Last recorded"),
                        th("Next cycle"), th("Time to next cycle"), th("Problems"))),
                tbody(each(page.loops(), v -> {
                    Regulator.LastRecommendation lr = s.last().get(v.id());
                    return tr(td(a(v.id()).withHref("/loops/" + v.id())),
                            td(v.state() == null ? "error" : v.state().phase().id()),
                            td(v.cyclesInPhase()),
                            td(v.rec() == null ? word(null, null) : word(v.rec().word(), v.rec().toPhase().map(dev.loopreg.health.Phase::id).orElse(null))),
                            freshness(v),
                            td(lr == null ? "none yet" : lr.recommendation() + (lr.toPhase() == null ? "" : " → " + lr.toPhase()) + " (" + lr.at() + ")")
                                    .withClass("muted"),
                            td(v.nextCycle() == null ? "—" : Instants.format(v.nextCycle())),
                            td(until(now, v.nextCycle())),
                            td(v.errors().isEmpty() ? text("") : span(String.join("; ", v.errors())).withClass("error")));
                }))).withId("loops");
        List<DomContent> parts = new ArrayList<>();
        parts.add(h1("Fleet overview"));
        parts.add(p(e.loops().size() + " loops, evaluated at " + Instants.format(now) + " · "
                + s.urgentOpen().size() + " open urgent task" + (s.urgentOpen().size() == 1 ? "" : "s")));
        parts.add(queue);
        parts.add(h2("Loops"));
        if (e.loops().size() > LoopQuery.PER_PAGE || !query.params().isEmpty()) {
            parts.add(ListControls.filters(query));
        }
        parts.add(loops);
        if (page.pages() > 1 || page.total() < e.loops().size()) {
            parts.add(ListControls.pager(query, page));
        }
        if (!e.problems().isEmpty()) {
            parts.add(h2("Problems"));
            parts.add(ul(each(e.problems(), pr -> li(pr.toString()).withClass("error"))));
        }
        parts.add(rawHtml(scheduler));
        return layout("Fleet overview", "Overview", now, workspace, parts.toArray(DomContent[]::new));
    }

    /** "fresh", or "stale: N periods without a record" marked as an error, with the detail as its title. */
    private static DomContent freshness(LoopView v) {
        if (v.freshness() == null) return td("—");
        if (!v.stale()) return td("fresh").withTitle(v.freshness().detail());
        return td("stale: " + v.freshness().periods() + " periods without a record").withClass("error stale").withTitle(v.freshness().detail());
    }

    static DomContent scheduler(Daemon d, Instant now) {
        if (d == null) {
            return div(h2("Scheduler"), p("Not running in this process (serve --no-schedule, or the web only)."));
        }
        Map<ServeSchedule.Kind, ServeSchedule.Job> jobs = d.jobs();
        Map<String, Daemon.Run> last = d.lastRuns();
        DomContent t = table(thead(tr(th("Job"), th("Cron"), th("From"), th("State"), th("Next run"), th("Last run"))),
                tbody(each(List.of(ServeSchedule.Kind.values()), k -> {
                    ServeSchedule.Job j = jobs.get(k);
                    Daemon.Run r = last.get(k.id());
                    Instant next = d.nextFire(k);
                    return tr(td(k.id()), td(j == null || j.cron() == null ? "—" : j.cron()), td(j == null ? "—" : j.source()),
                            td(j == null ? "—" : (j.runs() ? "scheduled" : "not scheduled")
                                    + (j == null || j.note() == null ? "" : ": " + j.note())),
                            td(next == null ? "—" : Instants.format(next) + " (" + until(now, next) + ")"),
                            td(r == null ? text("none since start") : span(r.outcome() + " at " + Instants.format(r.startedAt())
                                    + " (" + r.took().toMillis() + " ms, " + r.attempts() + " attempt" + (r.attempts() == 1 ? "" : "s") + ")"
                                    + (r.detail() == null ? "" : ": " + r.detail())).withClass(r.failed() ? "failed" : "ok")));
                })));
        Daemon.Startup st = d.startup();
        Daemon.Run em = d.lastRuns().get("emergency");
        List<String> notRunning = d.notRunning();
        return div(h2("Scheduler"),
                notRunning.isEmpty() ? p("Every configured job is scheduled.").withClass("ok")
                        : div(p("Not running:").withClass("error"), ul(each(notRunning, x -> li(x).withClass("error")))).withId("not-running"),
                t,
                em == null ? p("No emergency run since start (a new [rescue] entry in a bootstrap log starts one).").withClass("muted")
                        : p("Last emergency run: " + em.outcome() + " at " + Instants.format(em.startedAt()) + " (" + em.trigger() + ")"
                        + (em.detail() == null ? "" : ": " + em.detail())).withClass(em.failed() ? "failed" : ""),
                st == null ? text("") : details(summary("Start-up at " + Instants.format(st.at()) + ": missed slots"),
                        ul(each(st.log(), l -> li(l)))));
    }

    // ---------------------------------------------------------------- one loop

    static String loop(ReadModel.Snapshot s, LoopView v, ReadModel.Health h, Instant from, Instant to, List<JsonNode> decisions,
                       HealthModel model, String workspace, DomContent rulesOverTime, DomContent operatorForms,
                       List<dev.loopreg.schedule.Drift.Finding> drift) {
        Instant now = s.at();
        List<DomContent> parts = new ArrayList<>();
        parts.add(h1("Loop " + v.id()));
        if (v.state() == null) {
            parts.add(p("This loop cannot be read: " + String.join("; ", v.errors())).withClass("error"));
            return layout("Loop " + v.id(), "", now, workspace, parts.toArray(DomContent[]::new));
        }
        parts.add(table(tbody(
                tr(th("Phase"), td(v.state().phase().id() + (v.state().phaseSince() == null ? "" : " since " + Instants.format(v.state().phaseSince())))),
                tr(th("Cron"), td(code(v.state().cron()))),
                tr(th("Cycles in phase"), td(v.cyclesInPhase())),
                tr(th("Approval"), td(v.state().approvalSummary())),
                tr(th("Data"), v.freshness() == null ? td("—") : td((v.stale() ? "STALE — " : "fresh — ") + v.freshness().detail())
                        .withClass(v.stale() ? "error stale" : "")),
                tr(th("Recommendation"), td(v.rec() == null ? word(null, null)
                        : span(word(v.rec().word(), v.rec().toPhase().map(dev.loopreg.health.Phase::id).orElse(null)), text(": " + v.rec().summary())))),
                tr(th("Next cycle"), td(v.nextCycle() == null ? "—" : Instants.format(v.nextCycle()) + " (" + until(now, v.nextCycle()) + ")")))));
        if (!v.errors().isEmpty()) parts.add(ul(each(v.errors(), x -> li(x).withClass("error"))));
        if (!drift.isEmpty()) {
            // the loop's activity definitions against its cadence: what validate and status say
            parts.add(h2("Drift"));
            parts.add(ul(each(drift, f -> li((f.error() ? "error: " : "warning: ") + f.path() + (f.line() > 0 ? ":" + f.line() : "") + ": "
                    + f.message()).withClass(f.error() ? "error" : "warning"))).withId("drift"));
        }
        if (v.rec() != null) {
            // each rule's value as the rule sees it — over its window (the pooled rate of the last 7 cycles), not one cycle's
            parts.add(h2("Rules, as they see the window"));
            parts.add(table(thead(tr(th("Rule"), th("Kind"), th("Outcome"), th("Window value"), th("Threshold"), th("Cycles"), th("Detail"))),
                    tbody(each(v.rec().rules(), r -> tr(td(code(r.id())), td(r.kind() == RuleResult.Kind.PROMOTION ? "promotion" : "demotion trigger"),
                            td(r.outcomeWord()), td(dev.loopreg.format.Fmt.value(r.value())), td(r.thresholdText()),
                            td(Integer.toString(r.cycles().size())), td(r.detail()))))).withClass("rules").withId("rules"));
        }
        if (operatorForms != null) parts.add(operatorForms);
        parts.add(rulesOverTime);
        parts.add(h2("Health over time"));
        parts.add(form(label("from "), input().withType("date").withName("from").withValue(day(from)),
                label(" to "), input().withType("date").withName("to").withValue(day(to)),
                input().withType("submit").withValue("Show")).withMethod("get").withAction("/loops/" + v.id()));
        parts.add(p(h.records().size() + " health record" + (h.records().size() == 1 ? "" : "s") + " from " + day(from) + " to " + day(to)
                + (h.truncated() ? " (the most recent " + h.records().size() + " of " + h.total() + ")" : "")
                + "; the green band is the healthy range, dashed lines are phase changes.").withClass("muted"));
        List<Charts.Marker> markers = markers(h.records(), decisions, from, to);
        List<DomContent> charts = new ArrayList<>();
        for (String m : metrics(h.records(), model)) {
            HealthRange range = model.ranges().stream().filter(r -> r.metric().equals(m)).findFirst().orElse(null);
            List<Charts.Point> pts = h.records().stream().map(r -> new Charts.Point(r.cycle(), r.metric(m))).toList();
            charts.add(rawHtml(Charts.line("chart-" + m, m, pts, Charts.Band.of(range), markers, List.of(), 600, 200)));
        }
        parts.add(div(charts.toArray(DomContent[]::new)).withClass("charts"));
        parts.add(h2("Decisions"));
        parts.add(decisionTable(decisions));
        parts.add(p(a("health records as JSON").withHref("/api/loops/" + v.id() + "/health?from=" + Instants.format(from) + "&to="
                + Instants.format(to))));
        return layout("Loop " + v.id(), "", now, workspace, parts.toArray(DomContent[]::new));
    }

    private static String day(Instant t) {
        return t == null ? "" : Instants.format(t).substring(0, 10);
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

    /** Phase changes: the promotions and demotions on record, else the changes of the records' phase. */
    static List<Charts.Marker> markers(List<HealthRecord> records, List<JsonNode> decisions, Instant from, Instant to) {
        List<Charts.Marker> out = new ArrayList<>();
        for (JsonNode d : decisions) {
            String kind = d.path("kind").asText("");
            if (!kind.equals("promotion") && !kind.equals("demotion")) continue;
            Instant at;
            try {
                at = Instants.parse(d.path("at").asText(""));
            } catch (RuntimeException e) {
                continue;
            }
            if ((from != null && at.isBefore(from)) || (to != null && at.isAfter(to))) continue;
            out.add(new Charts.Marker(at, "→ " + d.path("to").asText("?") + " (" + d.path("id").asText("") + ")"));
        }
        if (out.isEmpty()) {
            for (int i = 1; i < records.size(); i++) {
                if (records.get(i).phase() != records.get(i - 1).phase()) {
                    out.add(new Charts.Marker(records.get(i).cycle(), "→ " + records.get(i).phase().id()));
                }
            }
        }
        out.sort(java.util.Comparator.comparing(Charts.Marker::at));
        return out;
    }

    // ---------------------------------------------------------------- rotation

    static String rotation(Instant now, Rotations.Context c, String error, String workspace, java.util.function.Function<RotationStatus, DomContent> forms) {
        List<DomContent> parts = new ArrayList<>();
        parts.add(h1("Repo rotation"));
        if (c == null) {
            parts.add(p(error == null ? "No rotation is configured (rotation-policy.yml)." : error).withClass(error == null ? "muted" : "error"));
            return layout("Repo rotation", "Rotation", now, workspace, parts.toArray(DomContent[]::new));
        }
        var st = c.status();
        parts.add(p("Loop " + st.policy().loop() + ", agent " + st.policy().agent() + ", window " + st.policy().windowCycles()
                + " cycles; a repo is a candidate when " + st.policy().minSignals() + " of 4 signals fire."));
        parts.add(table(thead(tr(th("Repo"), th("Snapshots"), th("quality_plateau"), th("success_stable"), th("optimizer_stall"),
                th("no_marginal_gain"), th("Score"), th("Verdict"))),
                tbody(each(st.verdicts(), v -> {
                    List<DomContent> cells = new ArrayList<>(List.of(td(v.repo()), td(String.valueOf(v.snapshots()))));
                    for (Signal x : v.signals()) cells.add(td(span(x.word()).attr("title", x.detail())));
                    cells.add(td(v.fired() + "/4"));
                    cells.add(td(span(v.status().word()).withClass(v.candidate() ? "demote" : "")));
                    return tr(cells.toArray(DomContent[]::new));
                }))).withId("signals"));
        parts.add(h2("Quality curves"));
        parts.add(p("avg_quality per snapshot; the orange spans are the plateau signal's windows (recent and prior).").withClass("muted"));
        List<DomContent> charts = new ArrayList<>();
        for (Verdict v : st.verdicts()) {
            List<Charts.Point> pts = c.snapshots().stream().filter(x -> x.repo().equals(v.repo()))
                    .sorted(java.util.Comparator.comparing(Snapshot::cycle))
                    .map(x -> new Charts.Point(x.cycle(), x.avgQuality())).toList();
            List<Charts.Span> spans = new ArrayList<>();
            v.signal(Signal.QUALITY_PLATEAU).ifPresent(sig -> {
                if (sig instanceof Signal.QualityPlateau q) {
                    if (q.prior().from() != null) spans.add(new Charts.Span(q.prior().from(), q.prior().to(), "prior window: mean "
                            + plain(q.priorMean())));
                    if (q.window().from() != null) spans.add(new Charts.Span(q.window().from(), q.window().to(), "recent window: mean "
                            + plain(q.windowMean()) + " (" + q.word() + ")"));
                }
            });
            charts.add(rawHtml(Charts.line("quality-" + v.repo().replaceAll("[^A-Za-z0-9_-]", "_"), v.repo() + " avg_quality", pts, null,
                    List.of(), spans, 600, 200)));
        }
        parts.add(div(charts.toArray(DomContent[]::new)).withClass("charts"));
        parts.add(h2("Saturated repos"));
        parts.add(st.saturated().isEmpty() ? p("None.").withClass("muted") : table(thead(tr(th("Repo"), th("Saturated at"), th("Revisit at"), th("Due"))),
                tbody(each(st.saturated(), x -> tr(td(x.repo()), td(Instants.format(x.saturatedAt())),
                        td(x.revisitAt() == null ? "—" : Instants.format(x.revisitAt())), td(x.due() ? "yes" : "no"))))));
        parts.add(h2("Automation"));
        parts.add(pre(Json.pretty(dev.loopreg.report.RotationJson.gate(st.gate()))));
        if (!c.problems().isEmpty()) parts.add(ul(each(c.problems(), x -> li(x).withClass("muted"))));
        DomContent acts = forms.apply(c.status());
        if (acts != null) parts.add(acts);
        return layout("Repo rotation", "Rotation", now, workspace, parts.toArray(DomContent[]::new));
    }

    private static String plain(BigDecimal b) {
        return b == null ? "—" : b.stripTrailingZeros().toPlainString();
    }

    // ---------------------------------------------------------------- decisions and urgent tasks

    static String decisions(Instant now, List<JsonNode> decisions, String workspace) {
        return layout("Decisions", "Decisions", now, workspace, h1("Decisions"),
                p(decisions.size() + " most recent, newest first; open a row's evidence for the rules as they were.").withClass("muted"),
                decisionTable(decisions));
    }

    private static DomContent decisionTable(List<JsonNode> decisions) {
        if (decisions.isEmpty()) return p("No decision recorded.").withClass("muted");
        return table(thead(tr(th("Id"), th("At"), th("Kind"), th("Loop / repo"), th("Change"), th("By"), th("Reason"), th("Evidence"))),
                tbody(each(decisions, d -> tr(td(d.path("id").asText("")), td(d.path("at").asText("")), td(d.path("kind").asText("")),
                        td(d.hasNonNull("repo") ? d.path("repo").asText() : d.path("loop").asText("")),
                        td(d.hasNonNull("from") || d.hasNonNull("to") ? d.path("from").asText("") + " → " + d.path("to").asText("")
                                : d.path("approval").asText("")),
                        td(d.path("by").asText("")), td(d.path("reason").asText("")),
                        td(details(summary("evidence"), pre(Json.pretty(d)))))))).withId("decisions");
    }

    static String urgent(Instant now, List<Alerts.Open> open, Map<String, JsonNode> raised, List<JsonNode> events, String workspace) {
        return layout("Urgent tasks", "Urgent tasks", now, workspace, h1("Urgent tasks"),
                h2("Open (" + open.size() + ")"),
                open.isEmpty() ? p("None open.").withClass("muted") : table(thead(tr(th("Id"), th("Loop"), th("Trigger"), th("Raised"),
                        th("Title"), th("Delivered to"))),
                        tbody(each(open, o -> tr(td(o.id()), td(a(o.loop()).withHref("/loops/" + o.loop())), td(code(o.trigger())),
                                td(o.raisedAt() == null ? "?" : Instants.format(o.raisedAt())),
                                td(raised.getOrDefault(o.id(), Json.object()).path("title").asText("")),
                                td(o.delivered().isEmpty() ? "not delivered yet" : String.join(", ", o.delivered())))))).withId("open"),
                h2("Events, newest first"),
                events.isEmpty() ? p("No event.").withClass("muted") : table(thead(tr(th("Id"), th("Event"), th("Loop"), th("Trigger"), th("At"), th("Details"))),
                        tbody(each(events, ev -> tr(td(ev.path("id").asText("")), td(ev.path("event").asText("")), td(ev.path("loop").asText("")),
                                td(ev.path("trigger").asText("")), td(ev.path("at").asText("")),
                                td(details(summary("json"), pre(Json.pretty(ev)))))))));
    }

    static String error(Instant now, int status, String title, String details, String workspace) {
        return layout(title, "", now, workspace, h1(status + " " + title), p(details));
    }

    /** A sign-in that did not work: why, and the way on (sign in again, or back to the overview). */
    static String signIn(Instant now, int status, String details, boolean again, String workspace) {
        return layout("Sign-in", "", now, workspace, h1("Sign-in: " + status), p(details).withClass("error").withId("why"),
                p(again ? a("Sign in again").withHref("/login") : a("Back to the overview").withHref("/")));
    }
}
