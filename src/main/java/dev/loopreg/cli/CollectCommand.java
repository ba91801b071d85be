package dev.loopreg.cli;

import picocli.CommandLine;

import dev.loopreg.collect.CollectJson;
import dev.loopreg.collect.Collector;
import dev.loopreg.source.Progress;
import dev.loopreg.format.Instants;
import dev.loopreg.health.HealthRecord;
import dev.loopreg.health.LikelyDuplicates;
import dev.loopreg.report.Json;
import dev.loopreg.report.TextTable;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "collect", header = "Appends one health record per loop for each new slot of its cron.", mixinStandardHelpOptions = true,
        description = "Collects one health record per loop for the latest slot of the loop's own cron at or before --now, "
                + "from the loop's sources (tasks, agent metrics of its repos, bootstrap-log rescues), appends it to "
                + "loops/<id>/health.jsonl, then raises an urgent task for every demotion trigger that fires. "
                + "A slot that already has a record is not collected again. Exit 5: a configured source failed.")
final class CollectCommand extends Subcommand implements Callable<Integer> {

    @CommandLine.Mixin
    GlobalOptions.Write global;

    @Option(names = "--loop", paramLabel = "LOOP", description = "Collect only this loop.")
    String loop;

    @Option(names = "--backfill", description = "Fill every missed slot since the last record (each over its own interval), "
            + "at most collect.backfill_max_slots of them (the most recent).")
    boolean backfill;

    @Option(names = "--since", paramLabel = "INSTANT", converter = InstantConverter.class,
            description = "With --backfill and no record yet: start the backfill here.")
    Instant since;

