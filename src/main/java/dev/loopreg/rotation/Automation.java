package dev.loopreg.rotation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Earned automation and the cooldown (pure). A manual rotation is <em>confirmed</em> when a person carried
 * out a rotation the regulator recommended and the repo was not revisited within the cooldown (and the
 * cooldown is over). With {@code automation.mode: auto}, {@code loopreg evaluate} rotates a candidate only
 * once {@code confirmations_required} rotations are confirmed and no rotation of the roster happened in the
 * last {@code cooldown_cycles} cycles.
 */
public final class Automation {

    private Automation() {
    }

    /** Where one manual rotation stands. */
    public enum State {
        CONFIRMED("confirmed"),
        PENDING("pending"),
        UNCONFIRMED("un-confirmed"),
        NOT_RECOMMENDED("not recommended");

        private final String word;

        State(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    public record Confirmation(String decision, String repo, Instant at, State state, String detail) {
    }

    /**
     * The roster's cooldown.
     *
     * @param lastDecision the last rotation, or null when there was none
     * @param cyclesSince  cycles since it (a lower bound once it reaches the cooldown)
     */
    public record Cooldown(String lastDecision, Instant lastAt, int cyclesSince, int cooldownCycles) {
        public boolean active() {
            return lastDecision != null && cyclesSince < cooldownCycles;
        }

        public String detail() {
            if (lastDecision == null) return "no rotation yet";
            return active() ? "cooldown: " + cyclesSince + " of " + cooldownCycles + " cycles since the last rotation (" + lastDecision + ")"
                    : "the last rotation (" + lastDecision + ") was at least " + cooldownCycles + " cycles ago";
        }
    }

    /**
     * The gate.
     *
     * @param mayAutoRotate whether {@code evaluate} may rotate a candidate by itself now
     * @param reason        why it may or may not
     */
    public record Gate(String mode, int required, int confirmed, List<Confirmation> rotations, Cooldown cooldown,
                       boolean mayAutoRotate, String reason) {
        public Gate {
            rotations = List.copyOf(rotations);
        }
    }

    public static Cooldown cooldown(List<RotationEvent> events, Cycles cycles, RotationPolicy p) {
        Optional<RotationEvent> last = events.stream().filter(e -> e.kind().equals(RotationEvent.ROTATION))
                .max(Comparator.comparing(RotationEvent::at));
        return last.map(e -> new Cooldown(e.decision(), e.at(), Math.min(cycles.after(e.at()), p.cooldownCycles()), p.cooldownCycles()))
                .orElse(new Cooldown(null, null, 0, p.cooldownCycles()));
    }

    public static Gate gate(List<RotationEvent> events, Cycles cycles, RotationPolicy p) {
        Set<String> unconfirmed = events.stream().filter(e -> e.kind().equals(RotationEvent.REVISIT) && e.unconfirms() != null)
                .map(RotationEvent::unconfirms).collect(Collectors.toSet());
        List<Confirmation> out = new ArrayList<>();
        int confirmed = 0;
        for (RotationEvent e : events) {
            if (!e.kind().equals(RotationEvent.ROTATION) || e.automatic()) continue;
            Confirmation c;
            int since = cycles.after(e.at());
            if (!e.recommended()) {
                c = new Confirmation(e.decision(), e.repo(), e.at(), State.NOT_RECOMMENDED,
                        "forced: the repo was not a candidate, so it proves nothing about the signals");
            } else if (unconfirmed.contains(e.decision())) {
                String by = events.stream().filter(x -> e.decision().equals(x.unconfirms())).map(RotationEvent::decision)
                        .findFirst().orElse("a revisit");
                c = new Confirmation(e.decision(), e.repo(), e.at(), State.UNCONFIRMED, "revisited within the cooldown (" + by + ")");
            } else if (since < p.cooldownCycles()) {
                c = new Confirmation(e.decision(), e.repo(), e.at(), State.PENDING, since + " of " + p.cooldownCycles()
                        + " cycles without a revisit");
            } else {
                c = new Confirmation(e.decision(), e.repo(), e.at(), State.CONFIRMED, "not revisited within " + p.cooldownCycles() + " cycles");
                confirmed++;
            }
            out.add(c);
        }
        Cooldown cd = cooldown(events, cycles, p);
        boolean may;
        String reason;
        if (!p.automationMode().equals("auto")) {
            may = false;
            reason = "automation.mode is recommend: the regulator recommends, a person runs 'loopreg rotate'";
        } else if (confirmed < p.confirmationsRequired()) {
            may = false;
            reason = "auto-rotation is not earned yet: " + confirmed + " of " + p.confirmationsRequired()
                    + " confirmed manual rotations";
        } else if (cd.active()) {
            may = false;
            reason = cd.detail();
        } else {
            may = true;
            reason = "auto-rotation earned: " + confirmed + " confirmed manual rotations (" + p.confirmationsRequired() + " required)";
        }
        return new Gate(p.automationMode(), p.confirmationsRequired(), confirmed, out, cd, may, reason);
    }

    /** For a revisit of {@code repo}: the rotation it un-confirms (its last, still within the cooldown), if any. */
    public static Optional<String> unconfirms(List<RotationEvent> events, String repo, Cycles cycles, RotationPolicy p) {
        return events.stream().filter(e -> e.kind().equals(RotationEvent.ROTATION) && e.repo().equals(repo))
                .max(Comparator.comparing(RotationEvent::at))
                .filter(e -> cycles.after(e.at()) < p.cooldownCycles())
                .map(RotationEvent::decision);
    }
}
