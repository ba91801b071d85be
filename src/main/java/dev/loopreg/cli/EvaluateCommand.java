package dev.loopreg.cli;

import dev.loopreg.regulator.EvaluationJson;
import dev.loopreg.format.Fmt;

import dev.loopreg.cadence.Recommendation;
import dev.loopreg.cadence.RuleResult;
import dev.loopreg.format.Instants;
import dev.loopreg.format.Problem;
import dev.loopreg.regulator.Evaluation;
import dev.loopreg.regulator.Regulator;
import dev.loopreg.report.Json;
import dev.loopreg.report.LoopView;
import dev.loopreg.report.TextTable;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "evaluate", header = "Evaluates every loop, records the recommendations and regenerates the dashboard.", mixinStandardHelpOptions = true,
        description = {"Evaluates every loop at --now: appends one line per loop to loops/regulator/recommendations.jsonl,"
            + " regenerates loops/regulator/dashboard.md and prints the recommendations. A hold is not an error."})
final class EvaluateCommand extends Subcommand implements Callable<Integer> {

    @CommandLine.Mixin
    GlobalOptions.Write global;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Regulator reg = root.regulator();
        Evaluation e = reg.evaluate(root.now());
        reg.takeNotices().forEach(n -> err.println("loopreg: " + n));
        e.problems().forEach(err::println);
        if (json) {
            out.print(Json.pretty(EvaluationJson.evaluationJson(e)));
        } else {
            out.println("Evaluated " + e.loops().size() + " loop" + (e.loops().size() == 1 ? "" : "s") + " at " + Instants.format(e.now()));
            out.println();
            TextTable t = new TextTable("LOOP", "PHASE", "RECOMMENDATION", "WHY");
            for (LoopView v : e.loops()) {
                t.row(v.id(), v.state() == null ? "—" : v.state().phase().id(), word(v), why(v));
            }
            out.print(t.render());
            rotationLine(out, e);
            boardLines(out, e);
            out.println();
            out.println("Dashboard: " + reg.workspace().rel(reg.workspace().dashboard()) + "; every rule's evidence: loopreg evaluate --json");
        }
        return e.hasErrors() ? ExitCodes.BAD_INPUT : ExitCodes.OK;
    }

    /** The regulator's own cadence and the pending actions. */
    static void boardLines(PrintWriter out, Evaluation e) {
        if (e.board() == null) return;
        var self = e.board().self();
        out.println();
        out.println("Regulator: " + (self.verdict() == null ? self.error() : self.verdict().summary()));
        var actions = e.board().actions();
        if (!actions.isEmpty()) {
            long approved = actions.stream().filter(dev.loopreg.decision.PendingAction::approved).count();
            out.println("Pending actions: " + actions.size() + " (" + approved + " approved" + (approved > 0
                    ? ": loopreg apply --approved carries them out" : "") + "); tick them in the dashboard");
        }
    }

    /** What the regulator says about rotation: the automatic rotation, or the recommended ones. */
    static void rotationLine(PrintWriter out, Evaluation e) {
        Evaluation.RotationView rv = e.rotation();
        if (rv == null || rv.context() == null) return;
        var s = rv.context().status();
        if (rv.auto() != null && rv.auto().reason() != null) {
            out.println();
            out.println("Rotation: " + rv.auto().reason());
        } else if (!s.recommended().isEmpty()) {
            out.println();
            out.println("Rotation: recommended: " + String.join(", ", s.recommended().stream().map(v -> "loopreg rotate " + v.repo()).toList())
                    + " (loopreg rotation for the signals)");
        }
    }

    static String word(LoopView v) {
        if (v.rec() == null) return "error";
        return v.rec().toPhase().map(p -> v.rec().word() + " → " + p.id()).orElse(v.rec().word());
    }

    static String why(LoopView v) {
        if (v.rec() == null) return String.join("; ", v.errors());
        String rules = rulesWhy(v);
        if (!v.stale()) return rules;
        String stale = "stale data (" + v.freshness().periods() + " periods without a record: no promotion)";
        return v.rec().firedTriggers().isEmpty() && !(v.rec() instanceof Recommendation.Hold h && !h.blocking().isEmpty())
                ? stale : stale + "; " + rules;
    }

    private static String rulesWhy(LoopView v) {
        Recommendation r = v.rec();
        if (r instanceof Recommendation.Hold h && !h.blocking().isEmpty()) {
            return h.blocking().stream().map(EvaluateCommand::brief).collect(Collectors.joining("; "));
        }
        if (!r.firedTriggers().isEmpty()) {
            return r.firedTriggers().stream().map(EvaluateCommand::brief).collect(Collectors.joining("; "));
        }
        return r.summary().replaceFirst("^[a-z]+( in [a-z]+| [a-z]+ → [a-z]+)?: ", "");
    }

    static String brief(RuleResult r) {
        boolean numeric = r.threshold() instanceof Number;
        String v = r.value() == null ? "" : " (" + Fmt.value(r.value()) + (numeric ? " vs " + r.thresholdText() : "") + ")";
        return r.id() + " " + r.outcomeWord() + v;
    }

}
