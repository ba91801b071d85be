package dev.loopreg.cli;

import dev.loopreg.regulator.EvaluationJson;
import dev.loopreg.format.Fmt;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopreg.format.Instants;
import dev.loopreg.regulator.Evaluation;
import dev.loopreg.regulator.Regulator;
import dev.loopreg.report.Json;
import dev.loopreg.report.LoopView;
import dev.loopreg.report.TextTable;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "status", header = "Shows each loop's phase, cycles, last recommendation and next cycle.", mixinStandardHelpOptions = true,
        description = {"Shows each loop's phase, cron, cycles and time in phase, last recorded recommendation and next"
            + " cycle. Reads only: it writes nothing and takes no lock."})
final class StatusCommand extends Subcommand implements Callable<Integer> {

    @CommandLine.Mixin
    GlobalOptions.Read global;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Regulator reg = root.regulator();
        Evaluation e = reg.evaluateAll(root.now());
        Map<String, Regulator.LastRecommendation> last = reg.lastRecommendations(e.loops().stream().map(LoopView::id).toList());
        e.problems().forEach(err::println);
        dev.loopreg.outbox.Outbox outbox = reg.store().outbox().state();
        List<dev.loopreg.schedule.Drift.Finding> drift = new dev.loopreg.store.Validator(reg.store()).drift();
        int pending = outbox.with(dev.loopreg.outbox.Outbox.Status.PENDING).size();
        int dead = outbox.with(dev.loopreg.outbox.Outbox.Status.DEAD).size();
        if (json) {
            ObjectNode o = EvaluationJson.statusJson(e, last);
            if (drift.stream().anyMatch(dev.loopreg.schedule.Drift.Finding::error)) {
                var d = o.putArray("drift");
                for (var f : drift.stream().filter(dev.loopreg.schedule.Drift.Finding::error).toList()) {
                    ObjectNode x = d.addObject();
                    x.put("loop", f.loop());
                    x.put("path", f.path());
                    x.put("line", f.line());
                    x.put("severity", f.error() ? "error" : "warning");
                    x.put("message", f.message());
                }
            }
            if (pending + dead > 0) {
                ObjectNode x = o.putObject("outbox");
                x.put("pending", pending);
                x.put("dead", dead);
                java.time.Duration oldest = outbox.oldestPending(root.now());
                if (oldest == null) x.putNull("oldest_pending_seconds"); else x.put("oldest_pending_seconds", oldest.toSeconds());
            }
            out.print(Json.pretty(o));
        } else {
            TextTable t = new TextTable("LOOP", "PHASE", "CRON", "CYCLES", "IN PHASE", "LAST RECOMMENDATION", "NEXT CYCLE");
            for (LoopView v : e.loops()) {
                Regulator.LastRecommendation lr = last.get(v.id());
                String lastText = lr == null ? "none yet" : (lr.toPhase() == null ? lr.recommendation() : lr.recommendation() + " → " + lr.toPhase())
                        + " (" + lr.at() + ")";
                if (v.stale()) lastText = "STALE DATA: " + v.freshness().periods() + " periods without a record; " + lastText;
                t.row(v.id(), v.state() == null ? "error" : v.state().phase().id(), v.state() == null ? "—" : v.state().cron(),
                        v.cyclesInPhase(), Fmt.duration(v.timeInPhase()), lastText,
                        v.nextCycle() == null ? "—" : Instants.format(v.nextCycle()));
            }
            out.print(t.render());
            if (drift.stream().anyMatch(dev.loopreg.schedule.Drift.Finding::error)) {
                out.println();
                out.println("Drift between the loops and their activity definitions (loopreg validate):");
                drift.stream().filter(dev.loopreg.schedule.Drift.Finding::error)
                        .forEach(f -> out.println("  " + f.path() + (f.line() > 0 ? ":" + f.line() : "") + ": " + f.message()));
            }
            if (pending + dead > 0) {
                java.time.Duration oldest = outbox.oldestPending(root.now());
                out.println();
                out.println("Outbox: " + pending + " pending" + (oldest == null ? "" : " (oldest " + Fmt.duration(oldest) + ")") + ", " + dead
                        + " dead letter" + (dead == 1 ? "" : "s") + " — loopreg outbox lists them" + (dead > 0 ? ", loopreg outbox retry --all sends them again" : ""));
            }
        }
        return e.hasErrors() ? ExitCodes.BAD_INPUT : ExitCodes.OK;
    }
}
