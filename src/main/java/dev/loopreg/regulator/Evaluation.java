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
 */
public record Evaluation(Instant now, Policy policy, List<LoopView> loops, List<Problem> problems) {

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
