package dev.loopreg.schedule;

import dev.loopreg.cadence.Crons;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The jobs of {@code loopreg serve} and their slot arithmetic (pure). */
public final class ServeSchedule {

    /** The collection cycle's cron when nothing on disk names one (the seed's hourly collector). */
    public static final String DEFAULT_CYCLE_CRON = "50 * * * *";
    /** The session's cron when nothing on disk names one (the seed's daily review). */
    public static final String DEFAULT_SESSION_CRON = "0 11 * * *";

    private ServeSchedule() {
    }

    /** What a job does. */
    public enum Kind {
        /** collect, then evaluate (and rewrite the dashboard). */
        CYCLE("cycle", "collector"),
        /** session prepare. */
        SESSION("session", "session");

        private final String id;
        private final String role;

        Kind(String id, String role) {
            this.id = id;
            this.role = role;
        }

        public String id() {
            return id;
        }

        /** The {@code role:} of the activity definition that carries this job's cron. */
        public String role() {
            return role;
        }
    }

    /**
     * An activity definition as read from disk.
     *
     * @param path    its path relative to the workspace
     * @param role    its {@code role:}, or null
     * @param cron    its {@code cron:}, or null
     * @param enabled its {@code enabled:}, or null when absent
     */
    public record Definition(String path, String role, String cron, Boolean enabled) {
    }

    /**
     * One scheduled job.
     *
     * @param kind    what it does
     * @param cron    its five-field cron, or null when it has none that can be used
     * @param enabled whether serve runs it
     * @param source  where the cron comes from (a definition's path, the regulator's cadence.yml, or the default)
     * @param note    why it is disabled or what was chosen, or null
     */
    public record Job(Kind kind, String cron, boolean enabled, String source, String note) {
        public boolean runs() {
            return enabled && cron != null;
        }
    }

    /**
     * The jobs: each kind's cron comes from the definition with its role (the first by path when several have it,
     * with a note); without one, from the regulator's own cadence ({@code fallbackCron}, from
     * {@code fallbackSource}); without that, the default. A definition with {@code enabled: false} disables its
     * job, as the seed drafts the collector ("run it by hand for the first cycles, then set enabled: true").
     */
    public static Map<Kind, Job> jobs(List<Definition> definitions, Map<Kind, String> fallbackCron, String fallbackSource) {
        Map<Kind, Job> out = new LinkedHashMap<>();
        for (Kind k : Kind.values()) {
            List<Definition> withRole = definitions.stream().filter(d -> k.role().equals(d.role()))
                    .sorted(Comparator.comparing(Definition::path)).toList();
            if (!withRole.isEmpty()) {
                Definition d = withRole.get(0);
                String note = withRole.size() > 1 ? withRole.size() + " definitions have role: " + k.role() + "; "
                        + d.path() + " is used (the first by path)" : null;
                if (d.cron() == null || d.cron().isBlank()) {
                    out.put(k, new Job(k, null, false, d.path(), d.path() + ": cron: is missing; expected a five-field cron"));
                    continue;
                }
                Optional<String> bad = Crons.problem(d.cron());
                if (bad.isPresent()) {
                    out.put(k, new Job(k, null, false, d.path(), d.path() + ": cron: '" + d.cron() + "' " + bad.get()));
                    continue;
                }
                boolean enabled = d.enabled() == null || d.enabled();
                out.put(k, new Job(k, d.cron(), enabled, d.path(),
                        enabled ? note : d.path() + ": enabled: false (set enabled: true to let serve run it)"));
                continue;
            }
            String cron = fallbackCron.get(k);
            if (cron != null && Crons.problem(cron).isEmpty()) {
                out.put(k, new Job(k, cron, true, fallbackSource, "no activity definition has role: " + k.role()));
            } else {
                String def = k == Kind.CYCLE ? DEFAULT_CYCLE_CRON : DEFAULT_SESSION_CRON;
                out.put(k, new Job(k, def, true, "default", "no activity definition has role: " + k.role()
                        + " and the regulator's cadence names no cron; the default is used"));
            }
        }
        return out;
    }

    /**
     * The slots missed while the process was down.
     *
     * @param slots   the missed slots to catch up, oldest first (at most the bound)
     * @param skipped missed slots older than those, left out because of the bound
     * @param lastRun the last run on record, or null when there is none
     */
    public record Missed(List<Instant> slots, int skipped, Instant lastRun) {
        public Missed {
            slots = List.copyOf(slots);
        }

        public boolean none() {
            return slots.isEmpty();
        }
    }

    /**
     * The slots of {@code cron} in {@code (lastRun, now]}, the most recent {@code max} of them. With no run on
     * record, the latest slot at or before {@code now} only (a first start catches up once, not since the epoch).
     */
    public static Missed missed(String cron, ZoneId zone, Instant lastRun, Instant now, int max) {
        if (max < 0) throw new IllegalArgumentException("max must be >= 0, was " + max);
        Optional<Instant> latest = Crons.latestAtOrBefore(cron, zone, now);
        if (latest.isEmpty()) {
            return new Missed(List.of(), 0, lastRun);
        }
        if (lastRun == null) {
            return max == 0 ? new Missed(List.of(), 1, null) : new Missed(List.of(latest.get()), 0, null);
        }
        List<Instant> back = new ArrayList<>();
        int skipped = 0;
        Instant t = latest.get();
        while (t.isAfter(lastRun)) {
            if (back.size() < max) {
                back.add(t);
            } else {
                skipped++;
                if (skipped >= dev.loopreg.cadence.Slots.MAX_SKIPPED_COUNTED) break;
            }
            Optional<Instant> p = Crons.previous(cron, zone, t);
            if (p.isEmpty()) break;
            t = p.get();
        }
        java.util.Collections.reverse(back);
        return new Missed(back, skipped, lastRun);
    }

    /** The next slot of {@code cron} strictly after {@code now}. */
    public static Optional<Instant> next(String cron, ZoneId zone, Instant now) {
        return Crons.next(cron, zone, now);
    }

    /** Whether the jobs differ in what Quartz must fire (cron or enabled), kind by kind. */
    public static List<Kind> changed(Map<Kind, Job> before, Map<Kind, Job> after) {
        List<Kind> out = new ArrayList<>();
        for (Kind k : Kind.values()) {
            Job a = before.get(k);
            Job b = after.get(k);
            if (a == null || b == null || a.runs() != b.runs() || !java.util.Objects.equals(a.cron(), b.cron())) out.add(k);
        }
        return out;
    }
}
