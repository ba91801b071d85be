package dev.loopreg.cadence;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
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

    /** The first slot strictly after {@code now}, in {@code zone}. */
    public static Optional<Instant> next(String expression, ZoneId zone, Instant now) {
        ExecutionTime et = times(expression);
        return et.nextExecution(ZonedDateTime.ofInstant(now, zone)).map(ZonedDateTime::toInstant);
    }

    /**
     * The latest slot at or before {@code now}, in {@code zone}. Slots are the instants a forward walk of
     * the cron visits (as cron itself runs a job): at a daylight-saving fall-back a daily job whose time
     * repeats has one slot, the first; at a spring-forward a time that does not exist has none.
     */
    public static Optional<Instant> latestAtOrBefore(String expression, ZoneId zone, Instant now) {
        ExecutionTime et = times(expression);
        ZonedDateTime z = ZonedDateTime.ofInstant(now, zone);
        Optional<ZonedDateTime> candidate = et.isMatch(z) && z.getSecond() == 0 && z.getNano() == 0
                ? Optional.of(z) : et.lastExecution(z);
        return candidate.map(c -> canonical(et, c).toInstant());
    }

    /** The slot before {@code slot} (strictly earlier), in {@code zone}. */
    public static Optional<Instant> previous(String expression, ZoneId zone, Instant slot) {
        ExecutionTime et = times(expression);
        return et.lastExecution(ZonedDateTime.ofInstant(slot, zone)).map(c -> canonical(et, c).toInstant());
    }

    /**
     * A backward step can land on an instant the forward walk skips (the second 02:30 of a fall-back
     * night for a daily cron); step back until the forward walk from the slot before reaches it.
     */
    private static ZonedDateTime canonical(ExecutionTime et, ZonedDateTime candidate) {
        ZonedDateTime c = candidate;
        for (int guard = 0; guard < 4; guard++) {
            Optional<ZonedDateTime> before = et.lastExecution(c);
            if (before.isEmpty()) {
                return c;
            }
            Optional<ZonedDateTime> forward = et.nextExecution(before.get());
            if (forward.isPresent() && forward.get().toInstant().equals(c.toInstant())) {
                return c;
            }
            c = before.get();
        }
        return c;
    }
}
