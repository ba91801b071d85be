package dev.loopreg.cadence;

import dev.loopreg.health.Phase;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * Whether a loop's data is stale (pure): its latest health record — or, with none yet, the start of its phase — is
 * older than {@code evaluation.stale_after_periods} periods of its cron, counted as the cron's slots that passed
 * since then without a record. A stale loop is held (never promoted on stale data), marked, and raises an urgent
 * task ({@link #ALARM}) until records resume.
 *
 * @param reference the latest record's cycle, or the phase start when there is no record
 * @param recorded  true when {@code reference} is a record's cycle
 * @param periods   the slots of the cron after {@code reference} and not after now (at most {@link #CAP})
 * @param limit     {@code evaluation.stale_after_periods}
 * @param cron      the loop's cron
 */
public record Staleness(Instant reference, boolean recorded, int periods, int limit, String cron) {

    /** The urgent-task ledger's name for the alarm of a stale loop. */
    public static final String ALARM = "stale_data";

    /** Slots counted at most (a per-minute cron a year behind would be half a million). */
    public static final int CAP = 10_000;

    /**
     * The loop's freshness at {@code now}, or null when nothing is known (no record and no {@code phase_since}, or a
     * cron without slots).
     */
    public static Staleness of(String cron, ZoneId zone, Instant latestCycle, Instant phaseSince, Instant now, int limit) {
        Instant ref = latestCycle != null ? latestCycle : phaseSince;
        if (ref == null || ref.isAfter(now)) {
            return null;
        }
        int n = 0;
        Instant s = Crons.latestAtOrBefore(cron, zone, now).orElse(null);
        while (s != null && s.isAfter(ref) && n < CAP) {
            n++;
            s = Crons.previous(cron, zone, s).orElse(null);
        }
        return new Staleness(ref, latestCycle != null, n, limit, cron);
    }

    public boolean stale() {
        return periods >= limit;
    }

    /** One sentence: what the latest record is and how many periods ago. */
    public String detail() {
        String count = periods >= CAP ? CAP + "+" : Integer.toString(periods);
        String n = count + " period" + (periods == 1 ? "" : "s") + " of `" + cron + "`";
        String bound = " (stale after " + limit + ", evaluation.stale_after_periods)";
        return recorded ? "the latest health record (cycle " + reference + ") is " + n + " old" + bound
                : "no health record since the phase began at " + reference + ", " + n + " ago" + bound;
    }

    /** The summary of a loop held on stale data. */
    public String holdSummary(Phase phase) {
        return "hold in " + phase.id() + ": stale data — " + detail() + "; no promotion on stale data (run loopreg collect)";
    }

    /** The alarm as the urgent-task ledger reconciles it: fires while stale, quiet once records resume. */
    public RuleResult alarm() {
        return new RuleResult(ALARM, RuleResult.Kind.DEMOTION, stale(), periods, limit,
                (stale() ? "stale data: " : "fresh: ") + detail(), recorded ? List.of(reference) : List.of());
    }
}
