package dev.loopreg.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Drift between the loops and the activity definitions that run them ({@code loop: ID} in a definition's front matter):
 * a bound definition whose cron is not its loop's cadence.yml cron (an error: the loop runs at a cadence nobody decided),
 * two definitions bound to one loop (an error: it would run twice), a loop no definition is bound to (a warning: nothing
 * in the workspace runs it). Pure: {@code validate}, {@code status} and the pages say the same.
 */
public final class Drift {

    private Drift() {
    }

    /** A definition bound to a loop: its file, the lines of its {@code loop} and {@code cron} keys, and its cron. */
    public record Bound(String path, int loopLine, int cronLine, String loop, String cron) {
    }

    /** One finding, at a file and line (0: the whole file or directory). */
    public record Finding(String path, int line, boolean error, String loop, String message) {
    }

    /**
     * @param loops     the loops to check (the regulator's own excluded by the caller), in order
     * @param loopCrons each loop's cadence.yml cron (a loop without one is not compared)
     * @param loopDirs  each loop's directory as people see it ({@code loops/ID}), for the warning
     * @param bound     the bound definitions, in the definitions' order
     */
    public static List<Finding> of(List<String> loops, Map<String, String> loopCrons, Map<String, String> loopDirs, List<Bound> bound) {
        List<Finding> out = new ArrayList<>();
        for (String loop : loops) {
            List<Bound> defs = bound.stream().filter(b -> b.loop().equals(loop)).toList();
            if (defs.isEmpty()) {
                out.add(new Finding(loopDirs.getOrDefault(loop, "loops/" + loop), 0, false, loop, "no activity definition is bound to "
                        + "this loop (loop: " + loop + " in activity-definitions/*.md); nothing here runs it at its cron ('loopreg loop "
                        + "add' writes one for a new loop)"));
                continue;
            }
            for (Bound b : defs.subList(1, defs.size())) {
                out.add(new Finding(b.path(), b.loopLine(), true, loop, "loop: " + loop + " is also bound by " + defs.get(0).path()
                        + "; expected one definition per loop (it would run twice)"));
            }
            String cron = loopCrons.get(loop);
            for (Bound b : defs) {
                if (cron != null && b.cron() != null && !cron.equals(b.cron())) {
                    out.add(new Finding(b.path(), b.cronLine(), true, loop, "cron: \"" + b.cron() + "\" has drifted from the loop's "
                            + "cadence.yml cron \"" + cron + "\"; expected the same (loopreg apply and demote keep them in step; set it "
                            + "back to \"" + cron + "\")"));
                }
            }
        }
        return out;
    }
}
