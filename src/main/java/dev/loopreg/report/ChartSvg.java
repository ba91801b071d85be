package dev.loopreg.report;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.apache.commons.text.StringEscapeUtils;

/**
 * A {@link TimeChart.Chart} as a small SVG for a reader without JavaScript (pure): the same downsampled points and the
 * same nice y ticks as the browser's chart, the group's time ticks, phases as bands, the healthy band, the threshold
 * and the decisions with their ids. When the script runs it draws the interactive chart in its place. Light on
 * purpose: one path for the series, no element per point.
 */
public final class ChartSvg {

    static final int WIDTH = 600;
    static final int HEIGHT = 190;
    private static final int LEFT = 46;
    private static final int RIGHT = 12;
    private static final int TOP = 28;
    private static final int BOTTOM = 22;
    private static final double CHAR = 5.6;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private ChartSvg() {
    }

    /** The SVG of one chart of the group. */
    public static String svg(TimeChart.Group g, TimeChart.Chart c) {
        TimeChart.Prepared p = TimeChart.prepare(c, TimeChart.SVG_POINTS);
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        long t0 = g.from().getEpochSecond();
        long t1 = Math.max(g.to().getEpochSecond(), t0 + 1);
        double lo = p.ticks().lo().doubleValue();
        double hi = p.ticks().hi().doubleValue();
        java.util.function.LongToDoubleFunction x = t -> LEFT + clamp((double) (t - t0) / (t1 - t0), 0, 1) * plotW;
        java.util.function.DoubleUnaryOperator y = v -> TOP + plotH - clamp((v - lo) / (hi - lo), 0, 1) * plotH;
        StringBuilder s = new StringBuilder(4096);
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"fallback\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"").append(esc(summary(g, c, p))).append("\">");
        // phases, the chart's own spans, the healthy band
        for (TimeChart.Span sp : g.phases()) span(s, x, sp, TOP, plotH, "phase " + sp.kind(), g.zone());
        for (TimeChart.Span sp : c.spans()) span(s, x, sp, TOP, plotH, "window", g.zone());
        if (c.band() != null && (c.band().low() != null || c.band().high() != null)) {
            double yh = c.band().high() == null ? TOP : y.applyAsDouble(c.band().high().doubleValue());
            double yl = c.band().low() == null ? TOP + plotH : y.applyAsDouble(c.band().low().doubleValue());
            s.append("<rect class=\"healthy\" x=\"").append(LEFT).append("\" y=\"").append(f(yh)).append("\" width=\"").append(f(plotW))
                    .append("\" height=\"").append(f(Math.max(0, yl - yh))).append("\"/>");
        }
        // y ticks and grid
        List<String> labels = p.ticks().labels();
        for (int i = 0; i < labels.size(); i++) {
            double ty = y.applyAsDouble(p.ticks().values().get(i).doubleValue());
            s.append("<path class=\"grid\" d=\"M").append(LEFT).append(' ').append(f(ty)).append("h").append(f(plotW)).append("\"/>");
            s.append("<text class=\"tick y\" x=\"").append(LEFT - 4).append("\" y=\"").append(f(ty + 3.5)).append("\">").append(labels.get(i)).append("</text>");
        }
        // time ticks
        for (NiceScale.TimeTick t : NiceScale.time(g.from(), g.to(), g.zone(), 7)) {
            double tx = x.applyAsDouble(t.at().getEpochSecond());
            s.append("<text class=\"tick x\" x=\"").append(f(tx)).append("\" y=\"").append(HEIGHT - 6).append("\">").append(esc(t.label())).append("</text>");
        }
        s.append("<path class=\"axis\" d=\"M").append(LEFT).append(' ').append(TOP).append("V").append(f(TOP + plotH)).append("H").append(f(LEFT + plotW)).append("\"/>");
        // the threshold
        if (c.threshold() != null) {
            double ty = y.applyAsDouble(c.threshold().doubleValue());
            s.append("<path class=\"threshold\" d=\"M").append(LEFT).append(' ').append(f(ty)).append("h").append(f(plotW)).append("\"/>");
            String text = c.thresholdText() == null ? c.threshold().toPlainString() : c.thresholdText();
            s.append("<text class=\"threshold-label\" x=\"").append(f(LEFT + plotW - 2)).append("\" y=\"").append(f(ty - TOP < 12 ? ty + 11 : ty - 3))
                    .append("\">").append(esc(text)).append("</text>");
        }
        // decisions: a line each, the id above the plot where there is room
        List<LabelLayout.Placed> placed = LabelLayout.place(g.markers().stream()
                .map(m -> new LabelLayout.Label(x.applyAsDouble(m.at().getEpochSecond()), m.id())).toList(), LEFT, WIDTH - 2, 2, CHAR);
        for (int i = 0; i < g.markers().size(); i++) {
            TimeChart.Marker m = g.markers().get(i);
            double mx = x.applyAsDouble(m.at().getEpochSecond());
            s.append("<path class=\"marker\" d=\"M").append(f(mx)).append(' ').append(TOP).append("v").append(f(plotH)).append("\"><title>")
                    .append(esc(m.id() + " at " + WHEN.format(m.at().atZone(g.zone())) + ": " + m.detail())).append("</title></path>");
            LabelLayout.Placed pl = placed.get(i);
            if (pl.shown()) {
                s.append("<text class=\"marker-label\" x=\"").append(f(pl.textX())).append("\" y=\"").append(10 + pl.row() * 11)
                        .append("\" text-anchor=\"").append(pl.anchor()).append("\">").append(esc(pl.text())).append("</text>");
            }
        }
        // the series, broken at gaps
        StringBuilder path = new StringBuilder();
        boolean pen = false;
        for (int i = 0; i < p.x().length; i++) {
            if (Double.isNaN(p.y()[i])) {
                pen = false;
                continue;
            }
            path.append(pen ? "L" : "M").append(f(x.applyAsDouble(p.x()[i]))).append(' ').append(f(y.applyAsDouble(p.y()[i])));
            pen = true;
        }
        if (path.length() > 0) s.append("<path class=\"series\" d=\"").append(path).append("\"/>");
        if (c.values().stream().allMatch(java.util.Objects::isNull)) {
            s.append("<text class=\"empty\" x=\"").append(f(LEFT + plotW / 2)).append("\" y=\"").append(f(TOP + plotH / 2)).append("\">")
                    .append(c.values().isEmpty() ? "nothing recorded in this range" : "not measured in any of " + c.values().size() + " cycles")
                    .append("</text>");
        }
        return s.append("</svg>").toString();
    }

    /** What the chart shows, for a screen reader: the range, the last value, the threshold or healthy band. */
    static String summary(TimeChart.Group g, TimeChart.Chart c, TimeChart.Prepared p) {
        StringBuilder b = new StringBuilder(c.title()).append(", ").append(WHEN.format(g.from().atZone(g.zone()))).append(" to ")
                .append(WHEN.format(g.to().atZone(g.zone())));
        for (int i = c.values().size() - 1; i >= 0; i--) {
            if (c.values().get(i) != null) {
                b.append("; last value ").append(c.values().get(i).stripTrailingZeros().toPlainString()).append(" at ")
                        .append(WHEN.format(c.at().get(i).atZone(g.zone())));
                break;
            }
        }
        if (c.thresholdText() != null) b.append("; ").append(c.thresholdText());
        if (c.band() != null) b.append("; ").append(c.band().text());
        b.append("; axis ").append(p.ticks().labels().get(0)).append(" to ").append(p.ticks().labels().get(p.ticks().labels().size() - 1));
        return b.toString();
    }

    private static void span(StringBuilder s, java.util.function.LongToDoubleFunction x, TimeChart.Span sp, int top, double plotH, String cls,
                             ZoneId zone) {
        double a = x.applyAsDouble(sp.from().getEpochSecond());
        double e = x.applyAsDouble(sp.to().getEpochSecond());
        s.append("<rect class=\"").append(esc(cls)).append("\" x=\"").append(f(a)).append("\" y=\"").append(top).append("\" width=\"")
                .append(f(Math.max(0.5, e - a))).append("\" height=\"").append(f(plotH)).append("\"><title>").append(esc(sp.label() + ", "
                        + WHEN.format(sp.from().atZone(zone)) + " to " + WHEN.format(sp.to().atZone(zone)))).append("</title></rect>");
    }

    static double clamp(double v, double a, double b) {
        return Math.max(a, Math.min(b, v));
    }

    static String f(double v) {
        long tenths = Math.round(v * 10);
        return tenths % 10 == 0 ? Long.toString(tenths / 10) : (tenths < 0 && tenths > -10 ? "-" : "") + (tenths / 10) + "." + Math.abs(tenths % 10);
    }

    static String esc(String s) {
        return StringEscapeUtils.escapeXml10(s);
    }

    /** An instant as the charts write it in the group's zone. */
    static String when(Instant t, ZoneId zone) {
        return WHEN.format(t.atZone(zone));
    }
}
