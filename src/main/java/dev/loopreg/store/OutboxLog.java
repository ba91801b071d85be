package dev.loopreg.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.format.Problem;
import dev.loopreg.outbox.Outbox;
import dev.loopreg.workspace.Workspace;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code loops/regulator/outbox.jsonl}: the outbox. A decision's plan appends the {@code queued} line of each external
 * effect it causes (keyed by the effect's idempotency key), so a decision is never recorded without its deliveries; the
 * deliverer appends an {@code attempt} line for every try, and {@code dead} / {@code requeued} lines mark what people must
 * look at. The state is {@link Outbox#fold} of the lines. Torn-line policy: {@link JsonLines}.
 */
public final class OutboxLog extends ObjectLines {

    OutboxLog(Workspace ws, Logs logs) {
        super(ws, ws.outbox(), logs);
    }

    /** The outbox's state (a line that is not an event is left out; {@link #check} reports it). */
    public Outbox state() throws IOException {
        return Outbox.fold(values());
    }

    /** validate: every line an event of a queued entry, each problem at its {@code path:line}. */
    public void validate(List<Problem> p) throws IOException {
        List<Entry<JsonNode>> ok = check(p);
        Outbox o = Outbox.fold(ok.stream().map(Entry::value).toList());
        java.util.regex.Pattern n = java.util.regex.Pattern.compile("^event (\\d+): (.*)$");
        for (String problem : o.problems()) {
            java.util.regex.Matcher m = n.matcher(problem);
            if (m.matches()) p.add(Problem.error(rel(), ok.get(Integer.parseInt(m.group(1)) - 1).number(), m.group(2)));
            else p.add(Problem.error(rel(), 0, problem));
        }
    }
}
