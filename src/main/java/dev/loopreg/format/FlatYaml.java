package dev.loopreg.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The YAML loopreg writes for each loop ({@code cadence.yml}, {@code loop.yml}) read without the YAML scanner: a flat
 * mapping of {@code key: value} lines, comments and blank lines, where every value is one whose YAML meaning is beyond
 * doubt — {@code null}, a decimal integer, a double-quoted string without escapes, an instant in loopreg's form, a plain
 * word that YAML reads as text, or a flow list of such words. Anything else (nesting, other scalars, a repeated key)
 * answers null and the full YAML reader decides, so the result is always the full reader's ({@code YamlDocProperties}
 * compares the two on generated and real files). Reading a fleet's thousands of these files was a third of an
 * evaluation's time. Pure.
 */
final class FlatYaml {

    private FlatYaml() {
    }

    private static final Pattern LINE = Pattern.compile("([a-z_][a-z0-9_]*):(?: +(.*?))? *");
    private static final Pattern INT = Pattern.compile("-?(?:0|[1-9][0-9]{0,17})");
    private static final Pattern INSTANT = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z");
    private static final Pattern WORD = Pattern.compile("[A-Za-z][A-Za-z0-9_./-]*(?: [A-Za-z0-9_./-]+)*|\\.\\./[A-Za-z0-9_./-]*");
    private static final Set<String> NOT_TEXT = Set.of("y", "n", "yes", "no", "true", "false", "on", "off", "null", "nan", "inf");
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** The document, or null when the text is not plainly in this form. */
    static YamlDoc parse(String path, String text, int lineOffset) {
        ObjectNode root = F.objectNode();
        Map<String, Integer> lines = new HashMap<>();
        String[] ls = text.split("\n", -1);
        for (int i = 0; i < ls.length; i++) {
            String l = ls[i];
            if (l.endsWith("\r") || l.indexOf('\t') >= 0) return null;
            if (l.isBlank()) continue;
            if (l.charAt(0) == '#') continue;
            if (l.charAt(0) == ' ') return null;
            String content = withoutComment(l);
            if (content == null) return null;
            Matcher m = LINE.matcher(content);
            if (!m.matches()) return null;
            String k = m.group(1);
            if (root.has(k)) return null;   // a repeated key: the full reader names it
            JsonNode v = value(m.group(2));
            if (v == null) return null;
            int line = i + 1 + lineOffset;
            if (root.isEmpty()) lines.put("", line);
            root.set(k, v);
            String ptr = "/" + k;
            lines.put(ptr, line);
            if (v.isArray()) {
                for (int j = 0; j < v.size(); j++) lines.put(ptr + "/" + j, line);
            }
        }
        if (root.isEmpty()) return null;
        return new YamlDoc(path, root, Map.copyOf(lines), lineOffset);
    }

    /** The line without a trailing {@code # comment} (outside quotes), or null when that is not plain. */
    private static String withoutComment(String l) {
        int hash = l.indexOf(" #");
        String c = hash < 0 ? l : l.substring(0, hash);
        if (c.indexOf('#') >= 0 && !c.contains("\"")) return null;
        if (c.contains("\"") && hash >= 0 && l.indexOf('"', hash) >= 0) return null;   // a quote after the comment mark
        return c.stripTrailing();
    }

    private static JsonNode value(String v) {
        if (v == null || v.isEmpty()) return null;   // an empty value may open a block: the full reader
        if (v.equals("null")) return F.nullNode();
        if (INT.matcher(v).matches()) {
            long n = Long.parseLong(v);
            return n == (int) n ? F.numberNode((int) n) : F.numberNode(n);
        }
        if (v.startsWith("\"")) {
            if (v.length() < 2 || !v.endsWith("\"")) return null;
            String inner = v.substring(1, v.length() - 1);
            return inner.indexOf('"') >= 0 || inner.indexOf('\\') >= 0 ? null : F.textNode(inner);
        }
        if (INSTANT.matcher(v).matches()) return F.textNode(v);
        if (v.startsWith("[") && v.endsWith("]")) {
            ArrayNode a = F.arrayNode();
            String inner = v.substring(1, v.length() - 1).strip();
            if (inner.isEmpty()) return a;
            for (String item : inner.split(",", -1)) {
                String w = item.strip();
                if (!word(w) || w.indexOf(' ') >= 0) return null;
                a.add(F.textNode(w));
            }
            return a;
        }
        return word(v) ? F.textNode(v) : null;
    }

    private static boolean word(String w) {
        return WORD.matcher(w).matches() && !NOT_TEXT.contains(w.toLowerCase(Locale.ROOT)) && !w.contains(": ");
    }
}
