package dev.loopreg.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopreg.format.Instants;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outbox's state, folded from its events in {@code loops/regulator/outbox.jsonl} (oldest first). Each entry is queued
 * once, in the plan of its decision; then every attempt to send it is recorded, and — when it was refused for good or kept
 * failing past {@code dead_after} — that it is a dead letter, until a person queues it again. Pure.
 *
 * <ul>
 *   <li>{@code {"event": "queued", "key", "target", "path", "decision", "at", "body"}}</li>
 *   <li>{@code {"event": "sending", "key", "at", "by", "until"}}: a deliverer took the entry to send it; no other sends it
 *   before {@code until} (its attempt ends the claim; a deliverer that died lets it lapse)</li>
 *   <li>{@code {"event": "attempt", "key", "at", "outcome": "delivered" | "failed" | "refused", "status", "reason", "reference"}}</li>
 *   <li>{@code {"event": "dead", "key", "at", "reason"}}</li>
 *   <li>{@code {"event": "requeued", "key", "at", "by"}}</li>
 * </ul>
 */
public final class Outbox {

    /** An entry's state. */
    public enum Status {
        PENDING, DELIVERED, DEAD;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** What one attempt gave. */
    public enum Outcome {
        /** a 2xx answer */
        DELIVERED,
        /**
         * worth another try: no connection, no answer in time, 408, 409 (the receiver is still handling a request with the
         * same Idempotency-Key, as the IETF's Idempotency-Key header draft says), 425, 429, 5xx
         */
        FAILED,
        /** refused for good: any other 4xx (400, 401, 403, 404, 422 …), which waiting will not change */
        REFUSED;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Optional<Outcome> parse(String s) {
            for (Outcome o : values()) if (o.id().equals(s)) return Optional.of(o);
            return Optional.empty();
        }

        /** The 4xx answers that are tried again: 408 Request Timeout, 409 Conflict, 425 Too Early, 429 Too Many Requests. */
        public static final java.util.Set<Integer> RETRIED_4XX = java.util.Set.of(408, 409, 425, 429);

        /** What an HTTP status means for a delivery (0: no answer at all). */
        public static Outcome of(int status) {
            if (status >= 200 && status <= 299) return DELIVERED;
            if (status >= 400 && status <= 499 && !RETRIED_4XX.contains(status)) return REFUSED;
            return FAILED;
        }
    }

    /** One recorded attempt. */
    public record Attempt(Instant at, Outcome outcome, Integer status, String reason, String reference) {
    }

    /**
     * One entry and what became of it.
     *
     * @param since    when it was queued, or queued again by a person (the age that makes it a dead letter counts from here)
     * @param attempts every attempt, oldest first (also those before a requeue)
     * @param tries    the attempts since {@code since}
     * @param deadReason why it is a dead letter, when it is one
     */
    public record Entry(Delivery delivery, Status status, Instant since, List<Attempt> attempts, int tries, String deadReason,
                        String reference, Claim claim) {

        Entry(Delivery delivery, Status status, Instant since, List<Attempt> attempts, int tries, String deadReason, String reference) {
            this(delivery, status, since, attempts, tries, deadReason, reference, null);
        }

        Entry claimed(Claim c) {
            return new Entry(delivery, status, since, attempts, tries, deadReason, reference, c);
        }

        /** Whether a deliverer is sending it at {@code now} (its claim has not lapsed). */
        public boolean sending(Instant now) {
            return claim != null && now.isBefore(claim.until());
        }

        public Optional<Attempt> last() {
            return attempts.isEmpty() ? Optional.empty() : Optional.of(attempts.get(attempts.size() - 1));
        }
    }

    /** A deliverer's claim on an entry: who, until when. */
    public record Claim(String by, Instant until) {
    }

    /** The settings of policy.yml {@code outbox}: when an entry is given up on, and how long between tries at most. */
    public record Settings(Duration deadAfter, Duration firstBackoff, Duration maxBackoff) {
        public static Settings defaults() {
            return new Settings(Duration.ofHours(24), Duration.ofMinutes(1), Duration.ofHours(1));
        }
    }

