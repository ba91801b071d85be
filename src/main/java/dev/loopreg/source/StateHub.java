package dev.loopreg.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopreg.format.Instants;
import dev.loopreg.health.Task;
import dev.loopreg.health.TaskCodec;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The state-hub client (docs/state-hub.md): lists a workstream's tasks page by page and creates urgent
 * regulator tasks. Every failure is a {@link SourceException} naming the request and what was expected.
 */
public final class StateHub {

    private final String baseUrl;
    private final String token;
    private final HttpJson http;
    private final int pageSize;
    private final int maxPages;

    public StateHub(String baseUrl, String token, HttpJson http, int pageSize, int maxPages) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
        this.http = http;
        this.pageSize = pageSize;
        this.maxPages = maxPages;
    }

    private static String seg(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * {@code GET /workstreams/{id}/tasks?active_since=…&limit=…[&cursor=…]}: every task created, completed or
     * changed at or after {@code activeSince}, and every task still open, following {@code next_cursor}.
     */
    public List<Task> tasks(String workstream, Instant activeSince) throws SourceException {
        List<Task> out = new ArrayList<>();
        String path = "/workstreams/" + seg(workstream) + "/tasks";
        pages(path, "active_since=" + seg(Instants.format(activeSince)), "tasks", "tasks for workstream " + workstream, (t, where) -> {
            try {
                out.add(TaskCodec.read(t));
            } catch (TaskCodec.TaskException e) {
                throw new SourceException(where + ": " + e.getMessage());
            }
        });
        return out;
    }

    /**
     * {@code GET /progress-events?repo=…&since=…&limit=…[&cursor=…]}: the times of the repo's progress events
     * after {@code since}, following {@code next_cursor}.
     */
    public List<Instant> progressEvents(String repo, Instant since) throws SourceException {
        List<Instant> out = new ArrayList<>();
        pages("/progress-events", "repo=" + seg(repo) + "&since=" + seg(Instants.format(since)), "events",
                "progress events of " + repo, (e, where) -> {
                    JsonNode at = e.path("at");
                    try {
                        out.add(Instants.parse(at.asText("")));
                    } catch (java.time.format.DateTimeParseException ex) {
                        throw new SourceException(where + ": at " + at + " is not an instant; expected ISO-8601 with a zone");
                    }
                });
        return out;
    }

    /** {@code POST /progress-events}: records a progress event (a rotation); its id when the answer gives one. */
    public String createProgressEvent(ObjectNode event, String idempotencyKey) throws SourceException {
        JsonNode answer = http.post(URI.create(baseUrl + "/progress-events"), token, event, idempotencyKey);
        return answer != null && answer.path("id").isValueNode() ? answer.path("id").asText() : null;
    }

    private interface Item {
        void accept(JsonNode item, String where) throws SourceException;
    }

    /** Follows {@code next_cursor} over a paged listing {@code {"<key>": [...], "next_cursor": ...}}. */
    private void pages(String path, String query, String key, String what, Item item) throws SourceException {
        Set<String> seenCursors = new HashSet<>();
        String cursor = null;
        for (int page = 1; ; page++) {
            if (page > maxPages) {
                throw new SourceException("state-hub: more than " + maxPages + " pages of " + what
                        + "; expected the listing to end (raise state_hub.max_pages if it is really that long)");
            }
            String q = query + "&limit=" + pageSize + (cursor == null ? "" : "&cursor=" + seg(cursor));
            URI uri = URI.create(baseUrl + path + "?" + q);
            JsonNode answer = http.get(uri, token);
            String where = "state-hub GET " + uri.getPath() + " page " + page;
            if (!answer.isObject() || !answer.path(key).isArray()) {
                throw new SourceException(where + ": expected {\"" + key + "\": [...], \"next_cursor\": ...}, got "
                        + (answer.isObject() ? "an object without a " + key + " list" : answer.getNodeType().toString().toLowerCase()));
            }
            int i = 0;
            for (JsonNode t : answer.get(key)) {
                item.accept(t, where + ", " + (key.equals("tasks") ? "task" : "item") + " #" + (i + 1));
                i++;
            }
            JsonNode next = answer.get("next_cursor");
            if (next == null || next.isNull() || (next.isTextual() && next.asText().isEmpty())) {
                return;
            }
            if (!next.isTextual()) {
                throw new SourceException(where + ": next_cursor " + next + " is not a text; expected a cursor text or null");
            }
            if (!seenCursors.add(next.asText())) {
                throw new SourceException(where + ": next_cursor '" + next.asText() + "' was already followed; expected a new cursor or null");
            }
            cursor = next.asText();
        }
    }

    /** {@code POST /workstreams/{id}/tasks}; the created task's id when the answer gives one. */
    public String createTask(String workstream, ObjectNode task, String idempotencyKey) throws SourceException {
        URI uri = URI.create(baseUrl + "/workstreams/" + seg(workstream) + "/tasks");
        JsonNode answer = http.post(uri, token, task, idempotencyKey);
        return answer != null && answer.path("id").isValueNode() ? answer.path("id").asText() : null;
    }
}
