package dev.loopreg.cli;

import dev.loopreg.format.Fmt;
import dev.loopreg.format.Instants;
import dev.loopreg.regulator.Rotations;
import dev.loopreg.report.Json;
import dev.loopreg.report.RotationJson;
import dev.loopreg.report.TextTable;
import dev.loopreg.rotation.Roster;
import dev.loopreg.rotation.RotationPolicy;
import dev.loopreg.rotation.RotationStatus;
import dev.loopreg.rotation.Signal;
import dev.loopreg.rotation.Verdict;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "rotation", header = "Shows each active repo's saturation signals and the rotation picture.", mixinStandardHelpOptions = true,
        description = "Repo rotation on diminishing returns (ADR-004): every active repo of the roster with its four saturation signals, score and verdict; the expansion queue in order; the saturated repos with their revisit dates; and whether automatic rotation is earned. Reads only.",
        subcommands = RotationCommand.SignalsCommand.class)
final class RotationCommand extends Subcommand implements Callable<Integer> {

    @CommandLine.Mixin
    GlobalOptions.Read global;

    @Option(names = "--json", description = "Print JSON instead of tables.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Rotations.Context c = new Rotations(root.regulator(), root.env).read(root.now());
        c.problems().forEach(p -> err().println("loopreg: " + p));
        if (json) {
            var o = RotationJson.status(c.status());
            var probs = o.putArray("problems");
            c.problems().forEach(probs::add);
            out().print(Json.pretty(o));
        } else {
            print(out(), c.status());
        }
        return ExitCodes.OK;
    }

    static void print(PrintWriter out, RotationStatus s) {
        RotationPolicy p = s.policy();
        out.println("Repo rotation of " + p.loop() + " at " + Instants.format(s.now()) + " (agent " + p.agent() + ", window "
                + p.windowCycles() + " cycles, candidate at " + p.minSignals() + " of 4 signals)");
        out.println();
        if (s.verdicts().isEmpty()) {
            out.println("No active repo in the roster.");
        } else {
            TextTable t = new TextTable("REPO", "SNAPSHOTS", "PLATEAU", "SUCCESS", "STALL", "NO_GAIN", "SCORE", "VERDICT");
            for (Verdict v : s.verdicts()) {
                List<String> row = new ArrayList<>(List.of(v.repo(), String.valueOf(v.snapshots())));
                for (Signal x : v.signals()) row.add(x.word());
                row.add(v.fired() + "/4");
                row.add(v.status().word());
                t.row(row.toArray(String[]::new));
            }
            out.print(t.render());
        }
        out.println();
        List<String> q = new ArrayList<>();
        int i = 1;
        for (Roster.Entry e : s.roster().queue()) q.add((i++) + ". " + e.repo());
        out.println("Expansion queue: " + (q.isEmpty() ? "empty" : String.join(", ", q)));
        List<String> sat = new ArrayList<>();
        for (RotationStatus.Saturated x : s.saturated()) {
            sat.add(x.repo() + " (saturated " + (x.saturatedAt() == null ? "?" : Instants.format(x.saturatedAt())) + ", revisit "
                    + (x.revisitAt() == null ? "on a trigger" : (x.due() ? "DUE since " : "due ") + Instants.format(x.revisitAt())) + ")");
        }
        out.println("Saturated: " + (sat.isEmpty() ? "none" : String.join("; ", sat)));
        out.println("Automation: " + s.gate().reason() + "; " + s.gate().cooldown().detail());
        s.warnings().forEach(w -> out.println("Warning: " + w));
        if (!s.recommended().isEmpty()) {
            out.println("Recommended: " + String.join(", ", s.recommended().stream().map(v -> "loopreg rotate " + v.repo()).toList()));
        } else if (!s.candidates().isEmpty()) {
            out.println("Candidates held by the cooldown: " + String.join(", ", s.candidates().stream().map(Verdict::repo).toList()));
        }
        out.println("Evidence of one repo: loopreg rotation signals REPO");
    }

    @Command(name = "signals", header = "Shows one repo's saturation evidence, signal by signal.", mixinStandardHelpOptions = true,
            description = "One active repo's four signals with the full evidence: the windows, the means, the counts, and for the quality series the Theil-Sen slope and the Mann-Kendall trend test with its p-value.")
    static final class SignalsCommand implements Callable<Integer> {

        @CommandLine.ParentCommand
        RotationCommand parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "REPO", description = "An active repo of the roster.")
        String repo;

        @Option(names = "--json", description = "Print JSON instead of text.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            LoopregCommand root = parent.root;
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Rotations.Context c = new Rotations(root.regulator(), root.env).read(root.now());
            c.problems().forEach(p -> err.println("loopreg: " + p));
            Verdict v = c.status().verdict(repo);
            if (v == null) {
                String where = c.roster().statusOf(repo).map(st -> "it is in " + st + ", and only active repos are judged")
                        .orElse("it is not on the roster");
                err.println("loopreg: no signals for '" + repo + "': " + where + "; active repos: " + Roster.names(c.roster().active()));
                return ExitCodes.BAD_INPUT;
            }
            if (json) {
                out.print(Json.pretty(RotationJson.verdict(v, true)));
                return ExitCodes.OK;
            }
            out.println(v.repo() + " (agent " + v.agent() + "), active since " + (v.activeSince() == null ? "an unknown time"
                    : Instants.format(v.activeSince())) + ", " + v.snapshots() + " snapshots: " + v.summary());
            out.println();
            for (Signal s : v.signals()) {
                out.println(s.id() + ": " + s.word().toUpperCase());
                out.println("  " + s.detail());
                out.println("  window: " + window(s.window()));
                if (s instanceof Signal.QualityPlateau q) {
                    out.println("  prior window: " + window(q.prior()) + "; measured " + q.measuredPrior() + " + " + q.measuredWindow()
                            + " cycles; mode " + q.mode() + ", min_delta " + Fmt.value(q.minDelta()));
                    if (q.trend().slope() != null) {
                        String mk = q.trend().mk() == null ? "too few points for Mann–Kendall"
                                : "Mann–Kendall S " + q.trend().mk().s() + ", Var(S) " + Fmt.value(dev.loopreg.rotation.SaturationRules.round(q.trend().mk().variance()))
                                + ", Z " + Fmt.value(dev.loopreg.rotation.SaturationRules.round(q.trend().mk().z())) + ", p "
                                + dev.loopreg.rotation.SaturationRules.pValue(q.trend().mk().pValue()) + " → " + q.trend().mk().direction();
                        out.println("  trend over " + q.trend().n() + " points: Theil–Sen slope "
                                + Fmt.value(dev.loopreg.rotation.SaturationRules.round(q.trend().slope())) + "/cycle; " + mk);
                    }
                }
            }
            return ExitCodes.OK;
        }

        private static String window(Signal.Window w) {
            return w.snapshots() == 0 ? "empty" : Instants.format(w.from()) + " … " + Instants.format(w.to()) + " (" + w.snapshots()
                    + " snapshots)";
        }
    }
}
