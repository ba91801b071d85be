package dev.loopreg.cadence;

import java.time.Instant;

/** The cadence state a promotion or demotion leads to (pure). */
public final class Transitions {

    private Transitions() {
    }

    /**
     * The state after carrying out a promote or demote at {@code now}: the new phase and its
     * configured cron, {@code phase_since = now}, {@code promoted_at = now} on a promotion,
     * {@code demotion_count + 1} on a demotion, and the approval back to pending.
     *
     * @throws IllegalArgumentException for a hold, which changes nothing
     */
    public static CadenceState apply(CadenceState s, Recommendation rec, Policy policy, Instant now) {
        if (rec instanceof Recommendation.Promote p) {
            return new CadenceState(s.name(), p.to(), policy.cronOf(p.to()), now, now,
                    s.demotionCount(), Approval.PENDING, null, null, null);
        }
        if (rec instanceof Recommendation.Demote d) {
            return new CadenceState(s.name(), d.to(), policy.cronOf(d.to()), s.promotedAt(), now,
                    s.demotionCount() + 1, Approval.PENDING, null, null, null);
        }
        throw new IllegalArgumentException("a hold changes nothing: " + rec.summary());
    }
}
