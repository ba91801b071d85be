package dev.loopreg.cli;

import dev.loopreg.schedule.OnCalendar;
import dev.loopreg.schedule.ServeSchedule;
import dev.loopreg.server.JobSources;
import dev.loopreg.store.WorkspaceReader;
import dev.loopreg.workspace.RegulatorException;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code loopreg timer}: the drop-in that makes {@code loopreg-collect.timer} fire at the cron of the workspace's
 * collector definition (the one {@code serve} would run the cycle at), in the policy's time zone, as systemd's
 * {@code OnCalendar=}. For the machines that run the cycle by the timer instead of {@code serve}. Read-only.
 */
@Command(name = "timer", header = "Prints the systemd timer drop-in that runs the cycle at the collector definition's cron.",
        mixinStandardHelpOptions = true,
        description = {"Prints, for loopreg-collect.timer, the OnCalendar= of the cron of the workspace's activity definition with "
                + "role: collector (else the regulator's cadence.yml), in the policy's time_zone: the same slots serve runs the "
                + "cycle at. Save it as /etc/systemd/system/loopreg-collect.timer.d/schedule.conf and run systemctl daemon-reload; "
                + "write it again when that cron changes (apply regulator). Read-only. Exit 1 when the collector is disabled or "
                + "its cron has no OnCalendar= of the same meaning (the reason is said)."})
final class TimerCommand extends Subcommand implements Callable<Integer> {

    @CommandLine.Mixin
    GlobalOptions.Workspace global;

    @Override
    public Integer call() throws Exception {
        root.workspace().require();
        var store = root.store();
        JobSources.Read read = JobSources.read(store.workspace(), new WorkspaceReader(store), ZoneOffset.UTC);
        ServeSchedule.Job cycle = read.jobs().get(ServeSchedule.Kind.CYCLE);
        out().print(dropIn(cycle, read.zone()));
        return ExitCodes.OK;
    }

    /** The drop-in for {@code cycle}'s cron in {@code zone}; refused (exit 1) when it does not run or cannot be said. */
    static String dropIn(ServeSchedule.Job cycle, java.time.ZoneId zone) throws RegulatorException {
        if (cycle.cron() == null) {
            throw new RegulatorException(RegulatorException.BAD_INPUT, cycle.source() + ": no cron; expected a five-field cron such as "
                    + "\"50 * * * *\" for the collector");
        }
        if (!cycle.enabled()) {
            throw new RegulatorException(RegulatorException.BAD_INPUT, cycle.source() + ": enabled: false, so the cycle is not run on a "
                    + "schedule and there is no timer to write; set enabled: true when it should run, then run loopreg timer again");
        }
        String on;
        try {
            on = OnCalendar.of(cycle.cron(), zone);
        } catch (OnCalendar.NotExpressible e) {
            throw new RegulatorException(RegulatorException.BAD_INPUT, cycle.source() + ": cron " + e.getMessage()
                    + "; loopreg serve can run it, a systemd timer cannot");
        }
        return "# /etc/systemd/system/loopreg-collect.timer.d/schedule.conf, written by `loopreg timer` from\n"
                + "# " + cycle.source() + " (cron \"" + cycle.cron() + "\", time zone " + zone.getId() + ").\n"
                + "# Write it again when that cron changes, then: systemctl daemon-reload\n"
                + "[Timer]\n"
                + "OnCalendar=\n"
                + "OnCalendar=" + on + "\n";
    }
}