    private final Map<String, Entry> entries;
    private final List<String> problems;

    private Outbox(Map<String, Entry> entries, List<String> problems) {
        this.entries = entries;
        this.problems = problems;
    }

    /** The state after {@code events} (each a line of the outbox, oldest first); a line that is not an event is a problem. */
    public static Outbox fold(List<JsonNode> events) {
        Map<String, Entry> m = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        int n = 0;
        for (JsonNode e : events) {
            n++;
            String key = e.path("key").asText(null);
            String event = e.path("event").asText("");
            Instant at = instant(e.path("at"));
            if (key == null || at == null) {
                problems.add("event " + n + ": no key or no instant; expected {\"event\", \"key\", \"at\", ...}");
                continue;
            }
            Entry cur = m.get(key);
            switch (event) {
                case "queued" -> {
                    if (cur != null) continue;   // queued once: a second line for the key (a retried plan) changes nothing
                    Delivery d = new Delivery(key, e.path("target").asText(""), e.path("path").asText(""), e.path("decision").asText(""),
                            e.path("body"), at);
                    m.put(key, new Entry(d, Status.PENDING, at, List.of(), 0, null, null));
                }
                case "attempt" -> {
                    if (cur == null) {
                        problems.add("event " + n + ": an attempt of " + key + ", which was never queued");
                        continue;
                    }
                    Outcome o = Outcome.parse(e.path("outcome").asText("")).orElse(Outcome.FAILED);
                    Integer status = e.hasNonNull("status") ? e.get("status").asInt() : null;
                    Attempt a = new Attempt(at, o, status, text(e, "reason"), text(e, "reference"));
                    List<Attempt> attempts = new ArrayList<>(cur.attempts());
                    attempts.add(a);
                    Status s = cur.status() == Status.DELIVERED || o == Outcome.DELIVERED ? Status.DELIVERED : cur.status();
                    String ref = o == Outcome.DELIVERED && cur.reference() == null ? a.reference() : cur.reference();
                    m.put(key, new Entry(cur.delivery(), s, cur.since(), List.copyOf(attempts), cur.tries() + 1, cur.deadReason(), ref));
                }
                case "sending" -> {
                    if (cur == null) {
                        problems.add("event " + n + ": a claim on " + key + ", which was never queued");
                        continue;
                    }
                    Instant until = instant(e.path("until"));
                    if (until == null) {
                        problems.add("event " + n + ": a claim without 'until'; expected {\"event\": \"sending\", \"key\", \"at\", \"by\", \"until\"}");
                        continue;
                    }
                    m.put(key, cur.claimed(new Claim(e.path("by").asText(""), until)));
                }
                case "dead" -> {
                    if (cur == null || cur.status() == Status.DELIVERED) continue;
                    m.put(key, new Entry(cur.delivery(), Status.DEAD, cur.since(), cur.attempts(), cur.tries(), text(e, "reason"), null));
                }
                case "requeued" -> {
                    if (cur == null || cur.status() != Status.DEAD) continue;
                    m.put(key, new Entry(cur.delivery(), Status.PENDING, at, cur.attempts(), 0, null, null));
                }
                default -> problems.add("event " + n + ": '" + event + "' is not an outbox event; expected queued, sending, attempt, dead "
                        + "or requeued");
            }
        }
        return new Outbox(m, List.copyOf(problems));
    }

