package dev.loopreg.regulator;

import dev.loopreg.cadence.Policy;
import dev.loopreg.cadence.rules.EffectiveRules;
import dev.loopreg.format.Problem;
import dev.loopreg.store.LoopSnapshot;
import dev.loopreg.workspace.RegulatorException;
import dev.loopreg.workspace.Workspace;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@code loopreg rules}: the rules each loop is judged by, with where each comes from. Reads, writes nothing. */
public final class RuleListing {

    private final Regulator reg;

    public RuleListing(Regulator reg) {
        this.reg = reg;
    }

    /** One loop's rules. */
    public record LoopRulesView(String loop, List<EffectiveRules.Line> rules) {
    }

    /**
     * The rules of every loop, or of {@code only}.
     *
     * @throws RegulatorException BAD_INPUT when the policy or a loop's rules cannot be read, or {@code only} is no loop
     */
    public List<LoopRulesView> rules(String only, Instant now) throws RegulatorException, IOException {
        Workspace ws = reg.workspace();
        Regulator.requireWorkspace(ws);
        List<Problem> problems = new ArrayList<>();
        Policy policy = reg.reader().policy(problems);
        List<String> ids = reg.reader().loopIds(problems);
        if (only != null && !ids.contains(only)) {
            throw new RegulatorException(RegulatorException.BAD_INPUT, "no loop '" + only + "'; loops: " + String.join(", ", ids));
        }
        List<LoopRulesView> out = new ArrayList<>();
        if (policy != null) {
            for (String id : only == null ? ids : List.of(only)) {
                LoopSnapshot s = reg.reader().loop(id, policy, now);
                problems.addAll(s.problems());
                out.add(new LoopRulesView(id, EffectiveRules.of(policy, s.rules(policy), ws.rel(ws.policy()))));
            }
        }
        List<String> errors = problems.stream().filter(Problem::isError).map(Problem::toString).distinct().toList();
        if (!errors.isEmpty()) {
            throw new RegulatorException(RegulatorException.BAD_INPUT, "the rules cannot be listed:\n" + String.join("\n", errors));
        }
        return out;
    }
}
