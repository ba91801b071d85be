package dev.loopreg.report;

import dev.loopreg.cadence.RuleResult;
import dev.loopreg.cadence.RuleSeries;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A window rule over time as an SVG chart (pure): the window's value at each cycle against the rule's threshold
 * (a dashed line, with which side holds or fires), the phases as shaded bands, the rescues as markers on the time
 * axis, and decisions and approvals as annotated vertical lines whose labels never overlap or run off the chart
 * ({@link LabelLayout}). Points are coloured by the outcome: held (or watching), failed (or fired), no data. Each
 * point, band, marker and line has a hover title; no script.
 */
public final class RuleCharts {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final double CHAR = 5.6;
    private static final int ROWS = 3;

    private RuleCharts() {
    }

    /** A phase over a span of time. */
    public record Band(Instant from, Instant to, String phase) {
    }

    /** A rescue recorded in a cycle. */
    public record Rescue(Instant at, long count) {
    }

    /** A decision or an approval at an instant. */
    public record Note(Instant at, String label, String detail) {
    }

    public static String chart(String id, RuleSeries.Series s, List<Band> bands, List<Rescue> rescues, List<Note> notes,
                               Instant from, Instant to, int width, int height) {
        int left = 48;
        int right = 12;
        int top = 26 + ROWS * 12;
        int bottom = 30;
        double plotW = width - left - right;
        double plotH = height - top - bottom;
        long t0 = from.getEpochSecond();
        long t1 = Math.max(to.getEpochSecond(), t0 + 3600);
        java.util.function.ToDoubleFunction<Instant> x = t -> left + clamp((double) (t.getEpochSecond() - t0) / (t1 - t0), 0, 1) * plotW;
        double hi = s.threshold() == null ? 1 : s.threshold().doubleValue() * 1.5;
        for (RuleSeries.Sample p : s.samples()) if (p.value() != null) hi = Math.max(hi, p.value().doubleValue());
        if (hi <= 0) hi = 1;
        hi *= 1.08;
        final double fhi = hi;
        java.util.function.DoubleUnaryOperator y = v -> top + plotH - clamp(v / fhi, 0, 1) * plotH;
        boolean promotion = s.kind() == RuleResult.Kind.PROMOTION;

        StringBuilder o = new StringBuilder();
        String title = s.rule() + (promotion ? " (promotion rule: holds " : " (demotion trigger: fires ") + s.thresholdText() + ")";
        o.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart rule-chart\" id=\"").append(esc(id)).append("\" role=\"img\" aria-labelledby=\"")
                .append(esc(id)).append("-title\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\"><title id=\"").append(esc(id)).append("-title\">").append(esc(title)).append("</title>");
        o.append("<rect x=\"0\" y=\"0\" width=\"").append(width).append("\" height=\"").append(height).append("\" fill=\"#fff\"/>");
        o.append("<text x=\"").append(left).append("\" y=\"14\" font-size=\"12\" font-weight=\"bold\">").append(esc(title)).append("</text>");

