package dev.loopreg.cli;

import picocli.CommandLine;

import dev.loopreg.report.Json;
import dev.loopreg.report.SimulationReport;
import dev.loopreg.simulate.Comparison;
import dev.loopreg.simulate.Replay;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

@Command(name = "simulate", header = "Replays the recorded history through a policy, changing nothing.", mixinStandardHelpOptions = true,
        description = "Replays the recorded health.jsonl of every loop (and the rotation loop's saturation.jsonl) cycle by cycle "
                + "through a policy, without changing any file, and reports per loop the recommendations it would have made, "
                + "the transitions, the flaps (a promotion undone by a demotion within a week) and how long each phase would "
                + "have lasted, beside what was recorded. With --policy FILE the workspace's policy and FILE are shown side "
                + "by side, ≠ marking the rows where they differ; give --policy twice to compare two files. Approvals, exit "
                + "tasks and operator overrides are taken from recommendations.jsonl and decisions.jsonl.")
final class SimulateCommand extends Subcommand implements Callable<Integer> {

    @CommandLine.Mixin
    GlobalOptions.Workspace global;

    @Option(names = "--policy", paramLabel = "FILE", description = "A policy.yml to replay (at most twice).")
    List<Path> policies = new ArrayList<>();

    @Option(names = "--rotation-policy", paramLabel = "FILE", description = "A rotation-policy.yml to replay (at most twice).")
    List<Path> rotationPolicies = new ArrayList<>();

    @Option(names = "--from", paramLabel = "INSTANT", converter = InstantConverter.class,
            description = "Start from the state recorded at this instant (default: the first record).")
    Instant from;

    @Option(names = "--to", paramLabel = "INSTANT", converter = InstantConverter.class,
            description = "Leave out records and evaluations after this instant (default: all).")
    Instant to;

    @Option(names = "--approval", paramLabel = "MODE", defaultValue = "recorded",
            description = "recorded: the approvals on record while the replay is in the recorded phase, assumed after it "
                    + "leaves them; assumed: approval assumed whenever every other rule holds. Default: ${DEFAULT-VALUE}.")
    String approval;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (policies.size() > 2) throw new ParameterException(spec.commandLine(), "--policy: at most two files, got " + policies.size());
        if (rotationPolicies.size() > 2) {
            throw new ParameterException(spec.commandLine(), "--rotation-policy: at most two files, got " + rotationPolicies.size());
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new ParameterException(spec.commandLine(), "--from " + from + " is not before --to " + to);
        }
        Replay.ApprovalMode mode = switch (approval) {
            case "recorded" -> Replay.ApprovalMode.RECORDED;
            case "assumed" -> Replay.ApprovalMode.ASSUMED;
            default -> throw new ParameterException(spec.commandLine(), "--approval: '" + approval + "' is not a mode; expected recorded or assumed");
        };
        Comparison c = new dev.loopreg.regulator.Simulations(root.regulator(), root.env).run(policies, rotationPolicies, from, to, mode);
        if (json) {
            out().print(Json.pretty(SimulationReport.json(c)));
        } else {
            out().print(SimulationReport.text(c));
        }
        return ExitCodes.OK;
    }
}
