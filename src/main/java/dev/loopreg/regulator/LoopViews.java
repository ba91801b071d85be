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
            List<Problem> ps = s.problems();
            if (beforePhase(s, now)) {
                ps = new ArrayList<>(ps);
                ps.add(Problem.warning(reader.workspace().rel(reader.workspace().cadence(id)), 0, "phase_since "
                        + dev.loopreg.format.Instants.format(s.state().phaseSince()) + " is later than the instant evaluated ("
                        + dev.loopreg.format.Instants.format(now) + "): the loop was not in " + s.state().phase().id()
                        + " yet then, so its time in phase is unknown (—); a --now before the loop's last change reads it as it is now"));
            }
            return new LoopRead(ps, view(s, policy, now));
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
        // a loop.yml with an error stops the loop, as a broken cadence.yml does: its rules and sources are not what its
        // author wrote, so no recommendation is made from it
        String config = "loops/" + s.id() + "/loop.yml";
        Problem broken = s.problems().stream().filter(p -> p.isError() && p.path().equals(config)).findFirst().orElse(null);
        if (broken != null) errors.add(broken.toString());
        PhaseWindow window = s.window(now);
        HealthRecord latest = s.latest(now);
        Staleness fresh = s.freshness(policy, now);
        Recommendation rec = window == null || broken != null ? null
                : CadenceRules.evaluate(s.id(), s.state(), window, s.exit(), policy, now, fresh, s.rules(policy));
        Duration inPhase = null;
        if (beforePhase(s, now)) {
            inPhase = null;   // not in the phase yet at now: unknown, not a negative span (a warning says so)
        } else if (s.state().phaseSince() != null) {
            inPhase = Duration.between(s.state().phaseSince(), now);
        } else if (window != null && window.complete() && window.size() > 0) {
            inPhase = Duration.between(window.first(), now);
        }
        // the view keeps the records the dashboard shows (its health ranges' trends), not the whole window the rules read
        PhaseWindow kept = window == null ? null : window.keepingLast(Dashboard.recordsShown(policy));
        return new LoopView(s.id(), s.state(), kept, latest, rec, Dashboard.nextCycle(s.state().cron(), policy, now),
                inPhase, errors, fresh);
    }


    /** Whether {@code now} is before the loop entered its phase (an evaluation at an earlier {@code --now}). */
    static boolean beforePhase(LoopSnapshot s, Instant now) {
        return s.state() != null && s.state().phaseSince() != null && now.isBefore(s.state().phaseSince());
    }
}
