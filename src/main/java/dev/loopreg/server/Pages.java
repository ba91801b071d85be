package dev.loopreg.server;

import static j2html.TagCreator.a;
import static j2html.TagCreator.code;
import static j2html.TagCreator.details;
import static j2html.TagCreator.div;
import static j2html.TagCreator.each;
import static j2html.TagCreator.h1;
import static j2html.TagCreator.h2;
import static j2html.TagCreator.li;
import static j2html.TagCreator.p;
import static j2html.TagCreator.pre;
import static j2html.TagCreator.rawHtml;
import static j2html.TagCreator.span;
import static j2html.TagCreator.summary;
import static j2html.TagCreator.table;
import static j2html.TagCreator.tbody;
import static j2html.TagCreator.td;
import static j2html.TagCreator.text;
import static j2html.TagCreator.th;
import static j2html.TagCreator.thead;
import static j2html.TagCreator.tr;
import static j2html.TagCreator.ul;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.alert.Alerts;
import dev.loopreg.format.Instants;
import dev.loopreg.regulator.Evaluation;
import dev.loopreg.regulator.Regulator;
import dev.loopreg.report.Json;
import dev.loopreg.report.LoopView;
import dev.loopreg.schedule.ServeSchedule;
import j2html.tags.DomContent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The read-only pages of {@code loopreg serve}: the fleet overview with the scheduler, the decisions, the urgent
 * tasks, errors and the sign-in's answers — plain server-rendered HTML in one {@link Layout}; j2html escapes every
 * text. The loop page, the rotation page, the timeline and the queue live in their own classes.
 */
final class Pages {

    private Pages() {
    }

    /** Rows of the decisions and the urgent tasks' events a page shows (the rest are a page further). */
    static final int PER_PAGE = 50;

    static DomContent word(String w, String toPhase) {
        if (w == null) return span("error").withClass("error");
        return span(w + (toPhase == null ? "" : " → " + toPhase)).withClass(w);
    }

    /** A JSON record, folded, in a box a keyboard can scroll. */
    static DomContent folded(String label, JsonNode n) {
        return details(summary(label), pre(Json.pretty(n)).attr("tabindex", "0"));
    }

    /** A time written in a ledger line, as the pages write times (the text as it is when it is not one). */
    static DomContent when(View v, String at) {
        if (at == null || at.isEmpty()) return text("");
        try {
            return v.time(Instants.parse(at));
        } catch (RuntimeException e) {
            return text(at);
        }
    }

    // ---------------------------------------------------------------- overview

    /**
     * The fleet overview: the queue, one page of the loops that pass the filters ({@link LoopQuery}), the problems, and
     * {@code scheduler}, the scheduler's section rendered for this request.
     */
    static String overview(View v, ReadModel.Snapshot s, LoopQuery query, String scheduler, DomContent queue) {
        Evaluation e = s.evaluation();
        LoopQuery.Page page = query.cut(e.loops());
        DomContent loops = table(
                thead(tr(th("Loop"), th("Phase"), th("Cycles in phase"), th("Recommendation"), th("Data"), th("Last recorded"),
                        th("Next cycle"), th("Problems"))),
                tbody(each(page.loops(), lv -> {
                    Regulator.LastRecommendation lr = s.last().get(lv.id());
                    return tr(td(a(lv.id()).withHref("/loops/" + lv.id())),
                            td(lv.state() == null ? "error" : lv.state().phase().id()),
                            td(lv.cyclesInPhase()),
                            td(lv.rec() == null ? word(null, null) : word(lv.rec().word(), lv.rec().toPhase().map(dev.loopreg.health.Phase::id).orElse(null))),
                            freshness(lv),
                            td(lr == null ? text("none yet") : lastRecorded(v, lv, lr)),
                            td(lv.nextCycle() == null ? text("—") : v.timeAndRelative(lv.nextCycle())),
                            td(lv.errors().isEmpty() ? text("") : span(String.join("; ", lv.errors())).withClass("error")));
                }))).withId("loops");
        List<DomContent> parts = new ArrayList<>();
        parts.add(h1("Fleet overview"));
        parts.add(p(text(e.loops().size() + " loop" + (e.loops().size() == 1 ? "" : "s") + " · " + s.urgentOpen().size() + " open urgent task"
                + (s.urgentOpen().size() == 1 ? "" : "s") + " · evaluated "), v.time(s.at())));
        parts.add(queue);
        parts.add(h2("Loops"));
        if (e.loops().size() > LoopQuery.PER_PAGE || !query.params().isEmpty()) {
            parts.add(ListControls.filters(query));
        }
        parts.add(Layout.scroll("loops", loops));
        if (page.pages() > 1 || page.total() < e.loops().size()) {
            parts.add(ListControls.pager(query, page));
        }
        if (!e.problems().isEmpty()) {
            parts.add(h2("Problems"));
            parts.add(ul(each(e.problems(), pr -> li(Inline.of(v, pr.toString())).withClass("error"))));
        }
        parts.add(rawHtml(scheduler));
        return Layout.page(v, "Fleet overview", "Overview", false, parts.toArray(DomContent[]::new));
    }

