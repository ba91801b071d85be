package dev.loopreg.workplan;

import java.util.List;
import java.util.Optional;

/**
 * A parsed workplan.
 *
 * @param id       the front matter's {@code id} (e.g. {@code LOOP-WP-0004}), or null
 * @param tasks    every task, in the order first seen
 * @param warnings what was odd but could be read (line, message)
 * @param stateHubWorkstream the front matter's {@code state_hub_workstream_id}: where the loop's decisions are recorded in
 *                 state-hub, or null
 * @param stateHubTaskIds each task's {@code state_hub_task_id} (front matter), by task id
 */
public record Workplan(String id, List<Task> tasks, List<Note> warnings, String stateHubWorkstream,
                       java.util.Map<String, String> stateHubTaskIds) {

    public Workplan(String id, List<Task> tasks, List<Note> warnings) {
        this(id, tasks, warnings, null, java.util.Map.of());
    }

    /**
     * One task. {@code status} is the front matter's; {@code blockStatus} the body's {@code ```task} block's
     * (either may be null when that place does not mention the task).
     */
    public record Task(String id, String status, String blockStatus, String title, int line) {

        /** Done when every place that gives a status says {@code done}. */
        public boolean done() {
            boolean any = status != null || blockStatus != null;
            return any && (status == null || "done".equals(status)) && (blockStatus == null || "done".equals(blockStatus));
        }

        /** The status to show: the agreed one, or both when they disagree. */
        public String shownStatus() {
            if (status == null) return blockStatus == null ? "unknown" : blockStatus;
            if (blockStatus == null || blockStatus.equals(status)) return status;
            return status + " (front matter) / " + blockStatus + " (task block)";
        }
    }

    /** A warning or error at a line of the workplan (1-based; 0 for the whole file). */
    public record Note(int line, String message) {
    }

    public Workplan {
        stateHubTaskIds = stateHubTaskIds == null ? java.util.Map.of() : java.util.Map.copyOf(stateHubTaskIds);
        tasks = List.copyOf(tasks);
        warnings = List.copyOf(warnings);
    }

    public Optional<Task> task(String id) {
        for (Task t : tasks) if (t.id().equals(id)) return Optional.of(t);
        return Optional.empty();
    }
}
