package dev.loopreg.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopreg.auth.Role;
import dev.loopreg.cadence.Approval;
import dev.loopreg.format.Instants;
import dev.loopreg.health.Phase;
import dev.loopreg.regulator.Actor;
import dev.loopreg.regulator.Approvals;
import dev.loopreg.regulator.Changes;
import dev.loopreg.regulator.Regulator;
import dev.loopreg.regulator.Requests;
import dev.loopreg.regulator.Rotations;
import dev.loopreg.regulator.Urgents;
import dev.loopreg.report.Json;
import dev.loopreg.workspace.LoopId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's actions, one place for the API (a bearer token) and the pages' forms (a signed-in person): each
 * {@link Role.Action} carried out by the same use case the CLI calls, as the authenticated {@link Actor}, under an
 * optional idempotency key (a repeated key answers with what the first request did, {@code "replayed": true}).
 * The caller has checked the actor's role.
 */
final class Acting {

    private static final Logger LOG = LoggerFactory.getLogger(Acting.class);

    private final ReadModel model;
    private final Function<String, String> env;

    Acting(ReadModel model, Function<String, String> env) {
        this.model = model;
        this.env = env;
    }

    /**
     * Carries out {@code what} on {@code target} (a loop, a repo, an urgent task) for {@code actor}.
     *
     * @param body    the action's fields ({@code note}, {@code reason}, {@code phase}, {@code phase_since}, {@code force}),
     *                checked by {@link #check}
     * @param key     the idempotency key, or null
     * @param request what was asked ({@code POST /api/loops/x/approve}), recorded with the key
     * @return {@code {decision, done, by, actor}}, or a replay
     */
    ObjectNode perform(Actor actor, Role.Action what, String target, JsonNode body, String key, String request) throws Exception {
        String who = actor.by();
        Regulator reg = model.actions().as(actor);
        if (key != null) {
            if (!key.matches("[A-Za-z0-9._:-]{1,200}")) {
                throw new Web.ApiError(400, "Bad Request", "Idempotency-Key: '" + key + "' is not allowed; expected 1 to 200 letters, digits, . _ : -");
            }
            var seen = reg.store().requests().find(key);
            if (seen.isPresent()) return replay(seen.get(), request);
            reg = reg.forRequest(new Requests.Request(key, request, who));
        }
        ObjectNode out;
        try {
            out = run(reg, what, target, who, actor.method().equals("token") ? "api" : "web", body);
        } catch (Requests.Replayed e) {
            return replay(e.line(), request);   // the same key, carried out meanwhile (another replica, a retry)
        }
        out.put("by", who);
        out.set("actor", actor.json());
        model.invalidateNow();
        deliverSoon(reg);
        LOG.info("{} {} by {}: {}", what.word(), target, who, out.path("decision").asText(""));
        return out;
    }