    /** When the last recommendation was recorded; what it was only when it differs from the current one. */
    private static DomContent lastRecorded(View v, LoopView lv, Regulator.LastRecommendation lr) {
        String current = lv.rec() == null ? null : lv.rec().word() + lv.rec().toPhase().map(t -> " → " + t.id()).orElse("");
        String recorded = lr.recommendation() + (lr.toPhase() == null ? "" : " → " + lr.toPhase());
        DomContent at = when(v, lr.at());
        return recorded.equals(current) ? at : span(text(recorded + ", "), at);
    }

    /** "fresh", or "stale: N periods without a record" marked as an error, with the detail as its title. */
    private static DomContent freshness(LoopView v) {
        if (v.freshness() == null) return td("—");
        String detail = v.freshness().detail().replace("`", "");
        if (!v.stale()) return td("fresh").withTitle(detail);
        return td("stale: " + v.freshness().periods() + " periods without a record").withClass("error stale").withTitle(detail);
    }

    /** The scheduler's section: each job's cron, state (why it is not running, once), next and last run. */
    static DomContent scheduler(Daemon d, View v) {
        if (d == null) {
            return div(h2("Scheduler"), p("Not running in this process (serve --no-schedule, or the web only).")).withId("scheduler");
        }
        Map<ServeSchedule.Kind, ServeSchedule.Job> jobs = d.jobs();
        Map<String, Daemon.Run> last = d.lastRuns();
        List<String> notRunning = d.notRunning();
        DomContent t = table(thead(tr(th("Job"), th("Cron"), th("From"), th("State"), th("Next run"), th("Last run"))),
                tbody(each(List.of(ServeSchedule.Kind.values()), k -> {
                    ServeSchedule.Job j = jobs.get(k);
                    Daemon.Run r = last.get(k.id());
                    Instant next = d.nextFire(k);
                    String why = notRunning.stream().filter(x -> x.startsWith(k.id() + " ")).findFirst().map(x -> x.substring(k.id().length() + 1).replaceFirst("^is ", ""))
                            .orElse(null);
                    return tr(td(k.id()), td(j == null || j.cron() == null ? text("—") : code(j.cron())), td(j == null ? "—" : j.source()),
                            why != null ? td(Inline.of(v, why)).withClass("error") : td(j == null ? "—" : (j.runs() ? "scheduled" : "not scheduled")
                                    + (j.note() == null ? "" : ": " + j.note())),
                            td(next == null ? text("—") : v.timeAndRelative(next)),
                            td(r == null ? text("none since start") : span(text(r.outcome() + " at "), v.time(r.startedAt()),
                                    text(" (" + r.took().toMillis() + " ms, " + r.attempts() + " attempt" + (r.attempts() == 1 ? "" : "s") + ")"
                                            + (r.detail() == null ? "" : ": " + r.detail()))).withClass(r.failed() ? "failed" : "ok")));
                })));
        Daemon.Startup st = d.startup();
        Daemon.Run em = d.lastRuns().get("emergency");
        return div(h2("Scheduler"),
                notRunning.isEmpty() ? p("Every configured job is scheduled.").withClass("ok") : text(""),
                Layout.scroll("scheduler", t),
                em == null ? p("No emergency run since start (a new [rescue] entry in a bootstrap log starts one).").withClass("muted")
                        : p(text("Last emergency run: " + em.outcome() + " at "), v.time(em.startedAt()), text(" (" + em.trigger() + ")"
                        + (em.detail() == null ? "" : ": " + em.detail()))).withClass(em.failed() ? "failed" : ""),
                st == null ? text("") : details(summary(span(text("Start-up at "), v.time(st.at()), text(": missed slots"))),
                        ul(each(st.log(), l -> li(l))))).withId("scheduler");
    }

