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
            parse(expression);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("'" + expression + "' is not a valid cron expression (" + e.getMessage()
                    + "); expected 5 fields: minute hour day-of-month month day-of-week, such as \"0 * * * *\"");
        }
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
        ExecutionTime et = ExecutionTime.forCron(parse(expression));
        return et.nextExecution(ZonedDateTime.ofInstant(now, zone)).map(ZonedDateTime::toInstant);
    }

    /** The latest slot at or before {@code now}, in {@code zone}. */
    public static Optional<Instant> latestAtOrBefore(String expression, ZoneId zone, Instant now) {
        ExecutionTime et = ExecutionTime.forCron(parse(expression));
        ZonedDateTime z = ZonedDateTime.ofInstant(now, zone);
        if (et.isMatch(z) && z.getSecond() == 0 && z.getNano() == 0) {
            return Optional.of(now);
        }
        return et.lastExecution(z).map(ZonedDateTime::toInstant);
    }
}
