package dev.loopreg.health;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.format.Instants;
import dev.loopreg.format.JsonFields;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Reads one task (a line of a task export, or an element of a state-hub answer). Strict about the fields
 * the metrics use; unknown fields are allowed (exports carry more than loopreg needs). Pure.
 */
public final class TaskCodec {

    public static final List<String> FIELDS = List.of("id", "title", "created_at", "status", "completed_at", "duplicate_of");

    /** A task that cannot be read; the message names the field and what was expected. */
    public static final class TaskException extends Exception {
        public TaskException(String message) {
            super(message);
        }
    }

    private TaskCodec() {
    }

    public static Task read(JsonNode n) throws TaskException {
        if (n == null || !n.isObject()) {
            throw new TaskException("not a JSON object; expected one task {\"id\": ..., \"created_at\": ..., \"status\": ...}");
        }
        List<String> problems = new ArrayList<>();
        String id = n.path("id").isNumber() ? n.get("id").asText() : JsonFields.text(n, "id", true, problems);
        String title = JsonFields.text(n, "title", false, problems);
        Instant created = JsonFields.instant(n, "created_at", true, problems);
        String statusText = JsonFields.text(n, "status", true, problems);
        Task.Status status = null;
        if (statusText != null) {
            status = Task.Status.parse(statusText).orElse(null);
            if (status == null) {
                problems.add("status: '" + statusText + "' is not a task status; expected " + Task.Status.choices());
            }
        }
        Instant completed = JsonFields.instant(n, "completed_at", false, problems);
        String duplicateOf = JsonFields.text(n, "duplicate_of", false, problems);
        if (status == Task.Status.DONE && completed == null && problems.isEmpty()) {
            problems.add("completed_at is missing for a task with status done; expected the instant it was completed");
        }
        if (completed != null && created != null && completed.isBefore(created)) {
            problems.add("completed_at " + Instants.format(completed) + " is before created_at " + Instants.format(created)
                    + "; expected a completion after the creation");
        }
        if (!problems.isEmpty()) {
            throw new TaskException((id == null ? "" : "task '" + id + "': ") + String.join("; ", problems));
        }
        return new Task(id, title, created, status, completed, duplicateOf);
    }

    /** The fields of {@code n} loopreg does not know (for a warning, not an error). */
    public static List<String> unknownFields(JsonNode n) {
        List<String> out = new ArrayList<>();
        Iterator<String> it = n.fieldNames();
        while (it.hasNext()) {
            String f = it.next();
            if (!FIELDS.contains(f)) out.add(f);
        }
        return out;
    }

}
