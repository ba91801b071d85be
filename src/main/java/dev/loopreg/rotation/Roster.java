package dev.loopreg.rotation;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code loops/kaizen-stack/roster.yaml} (ADR-004): the repos receiving optimization focus, the ordered
 * expansion queue, and the saturated repos. Immutable; the moves return a new roster (pure).
 */
public record Roster(List<Entry> active, List<Entry> queue, List<Entry> saturated) {

    public static final String ACTIVE = "active";
    public static final String QUEUE = "expansion_queue";
    public static final String SATURATED = "saturated";
    public static final List<String> STATUSES = List.of(ACTIVE, QUEUE, SATURATED);

    public static final String NORMAL = "normal";
    public static final String ELEVATED = "elevated";

    public Roster {
        active = List.copyOf(active);
        queue = List.copyOf(queue);
        saturated = List.copyOf(saturated);
    }

    public static Roster empty() {
        return new Roster(List.of(), List.of(), List.of());
    }

    /**
     * One repo of the roster.
     *
     * @param since       when it became active (active entries)
     * @param priority    {@code normal} or {@code elevated} (active entries)
     * @param saturatedAt when it was rotated out (saturated entries)
     * @param requeuedAt  when a revisit put it back in the queue
     * @param decision    the decision that put it where it is
     * @param reason      why (a revisit's reason)
     * @param other       keys loopreg does not know, kept as they were
     */
    public record Entry(String repo, Instant since, String priority, Instant saturatedAt, Instant requeuedAt, String decision,
                        String reason, Map<String, JsonNode> other) {
        public Entry {
            Objects.requireNonNull(repo, "repo");
            other = other == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(other));
        }

        public static Entry of(String repo) {
            return new Entry(repo, null, null, null, null, null, null, Map.of());
        }
    }

    /** A move that is not possible; {@code refused} when the repo is on the roster but in the wrong list. */
    public static final class MoveException extends Exception {
        private final boolean refused;

        public MoveException(String message, boolean refused) {
            super(message);
            this.refused = refused;
        }

        public boolean refused() {
            return refused;
        }
    }

    /** The list a repo is in, or empty. */
    public Optional<String> statusOf(String repo) {
        if (find(active, repo).isPresent()) return Optional.of(ACTIVE);
        if (find(queue, repo).isPresent()) return Optional.of(QUEUE);
        if (find(saturated, repo).isPresent()) return Optional.of(SATURATED);
        return Optional.empty();
    }

    public Optional<Entry> entry(String repo) {
        return find(active, repo).or(() -> find(queue, repo)).or(() -> find(saturated, repo));
    }

    public List<Entry> list(String status) {
        return switch (status) {
            case ACTIVE -> active;
            case QUEUE -> queue;
            case SATURATED -> saturated;
            default -> throw new IllegalArgumentException(status);
        };
    }

    private static Optional<Entry> find(List<Entry> l, String repo) {
        return l.stream().filter(e -> e.repo().equals(repo)).findFirst();
    }

    /**
     * What a rotation did.
     *
     * @param saturated the rotated repo's new entry
     * @param promoted  the repo promoted from the queue, or null
     * @param note      why none was promoted, or null
     */
    public record Rotation(Roster after, Entry saturated, Entry promoted, String note) {
    }

    /**
     * Rotates {@code repo}: out of {@code active} into {@code saturated} with {@code saturated_at}; the head of
     * the queue becomes active with elevated priority, unless that would exceed {@code maxActive}.
     */
    public Rotation rotate(String repo, Instant now, String decisionId, int maxActive) throws MoveException {
        Entry e = find(active, repo).orElseThrow(() -> notIn(repo, ACTIVE));
        List<Entry> newActive = new ArrayList<>(active);
        newActive.remove(e);
        Entry sat = new Entry(repo, null, null, now, null, decisionId, null, e.other());
        List<Entry> newSaturated = new ArrayList<>(saturated);
        newSaturated.add(sat);
        List<Entry> newQueue = new ArrayList<>(queue);
        Entry promoted = null;
        String note = null;
        if (newQueue.isEmpty()) {
            note = "the expansion queue is empty: no repo was promoted";
        } else if (newActive.size() >= maxActive) {
            note = newActive.size() + " repos are still active (max_active " + maxActive + "): " + newQueue.get(0).repo()
                    + " stays first in the queue";
        } else {
            Entry head = newQueue.remove(0);
            promoted = new Entry(head.repo(), now, ELEVATED, null, null, decisionId, null, head.other());
            newActive.add(promoted);
        }
        return new Rotation(new Roster(newActive, newQueue, newSaturated), sat, promoted, note);
    }

    /** A saturated repo goes back to the head of the queue, with the reason. */
    public Roster revisit(String repo, Instant now, String decisionId, String reason) throws MoveException {
        Entry e = find(saturated, repo).orElseThrow(() -> notIn(repo, SATURATED));
        List<Entry> newSaturated = new ArrayList<>(saturated);
        newSaturated.remove(e);
        List<Entry> newQueue = new ArrayList<>(queue);
        newQueue.add(0, new Entry(repo, null, null, null, now, decisionId, reason, e.other()));
        return new Roster(active, newQueue, newSaturated);
    }

    private MoveException notIn(String repo, String expected) {
        Optional<String> st = statusOf(repo);
        if (st.isEmpty()) {
            return new MoveException("repo '" + repo + "' is not on the roster; expected one of the " + expected + " repos: "
                    + names(list(expected)), false);
        }
        return new MoveException("repo '" + repo + "' is in " + st.get() + ", not in " + expected + "; " + expected + " repos: "
                + names(list(expected)), true);
    }

    public static String names(List<Entry> l) {
        return l.isEmpty() ? "none" : String.join(", ", l.stream().map(Entry::repo).toList());
    }
}
