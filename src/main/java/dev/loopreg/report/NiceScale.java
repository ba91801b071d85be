package dev.loopreg.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Axis ticks people can read (pure): values at 1, 2 or 5 times a power of ten covering the data ("nice numbers",
 * Heckbert's Graphics Gems algorithm, which Grafana's and uPlot's axes also follow): rates on 0 to 1, counts in whole
 * numbers from 0, any other value over the nice range around its data; and time ticks at whole hours, days, weeks or
 * months of the workspace's zone.
 */
public final class NiceScale {

    private NiceScale() {
    }

    /** An axis: from {@code lo} to {@code hi}, ticks every {@code step}; the labels as written. */
    public record Ticks(BigDecimal lo, BigDecimal hi, BigDecimal step, List<BigDecimal> values) {
        public List<String> labels() {
            return values.stream().map(v -> v.signum() == 0 ? "0" : v.stripTrailingZeros().toPlainString()).toList();
        }
    }

    /** What a value axis measures: a rate (0 to 1), a count (whole numbers from 0), or any other value. */
    public enum Unit {
        RATE, COUNT, VALUE;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The ticks of a value axis covering {@code [min, max]} with at most {@code maxTicks} ticks. Rates span 0 to 1 (or
     * further when a value lies outside); counts that are never negative start at 0.
     */
    public static Ticks axis(double min, double max, Unit unit, int maxTicks) {
        if (Double.isNaN(min) || Double.isNaN(max) || Double.isInfinite(min) || Double.isInfinite(max)) {
            min = 0;
            max = 1;
        }
        if (min > max) {
            double t = min;
            min = max;
            max = t;
        }
        if (unit == Unit.RATE) {
            min = Math.min(0, min);
            max = Math.max(1, max);
        } else if (unit == Unit.COUNT && min >= 0) {
            min = 0;
        }
        if (max - min < 1e-12) max = min + (unit == Unit.VALUE ? Math.max(1, Math.abs(min)) : 1);
        int ticks = Math.max(2, maxTicks);
        BigDecimal step = niceStep((max - min) / (ticks - 1));
        if (unit == Unit.COUNT && step.compareTo(BigDecimal.ONE) < 0) step = BigDecimal.ONE;
        BigDecimal lo = BigDecimal.valueOf(Math.floor(min / step.doubleValue())).multiply(step);
        BigDecimal hi = BigDecimal.valueOf(Math.ceil(max / step.doubleValue() - 1e-9)).multiply(step);
        // too many ticks after rounding outwards: the next nice step
        while (hi.subtract(lo).divide(step, 0, RoundingMode.CEILING).intValue() + 1 > ticks) {
            step = niceStep(step.doubleValue() * 1.5);
            lo = BigDecimal.valueOf(Math.floor(min / step.doubleValue())).multiply(step);
            hi = BigDecimal.valueOf(Math.ceil(max / step.doubleValue() - 1e-9)).multiply(step);
        }
        List<BigDecimal> values = new ArrayList<>();
        for (BigDecimal v = lo; v.compareTo(hi.add(step.movePointLeft(6))) <= 0; v = v.add(step)) values.add(v.stripTrailingZeros());
        return new Ticks(lo.stripTrailingZeros(), hi.stripTrailingZeros(), step.stripTrailingZeros(), List.copyOf(values));
    }

    /** The smallest of 1, 2, 5 × 10^k at least {@code raw}. */
    static BigDecimal niceStep(double raw) {
        if (!(raw > 0)) return BigDecimal.ONE;
        int exp = (int) Math.floor(Math.log10(raw));
        double f = raw / Math.pow(10, exp);
        int nice = f <= 1.0000001 ? 1 : f <= 2.0000001 ? 2 : f <= 5.0000001 ? 5 : 10;
        return BigDecimal.valueOf(nice).scaleByPowerOfTen(exp).stripTrailingZeros();
    }

    /** A tick of the time axis: its instant and its label. */
    public record TimeTick(Instant at, String label) {
    }

    private static final List<Duration> STEPS = List.of(Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(3), Duration.ofHours(6),
            Duration.ofHours(12), Duration.ofDays(1), Duration.ofDays(2), Duration.ofDays(7), Duration.ofDays(14));
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.ROOT);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMM yyyy", Locale.ROOT);

    /**
     * Ticks of a time axis from {@code from} to {@code to}: at most {@code maxTicks}, at whole hours (labelled
     * {@code 06:00}, the first of a day with its date), days ({@code Jun 3}), weeks (Mondays) or months
     * ({@code Jun 2026}) of {@code zone}.
     */
    public static List<TimeTick> time(Instant from, Instant to, ZoneId zone, int maxTicks) {
        List<TimeTick> out = new ArrayList<>();
        if (!to.isAfter(from)) return List.of(new TimeTick(from, DAY.format(from.atZone(zone))));
        Duration span = Duration.between(from, to);
        for (Duration step : STEPS) {
            if (span.dividedBy(step) + 1 > maxTicks) continue;
            ZonedDateTime t = align(from.atZone(zone), step);
            while (t.toInstant().isBefore(from)) t = next(t, step);
            while (!t.toInstant().isAfter(to)) {
                boolean dayStart = t.getHour() == 0 && t.getMinute() == 0;
                out.add(new TimeTick(t.toInstant(), step.compareTo(Duration.ofDays(1)) < 0 && !dayStart ? HOUR.format(t) : DAY.format(t)));
                t = next(t, step);
            }
            return out;
        }
        // months: every 1, 2, 3, 6 or 12 of them
        for (int months : new int[]{1, 2, 3, 6, 12, 24, 60, 120}) {
            ZonedDateTime t = from.atZone(zone).truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
            t = t.withMonth(((t.getMonthValue() - 1) / Math.min(months, 12)) * Math.min(months, 12) + 1);
            List<TimeTick> ticks = new ArrayList<>();
            while (!t.toInstant().isAfter(to)) {
                if (!t.toInstant().isBefore(from)) ticks.add(new TimeTick(t.toInstant(), MONTH.format(t)));
                t = t.plusMonths(months);
            }
            if (ticks.size() <= maxTicks) return ticks;
        }
        return List.of(new TimeTick(from, MONTH.format(from.atZone(zone))));
    }

    private static ZonedDateTime align(ZonedDateTime t, Duration step) {
        if (step.compareTo(Duration.ofDays(1)) < 0) {
            ZonedDateTime h = t.truncatedTo(ChronoUnit.HOURS);
            return h.withHour((int) (h.getHour() / step.toHours() * step.toHours()));
        }
        ZonedDateTime d = t.truncatedTo(ChronoUnit.DAYS);
        if (step.toDays() >= 7) return d.minusDays(d.getDayOfWeek().getValue() - 1L);
        return d;
    }

    private static ZonedDateTime next(ZonedDateTime t, Duration step) {
        if (step.compareTo(Duration.ofDays(1)) < 0) {
            ZonedDateTime n = t.plusHours(step.toHours());
            // the ticks of a day stay at the same hours across a change of the clocks
            return n.getHour() % step.toHours() == 0 ? n : n.truncatedTo(ChronoUnit.HOURS).withHour((int) (n.getHour() / step.toHours() * step.toHours()));
        }
        return t.plusDays(step.toDays());
    }
}
