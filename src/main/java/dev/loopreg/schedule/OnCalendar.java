package dev.loopreg.schedule;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A cron of loopreg's (five fields: minute, hour, day of month, month, day of week) as a systemd timer's
 * {@code OnCalendar=}, so a machine without {@code serve} runs collect at the collector definition's cron (issue 32).
 * Pure. A cron systemd cannot say the same way is refused with the reason: a day of month and a day of week both
 * restricted (cron fires on either, systemd only on both), or a stepped range ({@code 1-10/2}).
 */
public final class OnCalendar {

    private OnCalendar() {
    }

    /** A cron that has no {@code OnCalendar=} of the same meaning, and why. */
    public static final class NotExpressible extends Exception {
        public NotExpressible(String message) {
            super(message);
        }
    }

    private static final List<String> DAYS = List.of("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat");
    private static final Map<String, Integer> DAY_NAMES = Map.of("SUN", 0, "MON", 1, "TUE", 2, "WED", 3, "THU", 4, "FRI", 5, "SAT", 6);
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");

    /** {@code OnCalendar=} for {@code cron} in {@code zone} ({@code 0 11 * * 1} → {@code Mon *-*-* 11:00:00 UTC}). */
    public static String of(String cron, ZoneId zone) throws NotExpressible {
        String[] f = cron.strip().split("\\s+");
        if (f.length != 5) throw new NotExpressible("'" + cron + "' has " + f.length + " fields; expected 5 (minute hour day-of-month month day-of-week)");
        String minute = field(f[0], 0, 59, "minute", null);
        String hour = field(f[1], 0, 23, "hour", null);
        String dom = field(f[2], 1, 31, "day of month", null);
        String month = field(f[3], 1, 12, "month", MONTHS);
        boolean domAny = f[2].equals("*") || f[2].equals("?");
        boolean dowAny = f[4].equals("*") || f[4].equals("?");
        if (!domAny && !dowAny) {
            throw new NotExpressible("'" + cron + "' restricts both the day of month and the day of week: cron runs on either, a systemd "
                    + "timer only on both; use one of them");
        }
        String days = dowAny ? "" : weekdays(f[4]) + " ";
        String z = zone.normalized().equals(ZoneOffset.UTC) ? "UTC" : zone.getId();
        return days + "*-" + month + "-" + dom + " " + hour + ":" + minute + ":00 " + z;
    }

    private static String field(String raw, int lo, int hi, String name, List<String> names) throws NotExpressible {
        List<String> out = new ArrayList<>();
        for (String part : raw.split(",", -1)) {
            if (part.equals("*") || part.equals("?")) {
                out.add("*");
                continue;
            }
            String range = part;
            String step = null;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                range = part.substring(0, slash);
                step = part.substring(slash + 1);
                if (!step.matches("\\d+") || Integer.parseInt(step) == 0) throw new NotExpressible(name + " '" + part + "': the step must be a number above 0");
            }
            if (range.equals("*")) {
                out.add(pad(lo) + "/" + Integer.parseInt(step));
            } else if (range.contains("-")) {
                if (step != null) throw new NotExpressible(name + " '" + part + "': a stepped range has no systemd form; list the values instead");
                String[] ab = range.split("-", 2);
                out.add(pad(number(ab[0], lo, hi, name, names)) + ".." + pad(number(ab[1], lo, hi, name, names)));
            } else {
                int v = number(range, lo, hi, name, names);
                out.add(step == null ? pad(v) : pad(v) + "/" + Integer.parseInt(step));
            }
        }
        return String.join(",", out);
    }

    private static int number(String s, int lo, int hi, String name, List<String> names) throws NotExpressible {
        int v;
        if (names != null && names.contains(s.toUpperCase(Locale.ROOT))) {
            v = names.indexOf(s.toUpperCase(Locale.ROOT)) + 1;
        } else if (s.matches("\\d+")) {
            v = Integer.parseInt(s);
        } else {
            throw new NotExpressible(name + " '" + s + "' is not a number");
        }
        if (v < lo || v > hi) throw new NotExpressible(name + " " + v + " is outside " + lo + "–" + hi);
        return v;
    }

    private static String weekdays(String raw) throws NotExpressible {
        List<String> out = new ArrayList<>();
        for (String part : raw.split(",", -1)) {
            if (part.contains("/")) throw new NotExpressible("day of week '" + part + "': a step has no systemd form; list the days instead");
            if (part.contains("-")) {
                String[] ab = part.split("-", 2);
                int a = day(ab[0]);
                int b = day(ab[1]);
                if (b == 0 && a > 0) b = 7;   // 5-0: Friday to Sunday
                if (a > b) throw new NotExpressible("day of week '" + part + "' runs backwards");
                if (b == 7) {
                    out.add(DAYS.get(a) + "..Sat");
                    out.add("Sun");
                } else {
                    out.add(DAYS.get(a) + ".." + DAYS.get(b));
                }
            } else {
                out.add(DAYS.get(day(part) % 7));
            }
        }
        return String.join(",", out);
    }

    private static int day(String s) throws NotExpressible {
        String u = s.toUpperCase(Locale.ROOT);
        if (DAY_NAMES.containsKey(u)) return DAY_NAMES.get(u);
        if (u.matches("\\d+") && Integer.parseInt(u) <= 7) return Integer.parseInt(u) % 7;   // 0 and 7 are both Sunday
        throw new NotExpressible("day of week '" + s + "' is not a day (0–7, or SUN–SAT)");
    }

    private static String pad(int v) {
        return v < 10 ? "0" + v : Integer.toString(v);
    }
}
