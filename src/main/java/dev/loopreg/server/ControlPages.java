package dev.loopreg.server;

import static j2html.TagCreator.a;
import static j2html.TagCreator.button;
import static j2html.TagCreator.div;
import static j2html.TagCreator.each;
import static j2html.TagCreator.form;
import static j2html.TagCreator.h2;
import static j2html.TagCreator.input;
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

import dev.loopreg.alert.Alerts;
import dev.loopreg.auth.Role;
import dev.loopreg.decision.PendingAction;
import dev.loopreg.format.Instants;
import dev.loopreg.report.LoopView;
import j2html.tags.DomContent;
import j2html.tags.specialized.FormTag;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The control plane on the pages: the queue of what waits for a person (the dashboard's pending actions and the open
 * urgent tasks), each with its evidence one link away and the buttons the viewer's role allows — plain HTML forms,
 * each carrying the session's CSRF token and a one-time request id (a form sent twice is carried out once) —, the
 * result of the last action, and the bar that says who is signed in. Pure: renders what it is given.
 */
final class ControlPages {

    private ControlPages() {
    }

    /**
     * Who is looking: the signed-in person's label and role and the session's CSRF token; null role: not signed in.
     *
     * @param signIn whether signing in is configured (an anonymous viewer is offered the login link)
     */
    record Viewer(String label, Role role, String csrf, boolean signIn, String path) {
        Viewer(String label, Role role, String csrf, boolean signIn) {
            this(label, role, csrf, signIn, "/");
        }

        static Viewer anonymous(boolean signIn) {
            return new Viewer(null, null, null, signIn);
        }

        boolean may(Role.Action a) {
            return role != null && role.may(a);
        }
    }

    /** The outcome of a form: what was done (the decision ids) or refused and why. */
    record Outcome(boolean ok, List<String> lines) {
    }

    /** The bar in the header: who is signed in and the logout button, or the sign-in link. */
    static String userBar(Viewer v, String path) {
        if (!v.signIn()) return "";
        if (v.role() == null) {
            return a("Sign in").withHref("/login?return=" + java.net.URLEncoder.encode(path, java.nio.charset.StandardCharsets.UTF_8))
                    .withClass("user").render();
        }
        return div(span(v.label() + " (" + v.role().word() + ")").withClass("who"),
                form(input().withType("hidden").withName("csrf").withValue(v.csrf()), button("Log out").withType("submit").withClass("link"))
                        .withMethod("post").withAction("/logout").withClass("inline")).withClass("user").render();
    }

    /** On the overview, the queue shows this many items; the rest are on {@code /queue}. */
    static final int OVERVIEW_ITEMS = 25;
    /** Items per page of {@code /queue}. */
    static final int PER_PAGE = 40;

    /** What one rendering of the queue shares: the viewer, whether bulk approval is offered, the loops by id. */
    private static final class Render {
        final ReadModel.Snapshot s;
        final Viewer v;
        final boolean bulk;
        final java.util.Map<String, LoopView> views;
        final List<PendingAction> waiting;

        Render(ReadModel.Snapshot s, Viewer v) {
            this.s = s;
            this.v = v;
            this.views = s.views();
            this.waiting = waiting(s.pending(), views);
            this.bulk = v.may(Role.Action.APPROVE) && waiting.stream().anyMatch(a -> a instanceof PendingAction.Promote pr && !pr.approved());
        }
    }

    /**
     * What still waits for a person: the pending actions without those already acted on — a promotion rejected for the
     * phase it is in (the rejection stands until the phase changes), or approved in advance (it waits for its rules, not
     * for a person).
     */
    static List<PendingAction> waiting(List<PendingAction> pending, java.util.Map<String, LoopView> views) {
        List<PendingAction> out = new ArrayList<>();
        for (PendingAction a : pending) {
            if (a instanceof PendingAction.Promote pr) {
                LoopView lv = views.get(pr.loop());
                if (lv != null && lv.state() != null && lv.state().effectiveApproval() == dev.loopreg.cadence.Approval.REJECTED) continue;
                if (pr.approved() && (lv == null || !(lv.rec() instanceof dev.loopreg.cadence.Recommendation.Promote))) continue;
            }
            out.add(a);
        }
        return out;
    }

