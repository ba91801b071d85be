package dev.loopreg.format;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
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

    /** A whole number ≥ 0; null when absent or null (unmeasured), or when it is not one (a problem). */
    public static Long count(JsonNode n, String f, List<String> problems) {
        JsonNode v = n.get(f);
        if (v == null || v.isNull()) return null;
        if (notFinite(v)) {
            problems.add(f + ": " + v.asText() + " is not a number; expected a whole number ≥ 0, or null when unmeasured");
            return null;
        }
        if (!v.isNumber() || !isWhole(v) || v.decimalValue().signum() < 0) {
            problems.add(f + ": " + show(v) + " is not allowed; expected a whole number ≥ 0, or null when unmeasured");
            return null;
        }
        if (v.decimalValue().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            problems.add(f + ": " + show(v) + " is too large; expected a whole number from 0 to " + Long.MAX_VALUE
                    + ", or null when unmeasured");
            return null;
        }
        return v.decimalValue().longValueExact();
    }

    /**
     * A number within {@code [min, max]} (either bound may be null); null when absent or null (unmeasured),
     * or when it is not one (a problem naming the field and the range).
     */
    public static BigDecimal number(JsonNode n, String f, BigDecimal min, BigDecimal max, List<String> problems) {
        JsonNode v = n.get(f);
        if (v == null || v.isNull()) return null;
        String expected = min != null && max != null ? "a number from " + min.toPlainString() + " to " + max.toPlainString()
                : min != null ? "a number ≥ " + min.toPlainString() : max != null ? "a number ≤ " + max.toPlainString() : "a number";
        if (notFinite(v)) {
            problems.add(f + ": " + v.asText() + " is not a number; expected " + expected + ", or null when unmeasured");
            return null;
        }
        if (!v.isNumber()) {
            problems.add(f + ": " + show(v) + " is not a number; expected " + expected + ", or null when unmeasured");
            return null;
        }
        BigDecimal d = v.decimalValue();
        if ((min != null && d.compareTo(min) < 0) || (max != null && d.compareTo(max) > 0)) {
            problems.add(f + ": " + plain(d) + " is out of range; expected " + expected + ", or null when unmeasured");
            return null;
        }
        return d;
    }

    private static boolean notFinite(JsonNode v) {
        return (v.isDouble() || v.isFloat()) && !Double.isFinite(v.doubleValue());
    }

    private static boolean isWhole(JsonNode v) {
        if (v.isIntegralNumber()) return true;
        BigDecimal d = v.decimalValue();
        return d.signum() == 0 || d.stripTrailingZeros().scale() <= 0;
    }

    private static String show(JsonNode v) {
        return v.isTextual() ? "'" + v.asText() + "'" : v.isNumber() ? plain(v.decimalValue()) : v.toString();
    }

    /** A number as written plainly, or in scientific notation when that would take more than 30 digits (1E+400). */
    public static String plain(BigDecimal d) {
        String p = d.toPlainString();
        return p.length() <= 30 ? p : d.stripTrailingZeros().toString();
    }

    /**
     * One JSONL line as an object, or the reason it is not one; unknown fields are added to {@code problems}.
     *
     * @param shape what a line should look like, for the message ({@code {"loop": ..., "cycle": ...}})
     */
    public static JsonNode object(String line, String what, String shape, List<String> fields, List<String> problems) throws NotAnObject {
        return object(line, what, shape, fields, problems, (k, v) -> false);
    }

    /** {@link #object}, where a field {@code more} accepts is not unknown (a field a collector added). */
    public static JsonNode object(String line, String what, String shape, List<String> fields, List<String> problems,
                                  java.util.function.BiPredicate<String, JsonNode> more) throws NotAnObject {
        JsonNode n;
        try {
            n = Mappers.JSON.readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new NotAnObject("not valid JSON: " + YamlDoc.cleanMessage(e) + "; expected one JSON object per line");
        }
        if (n == null || !n.isObject()) {
            throw new NotAnObject("not a JSON object; expected one " + what + " " + shape + " per line");
        }
        final JsonNode obj = n;
        n.fieldNames().forEachRemaining(f -> {
            if (!fields.contains(f) && !more.test(f, obj.get(f))) problems.add("unknown field '" + f + "'; known fields: " + String.join(", ", fields));
        });
        return n;
    }

    /** A line that is not a JSON object. */
    public static final class NotAnObject extends Exception {
        public NotAnObject(String message) {
            super(message);
        }
    }

    /** A list of texts (a record's {@code errors}); empty when absent or null; a problem when not a list. */
    public static List<String> texts(JsonNode n, String f, List<String> problems) {
        List<String> out = new java.util.ArrayList<>();
        JsonNode e = n.get(f);
        if (e != null && !e.isNull()) {
            if (!e.isArray()) {
                problems.add(f + ": expected a list of texts");
            } else {
                e.forEach(x -> out.add(x.asText()));
            }
        }
        return out;
    }
}
