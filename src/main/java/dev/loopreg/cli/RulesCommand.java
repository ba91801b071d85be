package dev.loopreg.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopreg.cadence.RuleResult;
import dev.loopreg.cadence.rules.EffectiveRules;
import dev.loopreg.regulator.RuleListing;
import dev.loopreg.report.Json;
import dev.loopreg.report.TextTable;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "rules", header = "Lists the rules each loop is judged by, and where each comes from.", mixinStandardHelpOptions = true,
        description = "The effective rules of every loop (or one): the built-ins and the seed's window rules with the policy.yml section "
                + "that sets their numbers, the rules written in policy.yml and the loop's loop.yml with their file and line, in the order "
                + "an evaluation lists them; the ones a loop.yml disables are marked. Read-only.")
final class RulesCommand extends Subcommand implements Callable<Integer> {

    @CommandLine.Mixin
    GlobalOptions.Read global;

    @Option(names = "--loop", paramLabel = "ID", description = "Only this loop.")
    String loop;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        List<RuleListing.LoopRulesView> all = new RuleListing(root.regulator()).rules(loop, root.now());
        if (json) {
            ObjectNode o = Json.object();
            ArrayNode loops = o.putArray("loops");
            for (RuleListing.LoopRulesView v : all) {
                ObjectNode l = loops.addObject();
                l.put("loop", v.loop());
                ArrayNode rules = l.putArray("rules");
                for (EffectiveRules.Line r : v.rules()) {
                    ObjectNode x = rules.addObject();
                    x.put("id", r.id());
                    x.put("kind", r.kind() == RuleResult.Kind.PROMOTION ? "promotion" : "demotion");
                    ArrayNode from = x.putArray("from");
                    r.from().stream().sorted().forEach(ph -> from.add(ph.id()));
                    x.put("checks", r.condition());
                    x.put("missing", r.missing());
                    x.put("source", r.source());
                    x.put("disabled", r.disabled());
                }
            }
            out().print(Json.pretty(o));
            return ExitCodes.OK;
        }
        boolean first = true;
        for (RuleListing.LoopRulesView v : all) {
            if (!first) out().println();
            first = false;
            out().println(v.loop());
            TextTable t = new TextTable("RULE", "KIND", "GUARDS", "CHECKS", "NO DATA", "FROM");
            for (EffectiveRules.Line r : v.rules()) {
                t.row(r.id() + (r.disabled() ? " (disabled)" : ""), r.kind() == RuleResult.Kind.PROMOTION ? "promotion" : "demotion",
                        EffectiveRules.phases(r.from()), r.condition(), r.missing(), r.source());
            }
            t.render().lines().forEach(line -> out().println("  " + line));
        }
        return ExitCodes.OK;
    }
}
