package dev.loopreg.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.workspace.Workspace;
import java.io.IOException;
import java.util.Optional;

/**
 * {@code loops/regulator/api-requests.jsonl}: the API actions carried out under an {@code Idempotency-Key}, one line
 * each — {@code {"key", "request", "at", "by", "decisions": [...]}} — appended in the same plan as the action's own
 * changes, so an action and the record that it was done land together or not at all. A request repeated with the same
 * key (a client's retry, the same click sent to another replica) finds its line and is answered from it instead of
 * acting twice. Torn-line policy: {@link JsonLines}.
 */
public final class RequestLog extends ObjectLines {

    RequestLog(Workspace ws, Logs logs) {
        super(ws, ws.apiRequests(), logs);
    }

    /** The line of the request made with {@code key}, if there was one. */
    public Optional<JsonNode> find(String key) throws IOException {
        if (!exists()) return Optional.empty();
        try (JsonLines.Newest<JsonNode> tail = newestFirst()) {
            while (tail.hasNext()) {
                JsonLines.Entry<JsonNode> e = tail.next();
                if (e.ok() && key.equals(e.value().path("key").asText(null))) return Optional.of(e.value());
            }
        }
        return Optional.empty();
    }
}
