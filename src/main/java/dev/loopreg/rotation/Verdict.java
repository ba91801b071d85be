package dev.loopreg.rotation;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The saturation verdict of one active repo and agent at an instant, with every signal's evidence.
 *
 * @param activeSince     when the repo became active (roster {@code since}), or null when unknown
 * @param snapshots       snapshots since it became active, up to the instant
 * @param fired           signals that fired
 * @param saturationScore fired / 4
 * @param status          what the regulator concludes
 */
public record Verdict(String repo, String agent, Instant activeSince, int snapshots, List<Signal> signals, int fired,
                      BigDecimal saturationScore, Status status, String summary) {

    public enum Status {
        /** At least {@code min_signals} fired after the warm-up: recommended for rotation. */
        CANDIDATE("candidate"),
        /** Fewer than {@code min_signals} fired. */
        NOT_SATURATED("not saturated"),
        /** Fewer snapshots than {@code warmup_cycles} since the repo became active: not judged yet. */
        WARMING_UP("warming up");

        private final String word;

        Status(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    public Verdict {
        signals = List.copyOf(signals);
    }

    public boolean candidate() {
        return status == Status.CANDIDATE;
    }

    public Optional<Signal> signal(String id) {
        return signals.stream().filter(s -> s.id().equals(id)).findFirst();
    }
}
