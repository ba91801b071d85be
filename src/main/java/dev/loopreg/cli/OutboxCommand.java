package dev.loopreg.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopreg.format.Fmt;
import dev.loopreg.format.Instants;
import dev.loopreg.outbox.Outbox;
import dev.loopreg.regulator.Deliveries;
import dev.loopreg.report.Json;
import dev.loopreg.report.TextTable;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "outbox", header = "Lists the outbox: every external effect of the decisions and its attempts.",
        mixinStandardHelpOptions = true,
        description = {"Each entry of loops/regulator/outbox.jsonl — a decision's record in state-hub — with its key, status"
            + " (pending, delivered, dead), age and last attempt. 'loopreg outbox retry KEY|--all' queues dead letters again."},
        subcommands = {OutboxCommand.Retry.class})
final class OutboxCommand extends Subcommand implements Callable<Integer> {

    @CommandLine.Mixin
    GlobalOptions.Read global;

    @Option(names = "--json", description = "Print JSON instead of text: every entry with every attempt.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        root.workspace().require();
        Outbox o = new Deliveries(root.regulator(), root.env).state();
        Instant now = root.now();
        if (json) {
            ObjectNode j = Json.object();
            ArrayNode entries = j.putArray("entries");
            for (Outbox.Entry e : o.entries()) {
                ObjectNode x = entries.addObject();
                x.put("key", e.delivery().key());
                x.put("decision", e.delivery().decision());
                x.put("target", e.delivery().target());
                x.put("path", e.delivery().path());
                x.put("status", e.status().id());
                x.put("queued_at", Instants.format(e.delivery().queuedAt()));
                x.put("since", Instants.format(e.since()));
                if (e.reference() == null) x.putNull("reference"); else x.put("reference", e.reference());
                if (e.deadReason() == null) x.putNull("dead_reason"); else x.put("dead_reason", e.deadReason());
                ArrayNode attempts = x.putArray("attempts");
                for (Outbox.Attempt a : e.attempts()) {
                    ObjectNode t = attempts.addObject();
                    t.put("at", Instants.format(a.at()));
                    t.put("outcome", a.outcome().id());
                    if (a.status() == null) t.putNull("status"); else t.put("status", a.status());
                    if (a.reason() != null) t.put("reason", a.reason());
                    if (a.reference() != null) t.put("reference", a.reference());
                }
            }
            j.put("pending", o.with(Outbox.Status.PENDING).size());
            j.put("dead", o.with(Outbox.Status.DEAD).size());
            var oldest = o.oldestPending(now);
            if (oldest == null) j.putNull("oldest_pending_seconds"); else j.put("oldest_pending_seconds", oldest.toSeconds());
            out().print(Json.pretty(j));
            return ExitCodes.OK;
        }
        if (o.entries().isEmpty()) {
            out().println("The outbox is empty: no decision has an external effect queued (state_hub.url and a workstream: docs/state-hub.md).");
            return ExitCodes.OK;
        }
        TextTable t = new TextTable("KEY", "STATUS", "AGE", "TRIES", "LAST ATTEMPT");
        for (Outbox.Entry e : o.entries()) {
            String last = e.last().map(a -> Instants.format(a.at()) + " " + a.outcome().id() + (a.status() == null ? "" : " " + a.status())
                    + (a.reason() == null ? "" : ": " + a.reason())).orElse("none yet");
            if (e.status() == Outbox.Status.DEAD) last = "dead: " + e.deadReason();
            t.row(e.delivery().key(), e.status().id(), Fmt.duration(java.time.Duration.between(e.delivery().queuedAt(), now)),
                    Integer.toString(e.attempts().size()), last);
        }
        out().print(t.render());
        out().println(o.with(Outbox.Status.PENDING).size() + " pending, " + o.with(Outbox.Status.DEAD).size() + " dead");
        return ExitCodes.OK;
    }

    @Command(name = "retry", header = "Queues dead letters of the outbox again.", mixinStandardHelpOptions = true,
            description = {"Queues a dead letter (by its key or its decision id) or every one (--all) again, then sends it:"
                + " its age counts from now, its earlier attempts are kept."})
    static final class Retry implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        GlobalOptions.Write global;

        @Parameters(paramLabel = "KEY", arity = "0..1", description = "The entry's key (loopreg-decision-DEC-007) or decision id.")
        String key;

        @Option(names = "--all", description = "Every dead letter.")
        boolean all;

        @Option(names = "--by", paramLabel = "NAME", description = "Who queues it again (default: $LOOPREG_USER, else $USER).")
        String by;

        @Override
        public Integer call() throws Exception {
            LoopregCommand root = GlobalOptions.root(spec);
            if ((key == null) == !all) {
                throw new CommandLine.ParameterException(spec.commandLine(), "give one KEY or --all");
            }
            var reg = root.regulator();
            Deliveries d = new Deliveries(reg, root.env);
            List<String> keys = d.retry(key, root.now(), LoopregCommand.who(by));
            if (keys.isEmpty()) {
                spec.commandLine().getOut().println("No dead letter to queue again.");
                return ExitCodes.OK;
            }
            spec.commandLine().getOut().println("queued again: " + String.join(", ", keys));
            List<Deliveries.Sent> sent = d.deliver(root.now(), new java.util.HashSet<>(keys), true);
            DeliverCommand.report(sent, spec.commandLine().getOut(), spec.commandLine().getErr());
            reg.takeNotices().forEach(n -> spec.commandLine().getErr().println("loopreg: " + n));
            return sent.stream().allMatch(Deliveries.Sent::delivered) ? ExitCodes.OK : ExitCodes.INCOMPLETE;
        }
    }
}
