package dev.loopreg.regulator;

import dev.loopreg.cadence.CadenceRules;
import dev.loopreg.cadence.PhaseWindow;
import dev.loopreg.cadence.Policy;
import dev.loopreg.cadence.Recommendation;
import dev.loopreg.cadence.Staleness;
import dev.loopreg.format.Problem;
import dev.loopreg.health.HealthRecord;
import dev.loopreg.report.LoopView;
import dev.loopreg.report.Dashboard;
import dev.loopreg.store.LoopSnapshot;
import dev.loopreg.store.WorkspaceReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A fleet's loops read and judged into views: each loop on its own (from {@link #PARALLEL_FROM} loops up on both cores
 * of a small machine), the views and the problems gathered in the loops' order, so the output does not depend on which
 * finished first.
 */
public final class LoopViews {

    /** Loops read one by one below this many: a pool costs more to start than a small fleet's reads take. */
    public static final int PARALLEL_FROM = 32;

    private LoopViews() {
    }

    private record LoopRead(List<Problem> problems, LoopView view) {
    }

    /** The views of {@code ids} at {@code now}, in their order; their problems are added to {@code problems}, in order. */
    static List<LoopView> read(WorkspaceReader reader, List<String> ids, Policy policy, Instant now, List<Problem> problems) {
        java.util.stream.Stream<String> each = ids.size() >= PARALLEL_FROM ? ids.parallelStream() : ids.stream();
        List<LoopRead> read = each.map(id -> {
            LoopSnapshot s = reader.loop(id, policy, now);
            return new LoopRead(s.problems(), view(s, policy, now));
        }).toList();
        List<LoopView> views = new ArrayList<>(read.size());
        for (LoopRead r : read) {
            problems.addAll(r.problems());
            views.add(r.view());
        }
        return views;
    }

    /** The view of one loop: its window, recommendation, next cycle and time in phase. */
    static LoopView view(LoopSnapshot s, Policy policy, Instant now) {
        List<String> errors = new ArrayList<>();
        if (s.state() == null) {
            s.problems().stream().filter(Problem::isError).forEach(p -> errors.add(p.toString()));
            return new LoopView(s.id(), null, null, null, null, null, null, errors, null);
        }
        if (s.healthError() != null) {
            errors.add(s.healthError());
        }
        PhaseWindow window = s.window(now);
        HealthRecord latest = s.latest(now);
        Staleness fresh = s.freshness(policy, now);
        Recommendation rec = window == null ? null
                : CadenceRules.evaluate(s.id(), s.state(), window, s.exit(), policy, now, fresh, s.rules(policy));
        Duration inPhase = null;
        if (s.state().phaseSince() != null) {
            inPhase = Duration.between(s.state().phaseSince(), now);
        } else if (window != null && window.complete() && window.size() > 0) {
            inPhase = Duration.between(window.first(), now);
        }
        // the view keeps the records the dashboard shows (its health ranges' trends), not the whole window the rules read
        PhaseWindow kept = window == null ? null : window.keepingLast(Dashboard.recordsShown(policy));
        return new LoopView(s.id(), s.state(), kept, latest, rec, Dashboard.nextCycle(s.state().cron(), policy, now),
                inPhase, errors, fresh);
    }

}
