package dev.loopreg.server;

import static j2html.TagCreator.a;
import static j2html.TagCreator.form;
import static j2html.TagCreator.input;
import static j2html.TagCreator.label;
import static j2html.TagCreator.option;
import static j2html.TagCreator.p;
import static j2html.TagCreator.select;
import static j2html.TagCreator.span;
import static j2html.TagCreator.text;

import j2html.tags.DomContent;
import java.util.ArrayList;
import java.util.List;

/** The controls of a long list on a page: the filter form and the links to the other pages ({@link LoopQuery}). */
final class ListControls {

    private ListControls() {
    }

    static DomContent filters(LoopQuery q) {
        return form(
                label(text("Phase "), choice("phase", q.phase(), LoopQuery.PHASES)), text(" "),
                label(text("Recommendation "), choice("recommendation", q.recommendation(), LoopQuery.RECOMMENDATIONS)), text(" "),
                label(text("Data "), choice("stale", q.stale() == null ? null : q.stale().toString(), List.of("false", "true"))), text(" "),
                label(text("Name contains "), input().withName("q").withValue(q.q() == null ? "" : q.q())), text(" "),
                input().withType("hidden").withName("per_page").withValue(Integer.toString(q.perPage())),
                input().withType("submit").withValue("Show"))
                .withMethod("get").withAction("/").withClass("filters");
    }

    private static DomContent choice(String name, String chosen, List<String> values) {
        List<DomContent> opts = new ArrayList<>();
        opts.add(option("any").withValue(""));
        for (String v : values) {
            String shown = name.equals("stale") ? (v.equals("true") ? "stale" : "fresh") : v;
            var o = option(shown).withValue(v);
            opts.add(v.equals(chosen) ? o.isSelected() : o);
        }
        return select(opts.toArray(DomContent[]::new)).withName(name);
    }

    static DomContent pager(LoopQuery q, LoopQuery.Page page) {
        int from = page.loops().isEmpty() ? 0 : (page.page() - 1) * page.perPage() + 1;
        List<DomContent> parts = new ArrayList<>();
        parts.add(text("Loops " + from + "–" + (from == 0 ? 0 : from + page.loops().size() - 1) + " of " + page.total()
                + " · page " + page.page() + " of " + page.pages()));
        if (page.page() > 1) parts.add(span(text(" · "), a("← previous").withHref(q.withPage(Math.min(page.page() - 1, page.pages())).href("/"))));
        if (page.page() < page.pages()) parts.add(span(text(" · "), a("next →").withHref(q.withPage(page.page() + 1).href("/"))));
        return p(parts.toArray(DomContent[]::new)).withClass("pager");
    }
}