    /** The rules a promotion still waits for (the approval aside), or none when it is ready. */
    static List<String> missing(LoopView lv) {
        if (lv == null || !(lv.rec() instanceof dev.loopreg.cadence.Recommendation.Hold h)) return List.of();
        return h.blocking().stream().map(dev.loopreg.cadence.RuleResult::id)
                .filter(id -> !id.equals(dev.loopreg.cadence.CadenceRules.REGULATOR_APPROVAL)).toList();
    }

    /** How an approval ahead of readiness is explained where it is offered. */
    static DomContent earlyNote(List<String> missing) {
        return p("Not ready yet: " + String.join(", ", missing) + (missing.size() == 1 ? " does" : " do") + " not hold. Approving in advance "
                + "records the approval now; the promotion is applied only once every rule holds.").withClass("early-note");
    }

    /** The overview's queue: the first {@link #OVERVIEW_ITEMS}, with a link to the rest. */
    static DomContent queue(ReadModel.Snapshot s, Viewer v) {
        return queue(s, v, 1, OVERVIEW_ITEMS, true);
    }

    /**
     * The queue: the open urgent tasks first, then each pending action in the dashboard's order, each with its evidence
     * and the viewer's buttons; page {@code page} of {@code perPage} items.
     *
     * @param overview whether this is the overview's cut (a link to {@code /queue} for the rest) or the queue page (a pager)
     */
    static DomContent queue(ReadModel.Snapshot s, Viewer v, int page, int perPage, boolean overview) {
        Render r = new Render(s, v);
        int n = r.waiting.size() + s.urgentOpen().size();
        List<DomContent> parts = new ArrayList<>();
        parts.add(h2("Waiting for a person (" + n + ")"));
        if (n == 0) {
            parts.add(p("Nothing waits for a person: no promotion to approve, no demotion or rotation recommended, no open urgent task.").withClass("muted"));
            return div(parts.toArray(DomContent[]::new)).withId("queue");
        }
        if (v.role() == null) {
            parts.add(p(v.signIn() ? "Sign in to act on these." : "This server is read-only for the pages: people act here once "
                    + "sign-in is configured (serve --oidc), or through the API with a token.").withClass("muted"));
        } else if (v.role() == Role.VIEWER) {
            parts.add(p("You are a viewer: you see what waits, and approvers or operators act on it.").withClass("muted"));
        }
        int pages = Math.max(1, (n + perPage - 1) / perPage);
        int first = (Math.min(page, pages) - 1) * perPage;
        int last = Math.min(n, first + perPage);
        List<DomContent> rows = new ArrayList<>();
        int u = s.urgentOpen().size();
        for (int i = first; i < last; i++) {
            rows.add(i < u ? urgentRow(r, s.urgentOpen().get(i)) : row(r, r.waiting.get(i - u)));
        }
        parts.add(Layout.scroll("what waits for a person", table(thead(tr(r.bulk ? th("Select") : null, th("What waits"), th("Evidence"),
                canAct(v) ? th("Act") : null)), tbody(rows.toArray(DomContent[]::new))).withClass("queue")));
        if (overview && n > last) {
            parts.add(p(a("All " + n + " waiting, " + PER_PAGE + " a page →").withHref("/queue")).withId("queue-more"));
        } else if (!overview && pages > 1) {
            parts.add(p(page > 1 ? a("← page " + (page - 1)).withHref("/queue?page=" + (page - 1)) : span(""),
                    text(" page " + Math.min(page, pages) + " of " + pages + " "),
                    page < pages ? a("page " + (page + 1) + " →").withHref("/queue?page=" + (page + 1)) : span("")).withId("queue-pager"));
        }
        if (r.bulk) {
            parts.add(form(hidden(v), input().withType("hidden").withName("request").withValue(dev.loopreg.auth.SessionCookies.token()),
                    input().withType("hidden").withName("return").withValue(v.path()),
                    button("Approve selected").withType("submit").withName("go").withValue("approve"))
                    .withMethod("post").withAction("/ui/approve-selected").withId("bulk"));
        }
        return div(parts.toArray(DomContent[]::new)).withId("queue");
    }

