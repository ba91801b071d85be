package dev.loopreg.rotation;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One of ADR-004's four saturation signals for one repo and agent, with its evidence. {@link #fired()} is
 * true, false, or null for "no data" (too few snapshots, or the figures that decide it were not measured);
 * no data never fires.
 */
public sealed interface Signal permits Signal.QualityPlateau, Signal.SuccessStable, Signal.OptimizerStall,
        Signal.NoMarginalGain {

    String QUALITY_PLATEAU = "quality_plateau";
    String SUCCESS_STABLE = "success_stable";
    String OPTIMIZER_STALL = "optimizer_stall";
    String NO_MARGINAL_GAIN = "no_marginal_gain";

    String id();

    /** True, false, or null (no data). */
    Boolean fired();

    /** One sentence: the values against the threshold, or why there is no verdict. */
    String detail();

    /** The cycles judged (for the plateau: the recent window). */
    Window window();

    default String word() {
        return fired() == null ? "no data" : fired() ? "fired" : "not fired";
    }

    /**
     * The cycles a signal looked at.
     *
     * @param snapshots snapshots in the window
     * @param from      the first cycle, or null when empty
     * @param to        the last cycle, or null when empty
     */
    record Window(int snapshots, Instant from, Instant to) {
        public static final Window EMPTY = new Window(0, null, null);
    }

    /**
     * Mean {@code avg_quality} of the last window versus the window before rose by less than
     * {@code min_delta} ({@code abs}: the difference; {@code rel}: the difference over the prior mean).
     */
    record QualityPlateau(Boolean fired, String detail, Window window, Window prior, BigDecimal windowMean,
                          BigDecimal priorMean, BigDecimal delta, BigDecimal minDelta, String mode, int measuredWindow,
                          int measuredPrior, Trend trend) implements Signal {
        public String id() {
            return QUALITY_PLATEAU;
        }
    }

    /** Mean success rate of the window at least {@code at_least}. */
    record SuccessStable(Boolean fired, String detail, Window window, BigDecimal mean, BigDecimal atLeast, int measured)
            implements Signal {
        public String id() {
            return SUCCESS_STABLE;
        }
    }

    /** No new actionable recommendation in the window. */
    record OptimizerStall(Boolean fired, String detail, Window window, long newActionable, int unmeasured)
            implements Signal {
        public String id() {
            return OPTIMIZER_STALL;
        }
    }

    /** No merged PR and (when state-hub is configured) no progress event in the window. */
    record NoMarginalGain(Boolean fired, String detail, Window window, long mergedPrs, Long progressEvents,
                          boolean progressConfigured, int unmeasured) implements Signal {
        public String id() {
            return NO_MARGINAL_GAIN;
        }
    }
}
