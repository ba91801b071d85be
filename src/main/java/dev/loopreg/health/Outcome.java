package dev.loopreg.health;

import java.util.Objects;

/**
 * What one source gave for one cycle: a value, or the reason there is none. A reason is either a
 * {@linkplain Kind#FAILED failure} (the source is configured but failed, is missing or is malformed: the
 * collection's exit code says so), {@linkplain Kind#NO_DATA no data} (the source worked but the interval
 * holds nothing to measure) or {@linkplain Kind#NOT_CONFIGURED not configured}. Never a made-up 0.
 */
public sealed interface Outcome<T> {

    enum Kind { FAILED, NO_DATA, NOT_CONFIGURED }

    record Value<T>(T value) implements Outcome<T> {
        public Value {
            Objects.requireNonNull(value, "value");
        }
    }

    record Missing<T>(Kind kind, String reason) implements Outcome<T> {
        public Missing {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(reason, "reason");
        }
    }

    static <T> Outcome<T> of(T value) {
        return new Value<>(value);
    }

    static <T> Outcome<T> failed(String reason) {
        return new Missing<>(Kind.FAILED, reason);
    }

    static <T> Outcome<T> noData(String reason) {
        return new Missing<>(Kind.NO_DATA, reason);
    }

    static <T> Outcome<T> notConfigured(String reason) {
        return new Missing<>(Kind.NOT_CONFIGURED, reason);
    }

    /** The value, or null when missing. */
    default T orNull() {
        return this instanceof Value<T> v ? v.value() : null;
    }

    default boolean failed() {
        return this instanceof Missing<T> m && m.kind() == Kind.FAILED;
    }

    /** The same reason for another type. */
    @SuppressWarnings("unchecked")
    default <U> Outcome<U> castMissing() {
        if (this instanceof Missing<T> m) {
            return (Outcome<U>) m;
        }
        throw new IllegalStateException("not missing");
    }
}
