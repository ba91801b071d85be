package dev.loopreg.alert;

import dev.loopreg.cadence.RuleResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Which urgent tasks to raise, clear or deliver (pure). */
public final class Alerts {

    public static final Pattern ID = Pattern.compile("URG-(\\d{1,9})");

    /** An urgent task raised and not cleared. */
    public record Open(String id, String loop, String trigger, Instant raisedAt, Set<String> delivered, Acknowledged acknowledged) {
        public Open {
            delivered = Set.copyOf(delivered);
        }

        Open(String id, String loop, String trigger, Instant raisedAt, Set<String> delivered) {
            this(id, loop, trigger, raisedAt, delivered, null);
        }
    }

    /** A person took the task on: who and when. It stays open until its trigger clears. */
    public record Acknowledged(String by, Instant at) {
    }

    /** What the ledger says now: the open tasks by {@code loop/trigger}, and the highest id used. */
    public record Ledger(Map<String, Open> open, int highest) {
        public Ledger {
            open = Map.copyOf(open);
        }

        public Optional<Open> open(String loop, String trigger) {
            return Optional.ofNullable(open.get(key(loop, trigger)));
        }
    }

    /** An action on the ledger. */
    public sealed interface Action {
        String loop();

        RuleResult rule();
    }

    /** Raise a new urgent task for a trigger that fires with no open task. */
    public record Raise(String id, String loop, RuleResult rule) implements Action {
    }

    /** Clear the open task of a trigger that was evaluated and does not fire. */
    public record Clear(Open task, RuleResult rule) implements Action {
        public String loop() {
            return task.loop();
        }
    }

    private Alerts() {
    }

    public static String key(String loop, String trigger) {
        return loop + "/" + trigger;
    }

    public static String format(int n) {
        return String.format("URG-%03d", n);
    }

    /** Replays the ledger's events, oldest first. */
    public static Ledger replay(Collection<UrgentEvent> events) {
        Map<String, Open> open = new TreeMap<>();
        Map<String, String> keyOf = new TreeMap<>();
        int highest = 0;
        for (UrgentEvent e : events) {
            Matcher m = ID.matcher(e.id());
            if (m.matches()) highest = Math.max(highest, Integer.parseInt(m.group(1)));
            switch (e.kind()) {
                case RAISED -> {
                    String k = key(e.loop(), e.trigger());
                    open.put(k, new Open(e.id(), e.loop(), e.trigger(), e.at(), Set.of()));
                    keyOf.put(e.id(), k);
                }
                case CLEARED -> {
                    String k = keyOf.remove(e.id());
                    if (k != null) open.remove(k);
                }
                case DELIVERED -> {
                    String k = keyOf.get(e.id());
                    Open o = k == null ? null : open.get(k);
                    if (o != null && e.target() != null) {
                        Set<String> d = new TreeSet<>(o.delivered());
                        d.add(e.target());
                        open.put(k, new Open(o.id(), o.loop(), o.trigger(), o.raisedAt(), d, o.acknowledged()));
                    }
                }
                case ACKNOWLEDGED -> {
                    String k = keyOf.get(e.id());
                    Open o = k == null ? null : open.get(k);
                    if (o != null && o.acknowledged() == null) {
                        open.put(k, new Open(o.id(), o.loop(), o.trigger(), o.raisedAt(), o.delivered(), new Acknowledged(e.target(), e.at())));
                    }
                }
                case DELIVERY_FAILED -> {
                    // the task stays undelivered to that target: the next collection tries again
                }
            }
        }
        return new Ledger(open, highest);
    }

    /**
     * The actions for one loop's evaluated demotion triggers: raise for a firing trigger without an open
     * task, clear an open task whose trigger was evaluated and does not fire. "No data" changes nothing.
     * The operator override is a person's act, not an alarm, and is left out.
     */
    public static List<Action> reconcile(Ledger ledger, String loop, List<RuleResult> triggers, String overrideId) {
        List<Action> out = new ArrayList<>();
        int next = ledger.highest();
        for (RuleResult r : triggers) {
            if (r.kind() != RuleResult.Kind.DEMOTION || r.id().equals(overrideId)) continue;
            Optional<Open> open = ledger.open(loop, r.id());
            if (Boolean.TRUE.equals(r.holds()) && open.isEmpty()) {
                out.add(new Raise(format(++next), loop, r));
            } else if (Boolean.FALSE.equals(r.holds()) && open.isPresent()) {
                out.add(new Clear(open.get(), r));
            }
        }
        return out;
    }

    /** Open tasks not yet delivered to each of {@code targets}, in id order. */
    public static List<Map.Entry<Open, String>> undelivered(Ledger ledger, List<String> targets) {
        List<Map.Entry<Open, String>> out = new ArrayList<>();
        List<Open> open = new ArrayList<>(ledger.open().values());
        open.sort(java.util.Comparator.comparing(Open::id));
        for (Open o : open) {
            for (String t : targets) {
                if (!o.delivered().contains(t)) out.add(Map.entry(o, t));
            }
        }
        return out;
    }
}
