package dev.loopreg.regulator;

import dev.loopreg.cadence.Policy;
import dev.loopreg.format.Problem;
import dev.loopreg.report.LoopView;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Every loop evaluated at one instant.
 *
 * @param now      the instant
 * @param policy   the policy used
 * @param loops    one view per loop, sorted by id
 * @param problems every problem found in the workspace while reading (errors and warnings)
 * @param rotation the rotation picture, or null when not read
 * @param board    the pending actions, the regulator's own cadence and what the dashboard shows beside the loops,
 *                 or null before the dashboard is written
 */
public record Evaluation(Instant now, Policy policy, List<LoopView> loops, List<Problem> problems, RotationView rotation,
                         Actions.Board board) {

    /**
     * The rotation picture read with the loops.
     *
     * @param context the rotation context, or null when it could not be read
     * @param error   why it could not be read
     * @param auto    what automatic rotation did in this evaluation, or null
     */
    public record RotationView(Rotations.Context context, String error, Rotations.Auto auto) {
    }

    public Evaluation(Instant now, Policy policy, List<LoopView> loops, List<Problem> problems) {
        this(now, policy, loops, problems, null, null);
    }

    public Evaluation withRotation(RotationView r) {
        return new Evaluation(now, policy, loops, problems, r, board);
    }

    public Evaluation withBoard(Actions.Board b) {
        return new Evaluation(now, policy, loops, problems, rotation, b);
    }

    public Evaluation {
        loops = List.copyOf(loops);
        problems = problems.stream().sorted().distinct().toList();
    }

    public boolean hasErrors() {
        return problems.stream().anyMatch(Problem::isError);
    }

    public Optional<LoopView> loop(String id) {
        return loops.stream().filter(l -> l.id().equals(id)).findFirst();
    }
}