    /** One thread sends what the actions queued in the outbox, so an answer never waits for state-hub. */
    private static final java.util.concurrent.ExecutorService DELIVERIES = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "loopreg-deliveries");
        t.setDaemon(true);
        return t;
    });

    /**
     * Sends the deliveries the action queued (its decisions' records in state-hub) right after it, in the background; one
     * that does not land stays in the outbox for the deliverer's next pass (every minute).
     */
    private void deliverSoon(Regulator reg) {
        java.util.Set<String> keys = reg.queuedDeliveries();
        if (keys.isEmpty()) return;
        Instant now = model.now();
        DELIVERIES.execute(() -> {
            try {
                for (var x : new dev.loopreg.regulator.Deliveries(reg).deliver(now, keys, true)) {
                    if (x.delivered()) LOG.info("deliver: {}", x.said());
                    else LOG.warn("deliver: {}", x.said());
                }
                model.invalidateNow();
            } catch (Exception e) {
                LOG.warn("deliver: {}; the deliverer's next pass tries again", e.getMessage());
            }
        });
    }

    /** @param via how an approval came: {@code api} (a token) or {@code web} (a signed-in person's form) */
    private ObjectNode run(Regulator reg, Role.Action what, String target, String who, String via, JsonNode body) throws Exception {
        Instant now = model.now();
        return switch (what) {
            case APPROVE -> {
                var res = new Approvals(reg).set(target, Approval.APPROVED, now, who, text(body, "note"), via, sawPhase(body), sawSince(body));
                yield result(res.decision(), "regulator_approval: approved for " + res.after().transition());
            }
            case REJECT -> {
                var res = new Approvals(reg).set(target, Approval.REJECTED, now, who,
                        Optional.ofNullable(text(body, "reason")).orElse(text(body, "note")), via, sawPhase(body), sawSince(body));
                yield result(res.decision(), "regulator_approval: rejected for " + res.after().transition());
            }
            case APPLY -> {
                if (target.equals(LoopId.REGULATOR)) {
                    var a = new Changes(reg).applySelf(now, who);
                    yield result(a.id(), "the regulator's own cadence " + a.from() + " → " + a.to());
                }
                Changes.Applied a = new Changes(reg).apply(target, now, who);
                yield result(a.decision().id(), a.decision().kind() + " " + a.decision().from() + " → " + a.decision().to());
            }
            case DEMOTE -> {
                Changes.Applied a = new Changes(reg).demote(target, now, who, required(body, "reason"));
                yield result(a.decision().id(), "demotion " + a.decision().from() + " → " + a.decision().to());
            }
            case ROTATE -> {
                Rotations.Rotated x = new Rotations(reg, env).rotate(target, now, who, body.path("force").asBoolean(false), text(body, "reason"));
                yield result(x.decision().id(), "rotation of " + target);
            }
            case REVISIT -> {
                Rotations.Revisited x = new Rotations(reg, env).revisit(target, now, who, text(body, "reason"));
                yield result(x.decision().id(), "revisit of " + target);
            }
            case ACKNOWLEDGE -> {
                var a = new Urgents(reg).acknowledge(target, now, who, text(body, "note"));
                yield result(null, "acknowledged " + a.id() + " (" + a.loop() + " " + a.trigger() + ")");
            }
        };
    }

    /**
     * The answer to a request whose idempotency key was already used: the decision it recorded, {@code "replayed": true};
     * a key used for another request is refused (422), as the IETF draft on the header says.
     */
    private static ObjectNode replay(JsonNode line, String request) {
        if (!request.equals(line.path("request").asText())) {
            throw new Web.ApiError(422, "Unprocessable Content", "Idempotency-Key '" + line.path("key").asText() + "' was used for "
                    + line.path("request").asText() + " at " + line.path("at").asText() + "; expected a new key for " + request);
        }
        ObjectNode o = Json.object();
        JsonNode ids = line.path("decisions");
        o.put("decision", ids.size() > 0 ? ids.get(ids.size() - 1).asText() : null);
        o.put("done", "already done: " + request + " at " + line.path("at").asText() + " under this Idempotency-Key");
        o.put("by", line.path("by").asText());
        o.put("replayed", true);
        LOG.info("{} replayed (Idempotency-Key {}): {}", request, line.path("key").asText(), o.path("decision").asText(""));
        return o;
    }

    /** Checks an action's fields, whoever sent them: texts are texts, {@code force} is a boolean, {@code by} a short name. */
    static void check(JsonNode n) {
        for (String k : List.of("by", "note", "reason", "phase", "phase_since")) {
            if (n.has(k) && !n.get(k).isTextual() && !n.get(k).isNull()) {
                throw new Web.ApiError(400, "Bad Request", k + ": expected a string");
            }
        }
        for (String k : List.of("note", "reason")) {
            String v = text(n, k);
            if (v != null && v.length() > 2000) throw new Web.ApiError(400, "Bad Request", k + ": " + v.length() + " characters; expected at most 2000");
        }
        if (n.has("force") && !n.get("force").isBoolean()) throw new Web.ApiError(400, "Bad Request", "force: expected true or false");
        String by = text(n, "by");
        if (by != null && !by.matches("[\\p{L}\\p{N} ._@'-]{1,100}")) {
            throw new Web.ApiError(400, "Bad Request", "by: '" + by + "' is not allowed; expected a name of at most 100 letters, digits, spaces, . _ @ ' -");
        }
    }

    static String text(JsonNode body, String key) {
        JsonNode n = body.get(key);
        return n == null || n.isNull() || n.asText().isBlank() ? null : n.asText().strip();
    }

    /** The phase the approver saw ({@code "phase"}), or null: an approval is for that phase's transition. */
    private static Phase sawPhase(JsonNode body) {
        String v = text(body, "phase");
        if (v == null) return null;
        return Phase.parse(v).orElseThrow(() -> new Web.ApiError(400, "Bad Request", "phase: '" + v + "' is not a phase; expected " + Phase.choices()));
    }

    /** The phase epoch the approver saw ({@code "phase_since"}), or null. */
    private static Instant sawSince(JsonNode body) {
        String v = text(body, "phase_since");
        if (v == null || v.equals("-")) return null;
        try {
            return Instants.parse(v);
        } catch (RuntimeException e) {
            throw new Web.ApiError(400, "Bad Request", "phase_since: '" + v + "' is not an instant; expected e.g. 2026-06-25T12:00:00Z");
        }
    }

    private static String required(JsonNode body, String key) {
        String v = text(body, key);
        if (v == null) throw new Web.ApiError(400, "Bad Request", key + ": missing; expected {\"" + key + "\": \"why\"}");
        return v;
    }

    private static ObjectNode result(String decision, String what) {
        ObjectNode o = Json.object();
        o.put("decision", decision);
        o.put("done", what);
        return o;
    }
}
