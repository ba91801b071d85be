package dev.loopreg.health;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Entries of a {@code bootstrap-log.md}: list items that start with a timestamp and a tag, e.g.
 * {@code - 2026-06-18T14:05Z [rescue] restarted the stuck optimization session on repo-a}.
 * A timestamp without a zone is in the workspace's time zone. Pure.
 */
public final class BootstrapLog {

    /** One entry. */
    public record Entry(int line, Instant at, String tag, String text) {
        public boolean rescue() {
            return "rescue".equals(tag);
        }
    }

    /** What was read: the entries, and the list items that look like entries but cannot be read. */
    public record Parsed(List<Entry> entries, List<String> problems, List<Integer> problemLines) {
    }

    private static final Pattern ITEM_WITH_DATE = Pattern.compile("^\\s*[-*]\\s+(\\d{4}-\\d{2}-\\d{2}\\S*(?: \\d{1,2}:\\d{2}\\S*)?)\\s*(.*)$");
    private static final Pattern TAG = Pattern.compile("^\\[([A-Za-z0-9_-]+)]\\s*(.*)$");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd[['T'][' ']HH:mm[:ss][.SSS]]");

    private BootstrapLog() {
    }

    public static Parsed parse(String text, ZoneId zone) {
        List<Entry> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        String[] ls = text.split("\n", -1);
        boolean inComment = false;
        for (int i = 0; i < ls.length; i++) {
            String l = ls[i];
            if (l.contains("<!--")) inComment = !l.contains("-->");
            else if (inComment) {
                if (l.contains("-->")) inComment = false;
                continue;
            }
            if (l.contains("<!--")) continue;
            Matcher m = ITEM_WITH_DATE.matcher(l);
            if (!m.matches()) continue;
            Instant at = instant(m.group(1), zone);
            if (at == null) {
                problems.add("'" + m.group(1) + "' is not a timestamp; expected ISO-8601 such as 2026-06-18T14:05Z "
                        + "(without a zone it is read in " + zone.getId() + ")");
                lines.add(i + 1);
                continue;
            }
            Matcher t = TAG.matcher(m.group(2));
            if (!t.matches()) {
                problems.add("entry has no [tag] after its timestamp; expected e.g. '- 2026-06-18T14:05Z [rescue] what was done'");
                lines.add(i + 1);
                continue;
            }
            entries.add(new Entry(i + 1, at, t.group(1).toLowerCase(java.util.Locale.ROOT), t.group(2).strip()));
        }
        return new Parsed(entries, problems, lines);
    }

    /** A timestamp with a zone or offset, or a local one read in {@code zone}; null when unreadable. */
    public static Instant instant(String s, ZoneId zone) {
        String t = s.strip();
        // loopreg's own forms (…T04:00Z, …T04:00:00Z) without the general parsers, which every log line paid for
        if (t.length() == 17 && t.charAt(10) == 'T' && t.charAt(16) == 'Z') {
            Instant fast = dev.loopreg.format.Instants.canonicalOrNull(t.substring(0, 16) + ":00Z");
            if (fast != null) return fast;
        } else if (t.length() == 20 && t.charAt(10) == 'T' && t.charAt(19) == 'Z') {
            Instant fast = dev.loopreg.format.Instants.canonicalOrNull(t);
            if (fast != null) return fast;
        }
        if (t.endsWith("Z") || t.matches(".*[+-]\\d{2}:?\\d{2}$") && t.contains("T")) {
            String norm = t.replace(' ', 'T');
            if (norm.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}Z")) norm = norm.replace("Z", ":00Z");
            try {
                return OffsetDateTime.parse(norm).toInstant();
            } catch (DateTimeParseException e) {
                try {
                    return Instant.parse(norm);
                } catch (DateTimeParseException e2) {
                    return null;
                }
            }
        }
        try {
            if (t.length() == 10) {
                return LocalDate.parse(t).atStartOfDay(zone).toInstant();
            }
            return LocalDateTime.parse(t, LOCAL).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
