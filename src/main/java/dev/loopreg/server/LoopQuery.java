package dev.loopreg.server;

import dev.loopreg.report.LoopView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Which loops a list shows — the overview and {@code GET /api/loops}: filters ({@code phase}, {@code recommendation},
 * {@code stale}, {@code q} a part of the loop's name) and a page ({@code page}, 1-based, of {@code per_page} loops, 100
 * unless asked, at most 1,000). Pure: parses parameters and cuts a list; a bad value is a {@link Bad} naming it and what
 * is allowed.
 */
record LoopQuery(String phase, String recommendation, Boolean stale, String q, int page, int perPage) {

    static final int PER_PAGE = 100;
    static final int MAX_PER_PAGE = 1000;
    static final List<String> PHASES = List.of("bootstrap", "stabilize", "operate", "error");
    static final List<String> RECOMMENDATIONS = List.of("promote", "hold", "demote", "error");

    /** A parameter that is not allowed. */
    static final class Bad extends Exception {
        Bad(String message) {
            super(message);
        }
    }

    /** The query of the parameters {@code param} gives (null: absent). */
    static LoopQuery parse(Function<String, String> param) throws Bad {
        String phase = oneOf(param, "phase", PHASES);
        String rec = oneOf(param, "recommendation", RECOMMENDATIONS);
        String staleText = oneOf(param, "stale", List.of("true", "false"));
        String q = blankToNull(param.apply("q"));
        if (q != null && q.length() > 200) throw new Bad("q: " + q.length() + " characters; expected at most 200");
        int page = number(param, "page", 1, Integer.MAX_VALUE, 1);
        int perPage = number(param, "per_page", 1, MAX_PER_PAGE, PER_PAGE);
        return new LoopQuery(phase, rec, staleText == null ? null : Boolean.valueOf(staleText), q, page, perPage);
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static String oneOf(Function<String, String> param, String name, List<String> allowed) throws Bad {
        String v = blankToNull(param.apply(name));
        if (v == null) return null;
        String lower = v.toLowerCase(Locale.ROOT);
        if (!allowed.contains(lower)) {
            throw new Bad(name + ": '" + v + "' is not allowed; expected one of " + String.join(", ", allowed));
        }
        return lower;
    }

    private static int number(Function<String, String> param, String name, int min, int max, int dflt) throws Bad {
        String v = blankToNull(param.apply(name));
        if (v == null) return dflt;
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException e) {
            // said below
        }
        throw new Bad(name + ": '" + v + "' is not allowed; expected a whole number from " + min + " to "
                + (max == Integer.MAX_VALUE ? "the last page" : max));
    }

    /** One page of the loops that pass the filters. */
    record Page(List<LoopView> loops, int total, int page, int perPage) {
        int pages() {
            return Math.max(1, (total + perPage - 1) / perPage);
        }
    }

    boolean matches(LoopView v) {
        if (phase != null && !phase.equals(v.state() == null ? "error" : v.state().phase().id())) return false;
        if (recommendation != null && !recommendation.equals(v.rec() == null ? "error" : v.rec().word())) return false;
        if (stale != null && stale != v.stale()) return false;
        return q == null || v.id().toLowerCase(Locale.ROOT).contains(q.toLowerCase(Locale.ROOT));
    }

    /** The page of {@code all} (in their order) this query asks for; past the last page, an empty page. */
    Page cut(List<LoopView> all) {
        List<LoopView> in = new ArrayList<>();
        for (LoopView v : all) {
            if (matches(v)) in.add(v);
        }
        long from = (long) (page - 1) * perPage;
        List<LoopView> slice = from >= in.size() ? List.of() : in.subList((int) from, (int) Math.min(in.size(), from + perPage));
        return new Page(List.copyOf(slice), in.size(), page, perPage);
    }

    /** The parameters that differ from the defaults, in a fixed order (for links and cache keys). */
    Map<String, String> params() {
        Map<String, String> m = new LinkedHashMap<>();
        if (phase != null) m.put("phase", phase);
        if (recommendation != null) m.put("recommendation", recommendation);
        if (stale != null) m.put("stale", stale.toString());
        if (q != null) m.put("q", q);
        if (perPage != PER_PAGE) m.put("per_page", Integer.toString(perPage));
        if (page != 1) m.put("page", Integer.toString(page));
        return m;
    }

    LoopQuery withPage(int p) {
        return new LoopQuery(phase, recommendation, stale, q, p, perPage);
    }

    /** {@code path?query} of this query (encoded), or {@code path} alone. */
    String href(String path) {
        StringBuilder sb = new StringBuilder(path);
        char sep = '?';
        for (var e : params().entrySet()) {
            sb.append(sep).append(e.getKey()).append('=').append(java.net.URLEncoder.encode(e.getValue(), java.nio.charset.StandardCharsets.UTF_8));
            sep = '&';
        }
        return sb.toString();
    }
}
