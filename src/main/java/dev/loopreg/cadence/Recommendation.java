package dev.loopreg.cadence;

import dev.loopreg.health.Phase;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the regulator recommends for one loop at one instant, with the evidence of every rule.
 * A promote or demote names the phase it leads to; a hold names what blocks.
 */
public sealed interface Recommendation permits Recommendation.Promote, Recommendation.Hold, Recommendation.Demote {

    String loop();

    Phase phase();

    Instant at();

    /** Every rule's evidence: the four promotion rules (none in the last phase, which has no promotion), then the three demotion triggers. */
    List<RuleResult> rules();

    /** One line saying why. */
    String summary();

    /** "promote", "hold" or "demote". */
    String word();

    default Optional<Phase> toPhase() {
        return Optional.empty();
    }

    default Optional<RuleResult> rule(String id) {
        for (RuleResult r : rules()) if (r.id().equals(id)) return Optional.of(r);
        return Optional.empty();
    }

    /** The demotion triggers that fired (also in bootstrap, where they cannot demote). */
    default List<RuleResult> firedTriggers() {
        List<RuleResult> out = null;   // (asked several times per loop: most loops have none, and get no list made)
        for (RuleResult r : rules()) {
            if (!r.fired()) continue;
            if (out == null) out = new java.util.ArrayList<>(2);
            out.add(r);
        }
        return out == null ? List.of() : List.copyOf(out);
    }

    record Promote(String loop, Phase phase, Phase to, Instant at, List<RuleResult> rules, String summary)
            implements Recommendation {
        public Promote {
            rules = List.copyOf(rules);
        }

        @Override public String word() { return "promote"; }

        @Override public Optional<Phase> toPhase() { return Optional.of(to); }
    }

    record Demote(String loop, Phase phase, Phase to, Instant at, List<RuleResult> rules, String summary)
            implements Recommendation {
        public Demote {
            rules = List.copyOf(rules);
        }

        @Override public String word() { return "demote"; }

        @Override public Optional<Phase> toPhase() { return Optional.of(to); }
    }

    /** @param blocking the rules that keep the loop where it is */
    record Hold(String loop, Phase phase, Instant at, List<RuleResult> rules, List<RuleResult> blocking, String summary)
            implements Recommendation {
        public Hold {
            rules = List.copyOf(rules);
            blocking = List.copyOf(blocking);
        }

        @Override public String word() { return "hold"; }
    }
}
