package dev.loopreg.rotation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.format.Instants;
import dev.loopreg.format.Problem;
import dev.loopreg.format.YamlDoc;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes {@code roster.yaml} (pure). An entry is a repo name or a mapping {@code {repo: name, ...}};
 * a missing list is empty. loopreg rewrites the file in one canonical block layout, keeping the leading
 * comment block and every key it does not know; comments inside the lists are not kept.
 */
public final class RosterCodec {

    private static final List<String> KNOWN = List.of("repo", "since", "priority", "saturated_at", "requeued_at", "decision", "reason");

    private RosterCodec() {
    }

    /** The roster, or null when it cannot be used (the problems say why, with lines). */
    public static Roster read(YamlDoc doc, List<Problem> problems) {
        if (doc.isEmpty()) {
            return Roster.empty();
        }
        int before = (int) problems.stream().filter(Problem::isError).count();
        if (!doc.root().isObject()) {
            problems.add(Problem.error(doc.path(), doc.lineOf(""), "not a mapping; expected the keys active, expansion_queue, saturated"));
            return null;
        }
        Iterator<String> names = doc.root().fieldNames();
        while (names.hasNext()) {
            String k = names.next();
            if (!Roster.STATUSES.contains(k)) {
                problems.add(Problem.warning(doc.path(), doc.lineOf("/" + k), "unknown key '" + k + "' (ignored); expected "
                        + String.join(", ", Roster.STATUSES)));
            }
        }
        Map<String, String> seen = new HashMap<>();
        List<List<Roster.Entry>> lists = new ArrayList<>();
        for (String status : Roster.STATUSES) {
            List<Roster.Entry> out = new ArrayList<>();
            JsonNode list = doc.at("/" + status);
            if (!list.isMissingNode() && !list.isNull()) {
                if (!list.isArray()) {
                    problems.add(Problem.error(doc.path(), doc.lineOf("/" + status), status + " is not a list; expected a list of "
                            + "repos (names or {repo: name, ...})"));
                } else {
                    for (int i = 0; i < list.size(); i++) {
                        Roster.Entry e = entry(doc, status, i, list.get(i), problems);
                        if (e == null) continue;
                        String where = seen.putIfAbsent(e.repo(), status);
                        if (where != null) {
                            problems.add(Problem.error(doc.path(), doc.lineOf("/" + status + "/" + i), "repo '" + e.repo()
                                    + "' is listed twice (also in " + where + "); expected each repo once"));
                            continue;
                        }
                        out.add(e);
                    }
                }
            }
            lists.add(out);
        }
        if (problems.stream().filter(Problem::isError).count() > before) {
            return null;
        }
        return new Roster(lists.get(0), lists.get(1), lists.get(2));
    }

    private static Roster.Entry entry(YamlDoc doc, String status, int i, JsonNode n, List<Problem> problems) {
        String ptr = "/" + status + "/" + i;
        int line = doc.lineOf(ptr);
        if (n.isTextual()) {
            String name = n.asText().strip();
            return checkName(doc, line, status, i, name, problems) ? Roster.Entry.of(name) : null;
        }
        if (!n.isObject() || !n.path("repo").isTextual()) {
            problems.add(Problem.error(doc.path(), line, status + "[" + i + "] has no repo name; expected a name or {repo: name, ...}"));
            return null;
        }
        String name = n.get("repo").asText().strip();
        if (!checkName(doc, line, status, i, name, problems)) return null;
        Instant since = instant(doc, ptr, n, "since", problems);
        Instant saturatedAt = instant(doc, ptr, n, "saturated_at", problems);
        Instant requeuedAt = instant(doc, ptr, n, "requeued_at", problems);
        String priority = text(n, "priority");
        if (priority != null && !priority.equals(Roster.NORMAL) && !priority.equals(Roster.ELEVATED)) {
            problems.add(Problem.error(doc.path(), doc.lineOf(ptr + "/priority"), status + "[" + i + "].priority: '" + priority
                    + "' is not a priority; expected normal | elevated"));
        }
        Map<String, JsonNode> other = new LinkedHashMap<>();
        n.fields().forEachRemaining(f -> {
            if (!KNOWN.contains(f.getKey())) other.put(f.getKey(), f.getValue());
        });
        return new Roster.Entry(name, since, priority, saturatedAt, requeuedAt, text(n, "decision"), text(n, "reason"), other);
    }

