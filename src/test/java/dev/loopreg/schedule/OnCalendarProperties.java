package dev.loopreg.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * A cron as a systemd timer's OnCalendar: for crons of every shape loopreg's definitions use, the OnCalendar that
 * {@link OnCalendar} writes fires, by systemd's own reckoning ({@code systemd-analyze calendar --base-time}), exactly
 * when the cron does by cron-utils'; what systemd cannot say the same way is refused with the reason.
 */
class OnCalendarProperties {

    static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    static final ZonedDateTime BASE = ZonedDateTime.parse("2026-06-01T00:00:30Z");
    static final Pattern ELAPSE = Pattern.compile("(?:Next elapse|Iter\\. #\\d+): \\w{3} (\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}) UTC");

    /** The next {@code n} elapses of an OnCalendar after BASE, as systemd computes them. */
    static List<String> systemd(String onCalendar, int n) throws Exception {
        Process p = new ProcessBuilder("systemd-analyze", "calendar", "--iterations=" + n, "--base-time=2026-06-01 00:00:30 UTC", onCalendar)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(onCalendar + ": " + out).isZero();
        List<String> at = new ArrayList<>();
        Matcher m = ELAPSE.matcher(out);
        while (m.find()) at.add(m.group(1));
        return at;
    }

    /** The next {@code n} times the cron fires after BASE, by cron-utils (what loopreg's scheduler uses). */
    static List<String> cron(String cron, int n) {
        ExecutionTime t = ExecutionTime.forCron(UNIX.parse(cron));
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
        List<String> at = new ArrayList<>();
        ZonedDateTime z = BASE;
        for (int i = 0; i < n; i++) {
            z = t.nextExecution(z).orElseThrow();
            at.add(f.format(z.withZoneSameInstant(ZoneOffset.UTC)));
        }
        return at;
    }

    @Provide
    Arbitrary<String> crons() {
        Arbitrary<String> minute = Arbitraries.oneOf(Arbitraries.just("*"), Arbitraries.integers().between(0, 59).map(String::valueOf),
                Arbitraries.of(2, 5, 10, 15, 20, 30).map(n -> "*/" + n),
                Combinators.combine(Arbitraries.integers().between(0, 29), Arbitraries.integers().between(30, 59)).as((a, b) -> a + "-" + b),
                Arbitraries.integers().between(0, 59).set().ofMinSize(2).ofMaxSize(4).map(s -> String.join(",", s.stream().sorted().map(String::valueOf).toList())));
        Arbitrary<String> hour = Arbitraries.oneOf(Arbitraries.just("*"), Arbitraries.integers().between(0, 23).map(String::valueOf),
                Arbitraries.of(2, 3, 6, 12).map(n -> "*/" + n),
                Combinators.combine(Arbitraries.integers().between(0, 11), Arbitraries.integers().between(12, 23)).as((a, b) -> a + "-" + b));
        Arbitrary<String> dom = Arbitraries.oneOf(Arbitraries.just("*"), Arbitraries.integers().between(1, 28).map(String::valueOf),
                Arbitraries.of(2, 7).map(n -> "*/" + n));
        Arbitrary<String> month = Arbitraries.oneOf(Arbitraries.just("*"), Arbitraries.integers().between(1, 12).map(String::valueOf),
                Arbitraries.of("JAN", "jun", "Dec"));
        Arbitrary<String> dow = Arbitraries.oneOf(Arbitraries.just("*"), Arbitraries.integers().between(0, 7).map(String::valueOf),
                Arbitraries.of("1-5", "MON-FRI", "0,6", "sat", "1,3,5", "6-7"));
        return Combinators.combine(minute, hour, dom, month, dow).as((a, b, c, d, e) -> {
            // cron fires on either a restricted day of month or a restricted weekday; that has no OnCalendar form
            String days = !c.equals("*") && !e.equals("*") ? "*" : e;
            return a + " " + b + " " + c + " " + d + " " + days;
        });
    }

    @Property(tries = 150)
    void theTimerFires_whenTheCronDoes(@ForAll("crons") String cron) throws Exception {
        String on = OnCalendar.of(cron, ZoneOffset.UTC);
        assertThat(systemd(on, 8)).as(cron + " → " + on).isEqualTo(cron(cron, 8));
    }

    @Test
    void theDefinitionsCrons_readAsPeopleWriteThem() throws Exception {
        assertThat(OnCalendar.of("50 * * * *", ZoneOffset.UTC)).isEqualTo("*-*-* *:50:00 UTC");
        assertThat(OnCalendar.of("0 11 * * 1", ZoneOffset.UTC)).isEqualTo("Mon *-*-* 11:00:00 UTC");
        assertThat(OnCalendar.of("*/15 9-17 * * MON-FRI", ZoneId.of("Europe/Berlin"))).isEqualTo("Mon..Fri *-*-* 09..17:00/15:00 Europe/Berlin");
        assertThat(systemd(OnCalendar.of("0 11 * * 1", ZoneId.of("Europe/Berlin")), 1)).isNotEmpty();
    }

    @Test
    void whatATimerCannotSay_isRefusedWithTheReason() {
        assertThatThrownBy(() -> OnCalendar.of("0 11 1 * 1", ZoneOffset.UTC)).isInstanceOf(OnCalendar.NotExpressible.class)
                .hasMessageContaining("restricts both the day of month and the day of week");
        assertThatThrownBy(() -> OnCalendar.of("0 1-10/2 * * *", ZoneOffset.UTC)).hasMessageContaining("a stepped range has no systemd form");
        assertThatThrownBy(() -> OnCalendar.of("0 11 * *", ZoneOffset.UTC)).hasMessageContaining("has 4 fields; expected 5");
        assertThatThrownBy(() -> OnCalendar.of("61 * * * *", ZoneOffset.UTC)).hasMessageContaining("minute 61 is outside 0–59");
    }
}
