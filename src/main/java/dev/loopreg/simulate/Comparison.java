package dev.loopreg.simulate;

import java.time.Instant;
import java.util.List;

/**
 * A replay of a workspace under one or two policies, beside what was recorded.
 *
 * @param policies         the cadence policies replayed (one or two), in column order
 * @param loops            one entry per loop
 * @param rotationPolicies the rotation policies replayed
 * @param rotation         one result per rotation policy (empty when the rotation loop has no snapshots)
 * @param problems         lines that could not be read and were left out, as {@code path:line: why}
 */
public record Comparison(Instant from, Instant to, Replay.ApprovalMode approval, List<Named> policies, List<LoopResult> loops,
                         List<Named> rotationPolicies, List<RotationReplay.Result> rotation, List<String> problems) {

    public Comparison {
        policies = List.copyOf(policies);
        loops = List.copyOf(loops);
        rotationPolicies = List.copyOf(rotationPolicies);
        rotation = List.copyOf(rotation);
        problems = List.copyOf(problems);
    }

    /** A policy's column label and where it came from. */
    public record Named(String label, String source) {
    }

    /**
     * One loop: its replay under each policy, and the recorded transitions (decisions.jsonl) over the same span.
     *
     * @param errors why the loop could not be replayed (then {@code replays} is empty)
     */
    public record LoopResult(String loop, List<Replay.LoopReplay> replays, List<Transition> recorded, List<Replay.Flap> recordedFlaps,
                             List<Replay.Span> recordedSpans, List<String> errors) {
        public LoopResult {
            replays = List.copyOf(replays);
            recorded = List.copyOf(recorded);
            recordedFlaps = List.copyOf(recordedFlaps);
            recordedSpans = List.copyOf(recordedSpans);
            errors = List.copyOf(errors);
        }
    }
}
