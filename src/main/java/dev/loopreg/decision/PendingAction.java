package dev.loopreg.decision;

import dev.loopreg.health.Phase;
import dev.loopreg.format.Instants;
import java.time.Instant;

/**
 * An action waiting for a person, shown on the dashboard as a checkbox with a stable hidden id. Ticking the box
 * (and committing) approves it: the next {@code evaluate} records the approval, {@code apply --approved} carries
 * it out. The id names what is approved and the epoch it belongs to (the loop's {@code phase_since}, the repo's
 * {@code since}), so a tick left over from an earlier phase is never taken for a new one.
 */
public sealed interface PendingAction {

    /** The stable id, written in the checkbox's HTML comment. */
    String id();

    /** The checkbox's text. */
    String label();

    /** Whether it is approved already (the box is rendered ticked). */
    boolean approved();

    static String epoch(Instant at) {
        return at == null ? "-" : Instants.format(at);
    }

    /** Approve a loop's promotion: sets {@code regulator_approval: approved}. */
    record Promote(String loop, Phase to, Instant epoch, boolean approved, String detail) implements PendingAction {
        public String id() {
            return "promote:" + loop + ":" + to.id() + ":" + PendingAction.epoch(epoch);
        }

        public String label() {
            return "approve promotion of " + loop + " to " + to.id() + (detail == null ? "" : " — " + detail);
        }
    }

    /** Approve carrying out a recommended demotion. */
    record Demote(String loop, Phase to, Instant epoch, boolean approved, String detail) implements PendingAction {
        public String id() {
            return "demote:" + loop + ":" + to.id() + ":" + PendingAction.epoch(epoch);
        }

        public String label() {
            return "apply demotion of " + loop + " to " + to.id() + (detail == null ? "" : " — " + detail);
        }
    }

    /** Approve a recommended rotation of an active repo. */
    record Rotate(String repo, Instant since, boolean approved, String detail) implements PendingAction {
        public String id() {
            return "rotate:" + repo + ":" + PendingAction.epoch(since);
        }

        public String label() {
            return "rotate " + repo + (detail == null ? "" : " — " + detail);
        }
    }

    /** Mark a noise source listed by a session as resolved (ticking resolves it; it then leaves the list). */
    record ResolveNoise(String noiseId, String loop, String source, String action) implements PendingAction {
        public String id() {
            return "noise:" + noiseId;
        }

        public String label() {
            return "resolved: " + action + " noise source \"" + source + "\" of " + loop + " (" + noiseId + ")";
        }

        public boolean approved() {
            return false;
        }
    }

    /** Approve the regulator's own cadence change (hourly ↔ daily). */
    record Regulator(String word, String to, Instant epoch, boolean approved, String detail) implements PendingAction {
        public String id() {
            return "regulator:" + to + ":" + PendingAction.epoch(epoch);
        }

        public String label() {
            return word + " the regulator's own cadence to " + to + (detail == null ? "" : " — " + detail);
        }
    }
}
