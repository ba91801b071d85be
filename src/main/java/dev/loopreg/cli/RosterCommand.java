package dev.loopreg.cli;

import picocli.CommandLine;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopreg.format.Instants;
import dev.loopreg.regulator.Rotations;
import dev.loopreg.report.Json;
import dev.loopreg.report.TextTable;
import dev.loopreg.rotation.Roster;
import dev.loopreg.rotation.RotationStatus;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "roster", header = "Lists the rotation roster's repos, by status.", mixinStandardHelpOptions = true,
        description = {"The repos of the rotation loop's roster: the ones a scheduler should target (the resolver filter for activity definitions). With --status, one repo per line, for scripts:", "  for r in $(loopreg roster --status active); do ...; done"})
final class RosterCommand extends Subcommand implements Callable<Integer> {

    @CommandLine.Mixin
    GlobalOptions.Read global;

    @Option(names = "--status", paramLabel = "STATUS", description = "Only these: active, expansion_queue or saturated.")
    String status;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (status != null && !Roster.STATUSES.contains(status)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--status: '" + status + "' is not a roster status; "
                    + "expected active, expansion_queue or saturated");
        }
        Rotations.Context c = new Rotations(root.regulator(), root.env).read(root.now());
        c.problems().forEach(p -> err().println("loopreg: " + p));
        Roster r = c.roster();
        List<RotationStatus.Saturated> sat = c.status().saturated();
        List<String> statuses = status == null ? Roster.STATUSES : List.of(status);
        if (json) {
            ObjectNode o = Json.object();
            o.put("loop", c.policy().loop());
            for (String st : statuses) {
                ArrayNode a = o.putArray(st);
                int pos = 1;
                for (Roster.Entry e : r.list(st)) {
                    ObjectNode x = a.addObject();
                    x.put("repo", e.repo());
                    if (st.equals(Roster.ACTIVE)) {
                        Json.putInstant(x, "since", e.since());
                        x.put("priority", e.priority() == null ? Roster.NORMAL : e.priority());
                    } else if (st.equals(Roster.QUEUE)) {
                        x.put("position", pos++);
                        if (e.reason() != null) x.put("reason", e.reason());
                    } else {
                        Json.putInstant(x, "saturated_at", e.saturatedAt());
                        Optional<RotationStatus.Saturated> s = sat.stream().filter(y -> y.repo().equals(e.repo())).findFirst();
                        Json.putInstant(x, "revisit_at", s.map(RotationStatus.Saturated::revisitAt).orElse(null));
                        x.put("revisit_due", s.map(RotationStatus.Saturated::due).orElse(false));
                    }
                }
            }
            out().print(Json.pretty(o));
            return ExitCodes.OK;
        }
        if (status != null) {
            r.list(status).forEach(e -> out().println(e.repo()));
            return ExitCodes.OK;
        }
        if (r.active().isEmpty() && r.queue().isEmpty() && r.saturated().isEmpty()) {
            out().println("The roster of " + c.policy().loop() + " is empty; add repos to "
                    + "loops/" + c.policy().loop() + "/roster.yaml");
            return ExitCodes.OK;
        }
        TextTable t = new TextTable("REPO", "STATUS", "DETAIL");
        for (Roster.Entry e : r.active()) {
            t.row(e.repo(), Roster.ACTIVE, "priority " + (e.priority() == null ? Roster.NORMAL : e.priority())
                    + (e.since() == null ? "" : ", since " + Instants.format(e.since())));
        }
        int pos = 1;
        for (Roster.Entry e : r.queue()) {
            t.row(e.repo(), Roster.QUEUE, "position " + (pos++) + (e.reason() == null ? "" : ", revisit: " + e.reason()));
        }
        for (RotationStatus.Saturated s : sat) {
            t.row(s.repo(), Roster.SATURATED, (s.saturatedAt() == null ? "" : "since " + Instants.format(s.saturatedAt()) + ", ")
                    + (s.revisitAt() == null ? "revisit on a trigger" : (s.due() ? "revisit DUE since " : "revisit due ")
                    + Instants.format(s.revisitAt())));
        }
        out().print(t.render());
        return ExitCodes.OK;
    }
}