    private static DomContent row(Render rd, PendingAction a) {
        Viewer v = rd.v;
        boolean bulk = rd.bulk;
        DomContent select = bulk ? td() : null;
        DomContent evidence;
        List<DomContent> acts = new ArrayList<>();
        if (a instanceof PendingAction.Promote pr) {
                Optional<LoopView> lv = Optional.ofNullable(rd.views.get(pr.loop()));
                String phase = lv.map(x -> x.state() == null ? null : x.state().phase().id()).orElse(null);
                String since = PendingAction.epoch(pr.epoch());
                evidence = a("rules of " + pr.loop()).withHref("/loops/" + pr.loop() + "#rules");
                if (!pr.approved() && bulk) {
                    select = td(input().withType("checkbox").withName("item").withValue(pr.loop() + "|" + phase + "|" + since)
                            .attr("form", "bulk").attr("aria-label", "select " + pr.loop()));
                }
                List<String> missing = missing(lv.orElse(null));
                if (v.may(Role.Action.APPROVE) && !pr.approved()) {
                    if (missing.isEmpty()) {
                        acts.add(action(v, Role.Action.APPROVE, pr.loop(), "Approve", phase, since));
                    } else {
                        acts.add(early(action(v, Role.Action.APPROVE, pr.loop(), "Approve in advance", phase, since)));
                        acts.add(earlyNote(missing));
                    }
                }
                if (v.may(Role.Action.APPLY) && pr.approved() && lv.map(x -> x.rec() != null && x.rec().word().equals("promote")).orElse(false)) {
                    acts.add(action(v, Role.Action.APPLY, pr.loop(), "Apply promotion", null, null));
                }
            if (v.may(Role.Action.REJECT)) acts.add(reason(v, Role.Action.REJECT, pr.loop(), "Reject", false, phase, since));
        } else if (a instanceof PendingAction.Demote d) {
                evidence = a("triggers of " + d.loop()).withHref("/loops/" + d.loop() + "#rules");
            if (v.may(Role.Action.APPLY)) acts.add(action(v, Role.Action.APPLY, d.loop(), "Apply demotion", null, null));
        } else if (a instanceof PendingAction.Rotate r) {
                evidence = a("signals of " + r.repo()).withHref("/rotation#repo-" + r.repo());
            if (v.may(Role.Action.ROTATE)) acts.add(reason(v, Role.Action.ROTATE, r.repo(), "Rotate", false, null, null));
        } else if (a instanceof PendingAction.Regulator) {
                evidence = a("the regulator's runs").withHref("/decisions");
            if (v.may(Role.Action.APPLY)) acts.add(action(v, Role.Action.APPLY, dev.loopreg.workspace.LoopId.REGULATOR, "Apply", null, null));
        } else {
            PendingAction.ResolveNoise nz = (PendingAction.ResolveNoise) a;
            evidence = a("loop " + nz.loop()).withHref("/loops/" + nz.loop());
            acts.add(span("resolved in a session or by ticking its box on the dashboard").withClass("muted"));
        }
        // the readiness is said once: beside the approval, for those who may approve
        String label = a instanceof PendingAction.Promote pr && v.may(Role.Action.APPROVE) && !pr.approved()
                && !missing(rd.views.get(pr.loop())).isEmpty() ? "approve promotion of " + pr.loop() + " to " + pr.to().id() : a.label();
        return tr(select, td(Inline.of(label)),
                td(evidence), canAct(v) ? td(acts.isEmpty() ? text("") : div(acts.toArray(DomContent[]::new)).withClass("acts")) : null)
                .withClass("item").attr("data-id", a.id());
    }