    // ---------------------------------------------------------------- decisions and urgent tasks

    /** {@code /decisions}: page {@code page} of the decisions, newest first ({@code more}: there is a next page). */
    static String decisions(View v, List<JsonNode> decisions, int page, boolean more, String loop, String kind) {
        String q = (loop == null ? "" : "&loop=" + enc(loop)) + (kind == null ? "" : "&kind=" + enc(kind));
        return Layout.page(v, "Decisions", "Decisions", false, h1("Decisions" + (loop == null ? "" : " of " + loop)),
                p("Newest first, " + PER_PAGE + " a page; open a row's evidence for the rules as they were.").withClass("muted"),
                decisionTable(v, decisions),
                pager("/decisions", page, more, q));
    }

    static DomContent pager(String path, int page, boolean more, String query) {
        if (page <= 1 && !more) return text("");
        return p(page > 1 ? a("← newer").withHref(path + "?page=" + (page - 1) + query) : span(),
                span("page " + page),
                more ? a("older →").withHref(path + "?page=" + (page + 1) + query) : span()).withClass("pager");
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    static DomContent decisionTable(View v, List<JsonNode> decisions) {
        if (decisions.isEmpty()) return p("No decision recorded.").withClass("muted");
        return Layout.scroll("decisions", table(thead(tr(th("Id"), th("At"), th("Kind"), th("Loop / repo"), th("Change"), th("By"), th("Reason"),
                        th("Evidence"))),
                tbody(each(decisions, d -> tr(td(d.path("id").asText("")), td(when(v, d.path("at").asText(""))), td(d.path("kind").asText("")),
                        td(d.hasNonNull("repo") ? d.path("repo").asText() : d.path("loop").asText("")),
                        td(d.hasNonNull("from") || d.hasNonNull("to") ? d.path("from").asText("") + " → " + d.path("to").asText("")
                                : d.path("approval").asText("")),
                        td(d.path("by").asText("")), td(Inline.of(v, d.path("reason").asText(""))),
                        td(folded("evidence", d)))))).withId("decisions"));
    }

    /** {@code /urgent}: the open tasks, and page {@code page} of the events, newest first. */
    static String urgent(View v, List<Alerts.Open> open, Map<String, JsonNode> raised, List<JsonNode> events, int page, boolean more) {
        return Layout.page(v, "Urgent tasks", "Urgent tasks", false, h1("Urgent tasks"),
                h2("Open (" + open.size() + ")"),
                open.isEmpty() ? p("None open.").withClass("muted") : Layout.scroll("open urgent tasks", table(thead(tr(th("Id"), th("Loop"), th("Trigger"),
                                th("Raised"), th("Title"), th("Delivered to"))),
                        tbody(each(open, o -> tr(td(o.id()).withId(o.id()), td(a(o.loop()).withHref("/loops/" + o.loop())), td(code(o.trigger())),
                                td(o.raisedAt() == null ? text("?") : v.time(o.raisedAt())),
                                td(raised.getOrDefault(o.id(), Json.object()).path("title").asText("")),
                                td(o.delivered().isEmpty() ? "not delivered yet" : String.join(", ", o.delivered())))))).withId("open")),
                h2("Events, newest first"),
                events.isEmpty() ? p("No event.").withClass("muted") : Layout.scroll("urgent task events", table(thead(tr(th("Id"), th("Event"), th("Loop"),
                                th("Trigger"), th("At"), th("Details"))),
                        tbody(each(events, ev -> tr(td(ev.path("id").asText("")), td(ev.path("event").asText("")), td(ev.path("loop").asText("")),
                                td(ev.path("trigger").asText("")), td(when(v, ev.path("at").asText(""))),
                                td(folded("json", ev))))))),
                pager("/urgent", page, more, ""));
    }

    static String error(View v, int status, String title, String details) {
        return Layout.page(v, title, "", false, h1(status + " " + title), p(details));
    }

    /** A sign-in that did not work: why, and the way on (sign in again, or back to the overview). */
    static String signIn(View v, int status, String details, boolean again) {
        return Layout.page(v, "Sign-in", "", false, h1("Sign-in: " + status), p(details).withClass("error").withId("why"),
                p(again ? a("Sign in again").withHref("/login") : a("Back to the overview").withHref("/")));
    }
}
