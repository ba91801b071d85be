package dev.loopreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code loopreg timer}: the collector definition's cron as the packaged timer's OnCalendar=, or why there is none. */
class TimerCommandTest {

    static final String COLLECTOR = "activity-definitions/hourly-loop-health-collector.md";

    @Test
    void aDisabledCollector_hasNoTimer_andSaysHowToEnableIt(@TempDir Path tmp) throws Exception {
        Path ws = Cli.sample(tmp);
        var before = Cli.snapshot(ws);
        Cli.Result r = Cli.run("-w", ws.toString(), "timer");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("loopreg: " + COLLECTOR + ": enabled: false, so the cycle is not run on a schedule and there is no"
                + " timer to write; set enabled: true when it should run, then run loopreg timer again\n");
        assertThat(Cli.snapshot(ws)).isEqualTo(before);
    }

    @Test
    void anEnabledCollector_givesItsCronAsOnCalendar_inThePolicysZone(@TempDir Path tmp) throws Exception {
        Path ws = Cli.sample(tmp);
        edit(ws.resolve(COLLECTOR), "enabled: false", "enabled: true");
        Cli.Result r = Cli.run("-w", ws.toString(), "timer");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).endsWith("[Timer]\nOnCalendar=\nOnCalendar=*-*-* *:50:00 UTC\n")
                .contains("# " + COLLECTOR + " (cron \"50 * * * *\", time zone UTC).");
        // the regulator's daily cadence, in the policy's zone
        edit(ws.resolve(COLLECTOR), "cron: \"50 * * * *\"", "cron: \"50 6 * * MON-FRI\"");
        edit(ws.resolve("loops/regulator/policy.yml"), "time_zone: UTC", "time_zone: Europe/Berlin");
        r = Cli.run("-w", ws.toString(), "timer");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).endsWith("OnCalendar=Mon..Fri *-*-* 06:50:00 Europe/Berlin\n");
    }

    @Test
    void aCronNoTimerCanSay_isRefused_withTheReason(@TempDir Path tmp) throws Exception {
        Path ws = Cli.sample(tmp);
        edit(ws.resolve(COLLECTOR), "enabled: false", "enabled: true");
        edit(ws.resolve(COLLECTOR), "cron: \"50 * * * *\"", "cron: \"50 6 1 * MON\"");
        Cli.Result r = Cli.run("-w", ws.toString(), "timer");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("loopreg: " + COLLECTOR + ": cron '50 6 1 * MON' restricts both the day of month and the day of week")
                .endsWith("; loopreg serve can run it, a systemd timer cannot\n");
    }

    @Test
    void notAWorkspace_isSaid_insteadOfTheDefaultsTimer(@TempDir Path tmp) {
        Cli.Result r = Cli.run("-w", tmp.resolve("nowhere").toString(), "timer");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("is not a loopreg workspace: it has no loops/ directory");
    }

    private static void edit(Path file, String from, String to) throws Exception {
        String s = Files.readString(file);
        assertThat(s).contains(from);
        Files.writeString(file, s.replace(from, to));
    }
}
