package dev.loopreg.regulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopreg.format.Instants;
import dev.loopreg.report.Json;
import dev.loopreg.store.Plan;
import dev.loopreg.store.Store;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * API actions under an idempotency key: the action's own plan also records the request in {@code api-requests.jsonl}
 * (so both land or neither), and a key found there under the lock stops the plan before anything is written.
 */
public final class Requests {

    private Requests() {
    }

    /** An API request made under an idempotency key: the key, what it asked ({@code POST /api/…}), and by whom. */
    public record Request(String key, String request, String by) {
    }

    /** The request already carried out under the same idempotency key: its line in {@code api-requests.jsonl}. */
    public static final class Replayed extends RuntimeException {
        private final transient JsonNode line;

        Replayed(JsonNode line) {
            super("already carried out under Idempotency-Key " + line.path("key").asText());
            this.line = line;
        }

        public JsonNode line() {
            return line;
        }
    }

    /**
     * {@code plan} with the request's line added (key, request, time, who, the decisions the plan records); the caller
     * holds the lock. Throws {@link Replayed} when the key was used already, on any replica.
     */
    static Plan record(Store store, Request r, Plan plan, Instant at, Actor actor) throws IOException {
        var done = store.requests().find(r.key());
        if (done.isPresent()) throw new Replayed(done.get());
        ObjectNode line = Json.object();
        line.put("key", r.key());
        line.put("request", r.request());
        line.put("at", Instants.format(at));
        line.put("by", r.by());
        if (actor != null) line.set("actor", actor.json());
        var ids = line.putArray("decisions");
        for (Plan.Effect e : plan.effects()) {
            if (e instanceof Plan.Append a && a.file().equals(store.workspace().decisions())) ids.add(a.key());
        }
        return store.requests().append(plan, r.key(), List.of(line));
    }
}
