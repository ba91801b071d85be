package dev.loopreg.format;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Typed, checked reads of a {@link YamlDoc}: every wrong type, out-of-range number or unknown key
 * becomes a {@link Problem} naming the file, the line, the key, the bad value and what was expected,
 * and the read returns the default so checking can go on. Pure.
 */
public final class ConfigReader {

    private final YamlDoc doc;
    private final List<Problem> problems;

    public ConfigReader(YamlDoc doc, List<Problem> problems) {
        this.doc = doc;
        this.problems = problems;
    }

    public YamlDoc doc() {
        return doc;
    }

    public List<Problem> problems() {
        return problems;
    }

    /** The dotted name of a pointer: {@code /promotion/fpr_window} → {@code promotion.fpr_window}. */
    public static String keyName(String pointer) {
        return pointer.isEmpty() ? "(document)" : pointer.substring(1).replace('/', '.').replace("~1", "/").replace("~0", "~");
    }

    public void error(String pointer, String message) {
        problems.add(Problem.error(doc.path(), doc.lineOf(pointer), message));
    }

    public void warning(String pointer, String message) {
        problems.add(Problem.warning(doc.path(), doc.lineOf(pointer), message));
    }

    public boolean present(String pointer) {
        JsonNode n = doc.at(pointer);
        return !n.isMissingNode() && !n.isNull();
    }

    /** Checks that the node at {@code pointer} is a mapping (when present); reports it otherwise. */
    public boolean mapping(String pointer, boolean required) {
        JsonNode n = doc.at(pointer);
        if (n.isMissingNode() || n.isNull()) {
            if (required) {
                error(pointer, pointer.isEmpty() ? "the file is empty; expected a YAML mapping"
                        : keyName(pointer) + " is missing; expected a mapping");
            }
            return false;
        }
        if (!n.isObject()) {
            error(pointer, (pointer.isEmpty() ? "the document" : keyName(pointer)) + " is " + describe(n)
                    + "; expected a mapping of keys to values");
            return false;
        }
        return true;
    }

    /** Reports every key under {@code pointer} that is not in {@code known}, suggesting the closest. */
    public void knownKeys(String pointer, Collection<String> known) {
        JsonNode n = doc.at(pointer);
        if (!n.isObject()) {
            return;
        }
        Iterator<String> it = n.fieldNames();
        while (it.hasNext()) {
            String k = it.next();
            if (!known.contains(k)) {
                String hint = closest(k, known).map(c -> " (did you mean '" + c + "'?)").orElse("");
                String where = pointer.isEmpty() ? "" : " in " + keyName(pointer);
                error(pointer + "/" + YamlDoc.escape(k), "unknown key '" + k + "'" + where + hint
                        + "; known keys: " + String.join(", ", known));
            }
        }
    }

    public String string(String pointer, String dflt, boolean required) {
        JsonNode n = doc.at(pointer);
        if (n.isMissingNode() || n.isNull()) {
            if (required) {
                error(pointer, keyName(pointer) + " is missing; expected a text value");
            }
            return dflt;
        }
        if (!n.isValueNode()) {
            error(pointer, keyName(pointer) + " is " + describe(n) + "; expected a text value");
            return dflt;
        }
        return n.asText();
    }

    public int integer(String pointer, int dflt, int min, int max) {
        JsonNode n = doc.at(pointer);
        if (n.isMissingNode() || n.isNull()) {
            return dflt;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < min || n.asInt() > max) {
            error(pointer, keyName(pointer) + ": " + show(n) + " is not allowed; expected a whole number from "
                    + min + " to " + max);
            return dflt;
        }
        return n.asInt();
    }

    public long longValue(String pointer, long dflt, long min, long max) {
        JsonNode n = doc.at(pointer);
        if (n.isMissingNode() || n.isNull()) {
            return dflt;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < min || n.asLong() > max) {
            error(pointer, keyName(pointer) + ": " + show(n) + " is not allowed; expected a whole number from "
                    + min + " to " + max);
            return dflt;
        }
        return n.asLong();
    }

