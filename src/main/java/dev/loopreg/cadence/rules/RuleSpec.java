package dev.loopreg.cadence.rules;

import dev.loopreg.cadence.RuleResult;
import dev.loopreg.health.Phase;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A window rule as data — one entry of {@code rules:} in policy.yml or a loop's loop.yml: which phases it guards, the
 * metric and how its window is aggregated, the comparison that decides it, what no data does, and (for a demotion)
 * how long the condition must have held. Where it was written ({@code policy.yml:12}) goes with it into the evidence.
 *
 * @param id        unique among a loop's rules; the id in evidence, dashboards and decisions
 * @param kind      promotion (every promotion rule must hold to leave a phase) or demotion (any firing demotes)
 * @param from      the phases it guards: promotion — leaving them; demotion — demoting from them
 * @param metric    a numeric health-record field (unused by a pooled aggregate, which names its own two)
 * @param aggregate how the window's values become one
 * @param window    the last N cycles of the current phase, or the cycles of the last duration
 * @param compare   the comparison with {@code threshold}
 * @param threshold the limit
 * @param missing   what a window without data does
 * @param holdFor   for a demotion: fire only when the condition held this long (null: at once)
 * @param source    where the rule was written, {@code path:line}
 */
public record RuleSpec(String id, RuleResult.Kind kind, Set<Phase> from, String metric, Aggregate aggregate, Window window,
                       Comparison compare, BigDecimal threshold, Missing missing, Duration holdFor, String source) {

    public RuleSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        from = Set.copyOf(from);
        Objects.requireNonNull(aggregate, "aggregate");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(compare, "compare");
        Objects.requireNonNull(threshold, "threshold");
        Objects.requireNonNull(missing, "missing");
    }

    /** How a window's values become one number. */
    public sealed interface Aggregate {
        /** mean, sum, min, max, count (of measured cycles), slope (least squares, per cycle). */
        record Simple(String name) implements Aggregate {
            public static final List<String> NAMES = List.of("mean", "sum", "min", "max", "count", "slope");

            public String describe() {
                return name;
            }
        }

        /** sum(numerator) / sum(denominator) over the window: a pooled rate. */
        record Pooled(String numerator, String denominator) implements Aggregate {
            public String describe() {
                return "pooled " + numerator + "/" + denominator;
            }
        }

        String describe();

        default String word() {
            return this instanceof Simple s ? s.name() : "pooled";
        }
    }

    /** The last {@code cycles} cycles of the current phase, or the cycles in the last {@code duration}. */
    public record Window(Integer cycles, Duration duration) {
        public Window {
            if ((cycles == null) == (duration == null)) throw new IllegalArgumentException("a window is cycles or a duration");
        }

        public String describe() {
            return cycles != null ? "the last " + cycles + " cycles" : "the last " + DurationText.format(duration);
        }
    }

    /** The comparison that decides a rule: {@code above} and {@code below} are strict. */
    public enum Comparison {
        ABOVE(">"), BELOW("<"), AT_LEAST("≥"), AT_MOST("≤");

        private final String sign;

        Comparison(String sign) {
            this.sign = sign;
        }

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        public String sign() {
            return sign;
        }

        public boolean test(BigDecimal value, BigDecimal threshold) {
            int c = value.compareTo(threshold);
            return switch (this) {
                case ABOVE -> c > 0;
                case BELOW -> c < 0;
                case AT_LEAST -> c >= 0;
                case AT_MOST -> c <= 0;
            };
        }

        public static Optional<Comparison> parse(String key) {
            for (Comparison c : values()) if (c.key().equals(key)) return Optional.of(c);
            return Optional.empty();
        }
    }

    /**
     * What a window without data does: {@code hold} — the rule neither holds nor fires (a promotion waits, a demotion
     * does not fire); {@code fail} — a promotion rule fails, a demotion trigger fires; {@code ignore} — the rule is
     * left out (a promotion rule passes, a trigger stays quiet).
     */
    public enum Missing {
        HOLD, FAIL, IGNORE;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Missing> parse(String key) {
            for (Missing m : values()) if (m.key().equals(key)) return Optional.of(m);
            return Optional.empty();
        }
    }
}
