package dev.loopreg.cli;

import dev.loopreg.outbox.Outbox;
import dev.loopreg.regulator.Deliveries;
import dev.loopreg.regulator.Regulator;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "deliver", header = "Sends the outbox's pending deliveries now.", mixinStandardHelpOptions = true,
        description = {"Sends every pending entry of the outbox (loops/regulator/outbox.jsonl) — each decision's record in"
            + " state-hub — with its key as Idempotency-Key, and records each attempt. An entry refused for good (a 4xx other"
            + " than 408 and 429), or still failing after outbox.dead_after (24h), becomes a dead letter: 'loopreg outbox'"
            + " lists it and 'loopreg outbox retry' queues it again. Exit 5 while anything is pending or dead."})
final class DeliverCommand extends Subcommand implements Callable<Integer> {

    @CommandLine.Mixin
    GlobalOptions.Write global;

    @Override
    public Integer call() throws Exception {
        Regulator reg = root.regulator();
        Deliveries d = new Deliveries(reg, root.env);
        List<Deliveries.Sent> sent = d.deliver(root.now(), null, true);
        PrintWriter out = out();
        report(sent, out, err());
        reg.takeNotices().forEach(n -> err().println("loopreg: " + n));
        Outbox o = d.state();
        int pending = o.with(Outbox.Status.PENDING).size();
        int dead = o.with(Outbox.Status.DEAD).size();
        out.println("outbox: " + o.with(Outbox.Status.DELIVERED).size() + " delivered, " + pending + " pending, " + dead + " dead"
                + (pending + dead > 0 ? " (loopreg outbox lists them)" : ""));
        return pending + dead > 0 ? ExitCodes.INCOMPLETE : ExitCodes.OK;
    }

    /** One line per attempt: delivered on stdout; pending and dead letters on stderr, with what to do. */
    static void report(List<Deliveries.Sent> sent, PrintWriter out, PrintWriter err) {
        for (Deliveries.Sent s : sent) {
            if (s.delivered()) out.println(s.said());
            else err.println("loopreg: " + s.said());
        }
    }
}
