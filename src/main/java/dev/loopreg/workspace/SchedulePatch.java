package dev.loopreg.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopreg.format.YamlDoc;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sets {@code <agent>.enabled} in a fleet repo's {@code .kaizen/schedule.yml}, changing only that value:
 * every other byte — comments, key order, other agents — stays. Works on a block mapping
 * ({@code optimization:\n  enabled: true}) and on a one-line flow mapping
 * ({@code optimization: {enabled: true, cron: "0 3 * * *"}}); a missing {@code enabled} key is added, a
 * missing agent is appended. The result is parsed again and must differ from the original in that one
 * value only, or the patch is refused. Pure.
 */
public final class SchedulePatch {

    private static final Pattern FLOW_AGENT = Pattern.compile("^([A-Za-z0-9_.-]+|\"[^\"]*\"|'[^']*')(\\s*):(\\s*)\\{(.*)$");

    /** The patch cannot be made safely; the message says why. */
    public static final class PatchException extends Exception {
        public PatchException(String message) {
            super(message);
        }
    }

    /**
     * @param text    the file's text; null when the file does not exist (a new file is written)
     * @param comment a trailing comment for an added line (who set it)
     * @return the new text, or the same text when the value is already {@code enabled}
     */
    public static String setEnabled(String rel, String text, String agent, boolean enabled, String comment) throws PatchException {
        String value = Boolean.toString(enabled);
        if (text == null || text.isBlank()) {
            return (text == null ? "" : text) + "# .kaizen/schedule.yml — written by loopreg (ADR-004 rotation)\n" + agent
                    + ":\n  enabled: " + value + "   # " + comment + "\n";
        }
        YamlDoc before = parse(rel, text);
        JsonNode current = before.at("/" + agent + "/enabled");
        if (current.isBoolean() && current.booleanValue() == enabled) {
            return text;
        }
        String updated;
        JsonNode agentNode = before.at("/" + agent);
        if (agentNode.isMissingNode()) {
            updated = text + (text.endsWith("\n") ? "" : "\n") + agent + ":\n  enabled: " + value + "   # " + comment + "\n";
        } else if (!agentNode.isObject()) {
            throw new PatchException(rel + ":" + before.lineOf("/" + agent) + ": " + agent + " is not a mapping; expected "
                    + agent + ": {enabled: true, cron: ...}");
        } else {
            updated = flow(text, agent, value);
            if (updated == null) {
                try {
                    updated = YamlEdit.set(text, List.of(agent, "enabled"), value);
                } catch (IllegalArgumentException e) {
                    throw new PatchException(rel + ":" + before.lineOf("/" + agent) + ": cannot set " + agent + ".enabled in place ("
                            + e.getMessage() + "); expected block style or a one-line {…} mapping");
                }
            }
        }
        YamlDoc after = parse(rel, updated);
        JsonNode expected = before.root().deepCopy();
        ((ObjectNode) (expected.get(agent) == null ? ((ObjectNode) expected).putObject(agent) : expected.get(agent)))
                .put("enabled", enabled);
        if (!after.root().equals(expected)) {
            throw new PatchException(rel + ": setting " + agent + ".enabled in place would change more than that value; "
                    + "nothing was changed (expected block style or a one-line {…} mapping)");
        }
        return updated;
    }

    private static YamlDoc parse(String rel, String text) throws PatchException {
        try {
            YamlDoc d = YamlDoc.parse(rel, text);
            if (!d.isEmpty() && !d.root().isObject()) {
                throw new PatchException(rel + ": not a mapping; expected <agent>: {enabled: true, cron: ...} entries");
            }
            return d;
        } catch (YamlDoc.SyntaxException e) {
            throw new PatchException(e.getMessage());
        }
    }

    /** Sets {@code enabled} inside a one-line flow mapping of the top-level {@code agent} key; null when it is not one. */
    static String flow(String text, String agent, String value) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = FLOW_AGENT.matcher(lines[i]);
            if (!m.matches()) continue;
            String key = m.group(1);
            if (key.length() > 1 && (key.startsWith("\"") || key.startsWith("'"))) key = key.substring(1, key.length() - 1);
            if (!key.equals(agent)) continue;
            int open = lines[i].indexOf('{', m.end(3) - 1);
            String line = lines[i];
            int depth = 0;
            boolean single = false;
            boolean dbl = false;
            int entryStart = open + 1;
            int close = -1;
            int valueStart = -1;
            int valueEnd = -1;
            for (int j = open; j < line.length(); j++) {
                char c = line.charAt(j);
                if (dbl) {
                    if (c == '\\') j++;
                    else if (c == '"') dbl = false;
                    continue;
                }
                if (single) {
                    if (c == '\'') single = false;
                    continue;
                }
                if (c == '"') dbl = true;
                else if (c == '\'') single = true;
                else if (c == '{' || c == '[') {
                    depth++;
                } else if (c == '}' || c == ']') {
                    depth--;
                    if (depth == 0) {
                        if (valueStart >= 0 && valueEnd < 0) valueEnd = j;
                        close = j;
                        break;
                    }
                } else if (c == ',' && depth == 1) {
                    if (valueStart >= 0 && valueEnd < 0) valueEnd = j;
                    entryStart = j + 1;
                } else if (c == ':' && depth == 1 && valueStart < 0) {
                    String k = line.substring(entryStart, j).strip();
                    if (k.equals("enabled") || k.equals("\"enabled\"") || k.equals("'enabled'")) valueStart = j + 1;
                }
            }
            if (close < 0) return null;   // a flow mapping over several lines: not handled here
            String newLine;
            if (valueStart >= 0) {
                String old = line.substring(valueStart, valueEnd);
                String lead = old.substring(0, old.length() - old.stripLeading().length());
                String trail = old.substring(old.stripTrailing().length());
                newLine = line.substring(0, valueStart) + (lead.isEmpty() ? " " : lead) + value + trail + line.substring(valueEnd);
            } else {
                String inside = line.substring(open + 1, close);
                newLine = line.substring(0, close) + (inside.isBlank() ? "enabled: " + value : ", enabled: " + value) + line.substring(close);
            }
            lines[i] = newLine;
            return String.join("\n", lines);
        }
        return null;
    }
}