        // phases as bands, named in the legend under the time axis
        List<String> phases = new ArrayList<>();
        for (Band b : bands) {
            double a = x.applyAsDouble(b.from());
            double e = x.applyAsDouble(b.to());
            o.append("<rect class=\"phase ").append(esc(b.phase())).append("\" x=\"").append(f(a)).append("\" y=\"").append(top)
                    .append("\" width=\"").append(f(Math.max(0.5, e - a))).append("\" height=\"").append(f(plotH)).append("\" fill=\"")
                    .append(fill(b.phase())).append("\"><title>").append(esc(b.phase() + " from " + TIME.format(b.from()) + " to " + TIME.format(b.to())))
                    .append("</title></rect>");
            if (!phases.contains(b.phase())) phases.add(b.phase());
        }
        double lx = left + plotW / 2 - phases.stream().mapToDouble(ph -> 16 + ph.length() * CHAR).sum() / 2;
        for (String ph : phases) {
            o.append("<rect class=\"legend\" x=\"").append(f(lx)).append("\" y=\"").append(height - 12).append("\" width=\"9\" height=\"9\" fill=\"")
                    .append(fill(ph)).append("\" stroke=\"#90a4ae\"/>");
            o.append("<text class=\"phase-label\" x=\"").append(f(lx + 12)).append("\" y=\"").append(height - 4)
                    .append("\" font-size=\"10\" fill=\"#546e7a\">").append(esc(ph)).append("</text>");
            lx += 16 + ph.length() * CHAR;
        }
        // axes
        o.append("<line x1=\"").append(left).append("\" y1=\"").append(f(top + plotH)).append("\" x2=\"").append(f(left + plotW)).append("\" y2=\"")
                .append(f(top + plotH)).append("\" stroke=\"#999\"/>");
        o.append("<line x1=\"").append(left).append("\" y1=\"").append(top).append("\" x2=\"").append(left).append("\" y2=\"").append(f(top + plotH))
                .append("\" stroke=\"#999\"/>");
        for (double v : new double[]{0, hi / 2, hi}) {
            o.append("<text x=\"").append(left - 4).append("\" y=\"").append(f(y.applyAsDouble(v) + 4)).append("\" font-size=\"10\" text-anchor=\"end\" fill=\"#555\">")
                    .append(num(v)).append("</text>");
        }
        o.append("<text x=\"").append(left).append("\" y=\"").append(height - 4).append("\" font-size=\"10\" fill=\"#555\">").append(DAY.format(from)).append("</text>");
        o.append("<text x=\"").append(f(left + plotW)).append("\" y=\"").append(height - 4).append("\" font-size=\"10\" text-anchor=\"end\" fill=\"#555\">")
                .append(DAY.format(to)).append("</text>");
        // the threshold
        if (s.threshold() != null) {
            double ty = y.applyAsDouble(s.threshold().doubleValue());
            String side = promotion ? "holds " + s.thresholdText() : "fires " + s.thresholdText();
            o.append("<line class=\"threshold\" x1=\"").append(left).append("\" y1=\"").append(f(ty)).append("\" x2=\"").append(f(left + plotW))
                    .append("\" y2=\"").append(f(ty)).append("\" stroke=\"#c62828\" stroke-dasharray=\"6 3\"><title>").append(esc(side))
                    .append("</title></line>");
            // at the left end, above the line (below it when the line runs along the top), on a white ground
            double labelY = ty - top < 14 ? ty + 11 : ty - 3;
            double w = side.length() * CHAR;
            o.append("<rect x=\"").append(left + 2).append("\" y=\"").append(f(labelY - 9)).append("\" width=\"").append(f(w + 4))
                    .append("\" height=\"11\" fill=\"#fff\" fill-opacity=\"0.85\"/>");
            o.append("<text class=\"threshold-label\" x=\"").append(left + 4).append("\" y=\"").append(f(labelY))
                    .append("\" font-size=\"10\" fill=\"#c62828\">").append(esc(side)).append("</text>");
        }
        // decisions and approvals, labels in rows above the plot
        List<LabelLayout.Label> noteLabels = notes.stream().map(n -> new LabelLayout.Label(x.applyAsDouble(n.at()), n.label())).toList();
        List<LabelLayout.Placed> placed = LabelLayout.place(noteLabels, 0, width - 2, ROWS, CHAR);
        for (int i = 0; i < notes.size(); i++) {
            Note n = notes.get(i);
            LabelLayout.Placed p = placed.get(i);
            double nx = x.applyAsDouble(n.at());
            double ly = 30 + (p.shown() ? p.row() : ROWS - 1) * 12;
            o.append("<line class=\"note\" x1=\"").append(f(nx)).append("\" y1=\"").append(f(p.shown() ? ly + 2 : top)).append("\" x2=\"").append(f(nx))
                    .append("\" y2=\"").append(f(top + plotH)).append("\" stroke=\"#6a1b9a\" stroke-dasharray=\"3 3\"><title>")
                    .append(esc(n.label() + " at " + TIME.format(n.at()) + (n.detail() == null ? "" : ": " + n.detail()))).append("</title></line>");
            if (p.shown()) {
                o.append("<text class=\"note-label\" x=\"").append(f(p.textX())).append("\" y=\"").append(f(ly)).append("\" font-size=\"10\" fill=\"#6a1b9a\" text-anchor=\"")
                        .append(p.anchor()).append("\">").append(esc(p.text())).append("</text>");
            }
        }
        // rescues on the time axis
        for (Rescue r : rescues) {
            double rx = x.applyAsDouble(r.at());
            double by = top + plotH;
            o.append("<path class=\"rescue\" d=\"M").append(f(rx)).append(' ').append(f(by + 1)).append(" l-4 8 l8 0 z\" fill=\"#e65100\"><title>")
                    .append(r.count()).append(" manual rescue").append(r.count() == 1 ? "" : "s").append(" in the cycle of ").append(TIME.format(r.at()))
                    .append("</title></path>");
        }
        // the window's value
        StringBuilder path = new StringBuilder();
        boolean pen = false;
        RuleSeries.Sample prev = null;
        for (RuleSeries.Sample p : s.samples()) {
            // a new phase starts a new window: the line breaks there
            if (p.value() == null || (prev != null && prev.phase() != p.phase())) pen = false;
            prev = p;
            if (p.value() == null) continue;
            path.append(pen ? " L" : (path.length() == 0 ? "M" : " M")).append(f(x.applyAsDouble(p.at()))).append(' ').append(f(y.applyAsDouble(p.value().doubleValue())));
            pen = true;
        }
        if (path.length() > 0) {
            o.append("<path class=\"series\" d=\"").append(path).append("\" fill=\"none\" stroke=\"#1565c0\" stroke-width=\"1.5\"/>");
        }
        if (s.samples().size() <= 600) {
            for (RuleSeries.Sample p : s.samples()) {
                if (p.value() == null) continue;
                String outcome = p.holds() == null ? "no data" : promotion ? (p.holds() ? "holds" : "fails") : (p.holds() ? "FIRED" : "watching");
                String colour = p.holds() == null ? "#9e9e9e" : (promotion == p.holds()) ? "#2e7d32" : "#c62828";
                o.append("<circle class=\"point ").append(outcome.equals("FIRED") ? "fired" : outcome.replace(' ', '-')).append("\" cx=\"")
                        .append(f(x.applyAsDouble(p.at()))).append("\" cy=\"").append(f(y.applyAsDouble(p.value().doubleValue())))
                        .append("\" r=\"2.4\" fill=\"").append(colour).append("\"><title>").append(TIME.format(p.at())).append(" (").append(p.phase().id())
                        .append("): ").append(esc(p.value().stripTrailingZeros().toPlainString())).append(", ").append(outcome).append("</title></circle>");
            }
        }
        if (s.samples().stream().noneMatch(p -> p.value() != null)) {
            o.append("<text x=\"").append(width / 2).append("\" y=\"").append(f(top + plotH / 2)).append("\" text-anchor=\"middle\" font-size=\"12\" fill=\"#666\">")
                    .append(s.samples().isEmpty() ? "not evaluated in this range" : "no data: the window was never full").append("</text>");
        }
        return o.append("</svg>").toString();
    }

    private static String fill(String phase) {
        return switch (phase) {
            case "bootstrap" -> "#e3f2fd";
            case "stabilize" -> "#fff8e1";
            case "operate" -> "#e8f5e9";
            default -> "#f5f5f5";
        };
    }

    private static double clamp(double v, double a, double b) {
        return Charts.clamp(v, a, b);
    }

    private static String f(double v) {
        return Charts.f(v);
    }

    private static String num(double v) {
        return Charts.num(v);
    }

    private static String esc(String s) {
        return Charts.esc(s);
    }
}
