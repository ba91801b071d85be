package dev.loopreg.format;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/** Number, duration and rule formatting for people (pure). Exact values stay in the JSON. */
public final class Fmt {

    private Fmt() {
    }

    /** At most three decimals, no trailing zeros; "—" for no data. */
    public static String num(BigDecimal v) {
        if (v == null) {
            return "—";
        }
        BigDecimal r = v.scale() > 3 ? v.setScale(3, RoundingMode.HALF_EVEN) : v;
        r = r.stripTrailingZeros();
        return r.scale() < 0 ? r.setScale(0).toPlainString() : r.toPlainString();
    }

    public static String value(Object v) {
        if (v == null) return "—";
        if (v instanceof BigDecimal d) return num(d);
        return v.toString();
    }

    /** "3d 4h", "5h 10m", "12m", "0m". */
    public static String duration(Duration d) {
        if (d == null) return "—";
        if (d.isNegative()) return "-" + duration(d.negated());
        long days = d.toDays();
        long hours = d.toHoursPart();
        long minutes = d.toMinutesPart();
        if (days > 0) return days + "d " + hours + "h";
        if (hours > 0) return hours + "h " + minutes + "m";
        return minutes + "m";
    }

    /** Escapes a text for a Markdown table cell. */
    public static String cell(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }
}
