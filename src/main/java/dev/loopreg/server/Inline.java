package dev.loopreg.server;

import static j2html.TagCreator.code;
import static j2html.TagCreator.span;
import static j2html.TagCreator.text;

import j2html.tags.DomContent;
import java.util.ArrayList;
import java.util.List;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.Node;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;

/**
 * A line of the regulator's own text (a summary, a detail, a queue item: they are written for the Markdown dashboard)
 * as it goes on a page: its code spans ({@code `loopreg apply`}) become {@code <code>}, every other piece of Markdown
 * is reduced to its text, and an instant written in it ({@code 2026-06-21T23:51:35.8Z}) is written as the pages write
 * times (in the workspace's zone, to the minute). Nothing of the text is inserted as HTML: each piece is escaped by j2html.
 */
final class Inline {

    private static final Parser PARSER = Parser.builder().enabledBlockTypes(java.util.Set.of()).build();

    private Inline() {
    }

    private static final java.util.regex.Pattern INSTANT = java.util.regex.Pattern.compile(
            "\\b\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?(?:Z|[+-]\\d{2}:\\d{2})");

    /** The text with its code spans, its other Markdown reduced to text. */
    static DomContent of(String markdown) {
        return of(null, markdown);
    }

    /** The same, with its instants written in {@code v}'s zone (null: as they are). */
    static DomContent of(View v, String raw) {
        if (raw == null || raw.isEmpty()) return text("");
        String markdown = v == null ? raw : times(v, raw);
        if (markdown.indexOf('`') < 0 && markdown.indexOf('*') < 0 && markdown.indexOf('_') < 0 && markdown.indexOf('[') < 0) return text(markdown);
        List<DomContent> out = new ArrayList<>();
        StringBuilder plain = new StringBuilder();
        Node doc = PARSER.parse(markdown);
        doc.accept(new AbstractVisitor() {
            @Override
            public void visit(Text t) {
                plain.append(t.getLiteral());
            }

            @Override
            public void visit(SoftLineBreak b) {
                plain.append(' ');
            }

            @Override
            public void visit(Code c) {
                if (!plain.isEmpty()) {
                    out.add(text(plain.toString()));
                    plain.setLength(0);
                }
                out.add(code(c.getLiteral()));
            }
        });
        if (!plain.isEmpty()) out.add(text(plain.toString()));
        return out.size() == 1 ? out.get(0) : span(out.toArray(DomContent[]::new));
    }

    /** Each instant in the text as the pages write times. */
    static String times(View v, String s) {
        java.util.regex.Matcher m = INSTANT.matcher(s);
        if (!m.find()) return s;
        StringBuilder b = new StringBuilder();
        m.reset();
        while (m.find()) {
            String w;
            try {
                w = v.format(java.time.OffsetDateTime.parse(m.group().length() == 17 ? m.group().replace("Z", ":00Z") : m.group()).toInstant());
            } catch (java.time.DateTimeException e) {
                w = m.group();
            }
            m.appendReplacement(b, java.util.regex.Matcher.quoteReplacement(w));
        }
        m.appendTail(b);
        return b.toString();
    }
}
