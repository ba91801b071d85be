package dev.loopreg.format;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Checked reads of one field of a JSON object, adding a message that names the field to {@code problems}. Pure. */
public final class JsonFields {

    private JsonFields() {
    }

    /** A text field; null when absent (a problem when required) or not a text (a problem). */
    public static String text(JsonNode n, String f, boolean required, List<String> problems) {
        JsonNode v = n.get(f);
        if (v == null || v.isNull()) {
            if (required) problems.add(f + " is missing; expected a text value");
            return null;
        }
        if (!v.isTextual()) {
            problems.add(f + ": " + v + " is not a text; expected a text value");
            return null;
        }
        return v.asText();
    }

    /** An ISO-8601 instant with a zone; null when absent (a problem when required) or unreadable (a problem). */
    public static Instant instant(JsonNode n, String f, boolean required, List<String> problems) {
        String t = text(n, f, required, problems);
        if (t == null) return null;
        try {
            return Instants.parse(t);
        } catch (DateTimeParseException e) {
            problems.add(f + ": '" + t + "' is not an instant; expected ISO-8601 with a zone, such as 2026-06-18T14:00:00Z");
            return null;
        }
    }
}
