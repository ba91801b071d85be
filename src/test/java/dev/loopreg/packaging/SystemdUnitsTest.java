package dev.loopreg.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopreg.schedule.OnCalendar;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd units the package installs (issue 32), checked by systemd's own tools: each service's exposure by
 * {@code systemd-analyze security --offline=true} is at most 2.0 ("OK"), every unit passes {@code systemd-analyze
 * verify} (with a stand-in for {@code /usr/bin/loopreg}, which only the installed package provides), and the timer's
 * OnCalendar is the seed collector's cron as {@link OnCalendar} writes it, which {@code systemd-analyze calendar}
 * reads.
 */
class SystemdUnitsTest {

    static final Path UNITS = Path.of("src/main/packaging/systemd");

    @TempDir
    Path tmp;

    record Run(int exit, String out) {
    }

    static Run run(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    @Test
    void eachService_isRatedAtMost2_OK() throws Exception {
        for (String unit : List.of("loopreg.service", "loopreg-collect.service")) {
            Run r = run(UNITS, "systemd-analyze", "security", "--offline=true", "--no-pager", unit);
            Matcher m = Pattern.compile("Overall exposure level for " + Pattern.quote(unit) + ": (\\d+\\.\\d) (\\w+)").matcher(r.out());
            assertThat(m.find()).as(r.out()).isTrue();
            assertThat(Double.parseDouble(m.group(1))).as(unit + " exposure").isLessThanOrEqualTo(2.0);
            assertThat(m.group(2)).isEqualTo("OK");
        }
    }

    @Test
    void everyUnit_passesSystemdsVerify() throws Exception {
        Path bin = tmp.resolve("loopreg");
        Files.writeString(bin, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String unit : List.of("loopreg.service", "loopreg-collect.service", "loopreg-collect.timer")) {
            Files.writeString(tmp.resolve(unit), Files.readString(UNITS.resolve(unit)).replace("/usr/bin/loopreg", bin.toString()));
        }
        Run r = run(tmp, "systemd-analyze", "verify", "--man=no", "loopreg.service", "loopreg-collect.service", "loopreg-collect.timer");
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).as("verify's complaints").isBlank();
    }

    @Test
    void theTimer_runsAtTheCollectorsCron() throws Exception {
        String seed = Files.readString(Path.of("examples/sample-workspace/activity-definitions/hourly-loop-health-collector.md"));
        Matcher cron = Pattern.compile("(?m)^cron: \"([^\"]+)\"").matcher(seed);
        assertThat(cron.find()).isTrue();
        String on = OnCalendar.of(cron.group(1), ZoneOffset.UTC);
        assertThat(Files.readString(UNITS.resolve("loopreg-collect.timer"))).contains("\nOnCalendar=" + on + "\n");
        Run r = run(tmp, "systemd-analyze", "calendar", on);
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("Normalized form: " + on);
    }
}
