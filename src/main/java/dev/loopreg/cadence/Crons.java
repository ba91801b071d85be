package dev.loopreg.cadence;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Five-field Unix cron expressions (as in crontab and the seed's {@code cadence.yml}), read with cron-utils. */
public final class Crons {

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private Crons() {
    }

    /** Why {@code expression} is not a valid 5-field cron, or empty when it is. */
    public static Optional<String> problem(String expression) {
        if (expression == null || expression.isBlank()) {
            return Optional.of("empty cron expression; expected 5 fields such as \"0 * * * *\"");
        }
        try {
            times(expression);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("'" + expression + "' is not a valid cron expression (" + e.getMessage()
                    + "); expected 5 fields: minute hour day-of-month month day-of-week, such as \"0 * * * *\"");
        }
    }

    /** Parsed crons by expression: a workspace has a handful, read again on every cycle. Bounded. */
    private static final java.util.Map<String, ExecutionTime> CACHE = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int CACHE_MAX = 1024;

    /** The execution times of a valid expression (parsed once). */
    private static ExecutionTime times(String expression) {
        ExecutionTime et = CACHE.get(expression);
        if (et == null) {
            et = ExecutionTime.forCron(parse(expression));
            if (CACHE.size() >= CACHE_MAX) CACHE.clear();
            CACHE.put(expression, et);
        }
        return et;
    }

    public static Cron parse(String expression) {
        String[] fields = expression.trim().split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("it has " + fields.length + " fields, not 5");
        }
        Cron cron = PARSER.parse(expression.trim());
        cron.validate();
        return cron;
    }

    /*
     * The slot rule, one for every cron: the cron names wall-clock times in the zone. Each wall-clock time it names
     * is one slot, at that time's first occurrence: at a daylight-saving fall-back a repeated time (02:30, or every
     * minute of a repeated hour) has one slot, the first; at a spring-forward a time that does not exist (the skipped
     * half hour on Lord Howe Island, the skipped hour elsewhere) has none, and every time that does exist has its
     * slot. So an hourly cron has 23 slots on a spring-forward day and 24 on a fall-back day, like any list or range
     * of hours. cron-utils walks the local timeline here (in UTC, which has no transitions); java.time maps each
     * wall-clock time to its instant. cron-utils' own zone handling disagrees with this rule at transitions (a list
     * of hours gets both occurrences of a repeated time, a time that exists after a half-hour shift gets no slot).
     */

    /** The local timeline: wall-clock times, walked without transitions. */
    private static final ZoneId WALL = ZoneOffset.UTC;

    /** Guards the walks over candidates that are not slots (the minutes of a repeated hour, at most). */
    private static final int MAX_SKIPS = 100_000;

    /** How far a transition can move the wall clock; a walk near one starts this much beyond. */
    private static final Duration MAX_SHIFT = Duration.ofHours(3);

    /** The slot of a wall-clock time: its first occurrence in {@code zone}, or empty when it does not exist there. */
    static Optional<Instant> slotOf(ZoneId zone, LocalDateTime wall) {
        List<ZoneOffset> offsets = zone.getRules().getValidOffsets(wall);
        if (offsets.isEmpty()) return Optional.empty();
        // the larger offset gives the earlier instant: the first occurrence
        ZoneOffset largest = offsets.stream().max(Comparator.comparingInt(ZoneOffset::getTotalSeconds)).orElseThrow();
        return Optional.of(wall.toInstant(largest));
    }

    /** A question asked of a cron: the answers are pure, and a fleet's loops ask the same few at every evaluation. */
    private record Asked(boolean next, String expression, ZoneId zone, Instant now) {
    }

    /** Answers by question (bounded): 1,000 loops on one cron walk cron-utils' candidates once, not 2,000 times. */
    private static final java.util.Map<Asked, Optional<Instant>> ANSWERS = new java.util.concurrent.ConcurrentHashMap<>();

    private static Optional<Instant> remembered(Asked q, java.util.function.Supplier<Optional<Instant>> walk) {
        Optional<Instant> a = ANSWERS.get(q);
        if (a == null) {
            a = walk.get();
            if (ANSWERS.size() >= CACHE_MAX) ANSWERS.clear();
            ANSWERS.put(q, a);
        }
        return a;
    }

    /** The first slot strictly after {@code now}, in {@code zone}. */
    public static Optional<Instant> next(String expression, ZoneId zone, Instant now) {
        return remembered(new Asked(true, expression, zone, now), () -> walkNext(expression, zone, now));
    }

    private static Optional<Instant> walkNext(String expression, ZoneId zone, Instant now) {
        ExecutionTime et = times(expression);
        ZonedDateTime c = LocalDateTime.ofInstant(now, zone).atZone(WALL);
        for (int i = 0; i < MAX_SKIPS; i++) {
            Optional<ZonedDateTime> n = et.nextExecution(c);
            if (n.isEmpty()) return Optional.empty();
            c = n.get();
            Optional<Instant> slot = slotOf(zone, c.toLocalDateTime());
            if (slot.isPresent() && slot.get().isAfter(now)) return slot;
        }
        return Optional.empty();
    }

    /** The latest slot at or before {@code now}, in {@code zone} (see the slot rule above). */
    public static Optional<Instant> latestAtOrBefore(String expression, ZoneId zone, Instant now) {
        return remembered(new Asked(false, expression, zone, now), () -> walkBack(expression, zone, now));
    }

    private static Optional<Instant> walkBack(String expression, ZoneId zone, Instant now) {
        ExecutionTime et = times(expression);
        LocalDateTime wall = LocalDateTime.ofInstant(now, zone);
        // in the second occurrence of a repeated hour, later wall-clock times map to earlier instants: start beyond
        ZoneOffsetTransition t = zone.getRules().nextTransition(now.minus(MAX_SHIFT));
        if (t != null && !t.getInstant().isAfter(now.plus(MAX_SHIFT))) wall = wall.plus(MAX_SHIFT);
        ZonedDateTime c = wall.atZone(WALL);
        Optional<ZonedDateTime> candidate = et.isMatch(c) && c.getSecond() == 0 && c.getNano() == 0 ? Optional.of(c) : et.lastExecution(c);
        for (int i = 0; i < MAX_SKIPS && candidate.isPresent(); i++) {
            Optional<Instant> slot = slotOf(zone, candidate.get().toLocalDateTime());
            if (slot.isPresent() && !slot.get().isAfter(now)) return slot;
            candidate = et.lastExecution(candidate.get());
        }
        return Optional.empty();
    }

    /** The slot before {@code slot} (strictly earlier), in {@code zone}. */
    public static Optional<Instant> previous(String expression, ZoneId zone, Instant slot) {
        return latestAtOrBefore(expression, zone, slot.minusNanos(1));
    }
}
