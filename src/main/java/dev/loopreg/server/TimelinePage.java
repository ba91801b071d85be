package dev.loopreg.server;

import static j2html.TagCreator.a;
import static j2html.TagCreator.each;
import static j2html.TagCreator.form;
import static j2html.TagCreator.h1;
import static j2html.TagCreator.input;
import static j2html.TagCreator.label;
import static j2html.TagCreator.option;
import static j2html.TagCreator.p;
import static j2html.TagCreator.select;
import static j2html.TagCreator.span;
import static j2html.TagCreator.table;
import static j2html.TagCreator.tbody;
import static j2html.TagCreator.td;
import static j2html.TagCreator.th;
import static j2html.TagCreator.thead;
import static j2html.TagCreator.tr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopreg.format.Instants;
import dev.loopreg.report.Json;
import j2html.tags.DomContent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The fleet's story, like the demo's printed timeline: every decision (promotions, demotions, the regulator's own
 * changes), approval, rotation and revisit, and every urgent task raised, acknowledged and cleared, oldest first,
 * filtered by loop (or repo), by what happened and by time. Pure: builds and renders the entries from the ledgers'
 * lines it is given.
 */
final class TimelinePage {

    private TimelinePage() {
    }

    /** What the filter's {@code kind} may be. */
    static final List<String> KINDS = List.of("change", "approval", "rotation", "urgent");

    /** One event: when, what kind ({@link #KINDS}), its id, the loop or repo, a headline, who, and the detail. */
    record Entry(Instant at, String kind, String id, String subject, String headline, String by, String detail) {
    }

    /**
     * The entries of {@code decisions} and {@code urgent} (each oldest first) that pass the filters, oldest first; the
     * newest {@code limit} when there are more.
     *
     * @param loop a loop or repo, or null for all
     * @param kind one of {@link #KINDS}, or null for all
     */
    static List<Entry> entries(List<JsonNode> decisions, List<JsonNode> urgent, String loop, String kind, Instant from, Instant to, int limit) {
        List<Entry> out = new ArrayList<>();
        for (JsonNode d : decisions) add(out, decision(d));
        for (JsonNode u : urgent) add(out, urgent(u));
        List<Entry> kept = out.stream()
                .filter(e -> loop == null || loop.equals(e.subject()))
                .filter(e -> kind == null || kind.equals(e.kind()))
                .filter(e -> !e.at().isBefore(from) && !e.at().isAfter(to))
                .sorted(Comparator.comparing(Entry::at).thenComparing(Entry::id))
                .toList();
        return kept.size() <= limit ? kept : kept.subList(kept.size() - limit, kept.size());
    }

    private static void add(List<Entry> out, Entry e) {
        if (e != null) out.add(e);
    }