    public BigDecimal decimal(String pointer, BigDecimal dflt, BigDecimal min, BigDecimal max) {
        JsonNode n = doc.at(pointer);
        if (n.isMissingNode() || n.isNull()) {
            return dflt;
        }
        if (!n.isNumber() || (n.isDouble() && !Double.isFinite(n.doubleValue()))) {
            error(pointer, keyName(pointer) + ": " + show(n) + " is not a number; expected a number from "
                    + min.toPlainString() + " to " + max.toPlainString());
            return dflt;
        }
        BigDecimal v = n.decimalValue();
        if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
            error(pointer, keyName(pointer) + ": " + JsonFields.plain(v) + " is out of range; expected a number from "
                    + min.toPlainString() + " to " + max.toPlainString());
            return dflt;
        }
        return v;
    }

    public boolean bool(String pointer, boolean dflt) {
        JsonNode n = doc.at(pointer);
        if (n.isMissingNode() || n.isNull()) {
            return dflt;
        }
        if (!n.isBoolean()) {
            error(pointer, keyName(pointer) + ": " + show(n) + " is not allowed; expected true or false");
            return dflt;
        }
        return n.booleanValue();
    }

    /** An ISO-8601 instant such as {@code 2026-06-18T14:05:00Z}, or null. */
    public Instant instant(String pointer) {
        JsonNode n = doc.at(pointer);
        if (n.isMissingNode() || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            error(pointer, keyName(pointer) + ": " + show(n) + " is not an instant; expected ISO-8601 such as 2026-06-18T14:05:00Z, or null");
            return null;
        }
        try {
            return Instants.parse(n.asText());
        } catch (DateTimeParseException e) {
            error(pointer, keyName(pointer) + ": '" + n.asText() + "' is not an instant; expected ISO-8601 such as 2026-06-18T14:05:00Z, or null");
            return null;
        }
    }

    public <E> E choice(String pointer, E dflt, Function<String, Optional<E>> parse, String choices, boolean required) {
        JsonNode n = doc.at(pointer);
        if (n.isMissingNode() || n.isNull()) {
            if (required) {
                error(pointer, keyName(pointer) + " is missing; expected one of " + choices);
            }
            return dflt;
        }
        Optional<E> v = n.isTextual() ? parse.apply(n.asText()) : Optional.empty();
        if (v.isEmpty()) {
            error(pointer, keyName(pointer) + ": " + show(n) + " is not allowed; expected one of " + choices);
            return dflt;
        }
        return v.get();
    }

    /**
     * A list of texts (a YAML sequence). A single text where the list belongs is an error, not a one-item list: written
     * {@code agents: optimization, coach} it would silently be one agent named "optimization, coach".
     */
    public List<String> stringList(String pointer, List<String> dflt) {
        JsonNode n = doc.at(pointer);
        if (n.isMissingNode() || n.isNull()) {
            return dflt;
        }
        if (n.isValueNode()) {
            String v = n.asText();
            error(pointer, keyName(pointer) + " is a single value ('" + v + "'); expected a list such as ["
                    + (v.isBlank() ? "a, b" : v) + "]");
            return dflt;
        }
        if (!n.isArray()) {
            error(pointer, keyName(pointer) + " is " + describe(n) + "; expected a list such as [a, b]");
            return dflt;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            JsonNode e = n.get(i);
            if (!e.isValueNode() || e.isNull()) {
                error(pointer + "/" + i, keyName(pointer) + "[" + i + "] is " + describe(e) + "; expected a text value");
            } else {
                out.add(e.asText());
            }
        }
        return out;
    }

    public static String describe(JsonNode n) {
        if (n.isObject()) return "a mapping";
        if (n.isArray()) return "a list";
        if (n.isNull()) return "null";
        if (n.isTextual()) return "the text '" + n.asText() + "'";
        if (n.isBoolean()) return "the boolean " + n.asText();
        if (n.isNumber()) return "the number " + show(n);
        return n.getNodeType().toString().toLowerCase();
    }

    static String show(JsonNode n) {
        if (n.isTextual()) return "'" + n.asText() + "'";
        if (n.isBigDecimal()) return JsonFields.plain(n.decimalValue());
        if (n.isContainerNode()) return describe(n);
        return n.asText();
    }

    public static Optional<String> closest(String key, Collection<String> known) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String k : known) {
            int d = levenshtein(key, k);
            if (d < bestD) {
                bestD = d;
                best = k;
            }
        }
        return best != null && bestD <= Math.max(2, key.length() / 3) ? Optional.of(best) : Optional.empty();
    }

    static int levenshtein(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
