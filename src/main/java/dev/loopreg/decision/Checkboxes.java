package dev.loopreg.decision;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checkboxes of {@code dashboard.md}: {@code - [ ] label <!-- loopreg:action ID -->}. Reading finds every
 * box with its id, line and whether it is ticked ({@code [x]} or {@code [X]}); rendering writes one. A box
 * loopreg renders ticked (the action is approved already) says so in its comment ({@code ... ID approved -->}),
 * so only a tick a person added counts as a new approval: after {@code loopreg reject}, the old rendered tick
 * is not taken for a fresh one. Pure.
 */
public final class Checkboxes {

    private static final Pattern BOX = Pattern.compile("^\\s*[-*+]\\s+\\[([ xX])\\]\\s+(.*?)\\s*<!--\\s*loopreg:action\\s+(\\S+)(\\s+approved)?\\s*-->\\s*$");

    private Checkboxes() {
    }

    /**
     * One checkbox found in the text.
     *
     * @param rendered whether loopreg rendered it ticked (the action was approved when the dashboard was written)
     */
    public record Box(String id, boolean ticked, int line, String label, boolean rendered) {
        /** Ticked by a person since loopreg wrote it. */
        public boolean newTick() {
            return ticked && !rendered;
        }
    }

    /** Every checkbox with a loopreg id, in line order. */
    public static List<Box> read(String text) {
        List<Box> out = new ArrayList<>();
        if (text == null) return out;
        // only the lines that hold the marker are cut out (a fleet's dashboard is megabytes, with a box on few lines)
        int n = 1;          // the number of the line that starts at 'counted'
        int counted = 0;
        for (int hit = text.indexOf("loopreg:action"); hit >= 0; ) {
            int start = text.lastIndexOf('\n', hit) + 1;
            int end = text.indexOf('\n', hit);
            if (end < 0) end = text.length();
            for (int i = text.indexOf('\n', counted); i >= 0 && i < start; i = text.indexOf('\n', i + 1)) n++;
            counted = start;
            String line = text.substring(start, end);
            Matcher m = BOX.matcher(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
            if (m.matches()) {
                out.add(new Box(m.group(3), !m.group(1).equals(" "), n, m.group(2), m.group(4) != null));
            }
            hit = end >= text.length() ? -1 : text.indexOf("loopreg:action", end);
        }
        return out;
    }

    /** The boxes a person ticked since loopreg wrote the text. */
    public static List<Box> ticked(String text) {
        return read(text).stream().filter(Box::newTick).toList();
    }

    /** The line of a checkbox for {@code a}, ticked when it is approved. */
    public static String render(PendingAction a) {
        return "- [" + (a.approved() ? "x" : " ") + "] " + a.label().replace('\n', ' ') + " <!-- loopreg:action " + a.id()
                + (a.approved() ? " approved" : "") + " -->";
    }
}
