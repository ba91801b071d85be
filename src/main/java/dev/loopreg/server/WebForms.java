package dev.loopreg.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopreg.auth.Identity;
import dev.loopreg.auth.Role;
import dev.loopreg.auth.SessionCookies;
import dev.loopreg.regulator.Actor;
import dev.loopreg.report.Json;
import dev.loopreg.workspace.RegulatorException;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The pages' forms: {@code POST /ui/act} (one action on one loop, repo or urgent task) and
 * {@code POST /ui/approve-selected} (several promotions at once). Each checks the form (origin, CSRF token), the
 * signed-in person's role, and carries the action out through {@link Acting} as that person — the same use cases as
 * the API and the CLI. A form's one-time {@code request} id is its idempotency key, so a form sent twice (a reload, a
 * double click) is carried out once.
 */
final class WebForms {

    /** What the forms did: the outcome to show above the queue, and the status to answer with. */
    record Result(ControlPages.Outcome outcome, int status) {
    }

    private final WebAuth auth;
    private final Acting acting;

    WebForms(WebAuth auth, Acting acting) {
        this.auth = auth;
        this.acting = acting;
    }

    /** {@code POST /ui/act}. */
    Result act(Context ctx, SessionCookies.Session s) throws Exception {
        auth.checkForm(ctx, s);
        String word = ctx.formParam("action");
        Role.Action what = Arrays.stream(Role.Action.values()).filter(a -> a.word().equals(word)).findFirst()
                .orElseThrow(() -> new Web.ApiError(400, "Bad Request", "action: '" + word + "' is not an action; expected one of "
                        + String.join(", ", Arrays.stream(Role.Action.values()).map(Role.Action::word).toList())));
        allowed(s, what);
        String target = required(ctx, "target");
        ObjectNode body = Json.object();
        for (String k : List.of("note", "reason", "phase", "phase_since")) {
            String v = ctx.formParam(k);
            if (v != null && !v.isBlank()) body.put(k, v.strip());
        }
        if ("on".equals(ctx.formParam("force")) || "true".equals(ctx.formParam("force"))) body.put("force", true);
        if (what == Role.Action.DEMOTE && !body.has("reason")) {
            throw new Web.ApiError(400, "Bad Request", "reason: missing; a demotion needs a reason");
        }
        Acting.check(body);
        return one(actor(s), what, target, body, key(ctx, ""), "POST /ui/act " + what.word() + " " + target);
    }

    /** {@code POST /ui/approve-selected}: each ticked promotion approved for the phase the person saw. */
    Result approveSelected(Context ctx, SessionCookies.Session s) throws Exception {
        auth.checkForm(ctx, s);
        allowed(s, Role.Action.APPROVE);
        List<String> items = ctx.formParams("item");
        if (items.isEmpty()) {
            return new Result(new ControlPages.Outcome(false, List.of("nothing was selected: tick the promotions to approve, then Approve selected")), 400);
        }
        if (items.size() > 500) throw new Web.ApiError(400, "Bad Request", items.size() + " items selected; at most 500 at once");
        List<String> lines = new ArrayList<>();
        boolean allOk = true;
        int i = 0;
        for (String item : items) {
            String[] p = item.split("\\|", -1);
            if (p.length != 3 || p[0].isBlank()) {
                lines.add("'" + item + "' is not a selection; expected LOOP|PHASE|PHASE_SINCE");
                allOk = false;
                continue;
            }
            ObjectNode body = Json.object();
            if (!p[1].isBlank() && !p[1].equals("null")) body.put("phase", p[1]);
            if (!p[2].isBlank() && !p[2].equals("-")) body.put("phase_since", p[2]);
            Result r = one(actor(s), Role.Action.APPROVE, p[0], body, key(ctx, "-" + (i++)), "POST /ui/approve-selected " + p[0]);
            lines.add(p[0] + ": " + String.join("; ", r.outcome().lines()));
            allOk &= r.outcome().ok();
        }
        return new Result(new ControlPages.Outcome(allOk, lines), allOk ? 200 : 409);
    }

    private Result one(Actor actor, Role.Action what, String target, ObjectNode body, String key, String request) throws Exception {
        try {
            ObjectNode o = acting.perform(actor, what, target, body, key, request);
            String d = o.path("decision").isTextual() ? o.path("decision").asText() + ": " : "";
            return new Result(new ControlPages.Outcome(true, List.of(d + o.path("done").asText() + " (by " + o.path("by").asText() + ")")), 200);
        } catch (RegulatorException e) {
            int status = e.busy() ? 503 : e.exitCode() == RegulatorException.REFUSED ? 409 : 400;
            return new Result(new ControlPages.Outcome(false, List.of(what.word() + " " + target + " refused: " + e.getMessage())), status);
        } catch (Web.ApiError e) {
            if (e.status == 403) throw e;
            return new Result(new ControlPages.Outcome(false, List.of(what.word() + " " + target + " refused: " + e.getMessage())), e.status);
        }
    }

    private static void allowed(SessionCookies.Session s, Role.Action what) {
        if (!s.role().may(what)) {
            throw new Web.ApiError(403, "Forbidden", s.who().label() + " has the role " + s.role().word() + "; " + what.word() + " needs "
                    + what.least().word() + " or above");
        }
    }

    static Actor actor(SessionCookies.Session s) {
        Identity id = s.who();
        return Actor.oidc(id.issuer(), id.subject(), id.verifiedEmail(), id.name(), s.role().word());
    }

    private static String key(Context ctx, String suffix) {
        String r = ctx.formParam("request");
        if (r == null || !r.matches("[A-Za-z0-9_-]{16,100}")) {
            throw new Web.ApiError(400, "Bad Request", "the form has no request id; reload the page and try again");
        }
        return "form:" + r + suffix;
    }

    private static String required(Context ctx, String name) {
        return Optional.ofNullable(ctx.formParam(name)).filter(v -> !v.isBlank()).map(String::strip)
                .orElseThrow(() -> new Web.ApiError(400, "Bad Request", name + ": missing"));
    }
}
