package dev.loopreg.cadence;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The evidence of one rule at one evaluation.
 *
 * @param id        the rule id: {@code exit_criteria}, {@code fpr_window}, {@code rescues_window},
 *                  {@code regulator_approval}, {@code fpr_demotion}, {@code rescues_24h}, {@code operator_override}
 * @param kind      promotion rule or demotion trigger
 * @param holds     for a promotion rule: it holds; for a trigger: it fired; null means no data
 * @param value     the measured value (a number, a text, or null)
 * @param threshold the configured threshold, as a number or text
 * @param detail    a sentence an operator can read
 * @param cycles    the health-record cycles the value was computed from (the evidence trail)
 * @param sign      how the value is compared with the threshold ({@code <}, {@code ≥}, …) for a rule written as
 *                  data, or null: the seed's rules say it by their id
 */
public record RuleResult(String id, Kind kind, Boolean holds, Object value, Object threshold, String detail,
                         List<Instant> cycles, String sign) {

    public enum Kind { PROMOTION, DEMOTION }

    public RuleResult {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
        cycles = cycles == null ? List.of() : List.copyOf(cycles);
    }

    /** A result whose comparison its id says (the seed's rules, the built-ins). */
    public RuleResult(String id, Kind kind, Boolean holds, Object value, Object threshold, String detail, List<Instant> cycles) {
        this(id, kind, holds, value, threshold, detail, cycles, null);
    }

    public boolean fired() {
        return kind == Kind.DEMOTION && Boolean.TRUE.equals(holds);
    }

    public boolean noData() {
        return holds == null;
    }

    /** "holds" / "fails" / "FIRED" / "watching" / "no data". */
    public String outcomeWord() {
        if (holds == null) {
            return "no data";
        }
        if (kind == Kind.PROMOTION) {
            return holds ? "holds" : "fails";
        }
        return holds ? "FIRED" : "watching";
    }

    /** The threshold as people read it, with its comparison ({@code "< 0.05"}, {@code "≥ 2"}), or — when there is none. */
    public String thresholdText() {
        if (threshold == null) return "—";
        String s = dev.loopreg.format.Fmt.value(threshold);
        if (sign != null) return sign + " " + s;
        return switch (id) {
            case "fpr_window" -> "< " + s;
            case "rescues_window" -> "≤ " + s;
            case "fpr_demotion" -> "> " + s;
            case "rescues_24h" -> "≥ " + s;
            default -> s;
        };
    }
}
