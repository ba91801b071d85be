package dev.loopreg.health;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One task of a loop, as a task export line or a state-hub answer gives it.
 *
 * @param id          the task's id
 * @param title       its title
 * @param createdAt   when it was created
 * @param status      its status now
 * @param completedAt when it was completed (status done), or null
 * @param duplicateOf the task it duplicates, or null
 */
public record Task(String id, String title, Instant createdAt, Status status, Instant completedAt, String duplicateOf) {

    /** A task's status. */
    public enum Status {
        OPEN, IN_PROGRESS, DONE, DUPLICATE, CANCELLED;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Status> parse(String s) {
            for (Status v : values()) {
                if (v.id().equals(s)) {
                    return Optional.of(v);
                }
            }
            return Optional.empty();
        }

        public static String choices() {
            return "open | in_progress | done | duplicate | cancelled";
        }
    }

    public Task {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(status, "status");
        title = title == null ? "" : title;
    }

    /** Marked a duplicate: by its status or by {@code duplicate_of} (the seed's numerator of the false-positive rate). */
    public boolean markedDuplicate() {
        return status == Status.DUPLICATE || (duplicateOf != null && !duplicateOf.isBlank());
    }

    /** Not yet closed: open or in progress. */
    public boolean isOpen() {
        return status == Status.OPEN || status == Status.IN_PROGRESS;
    }
}
