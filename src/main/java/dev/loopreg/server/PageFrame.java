package dev.loopreg.server;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.ZoneOffset;
import java.util.List;

/**
 * What every page of a request gets around its content: the view it is rendered for (the instant, the workspace's
 * time zone, its name), who is looking, the user bar, the marks every page carries, a form's outcome shown once
 * (Post/Redirect/Get), and the overview with this person's queue.
 */
final class PageFrame {

    private final ReadModel model;
    private final Daemon daemon;
    private final WebAuth auth;
    private final String workspaceName;

    PageFrame(ReadModel model, Daemon daemon, WebAuth auth, String workspaceName) {
        this.model = model;
        this.daemon = daemon;
        this.auth = auth;
        this.workspaceName = workspaceName;
    }

    void html(Context ctx, String page) {
        ControlPages.Viewer v = viewer(ctx);
        ReadModel.Snapshot s;
        try {
            s = model.snapshot();
        } catch (Exception e) {
            s = null;   // the page itself says what cannot be read; the marks are left out
        }
        // the outcome of the form that sent the browser here (Post/Redirect/Get), shown once
        ControlPages.Outcome outcome = auth == null || ctx.method() != HandlerType.GET ? null : auth.takeFlash(ctx).orElse(null);
        ctx.attribute(Web.ANSWERED, true);
        ctx.contentType("text/html; charset=utf-8").result(finish(page, v, s, outcome));
    }

    /** The page with the header's user bar, the marks every page carries (stale loops, jobs not running) and a form's outcome. */
    String finish(String page, ControlPages.Viewer v, ReadModel.Snapshot s, ControlPages.Outcome outcome) {
        List<String> notRunning = daemon == null ? List.of() : daemon.notRunning();
        String marks = s == null ? "" : s.rendered().text("marks\n" + String.join("\n", notRunning), () -> ControlPages.marks(s, notRunning));
        return page.replace(Layout.USER_SLOT, ControlPages.userBar(v, v.path()))
                .replace(Layout.MARKS_SLOT, (outcome == null ? "" : ControlPages.outcome(outcome).render()) + marks);
    }

    /** The overview for this request: the queue with this viewer's buttons. */
    String overview(Context ctx, ReadModel.Snapshot s, LoopQuery q) {
        ControlPages.Viewer v = viewer(ctx);
        j2html.tags.DomContent queue = ControlPages.queue(s, v);
        View pv = view(s);
        String scheduler = Pages.scheduler(daemon, pv).render();
        String skeleton = s.rendered().text("overview " + q.href("/") + "\n" + scheduler,
                () -> Pages.overview(pv, s, q, scheduler, j2html.TagCreator.rawHtml(QUEUE_SLOT)));
        return skeleton.replace(QUEUE_SLOT, queue.render());
    }

    /** The view of a page at the snapshot's instant, in the workspace's time zone (the policy's; UTC when it has none). */
    View view(ReadModel.Snapshot s) {
        java.time.ZoneId zone = s.evaluation().policy() == null ? ZoneOffset.UTC : s.evaluation().policy().timeZone();
        return new View(s.at(), zone, workspaceName);
    }

    /** The view of a page now, from the current snapshot (or in UTC when the workspace cannot be read). */
    View view() {
        try {
            return view(model.snapshot());
        } catch (Exception e) {
            return plainView();
        }
    }

    /** The view of a page that reads nothing of the workspace (errors, the sign-in's answers). */
    View plainView() {
        return new View(model.now(), ZoneOffset.UTC, workspaceName);
    }

    /** Where the signed-in overview's skeleton takes the person's queue. */
    private static final String QUEUE_SLOT = "<!--loopreg:queue-->";

    /** Who is looking at this request's page: the signed-in person, or nobody (with a sign-in link when configured). */
    ControlPages.Viewer viewer(Context ctx) {
        String here = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
        if (auth == null) return new ControlPages.Viewer(null, null, null, false, here);
        return auth.session(ctx).map(x -> new ControlPages.Viewer(x.who().label(), x.role(), x.csrf(), true, here))
                .orElse(new ControlPages.Viewer(null, null, null, true, here));
    }

    /** The session of a form's request; none (or a lapsed one) is 401 with the way to sign in again. */
    dev.loopreg.auth.SessionCookies.Session signedIn(Context ctx) {
        return auth.session(ctx).orElseThrow(() -> new WebAuth.Refused(401, auth.lapsed(ctx)
                ? "your session has expired; sign in again (nothing was done)" : "sign in to act (nothing was done)", true));
    }

    /**
     * After a form (Post/Redirect/Get): 303 to the page the person acted from, where the outcome is shown once; a reload
     * there sends nothing again. {@code X-Loopreg-Outcome} says the same to a program: {@code done}, or {@code refused}
     * with the status the API would have answered.
     */
    void formResult(Context ctx, dev.loopreg.auth.SessionCookies.Session s, WebForms.Result r) {
        auth.flash(ctx, s, r.outcome());
        ctx.header("X-Loopreg-Outcome", r.outcome().ok() ? "done" : "refused " + r.status());
        ctx.redirect(WebAuth.safeReturn(ctx.formParam("return")), io.javalin.http.HttpStatus.SEE_OTHER);
    }
}
