package dev.loopreg.workspace;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.loopreg.format.Mappers;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Changes scalar values in block-style YAML text in place, keeping every other byte — comments,
 * key order, blank lines — so a state file edited by loopreg diffs as one changed line per value.
 * Pure. Callers re-read the result to check it says what they meant.
 */
public final class YamlEdit {

    private static final Pattern KEY_LINE = Pattern.compile("^(\\s*)([A-Za-z0-9_.-]+|\"[^\"]*\"|'[^']*')(\\s*):(.*)$");

    private YamlEdit() {
    }

    /** The YAML form of a text value: double-quoted with JSON escapes (valid YAML). */
    public static String quote(String s) {
        if (s == null) {
            return "null";
        }
        try {
            return Mappers.JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sets the scalar at a key path (e.g. {@code ["optimization", "enabled"]}) to {@code yamlScalar}
     * (already in YAML form: {@code true}, {@code 3}, {@code "text"}, {@code null}). A missing key is added
     * at the end of its parent mapping; a missing parent mapping is an error.
     *
     * @throws IllegalArgumentException when the path leads into a non-block value
     */
    public static String set(String text, List<String> path, String yamlScalar) {
        boolean endsWithNewline = text.endsWith("\n");
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (endsWithNewline) {
            lines.remove(lines.size() - 1);
        }
        int parentStart = -1;          // line of the parent key (-1 = document)
        int parentIndent = -1;
        int from = 0;
        int to = lines.size();
        for (int depth = 0; depth < path.size(); depth++) {
            String key = path.get(depth);
            int childIndent = -1;
            int found = -1;
            int lastOfParent = parentStart;
            for (int i = from; i < to; i++) {
                String l = lines.get(i);
                if (l.isBlank() || l.stripLeading().startsWith("#")) {
                    continue;
                }
                int indent = l.length() - l.stripLeading().length();
                if (indent <= parentIndent) {
                    to = i;
                    break;
                }
                lastOfParent = i;
                if (childIndent < 0) {
                    childIndent = indent;
                }
                if (indent != childIndent) {
                    continue;
                }
                Matcher m = KEY_LINE.matcher(l);
                if (m.matches() && unquote(m.group(2)).equals(key)) {
                    found = i;
                    break;
                }
            }
            if (found < 0) {
                if (depth < path.size() - 1) {
                    throw new IllegalArgumentException("no mapping '" + String.join(".", path.subList(0, depth + 1)) + "' to set "
                            + String.join(".", path) + " in");
                }
                int indent = childIndent >= 0 ? childIndent : parentIndent + 2;
                if (parentIndent < 0) {
                    indent = 0;
                }
                int insertAt = lastOfParent + 1;
                lines.add(insertAt, " ".repeat(indent) + key + ": " + yamlScalar);
                return join(lines, endsWithNewline || true);
            }
            if (depth == path.size() - 1) {
                Matcher m = KEY_LINE.matcher(lines.get(found));
                m.matches();
                String rest = m.group(4);
                String comment = trailingComment(rest);
                String value = comment == null ? rest : rest.substring(0, rest.length() - comment.length());
                if (value.strip().startsWith("|") || value.strip().startsWith(">") || value.strip().startsWith("{")
                        || value.strip().startsWith("[")) {
                    throw new IllegalArgumentException(String.join(".", path) + " is not a plain scalar");
                }
                String newLine = m.group(1) + m.group(2) + m.group(3) + ": " + yamlScalar + (comment == null ? "" : comment);
                lines.set(found, newLine);
                return join(lines, endsWithNewline);
            }
            parentStart = found;
            parentIndent = lines.get(found).length() - lines.get(found).stripLeading().length();
            from = found + 1;
            to = lines.size();
        }
        throw new IllegalArgumentException("empty key path");
    }

    private static String unquote(String k) {
        if ((k.startsWith("\"") && k.endsWith("\"")) || (k.startsWith("'") && k.endsWith("'"))) {
            return k.substring(1, k.length() - 1);
        }
        return k;
    }

    /** The {@code  # comment} at the end of a value, outside quotes, or null. */
    static String trailingComment(String rest) {
        boolean inSingle = false;
        boolean inDouble = false;
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '"' && !inSingle && (i == 0 || rest.charAt(i - 1) != '\\')) inDouble = !inDouble;
            else if (c == '\'' && !inDouble) inSingle = !inSingle;
            else if (c == '#' && !inSingle && !inDouble && (i == 0 || Character.isWhitespace(rest.charAt(i - 1)))) {
                int start = i;
                while (start > 0 && Character.isWhitespace(rest.charAt(start - 1))) start--;
                return rest.substring(start);
            }
        }
        return null;
    }

    /**
     * Sets a top-level key to a flow sequence of quoted strings ({@code repos: ["a", "b"]}), whatever its value was — a
     * scalar, a flow sequence, or a block sequence on the lines below (which go); a missing key is added at the end.
     * Every other line, comments included, stays as it was.
     */
    public static String setList(String text, String key, List<String> items) {
        boolean endsWithNewline = text.endsWith("\n");
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (endsWithNewline) lines.remove(lines.size() - 1);
        String value = "[" + String.join(", ", items.stream().map(YamlEdit::quote).toList()) + "]";
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = KEY_LINE.matcher(lines.get(i));
            if (!m.matches() || !m.group(1).isEmpty() || !unquote(m.group(2)).equals(key)) continue;
            int end = i + 1;
            while (end < lines.size()) {
                String l = lines.get(end);
                boolean inside = l.isBlank() || l.startsWith(" ") || l.startsWith("\t") || l.startsWith("-");
                if (!inside) break;
                end++;
            }
            // blank lines and comments after the value belong to what follows
            while (end > i + 1 && (lines.get(end - 1).isBlank() || lines.get(end - 1).stripLeading().startsWith("#"))) end--;
            for (int j = end - 1; j > i; j--) lines.remove(j);
            lines.set(i, m.group(2) + m.group(3) + ": " + value);
            return join(lines, endsWithNewline);
        }
        lines.add(key + ": " + value);
        return join(lines, true);
    }

    private static String join(List<String> lines, boolean newline) {
        return String.join("\n", lines) + (newline ? "\n" : "");
    }
}