    private static Instant at(JsonNode n) {
        try {
            return Instants.parse(n.path("at").asText(""));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String text(JsonNode n, String k) {
        JsonNode v = n.get(k);
        return v == null || v.isNull() ? null : v.asText();
    }

    static Entry decision(JsonNode d) {
        Instant at = at(d);
        if (at == null) return null;
        String id = d.path("id").asText("?");
        String kind = d.path("kind").asText("");
        String loop = text(d, "loop");
        String by = text(d, "by");
        String from = d.path("from").asText("?");
        String to = d.path("to").asText("?");
        String reason = text(d, "reason");
        return switch (kind) {
            case "approval" -> new Entry(at, "approval", id, loop, id + " " + d.path("approval").asText("?") + " by " + by + ": " + loop + " " + from
                    + " → " + to, by, reason);
            case "promotion" -> new Entry(at, "change", id, loop, id + " promote " + loop + " " + from + " → " + to
                    + (d.hasNonNull("cron") ? " (cron " + d.get("cron").asText() + ")" : ""), by, reason);
            case "demotion" -> new Entry(at, "change", id, loop, id + " demote " + loop + " " + from + " → " + to
                    + (d.hasNonNull("cron") ? " (cron " + d.get("cron").asText() + ")" : ""), by, reason);
            case "cadence_change" -> new Entry(at, "change", id, "regulator", id + " the regulator's own cadence " + from + " → " + to, by, reason);
            case "rotation" -> new Entry(at, "rotation", id, d.path("repo").asText(loop), id + " rotate " + d.path("repo").asText("?") + " → saturated"
                    + (d.hasNonNull("promoted") ? "; " + d.get("promoted").asText() + " promoted from the queue" : ""), by, reason);
            case "revisit" -> new Entry(at, "rotation", id, d.path("repo").asText(loop), id + " revisit " + d.path("repo").asText("?")
                    + " → the head of the expansion queue", by, reason);
            default -> new Entry(at, "change", id, loop, id + " " + kind + " " + (loop == null ? "" : loop), by, reason);
        };
    }

    static Entry urgent(JsonNode u) {
        Instant at = at(u);
        if (at == null) return null;
        String id = u.path("id").asText("?");
        String loop = text(u, "loop");
        String trigger = u.path("trigger").asText("?");
        return switch (u.path("event").asText("")) {
            case "raised" -> new Entry(at, "urgent", id, loop, id + " urgent task raised: " + loop + " " + trigger, null,
                    u.path("evidence").path("detail").isTextual() ? u.path("evidence").path("detail").asText() : text(u, "title"));
            case "cleared" -> new Entry(at, "urgent", id, loop, id + " urgent task cleared: " + loop + " " + trigger + " no longer fires", null, null);
            case "acknowledged" -> new Entry(at, "urgent", id, loop, id + " acknowledged by " + text(u, "by") + ": " + loop + " " + trigger,
                    text(u, "by"), text(u, "note"));
            default -> null;   // deliveries are the urgent page's detail, not the story's
        };
    }

    static ObjectNode json(List<Entry> entries, Instant from, Instant to) {
        ObjectNode o = Json.object();
        o.put("from", Instants.format(from));
        o.put("to", Instants.format(to));
        ArrayNode arr = o.putArray("entries");
        for (Entry e : entries) {
            ObjectNode x = arr.addObject();
            x.put("at", Instants.format(e.at()));
            x.put("kind", e.kind());
            x.put("id", e.id());
            x.put("subject", e.subject());
            x.put("headline", e.headline());
            x.put("by", e.by());
            x.put("detail", e.detail());
        }
        return o;
    }

    static String render(View v, List<Entry> entries, List<String> subjects, String loop, String kind, Instant from, Instant to, int limit) {
        List<DomContent> parts = new ArrayList<>();
        parts.add(h1("Timeline"));
        List<DomContent> loops = new ArrayList<>();
        loops.add(option("every loop and repo").withValue(""));
        for (String s : subjects) loops.add(loop != null && loop.equals(s) ? option(s).withValue(s).isSelected() : option(s).withValue(s));
        List<DomContent> kinds = new ArrayList<>();
        kinds.add(option("everything").withValue(""));
        for (String k : KINDS) kinds.add(kind != null && kind.equals(k) ? option(k).withValue(k).isSelected() : option(k).withValue(k));
        parts.add(form(label(j2html.TagCreator.text("loop"), select(loops.toArray(DomContent[]::new)).withName("loop")),
                label(j2html.TagCreator.text("what"), select(kinds.toArray(DomContent[]::new)).withName("kind")),
                label(j2html.TagCreator.text("from"), day("from", v.day(from))),
                label(j2html.TagCreator.text("to"), day("to", v.day(to))),
                input().withType("hidden").withName("limit").withValue(Integer.toString(limit)),
                input().withType("submit").withValue("Show")).withMethod("get").withAction("/timeline").withId("timeline-filter").withClass("filter"));
        parts.add(p(entries.size() + " event" + (entries.size() == 1 ? "" : "s") + " from " + v.day(from) + " to " + v.day(to)
                + (entries.size() >= limit ? " (the newest " + limit + ")" : "") + ", oldest first.").withClass("muted"));
        parts.add(Layout.scroll("timeline", table(thead(tr(th("At"), th("What"), th("Detail"))), tbody(each(entries, e -> tr(
                td(v.time(e.at())),
                td(span(e.headline()).withClass("tl-" + e.kind()), e.subject() == null || e.kind().equals("rotation") || e.subject().equals("regulator")
                        ? j2html.TagCreator.text("") : span(j2html.TagCreator.text(" · "), a("loop page").withHref("/loops/" + e.subject()).attr("aria-label", "loop page of " + e.subject()))),
                td(e.detail() == null ? j2html.TagCreator.text("") : Inline.of(v, e.detail())).withClass("muted")).withClass("entry " + e.kind())))).withId("timeline")));
        if (entries.size() >= limit) {
            parts.add(p(a("Show up to " + Math.min(ReadModel.MAX_DECISIONS, limit * 4) + " events").withHref("/timeline?limit=" + Math.min(ReadModel.MAX_DECISIONS, limit * 4)
                    + (loop == null ? "" : "&loop=" + java.net.URLEncoder.encode(loop, java.nio.charset.StandardCharsets.UTF_8))
                    + (kind == null ? "" : "&kind=" + kind) + "&from=" + v.day(from) + "&to=" + v.day(to))));
        }
        return Layout.page(v, "Timeline", "Timeline", false, parts.toArray(DomContent[]::new));
    }

    /** A day field: typed as 2026-06-01, the same way the pages write dates (a browser's date picker writes its locale's). */
    static DomContent day(String name, String value) {
        return input().withType("text").withName(name).withValue(value).attr("inputmode", "numeric").attr("pattern", "[0-9]{4}-[0-9]{2}-[0-9]{2}")
                .attr("placeholder", "YYYY-MM-DD").attr("size", "10");
    }
}
