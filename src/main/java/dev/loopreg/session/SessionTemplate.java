package dev.loopreg.session;

import dev.loopreg.format.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code loops/regulator/session-template.md}: Markdown with {@code {{name}}} placeholders. Only the names of
 * {@link #PLACEHOLDERS} are allowed; an unknown name, or a {@code {{} that is not closed on its line, is an
 * error naming the line. Rendering replaces each placeholder by its value, verbatim. Pure.
 */
public final class SessionTemplate {

    /** Every placeholder, name → what it becomes (the order of docs/formats.md). */
    public static final Map<String, String> PLACEHOLDERS;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("workspace", "the workspace's directory name");
        m.put("now", "the instant the bundle was prepared (--now), ISO-8601 UTC");
        m.put("session_id", "the bundle's name, e.g. 2026-06-25T1100Z");
        m.put("dashboard", "the dashboard as evaluated at --now (the same text evaluate writes)");
        m.put("recommendations", "per loop: the recommendation, its summary and every rule's evidence");
        m.put("pending_actions", "the actions waiting for a person, as the dashboard's checkboxes list them");
        m.put("health_tails", "per loop: the last N records of health.jsonl, verbatim, in a jsonl code block");
        m.put("tail_records", "N, the number of records per loop in health_tails (--tail)");
        m.put("cadence_files", "every loops/<id>/cadence.yml (and the regulator's own), verbatim, in yaml code blocks");
        m.put("regulator_cadence", "the regulator's own phase, crons and its self-promotion evidence");
        m.put("rotation", "rotation candidates: each active repo's signals and verdict, the queue and what is recommended");
        m.put("urgent_tasks", "the urgent tasks raised and not cleared (urgent-tasks.jsonl)");
        m.put("noise_sources", "noise sources listed by earlier sessions and not yet resolved");
        m.put("questions", "the questions the session must answer, one per loop, candidate and open item");
        m.put("outcome_template", "a prefilled outcome file for 'loopreg session record', in a yaml code block");
        PLACEHOLDERS = java.util.Collections.unmodifiableMap(m);
    }

    private static final Pattern OPEN = Pattern.compile("\\{\\{");
    private static final Pattern NAME = Pattern.compile("\\s*([A-Za-z0-9_.-]*)\\s*");

    /** One placeholder occurrence. */
    public record Placeholder(String name, int line, int start, int end) {
    }

    /** The template cannot be used: its problems, each {@code path:line}. */
    public static final class TemplateException extends Exception {
        private final List<Problem> problems;

        public TemplateException(List<Problem> problems) {
            super(String.join("\n", problems.stream().map(Problem::toString).toList()));
            this.problems = List.copyOf(problems);
        }

        public List<Problem> problems() {
            return problems;
        }
    }

    private final String text;
    private final List<Placeholder> placeholders;

    private SessionTemplate(String text, List<Placeholder> placeholders) {
        this.text = text;
        this.placeholders = placeholders;
    }

    /** Parses a template; every unknown or unclosed placeholder is reported (all of them, not just the first). */
    public static SessionTemplate parse(String path, String text) throws TemplateException {
        List<Problem> problems = new ArrayList<>();
        List<Placeholder> found = new ArrayList<>();
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < text.length(); ) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                lineStart = i + 1;
                i++;
                continue;
            }
            if (c == '{' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                int lineEnd = text.indexOf('\n', i);
                if (lineEnd < 0) lineEnd = text.length();
                int close = text.indexOf("}}", i + 2);
                if (close < 0 || close > lineEnd) {
                    problems.add(Problem.error(path, line, "column " + (i - lineStart + 1) + ": '{{' is not closed by '}}' on "
                            + "the same line; expected a placeholder such as {{dashboard}}"));
                    i = lineEnd;
                    continue;
                }
                String inner = text.substring(i + 2, close);
                Matcher m = NAME.matcher(inner);
                String name = m.matches() ? m.group(1) : inner.strip();
                if (!PLACEHOLDERS.containsKey(name)) {
                    problems.add(Problem.error(path, line, "unknown placeholder '{{" + inner + "}}'"
                            + dev.loopreg.format.ConfigReader.closest(name, PLACEHOLDERS.keySet()).map(s -> " (did you mean '{{" + s + "}}'?)").orElse("")
                            + "; expected one of " + String.join(", ", PLACEHOLDERS.keySet().stream().map(k -> "{{" + k + "}}").toList())));
                } else {
                    found.add(new Placeholder(name, line, i, close + 2));
                }
                i = close + 2;
                continue;
            }
            i++;
        }
        if (!problems.isEmpty()) {
            throw new TemplateException(problems);
        }
        return new SessionTemplate(text, List.copyOf(found));
    }

    public List<Placeholder> placeholders() {
        return placeholders;
    }

    /** The names used, in order of first use. */
    public List<String> names() {
        return placeholders.stream().map(Placeholder::name).distinct().toList();
    }

    /**
     * Replaces every placeholder by {@code values.get(name)}; the values are not scanned again, so a value
     * containing {@code {{x}}} stays as it is.
     *
     * @throws IllegalArgumentException when a used placeholder has no value (a bug in the caller)
     */
    public String render(Map<String, String> values) {
        StringBuilder sb = new StringBuilder(text.length() * 2);
        int at = 0;
        for (Placeholder p : placeholders) {
            String v = values.get(p.name());
            if (v == null) {
                throw new IllegalArgumentException("no value for placeholder " + p.name());
            }
            sb.append(text, at, p.start()).append(v);
            at = p.end();
        }
        sb.append(text, at, text.length());
        return sb.toString();
    }

}