    private static DomContent urgentRow(Render rd, Alerts.Open u) {
        ReadModel.Snapshot s = rd.s;
        Viewer v = rd.v;
        boolean bulk = rd.bulk;
        String title = s.urgentRaised().getOrDefault(u.id(), dev.loopreg.report.Json.object()).path("title").asText(u.loop() + " " + u.trigger());
        List<DomContent> acts = new ArrayList<>();
        String ack = u.acknowledged() == null ? "" : " — acknowledged by " + u.acknowledged().by()
                + (u.acknowledged().at() == null ? "" : " at " + Instants.format(u.acknowledged().at()));
        if (u.acknowledged() == null && v.may(Role.Action.ACKNOWLEDGE)) {
            acts.add(reason(v, Role.Action.ACKNOWLEDGE, u.id(), "Acknowledge", false, null, null));
        }
        return tr(bulk ? td() : null, td(span(u.id()).withClass("failed"), text(" " + title + ack)),
                td(a("task " + u.id()).withHref("/urgent#" + u.id())), canAct(v) ? td(div(acts.toArray(DomContent[]::new)).withClass("acts")) : null)
                .withClass("item urgent").attr("data-id", u.id());
    }

    /**
     * The loop page's forms, those the viewer's role allows: approve or reject its next transition (with the phase
     * seen), apply its recommendation, and — an operator's — demote it now with a reason. Null for a viewer.
     */
    static DomContent loopForms(LoopView lv, Viewer v) {
        if (!canAct(v) || lv.state() == null) return null;
        List<DomContent> forms = new ArrayList<>();
        String phase = lv.state().phase().id();
        String since = PendingAction.epoch(lv.state().phaseSince());
        if (lv.state().phase().next().isPresent()) {
            List<String> missing = missing(lv);
            if (v.may(Role.Action.APPROVE) && missing.isEmpty()) {
                forms.add(action(v, Role.Action.APPROVE, lv.id(), "Approve " + lv.state().transition(), phase, since));
            } else if (v.may(Role.Action.APPROVE)) {
                forms.add(early(action(v, Role.Action.APPROVE, lv.id(), "Approve " + lv.state().transition() + " in advance", phase, since)));
                forms.add(earlyNote(missing));
            }
            if (v.may(Role.Action.REJECT)) forms.add(reason(v, Role.Action.REJECT, lv.id(), "Reject", false, phase, since));
        }
        if (v.may(Role.Action.APPLY) && lv.rec() != null && !lv.rec().word().equals("hold")) {
            forms.add(action(v, Role.Action.APPLY, lv.id(), "Apply: " + lv.rec().word() + lv.rec().toPhase().map(t -> " → " + t.id()).orElse(""), null, null));
        }
        if (v.may(Role.Action.DEMOTE) && lv.state().phase().ordinal() > 0) {
            forms.add(reason(v, Role.Action.DEMOTE, lv.id(), "Demote now", true, null, null));
        }
        if (forms.isEmpty()) return null;
        return div(h2("Act"), div(forms.toArray(DomContent[]::new)).withClass("acts")).withId("act");
    }

    /** The rotation page's forms: an operator may revisit each saturated repo (with a reason). Null for anyone else. */
    static DomContent revisitForms(dev.loopreg.rotation.RotationStatus st, Viewer v) {
        if (!v.may(Role.Action.REVISIT) || st.saturated().isEmpty()) return null;
        List<DomContent> forms = new ArrayList<>();
        for (dev.loopreg.rotation.RotationStatus.Saturated x : st.saturated()) {
            forms.add(div(span(x.repo() + (x.due() ? " (revisit due)" : "")).withClass("who"),
                    reason(v, Role.Action.REVISIT, x.repo(), "Revisit " + x.repo(), true, null, null)).withClass("revisit"));
        }
        return div(h2("Revisit a saturated repo"), p("Puts it back at the head of the expansion queue; the reason is recorded.").withClass("muted"),
                div(forms.toArray(DomContent[]::new))).withId("act");
    }

    /** Whether the viewer may act at all (an approver or an operator): a viewer's queue has no Act column. */
    private static boolean canAct(Viewer v) {
        return v.role() != null && v.role() != Role.VIEWER;
    }

    private static DomContent hidden(Viewer v) {
        return input().withType("hidden").withName("csrf").withValue(v.csrf());
    }

    /** An approval ahead of readiness: its button set apart from an approval of a ready promotion. */
    private static FormTag early(FormTag f) {
        return f.withClass("act early");
    }

    /** A one-button form: the action on the target, with the phase the approver saw for approvals. */
    static FormTag action(Viewer v, Role.Action what, String target, String label, String phase, String since) {
        return base(v, what, target, phase, since).with(button(label).withType("submit").withClass(what.word()));
    }

