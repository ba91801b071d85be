package dev.loopreg.cadence;

import java.util.List;

/**
 * Whether a loop's bootstrap exit criteria (the exit tasks of its source workplan) are met.
 *
 * @param met      true, false, or null when the workplan could not be read (no data)
 * @param detail   a sentence saying why
 * @param notDone  the exit task ids that are not done (or not found)
 * @param workplan the workplan path, or null when none is configured
 */
public record ExitCriteria(Boolean met, String detail, List<String> notDone, String workplan) {

    public ExitCriteria {
        notDone = notDone == null ? List.of() : List.copyOf(notDone);
    }

    public static ExitCriteria notConfigured() {
        return new ExitCriteria(false, "no workplan configured in loop.yml (workplan:), so the exit criteria cannot be met",
                List.of(), null);
    }

    /** The loop's loop.yml cannot be used: {@code problem} is its first error, as {@code path:line: message}. */
    public static ExitCriteria brokenConfig(String problem) {
        return new ExitCriteria(null, "loop.yml cannot be used (" + problem + "), so the exit criteria are unknown until it is fixed",
                List.of(), null);
    }

    public static ExitCriteria unreadable(String workplan, String why) {
        return new ExitCriteria(null, "workplan " + workplan + " could not be read: " + why, List.of(), workplan);
    }
}
