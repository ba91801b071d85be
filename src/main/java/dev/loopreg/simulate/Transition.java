package dev.loopreg.simulate;

import dev.loopreg.health.Phase;
import java.time.Instant;

/**
 * A change of phase, replayed or recorded.
 *
 * @param kind            {@code promotion}, {@code demotion} or {@code override} (a person's demotion)
 * @param approvalAssumed a replayed promotion whose approval was not on record (see {@link Replay.ApprovalMode})
 * @param why             the recommendation's summary, or the override's reason
 */
public record Transition(Instant at, Phase from, Phase to, String kind, boolean approvalAssumed, String why) {

    public static final String PROMOTION = "promotion";
    public static final String DEMOTION = "demotion";
    public static final String OVERRIDE = "override";

    public boolean promotion() {
        return kind.equals(PROMOTION);
    }
}