    /** A form with a text field: a reason (required for a demotion) or a note. */
    static FormTag reason(Viewer v, Role.Action what, String target, String label, boolean required, String phase, String since) {
        String field = what == Role.Action.ACKNOWLEDGE || what == Role.Action.APPROVE ? "note" : "reason";
        var in = input().withType("text").withName(field).withPlaceholder(required ? field + " (required)" : field).attr("maxlength", "2000")
                .attr("aria-label", field);
        if (required) in = in.isRequired();
        return base(v, what, target, phase, since).with(in, button(label).withType("submit").withClass(what.word()));
    }

    private static FormTag base(Viewer v, Role.Action what, String target, String phase, String since) {
        FormTag f = form(hidden(v)).withMethod("post").withAction("/ui/act").withClass("act");
        f.with(input().withType("hidden").withName("action").withValue(what.word()),
                input().withType("hidden").withName("target").withValue(target),
                input().withType("hidden").withName("request").withValue(dev.loopreg.auth.SessionCookies.token()),
                input().withType("hidden").withName("return").withValue(v.path()));
        if (phase != null) f.with(input().withType("hidden").withName("phase").withValue(phase));
        if (since != null && !since.equals("-")) f.with(input().withType("hidden").withName("phase_since").withValue(since));
        return f;
    }

    /**
     * The marks every page carries: the loops whose data went stale, the jobs that are not running and the deliveries that
     * are dead letters, or nothing when all is well.
     */
    static String marks(ReadModel.Snapshot s, List<String> notRunning) {
        List<LoopView> stale = s.evaluation().loops().stream().filter(LoopView::stale).toList();
        List<dev.loopreg.outbox.Outbox.Entry> dead = s.outbox() == null ? List.of()
                : s.outbox().with(dev.loopreg.outbox.Outbox.Status.DEAD);
        if (stale.isEmpty() && notRunning.isEmpty() && dead.isEmpty()) return "";
        List<DomContent> parts = new ArrayList<>();
        if (!stale.isEmpty()) {
            List<DomContent> links = new ArrayList<>();
            for (int i = 0; i < Math.min(stale.size(), 20); i++) {
                if (i > 0) links.add(text(", "));
                links.add(a(stale.get(i).id()).withHref("/loops/" + stale.get(i).id()));
            }
            if (stale.size() > 20) links.add(text(" and " + (stale.size() - 20) + " more"));
            parts.add(p(span("Stale: ").withClass("failed"), span(links.toArray(DomContent[]::new)),
                    text(" — no fresh health record (" + stale.size() + " loop" + (stale.size() == 1 ? "" : "s") + ")")).withId("stale-mark"));
        }
        if (!notRunning.isEmpty()) {
            // the reasons are the scheduler's, on the overview: here only which jobs
            List<String> jobs = notRunning.stream().map(x -> x.split(" ", 2)[0]).distinct().toList();
            parts.add(p(span("Not running: ").withClass("failed"), text(String.join(", ", jobs) + " — why: "), a("the scheduler").withHref("/#scheduler"))
                    .withId("not-running-mark"));
        }
        if (!dead.isEmpty()) {
            List<String> ids = dead.stream().limit(10).map(e -> e.delivery().decision()).toList();
            parts.add(p(span("Not delivered: ").withClass("failed"), text(String.join(", ", ids) + (dead.size() > 10 ? " and "
                    + (dead.size() - 10) + " more" : "") + " — " + dead.size() + " deliver" + (dead.size() == 1 ? "y is a dead letter" : "ies are "
                    + "dead letters") + " in the outbox (loopreg outbox; loopreg outbox retry --all)")).withId("dead-letter-mark"));
        }
        return div(parts.toArray(DomContent[]::new)).withClass("marks").render();
    }

    /** The result of the last action, above the queue. */
    static DomContent outcome(Outcome o) {
        return div(p(o.ok() ? "Done" : "Refused").withClass(o.ok() ? "ok" : "failed"),
                ul(each(o.lines(), l -> li(l)))).withId("result").withClass(o.ok() ? "result ok" : "result refused");
    }
}