    @Option(names = "--max-slots", paramLabel = "N", description = "With --backfill: at most N slots (overrides the policy).")
    Integer maxSlots;

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
            description = "Feedback on stderr while repos are read: auto (a bar on a terminal, log lines otherwise), bar, log, none. "
                    + "Default: ${DEFAULT-VALUE}.")
    String progress;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    /** Repo reads below this count show no progress. */
    static final int PROGRESS_MIN = 50;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (loop != null) LoopregCommand.loopArg(spec, loop);
        if (maxSlots != null && maxSlots < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--max-slots: " + maxSlots + " is not allowed; expected 1 or more");
        }
        if (since != null && !backfill) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--since needs --backfill");
        }
        Progress p = switch (progress) {
            case "auto" -> System.console() != null ? Progress.bar(System.err, PROGRESS_MIN) : Progress.log(err, PROGRESS_MIN);
            case "bar" -> Progress.bar(System.err, PROGRESS_MIN);
            case "log" -> Progress.log(err, PROGRESS_MIN);
            case "none" -> Progress.none();
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--progress: '" + progress + "' is not a mode; expected auto, bar, log or none");
        };
        root.finishInterrupted();
        Collector c = new Collector(root.store(), root.lockWait(), Clock.systemUTC(), root.env, p);
        Collector.Result r = c.collect(root.now(), new Collector.Options(loop, backfill, since, maxSlots));
        root.deliverAfter(r.queued(), true, json);
        r.notices().forEach(n -> err.println("loopreg: " + n));
        r.problems().forEach(err::println);
        if (json) {
            out.print(Json.pretty(CollectJson.json(r)));
            return r.exitCode();
        }
        out.println("Collected at " + Instants.format(r.now()));
        out.println();
        TextTable t = new TextTable("LOOP", "STATUS", "CYCLES", "UNMEASURED");
        for (Collector.LoopResult l : r.loops()) {
            t.row(l.loop(), status(l), cycles(l), unmeasured(l));
        }
        out.print(t.render());
        for (Collector.LoopResult l : r.loops()) {
            List<String> lines = new ArrayList<>();
            l.errors().forEach(e -> lines.add("error: " + e));
            l.failures().forEach(f -> lines.add("source failed: " + f));
            if (l.saturationSnapshots() > 0) {
                lines.add(l.saturationSnapshots() + " saturation snapshot(s) appended to loops/" + l.loop() + "/saturation.jsonl "
                        + "(loopreg rotation)");
            }
            if (l.skipped() > 0) {
                lines.add(l.skipped() + " older missed slot(s) left out by the backfill bound");
            }
            if (!l.appended().isEmpty()) {
                HealthRecord last = l.appended().get(l.appended().size() - 1);
                last.errors().forEach(e -> lines.add("null " + e));
            }
            lines.addAll(likelyDuplicates(l.likely()));
            if (!lines.isEmpty()) {
                out.println();
                out.println(l.loop() + ":");
                lines.forEach(x -> out.println("  " + x));
            }
        }
        if (!r.urgent().isEmpty()) {
            out.println();
            for (dev.loopreg.store.Urgent u : r.urgent()) {
                String target = u.target() == null ? "" : " (" + u.target() + ")";
                out.println("URGENT " + u.id() + " " + u.event().replace('_', ' ') + target + ": " + u.loop() + " " + u.trigger()
                        + (u.detail() == null ? "" : " — " + u.detail()));
            }
        }
        return r.exitCode();
    }

    /** Groups shown of a loop's likely duplicates, and ids shown of a group: a large export is summarised, not listed. */
    static final int GROUPS_SHOWN = 5;
    static final int IDS_SHOWN = 6;

    /** The likely duplicates, summarised: the first groups with their first ids, the counts of the rest, where all are. */
    static List<String> likelyDuplicates(List<LikelyDuplicates.Group> groups) {
        List<String> lines = new ArrayList<>();
        int ids = 0;
        for (LikelyDuplicates.Group g : groups) ids += g.taskIds().size();
        for (LikelyDuplicates.Group g : groups.subList(0, Math.min(GROUPS_SHOWN, groups.size()))) {
            List<String> shown = g.taskIds().subList(0, Math.min(IDS_SHOWN, g.taskIds().size()));
            int more = g.taskIds().size() - shown.size();
            lines.add("likely duplicates (not marked): " + String.join(", ", shown) + (more > 0 ? " and " + more + " more" : "")
                    + " — \"" + g.title() + "\"");
        }
        boolean cut = groups.size() > GROUPS_SHOWN || groups.stream().anyMatch(g -> g.taskIds().size() > IDS_SHOWN);
        if (cut) {
            lines.add("likely duplicates in all: " + ids + " tasks in " + groups.size() + " group(s)"
                    + (groups.size() > GROUPS_SHOWN ? ", " + (groups.size() - GROUPS_SHOWN) + " group(s) not shown" : "")
                    + "; every id: loopreg collect --json (likely_duplicates)");
        }
        return lines;
    }

    private static String status(Collector.LoopResult l) {
        return switch (l.status()) {
            case Collector.LoopResult.APPENDED -> "appended " + l.appended().size();
            case Collector.LoopResult.UP_TO_DATE -> "up to date";
            default -> "error";
        };
    }

    private static String cycles(Collector.LoopResult l) {
        if (l.appended().isEmpty()) {
            return l.latestSlot() == null ? "—" : "latest " + Instants.format(l.latestSlot());
        }
        HealthRecord first = l.appended().get(0);
        HealthRecord last = l.appended().get(l.appended().size() - 1);
        return (first == last ? "" : Instants.format(first.cycle()) + " … ") + Instants.format(last.cycle());
    }

    private static String unmeasured(Collector.LoopResult l) {
        if (l.appended().isEmpty()) return "—";
        HealthRecord last = l.appended().get(l.appended().size() - 1);
        List<String> names = new ArrayList<>();
        for (String m : List.of("tasks_created", "tasks_completed", "sla_completion_rate", "duplicate_tasks", "false_positive_rate",
                "manual_rescues", "agent_success_rate", "mean_session_time_sec", "cost_signal")) {
            if (last.metric(m) == null) names.add(m);
        }
        return names.isEmpty() ? "none" : names.size() + " of 9";
    }
}
