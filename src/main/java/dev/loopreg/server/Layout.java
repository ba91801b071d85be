package dev.loopreg.server;

import static j2html.TagCreator.a;
import static j2html.TagCreator.body;
import static j2html.TagCreator.div;
import static j2html.TagCreator.document;
import static j2html.TagCreator.footer;
import static j2html.TagCreator.head;
import static j2html.TagCreator.header;
import static j2html.TagCreator.html;
import static j2html.TagCreator.link;
import static j2html.TagCreator.main;
import static j2html.TagCreator.meta;
import static j2html.TagCreator.nav;
import static j2html.TagCreator.rawHtml;
import static j2html.TagCreator.script;

import static j2html.TagCreator.text;
import static j2html.TagCreator.title;

import j2html.tags.DomContent;
import java.util.ArrayList;
import java.util.List;

/**
 * The frame of every page: language, icon, the style sheet, the main navigation (the current page marked for screen
 * readers), the signed-in person's bar, the marks every page carries, and the footer naming the workspace and the time
 * zone the page's times are in. Pages with charts load uPlot and the charts' script, all from the server itself.
 */
final class Layout {

    /** Filled per request by the web layer: who is signed in (or the sign-in link). */
    static final String USER_SLOT = "<!--loopreg:user-->";
    /** Filled per request: the marks every page carries (stale loops, jobs that are not running). */
    static final String MARKS_SLOT = "<!--loopreg:marks-->";

    private Layout() {
    }

    static String page(View v, String pageTitle, String active, boolean charts, DomContent... content) {
        List<DomContent> headParts = new ArrayList<>(List.of(meta().withCharset("utf-8"),
                meta().withName("viewport").withContent("width=device-width, initial-scale=1"),
                meta().withName("robots").withContent("noindex, nofollow"),
                title(pageTitle + " — loopreg"),
                link().withRel("icon").withHref("/favicon.svg").withType("image/svg+xml"),
                link().withRel("stylesheet").withHref("/assets/loopreg.css")));
        if (charts) {
            headParts.add(link().withRel("stylesheet").withHref("/assets/uplot/uPlot.min.css"));
            headParts.add(script().withSrc("/assets/uplot/uPlot.iife.min.js").attr("defer"));
            headParts.add(script().withSrc("/assets/charts.js").attr("defer"));
        }
        DomContent[] main = new DomContent[content.length + 1];
        main[0] = rawHtml(MARKS_SLOT);
        System.arraycopy(content, 0, main, 1, content.length);
        return document(html(
                head(headParts.toArray(DomContent[]::new)),
                body(
                        header(a("loopreg").withHref("/").withClass("brand"),
                                nav(navLink("/", "Overview", active), navLink("/rotation", "Rotation", active),
                                        navLink("/timeline", "Timeline", active), navLink("/decisions", "Decisions", active),
                                        navLink("/urgent", "Urgent tasks", active)).attr("aria-label", "Main"),
                                rawHtml(USER_SLOT)),
                        main(main),
                        footer(text("Workspace " + v.workspace() + " · times in " + v.zoneName() + " · rendered at "), v.time(v.now()),
                                text(" · "), a("JSON API").withHref("/api/loops"), text(" · "), a("metrics").withHref("/metrics")))
        ).withLang("en"));
    }

    private static DomContent navLink(String href, String label, String active) {
        var a = a(label).withHref(href);
        return label.equals(active) ? a.attr("aria-current", "page") : a;
    }

    /** A wide table in a box that scrolls sideways on a narrow screen (the page itself does not), reachable by keyboard. */
    static DomContent scroll(String label, DomContent table) {
        return div(table).withClass("scroll").attr("tabindex", "0").attr("role", "region").attr("aria-label", label);
    }

}
