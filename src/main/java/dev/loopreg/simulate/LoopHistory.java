package dev.loopreg.simulate;

import dev.loopreg.cadence.Approval;
import dev.loopreg.cadence.ExitCriteria;
import dev.loopreg.health.Phase;
import dev.loopreg.health.HealthRecord;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything recorded about one loop that a replay needs.
 *
 * @param loop        the loop id
 * @param name        its display name ({@code cadence.yml} {@code loop})
 * @param records     its health records, in cycle order
 * @param evaluations its lines of {@code recommendations.jsonl}, in time order
 * @param overrides   operator overrides ({@code loopreg demote}) from {@code decisions.jsonl}
 * @param decisions   its recorded promotions and demotions, in time order (the "recorded" column)
 * @param exit        the exit criteria as the workplan says now (used where no recorded evaluation tells)
 * @param rescues     the times of the bootstrap log's {@code [rescue]} entries: an evaluation counts those logged after
 *                    the last record it knows, as the live evaluation does
 * @param rules       the loop's own rule entries (its loop.yml's {@code rules:})
 * @param disable     the rule ids its loop.yml turns off
 */
public record LoopHistory(String loop, String name, List<HealthRecord> records, List<Recorded> evaluations,
                          List<Override> overrides, List<Transition> decisions, ExitCriteria exit, List<Instant> rescues,
                          List<dev.loopreg.cadence.rules.RuleSpec> rules, java.util.Set<String> disable) {

    public LoopHistory {
        Objects.requireNonNull(loop, "loop");
        records = List.copyOf(records);
        evaluations = List.copyOf(evaluations);
        overrides = List.copyOf(overrides);
        decisions = List.copyOf(decisions);
        rescues = rescues == null ? List.of() : List.copyOf(rescues);
        rules = rules == null ? List.of() : List.copyOf(rules);
        disable = disable == null ? java.util.Set.of() : java.util.Set.copyOf(disable);
    }

    /** A history of a loop without rules of its own. */
    public LoopHistory(String loop, String name, List<HealthRecord> records, List<Recorded> evaluations,
                       List<Override> overrides, List<Transition> decisions, ExitCriteria exit, List<Instant> rescues) {
        this(loop, name, records, evaluations, overrides, decisions, exit, rescues, List.of(), java.util.Set.of());
    }

    /** A history without the bootstrap log's rescue times. */
    public LoopHistory(String loop, String name, List<HealthRecord> records, List<Recorded> evaluations,
                       List<Override> overrides, List<Transition> decisions, ExitCriteria exit) {
        this(loop, name, records, evaluations, overrides, decisions, exit, List.of());
    }

    /**
     * One recorded evaluation.
     *
     * @param recommendation {@code promote}, {@code hold}, {@code demote}, or null when the loop could not be evaluated
     * @param exitHolds      the recorded {@code exit_criteria} outcome, with its value and detail
     * @param exitRequired   false when the rule said "not required" (the phase needs no exit tasks)
     * @param approval       the approval the loop had ({@code regulator_approval}'s value), or null when not recorded
     * @param line           the line's number in the file, for messages
     */
    public record Recorded(Instant at, Phase phase, String recommendation, Phase toPhase, Boolean exitHolds, String exitValue,
                           String exitDetail, boolean exitRequired, Approval approval, String approvalDetail, int line) {
    }

    /** A person's demotion ({@code loopreg demote}). */
    public record Override(Instant at, String by, String reason) {
    }
}
