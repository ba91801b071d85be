package dev.loopreg.alert;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One line of {@code urgent-tasks.jsonl}, as far as the ledger needs it.
 *
 * @param id      the urgent task, {@code URG-NNN}
 * @param kind    what happened to it
 * @param loop    the loop
 * @param trigger the demotion trigger
 * @param at      when
 * @param target  for deliveries: {@code state-hub} or {@code webhook}; for an acknowledgement: who acknowledged; else null
 */
public record UrgentEvent(String id, Kind kind, String loop, String trigger, Instant at, String target) {

    public enum Kind {
        RAISED, CLEARED, DELIVERED, DELIVERY_FAILED, ACKNOWLEDGED;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static java.util.Optional<Kind> parse(String s) {
            for (Kind k : values()) {
                if (k.id().equals(s)) return java.util.Optional.of(k);
            }
            return java.util.Optional.empty();
        }
    }

    public UrgentEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
    }
}
