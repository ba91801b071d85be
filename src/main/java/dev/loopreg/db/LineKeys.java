package dev.loopreg.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The key of a keyed append in the {@code lines} table: what makes a line the same record as another, so that the
 * database keeps it once ({@code lines_key_once}, migration V9) and a second append of it is "already there". A pure
 * function of the log's name and the line's text; the migration computes the same for the lines already there.
 *
 * <ul>
 *   <li>{@code loops/<id>/saturation.jsonl}: repo, agent and cycle;</li>
 *   <li>{@code urgent-tasks.jsonl}: the task and its event ({@code raised}, {@code cleared}, {@code acknowledged}; an old
 *       {@code delivered} line with its target); a {@code delivery_failed} line may repeat;</li>
 *   <li>{@code api-requests.jsonl}: the request's {@code Idempotency-Key};</li>
 *   <li>{@code outbox.jsonl}: a {@code queued} event's key (its attempts, claims and retries repeat).</li>
 * </ul>
 * Health records have their own table and key (loop and cycle, V7); decisions theirs (V6). Recommendations and runs
 * have none: an evaluation is not an idempotent record — evaluating the same instant again (the demo does) is
 * recorded again, on the files as in the database, and the newer counts; a zombie's evaluation is refused
 * by its fences, and the sweep's slot claim (itself fenced) lets one evaluation per slot run. A line that is not a JSON
 * object, or lacks a field of its key, has none: it is appended as it is, and {@code validate} reports it.
 */
public final class LineKeys {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LineKeys() {
    }

    /** The key of {@code line} in {@code log} (workspace-relative), or null when the log is not keyed here or the line has none. */
    public static String of(String log, String line) {
        Kind kind = kind(log);
        if (kind == Kind.NONE) return null;
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            return null;
        }
        if (n == null || !n.isObject()) return null;
        return switch (kind) {
            case SATURATION -> join(n, "repo", "agent", "cycle");
            case URGENT -> {
                String event = text(n, "event");
                if (event == null) yield null;
                yield switch (event) {
                    case "raised", "cleared", "acknowledged" -> join(n, "id", "event");
                    case "delivered" -> join(n, "id", "event", "target");
                    default -> null;
                };
            }
            case REQUESTS -> text(n, "key");
            case OUTBOX -> "queued".equals(text(n, "event")) ? join(n, "event", "key") : null;
            default -> null;
        };
    }

    enum Kind { NONE, SATURATION, URGENT, REQUESTS, OUTBOX }

    static Kind kind(String log) {
        if (log.startsWith("loops/") && log.endsWith("/saturation.jsonl") && log.chars().filter(c -> c == '/').count() == 2) {
            return Kind.SATURATION;
        }
        return switch (log) {
            case "loops/regulator/urgent-tasks.jsonl" -> Kind.URGENT;
            case "loops/regulator/api-requests.jsonl" -> Kind.REQUESTS;
            case "loops/regulator/outbox.jsonl" -> Kind.OUTBOX;
            default -> Kind.NONE;
        };
    }

    /** The fields' texts joined by a space, or null when one is missing or not a string. */
    private static String join(JsonNode n, String... fields) {
        StringBuilder b = new StringBuilder();
        for (String f : fields) {
            String t = text(n, f);
            if (t == null) return null;
            if (b.length() > 0) b.append(' ');
            b.append(t);
        }
        return b.toString();
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }
}
