package dev.loopreg.format;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The YAML parser's complaints in loopreg's words: the line of the mistake, what is wrong there and what was expected.
 * The parser (SnakeYAML, through Jackson) names its own states ("while scanning a simple key", "expected &lt;block
 * end&gt;") and marks two places, where it was and where it gave up; a person editing a policy wants the line they got
 * wrong and which mistake it is. A complaint not known here is still said, after loopreg's own words. Pure.
 */
final class YamlErrors {

    private YamlErrors() {
    }

    /** Where a mistake is (1-based line of the parsed text, column; 0 when unknown) and what it is. */
    record Explained(int line, int column, String message) {
    }

    /**
     * A known complaint: what it means, and which line to name — where the parser gave up (its problem mark), where it was
     * (its context mark), or the last token it read (the end of a file, where both marks point past the last line).
     */
    private record Known(Pattern says, String explained, boolean atContext, boolean atLastToken) {
    }

    private static final List<Known> KNOWN = List.of(
            known("could not find expected ':'", "a line that is not 'key: value', nor a '- item' of a list; expected 'key: value' (a "
                    + "missing ':', or no space after it?)", true),
            known("mapping values are not allowed here", "a 'key:' where no key can start (indented deeper than the keys beside it, "
                    + "or a value that holds ': '?); expected the key lined up with its neighbours, or the value in quotes", false),
            known("found character '\\\\t\\(TAB\\)' that cannot start any token", "a tab; expected spaces to indent (YAML does not allow "
                    + "tabs for indentation)", false),
            known("found character '(.)' that cannot start any token", "'$1' cannot start a value; expected the value in quotes "
                    + "(\"$1…\")", false),
            known("found undefined alias", "'*' starts an alias and no anchor has that name; expected the value in quotes", false),
            known("found unknown escape character", "an escape YAML does not know inside a double-quoted value; expected one it knows "
                    + "(such as \\n, \\t, \\\\ or \\\"), or the value in single quotes", false),
            known("found unexpected end of stream", "a quoted value that is never closed; expected its closing quote on this line",
                    true),
            known("expected ',' or '\\]'", "a list in brackets [ … ] that is not closed; expected ',' between items and ']' at its end",
                    true),
            known("expected ',' or '\\}'", "a mapping in braces { … } that is not closed; expected ',' between entries and '}' at its end",
                    true),
            known("found '<stream end>'", "the file ends where a value was expected (an unclosed '[' or '{', or a key with nothing "
                    + "usable after it?); expected the value, or the closing bracket", false, true),
            known("did not find expected key", "a line whose indentation does not match the keys above it; expected it lined up with "
                    + "its neighbours (the keys of one mapping start in the same column)", false),
            known("did not find expected '-' indicator", "a line whose indentation does not match the list above it; expected every "
                    + "item of a list to start with '- ' in the same column", false),
            known("expected <block end>, but found '-'", "a '- item' where a key belongs; expected the list indented under its key", false),
            known("expected <block end>, but found '\\?'", "a 'key:' where a '- item' of the list above belongs; expected '- ' before "
                    + "it, or the list indented under a key", false),
            known("expected <block end>, but found '<block mapping start>'", "a key indented deeper than the keys above it; expected "
                    + "it lined up with its neighbours", false),
            known("expected <block end>, but found", "a line whose indentation does not match the lines above it; expected it lined "
                    + "up with its neighbours", false),
            known("Duplicate field '(.*)'", "the key '$1' a second time in one mapping; expected each key once", false),
            known("special characters are not allowed", "a character YAML does not allow in a file; expected printable text", false));

    private static Known known(String regex, String explained, boolean atContext) {
        return new Known(Pattern.compile(regex), explained, atContext, false);
    }

    private static Known known(String regex, String explained, boolean atContext, boolean atLastToken) {
        return new Known(Pattern.compile(regex), explained, atContext, atLastToken);
    }

    private static final Pattern MARK = Pattern.compile("^\\s*in '[^']*', line (\\d+), column (\\d+):");

    /**
     * What the parser's whole message means.
     *
     * @param parserSays     the parser's message (its lines: a context, its mark, the problem, its mark, excerpts)
     * @param fallbackLine   the line the parser reports, when the message has no mark
     * @param fallbackColumn likewise
     */
    static Explained explain(String parserSays, int fallbackLine, int fallbackColumn) {
        String[] lines = parserSays == null ? new String[0] : parserSays.split("\n");
        String context = null;
        String problem = null;
        int[] contextMark = null;
        int[] problemMark = null;
        for (String l : lines) {
            Matcher m = MARK.matcher(l);
            if (m.find()) {
                int[] at = {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
                if (problem != null && problemMark == null) problemMark = at;
                else if (problem == null && context != null && contextMark == null) contextMark = at;
                continue;
            }
            String t = l.strip();
            if (t.isEmpty() || l.startsWith("    ")) continue;   // the excerpt and its caret
            if (t.startsWith("while ") && context == null && problem == null) context = t;
            else if (problem == null) problem = t;
        }
        if (problem == null) {
            problem = context == null ? "syntax error" : context;
            problemMark = contextMark;
        }
        for (Known k : KNOWN) {
            Matcher m = k.says().matcher(problem);
            if (m.find()) {
                String text = k.explained();
                if (m.groupCount() >= 1 && m.group(1) != null) text = text.replace("$1", m.group(1));
                // at the end of the file both marks point past the last line: the last token read is where it went wrong
                int[] at = k.atLastToken() && fallbackLine > 0 ? new int[] {fallbackLine, fallbackColumn}
                        : k.atContext() && contextMark != null ? contextMark : problemMark != null ? problemMark : contextMark;
                return explained(at, fallbackLine, fallbackColumn, text);
            }
        }
        String said = problem.replaceAll("\\s*\\(Do not use .*\\)$", "");
        return explained(problemMark != null ? problemMark : contextMark, fallbackLine, fallbackColumn,
                "expected 'key: value' lines, '- item' lists and indentation with spaces (the YAML parser says: " + said + ")");
    }

    private static Explained explained(int[] at, int fallbackLine, int fallbackColumn, String text) {
        int line = at == null ? fallbackLine : at[0];
        int column = at == null ? fallbackColumn : at[1];
        return new Explained(line, column, "not valid YAML: " + (column > 0 ? "column " + column + ": " : "") + text);
    }
}
