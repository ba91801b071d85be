package dev.loopreg.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Places the labels of a chart's annotations so that none overlaps another or runs off the chart: each label sits
 * beside its line — to the right, or to the left when the right has no room —, in the first row where it touches no
 * label already placed; a label too long for the chart is shortened with an ellipsis; one that finds no free row keeps
 * its line (with the full text as a hover title) but shows no text. Pure; widths are estimated from the character
 * count at the chart's font size.
 */
public final class LabelLayout {

    private LabelLayout() {
    }

    /** A label wanted at {@code x}. */
    public record Label(double x, String text) {
    }

    /**
     * Where a label went: its row (0 the first), its text (maybe shortened; null when it found no room), its anchor
     * ({@code start}: text from {@code textX} rightwards, {@code end}: leftwards) and the span it covers.
     */
    public record Placed(Label label, int row, String text, String anchor, double textX, double left, double right) {
        public boolean shown() {
            return text != null;
        }
    }

    static final double GAP = 4;
    static final double PAD = 3;

    /**
     * @param minX      the leftmost a label may reach
     * @param maxX      the rightmost
     * @param rows      how many rows there are
     * @param charWidth the estimated width of one character
     * @return one placement per label, in the order given
     */
    public static List<Placed> place(List<Label> labels, double minX, double maxX, int rows, double charWidth) {
        List<List<double[]>> taken = new ArrayList<>();
        for (int r = 0; r < rows; r++) taken.add(new ArrayList<>());
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) order.add(i);
        order.sort(Comparator.comparingDouble(i -> labels.get(i).x()));
        Placed[] out = new Placed[labels.size()];
        for (int i : order) {
            Label l = labels.get(i);
            double room = maxX - minX;
            String text = l.text();
            if (text.length() * charWidth > room) {
                int keep = Math.max(1, (int) Math.floor(room / charWidth) - 1);
                text = text.substring(0, Math.min(text.length(), keep)) + "…";
            }
            double w = text.length() * charWidth;
            // to the right of the line, else to its left, else pushed inside the chart
            double left = l.x() + PAD;
            String anchor = "start";
            if (left + w > maxX) {
                left = l.x() - PAD - w;
                anchor = "end";
            }
            left = Math.max(minX, Math.min(left, maxX - w));
            double right = left + w;
            Placed placed = null;
            for (int r = 0; r < rows && placed == null; r++) {
                boolean free = true;
                for (double[] t : taken.get(r)) {
                    if (left < t[1] + GAP && t[0] < right + GAP) {
                        free = false;
                        break;
                    }
                }
                if (free) {
                    taken.get(r).add(new double[]{left, right});
                    placed = new Placed(l, r, text, anchor, anchor.equals("start") ? left : right, left, right);
                }
            }
            out[i] = placed != null ? placed : new Placed(l, -1, null, "start", l.x(), l.x(), l.x());
        }
        return List.of(out);
    }
}
