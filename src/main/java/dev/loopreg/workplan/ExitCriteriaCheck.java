package dev.loopreg.workplan;

import dev.loopreg.cadence.ExitCriteria;
import java.util.ArrayList;
import java.util.List;

/** Computes a loop's bootstrap exit criteria from its workplan (pure). */
public final class ExitCriteriaCheck {

    private ExitCriteriaCheck() {
    }

    /**
     * @param workplanPath the configured path (for the detail)
     * @param workplan     the parsed workplan
     * @param exitTasks    the task ids of {@code exit_tasks}, or null for every task of the workplan
     */
    public static ExitCriteria check(String workplanPath, Workplan workplan, List<String> exitTasks) {
        List<String> ids = exitTasks != null ? exitTasks : workplan.tasks().stream().map(Workplan.Task::id).toList();
        if (ids.isEmpty()) {
            return new ExitCriteria(false, workplanPath + " lists no tasks"
                    + (exitTasks != null ? " in exit_tasks" : "") + ", so there are no exit criteria to meet", List.of(), workplanPath);
        }
        List<String> notDone = new ArrayList<>();
        for (String id : ids) {
            var task = workplan.task(id);
            if (task.isEmpty()) {
                notDone.add(id + " (not in the workplan)");
            } else if (!task.get().done()) {
                notDone.add(id + " (" + task.get().shownStatus() + ")");
            }
        }
        String scope = exitTasks != null ? "exit tasks " + String.join(", ", ids) : "all " + ids.size() + " tasks";
        if (notDone.isEmpty()) {
            return new ExitCriteria(true, scope + " of " + workplanPath + " are done", List.of(), workplanPath);
        }
        return new ExitCriteria(false, notDone.size() + " of " + scope + " of " + workplanPath + " not done: "
                + String.join(", ", notDone), notDone, workplanPath);
    }
}