    private static Instant instant(JsonNode n) {
        if (!n.isTextual()) return null;
        try {
            return Instants.parse(n.asText());
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String text(JsonNode e, String field) {
        return e.hasNonNull(field) ? e.get(field).asText() : null;
    }

    public List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    public Optional<Entry> entry(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    public List<String> problems() {
        return problems;
    }

    public List<Entry> with(Status s) {
        return entries.values().stream().filter(e -> e.status() == s).toList();
    }

    /** The oldest pending entry's age at {@code now}, or null when none is pending. */
    public Duration oldestPending(Instant now) {
        return with(Status.PENDING).stream().map(Entry::since).min(Instant::compareTo).map(s -> Duration.between(s, now)).orElse(null);
    }

    /**
     * The pending entries to send at {@code now}: every one when {@code now} is forced (a person ran {@code loopreg
     * deliver}), else those whose wait since their last try is over — {@code firstBackoff} doubled each try, at most
     * {@code maxBackoff} (a fleet's receiver that is down is not hammered by every command and every replica). An entry
     * another deliverer is sending is never due (not even forced): each entry is sent by one deliverer at a time.
     */
    public List<Entry> due(Instant now, Settings s, boolean forced) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : with(Status.PENDING)) {
            if (e.sending(now)) continue;
            if (forced || e.tries() == 0 || e.last().isEmpty()) {
                out.add(e);
                continue;
            }
            Duration wait = backoff(e.tries(), s);
            if (!now.isBefore(e.last().get().at().plus(wait))) out.add(e);
        }
        return out;
    }

    /** The wait after {@code tries} failed tries: the first backoff doubled each time, at most the longest. */
    public static Duration backoff(int tries, Settings s) {
        Duration d = s.firstBackoff();
        for (int i = 1; i < tries && d.compareTo(s.maxBackoff()) < 0; i++) d = d.multipliedBy(2);
        return d.compareTo(s.maxBackoff()) > 0 ? s.maxBackoff() : d;
    }

    /**
     * Whether an entry that just failed at {@code now} is given up on: refused for good, or still failing {@code deadAfter}
     * after it was (re)queued; the reason, or empty.
     */
    public static Optional<String> dead(Entry e, Outcome o, Instant now, Settings s, String reason) {
        if (o == Outcome.REFUSED) return Optional.of("refused for good: " + reason);
        if (o == Outcome.FAILED && !now.isBefore(e.since().plus(s.deadAfter()))) {
            return Optional.of("still failing " + dev.loopreg.cadence.rules.DurationText.format(s.deadAfter()) + " after it was queued: "
                    + reason);
        }
        return Optional.empty();
    }

    // ------------------------------------------------------------------------ the lines

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    public static ObjectNode queued(Delivery d) {
        ObjectNode o = F.objectNode();
        o.put("event", "queued");
        o.put("key", d.key());
        o.put("target", d.target());
        o.put("path", d.path());
        o.put("decision", d.decision());
        o.put("at", Instants.format(d.queuedAt()));
        o.set("body", d.body());
        return o;
    }

    public static ObjectNode sending(String key, Instant at, String by, Instant until) {
        ObjectNode o = F.objectNode();
        o.put("event", "sending");
        o.put("key", key);
        o.put("at", Instants.format(at));
        o.put("by", by);
        o.put("until", Instants.format(until));
        return o;
    }

    public static ObjectNode attempt(String key, Instant at, Outcome outcome, Integer status, String reason, String reference) {
        ObjectNode o = F.objectNode();
        o.put("event", "attempt");
        o.put("key", key);
        o.put("at", Instants.format(at));
        o.put("outcome", outcome.id());
        if (status == null) o.putNull("status"); else o.put("status", status);
        if (reason != null) o.put("reason", reason);
        if (reference != null) o.put("reference", reference);
        return o;
    }

    public static ObjectNode dead(String key, Instant at, String reason) {
        ObjectNode o = F.objectNode();
        o.put("event", "dead");
        o.put("key", key);
        o.put("at", Instants.format(at));
        o.put("reason", reason);
        return o;
    }

    public static ObjectNode requeued(String key, Instant at, String by) {
        ObjectNode o = F.objectNode();
        o.put("event", "requeued");
        o.put("key", key);
        o.put("at", Instants.format(at));
        o.put("by", by);
        return o;
    }
}