    private static boolean checkName(YamlDoc doc, int line, String status, int i, String name, List<Problem> problems) {
        if (name.isBlank() || name.startsWith("/") || name.contains("\\") || List.of(name.split("/")).contains("..")) {
            problems.add(Problem.error(doc.path(), line, status + "[" + i + "]: '" + name + "' is not a repo name; expected a "
                    + "directory name under repos_root (no absolute path, no '..')"));
            return false;
        }
        return true;
    }

    private static String text(JsonNode n, String f) {
        JsonNode v = n.get(f);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Instant instant(YamlDoc doc, String ptr, JsonNode n, String f, List<Problem> problems) {
        String t = text(n, f);
        if (t == null) return null;
        try {
            return Instants.parse(t);
        } catch (DateTimeParseException e) {
            problems.add(Problem.error(doc.path(), doc.lineOf(ptr + "/" + f), f + ": '" + t
                    + "' is not an instant; expected ISO-8601 with a zone, such as 2026-06-18T14:00:00Z"));
            return null;
        }
    }

    /** The leading comment block of a file (the lines before the first key), kept on a rewrite. */
    public static String header(String text) {
        StringBuilder sb = new StringBuilder();
        for (String l : text.split("\n", -1)) {
            if (l.isBlank() || l.stripLeading().startsWith("#")) {
                sb.append(l).append('\n');
            } else {
                break;
            }
        }
        return sb.toString().stripTrailing().isEmpty() ? "" : sb.toString().stripTrailing() + "\n";
    }

    public static final String DEFAULT_HEADER =
            "# Repo roster of the kaizen-stack loop (ADR-004). loopreg rotate/revisit edit it; people may too.\n";

    /** The roster in canonical block layout, under {@code header}. */
    public static String render(Roster r, String header) {
        StringBuilder sb = new StringBuilder(header.isEmpty() ? DEFAULT_HEADER : header);
        list(sb, Roster.ACTIVE, r.active(), "repos receiving optimization focus: {repo, since, priority: normal|elevated}");
        list(sb, Roster.QUEUE, r.queue(), "ordered candidates: the first becomes active on a rotation");
        list(sb, Roster.SATURATED, r.saturated(), "repos paused on diminishing returns: {repo, saturated_at}");
        return sb.toString();
    }

    private static void list(StringBuilder sb, String key, List<Roster.Entry> entries, String comment) {
        if (entries.isEmpty()) {
            sb.append(key).append(": []").append(" ".repeat(Math.max(1, 18 - key.length()))).append("# ").append(comment).append('\n');
            return;
        }
        sb.append(key).append(":").append(" ".repeat(Math.max(1, 20 - key.length()))).append("# ").append(comment).append('\n');
        for (Roster.Entry e : entries) {
            sb.append("  - repo: ").append(scalar(e.repo())).append('\n');
            field(sb, "since", e.since());
            if (e.priority() != null) sb.append("    priority: ").append(e.priority()).append('\n');
            field(sb, "saturated_at", e.saturatedAt());
            field(sb, "requeued_at", e.requeuedAt());
            if (e.decision() != null) sb.append("    decision: ").append(scalar(e.decision())).append('\n');
            if (e.reason() != null) sb.append("    reason: ").append(quote(e.reason())).append('\n');
            e.other().forEach((k, v) -> sb.append("    ").append(k).append(": ").append(v.isTextual() ? quote(v.asText()) : v.toString())
                    .append('\n'));
        }
    }

    private static void field(StringBuilder sb, String key, Instant v) {
        if (v != null) sb.append("    ").append(key).append(": ").append(quote(Instants.format(v))).append('\n');
    }

    private static String scalar(String s) {
        return s.matches("[A-Za-z0-9_.][A-Za-z0-9_./-]*") && !s.matches("(?i)true|false|null|yes|no|on|off|~|[0-9.]+")
                ? s : quote(s);
    }

    /** A double-quoted YAML scalar (JSON escapes). */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c)); else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }
}
