package dev.loopreg.server;

import dev.loopreg.store.Store;
import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.format.Instants;
import dev.loopreg.schedule.ServeSchedule;
import dev.loopreg.schedule.ServeSchedule.Job;
import dev.loopreg.store.JsonLines;
import dev.loopreg.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What the daemon reads to find the slots missed while it was down — the last cycle on record (the newest
 * {@code evaluated_at} of recommendations.jsonl) and the newest session bundle — and how it says what it caught up.
 */
final class MissedSlots {

    private MissedSlots() {
    }

    static String text(String what, Job j, ServeSchedule.Missed m, Instant last) {
        if (m.none() && m.skipped() == 0) {
            return what + " '" + j.cron() + "': no slot missed since " + (last == null ? "(no run on record)" : Instants.format(last));
        }
        String s = what + " '" + j.cron() + "': " + (m.slots().size() + m.skipped()) + " slot(s) missed since "
                + (last == null ? "(no run on record)" : Instants.format(last));
        if (!m.none()) {
            s += "; catching up " + m.slots().size() + " (" + Instants.format(m.slots().get(0))
                    + (m.slots().size() > 1 ? " … " + Instants.format(m.slots().get(m.slots().size() - 1)) : "") + ") in one run now";
        }
        if (m.skipped() > 0) s += "; " + m.skipped() + " older slot(s) left out (bound " + (what.equals("cycle") ? "--max-backfill" : "1") + ")";
        if (last == null && what.equals("session")) s = what + " '" + j.cron() + "': no session on record; the first runs at the next slot";
        return s;
    }

    /** The last {@code evaluated_at} of recommendations.jsonl: the last cycle that ran. */
    static Instant lastEvaluation(Store store) {
        try (JsonLines.Newest<JsonNode> tail = store.recommendations().newestFirst()) {
            int budget = 10_000;
            while (tail.hasNext() && budget-- > 0) {
                JsonLines.Entry<JsonNode> l = tail.next();
                try {
                    if (l.ok() && l.value().hasNonNull("evaluated_at")) return Instants.parse(l.value().get("evaluated_at").asText());
                } catch (RuntimeException e) {
                    // a foreign line: look further back
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    /** The newest session bundle's time (its directory name). */
    static Instant lastSession(Workspace ws) {
        Path dir = ws.sessionsDir();
        if (!Files.isDirectory(dir)) return null;
        try (Stream<Path> s = Files.list(dir)) {
            TreeSet<Instant> seen = new TreeSet<>();
            s.forEach(p -> {
                try {
                    seen.add(java.time.LocalDateTime.parse(p.getFileName().toString(),
                            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HHmm'Z'")).toInstant(java.time.ZoneOffset.UTC));
                } catch (RuntimeException ignored) {
                    // not a bundle
                }
            });
            return seen.isEmpty() ? null : seen.last();
        } catch (IOException e) {
            return null;
        }
    }

}
