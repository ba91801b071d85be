package dev.loopreg.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Help texts wrapped at spaces only. picocli wraps with the JDK's line BreakIterator, which splits words such as
 * {@code recommendations.jsonl} or {@code 2026-06-25T12:00:00Z} across lines; so picocli renders each section
 * unwrapped (a very wide usage width) and this wraps it at {@link Main#HELP_WIDTH}, keeping picocli's layout: a
 * row's text continues under its column, two spaces in.
 */
final class HelpText {

    /** The width picocli renders at: wide enough that it never wraps. */
    static final int UNWRAPPED = 10_000;

    /** A row with a second column: leading text, two or more spaces, then the column's text. */
    private static final Pattern TWO_COLUMNS = Pattern.compile("^(\\s*\\S(?:.*?\\S)?\\s{2,})\\S");

    private HelpText() {
    }

    /** The help factory: picocli's help with every section wrapped by {@link #wrap}. */
    static CommandLine.IHelpFactory factory(int width) {
        return (spec, scheme) -> new CommandLine.Help(spec, scheme) {
            @Override
            public String header(Object... params) {
                return wrap(super.header(params), width, false);
            }

            @Override
            public String description(Object... params) {
                return wrap(super.description(params), width, false);
            }

            @Override
            public String footer(Object... params) {
                return wrap(super.footer(params), width, false);
            }

            @Override
            public String optionList() {
                return wrap(super.optionList(), width, true);
            }

            @Override
            public String parameterList() {
                return wrap(super.parameterList(), width, true);
            }

            @Override
            public String commandList() {
                return wrap(super.commandList(), width, true);
            }

            @Override
            public String synopsis(int synopsisHeadingLength) {
                // the heading ("Usage: ") is printed before: wrap as if it were there, continue under the first option
                int h = synopsisHeadingLength;
                String s = super.synopsis(h);
                int bracket = s.indexOf(" [");
                String wrapped = wrapLines(" ".repeat(h) + s, width, bracket > 0 && h + bracket < width / 2 ? h + bracket + 1 : h);
                return wrapped.substring(h);
            }
        };
    }

    /** Wraps every line longer than {@code width} at spaces; a two-column row continues under its second column. */
    static String wrap(String text, int width, boolean columns) {
        if (text == null || text.isEmpty()) return text;
        StringBuilder out = new StringBuilder();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int indent = leading(line);
            if (columns) {
                Matcher m = TWO_COLUMNS.matcher(line);
                if (m.find()) indent = m.group(1).length() + 2;
            } else {
                Matcher m = Pattern.compile("^(\\s*\\S+\\s{2,})\\S").matcher(line);
                if (indent > 0 && m.find()) indent = m.group(1).length();
            }
            out.append(String.join("\n", wrapLine(line, width, indent)));
            if (i < lines.length - 1) out.append('\n');
        }
        return out.toString();
    }

    private static String wrapLines(String text, int width, int indent) {
        StringBuilder out = new StringBuilder();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            out.append(String.join("\n", wrapLine(lines[i], width, indent)));
            if (i < lines.length - 1) out.append('\n');
        }
        return out.toString();
    }

    /** One line wrapped at spaces: the first part as it is, the rest indented by {@code indent}. */
    static List<String> wrapLine(String line, int width, int indent) {
        List<String> out = new ArrayList<>();
        String rest = line.stripTrailing();
        String pad = " ".repeat(Math.max(0, Math.min(indent, width / 2)));
        boolean first = true;
        while (rest.length() > width) {
            int cut = rest.lastIndexOf(' ', width);
            int min = first ? leading(rest) + 1 : pad.length() + 1;
            if (cut < min) {
                cut = rest.indexOf(' ', width);   // a word longer than the line: keep it whole
                if (cut < 0) break;
            }
            out.add(rest.substring(0, cut).stripTrailing());
            rest = pad + rest.substring(cut + 1).stripLeading();
            first = false;
        }
        out.add(rest);
        return out;
    }

    private static int leading(String s) {
        int n = 0;
        while (n < s.length() && s.charAt(n) == ' ') n++;
        return n;
    }
}
