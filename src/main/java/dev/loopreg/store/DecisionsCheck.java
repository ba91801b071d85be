package dev.loopreg.store;

import dev.loopreg.workspace.*;
import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.cadence.CadenceState;
import dev.loopreg.decision.DecisionIds;
import dev.loopreg.format.Instants;
import dev.loopreg.format.Problem;
import dev.loopreg.format.YamlDoc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The part of {@code validate} that holds the decision log and the state to each other, both ways: every decision has
 * its change (the loop's phase and epoch, the approval, the roster) and every change has its
 * decision (a phase epoch later than the loop's last decision). A plan left unfinished in the journal is named too.
 * Reads only.
 */
final class DecisionsCheck {

    private final Workspace ws;
    private final WorkspaceReader reader;

    DecisionsCheck(Workspace ws, WorkspaceReader reader) {
        this.ws = ws;
        this.reader = reader;
    }

    void check(List<Problem> p, Map<String, CadenceState> states) throws IOException {
        Path journal = Journal.file(ws);
        if (Files.exists(journal)) {
            p.add(Problem.error(ws.rel(journal), 0, "a run was interrupted in the middle of a change and its plan is not finished; "
                    + "expected no journal: the next loopreg command on this workspace (status, evaluate, collect, ...) finishes it"));
        }
        DecisionLog log = new DecisionLog(ws, reader.logs());
        String rel = log.rel();
        Set<String> ids = new HashSet<>();
        Map<String, JsonNode> lastTransition = new HashMap<>();
        Map<String, Integer> lastTransitionLine = new HashMap<>();
        Map<String, JsonNode> lastApproval = new HashMap<>();
        // per rotation loop and repo: the roster list the last rotation or revisit left it in, and that decision
        Map<String, Map<String, String[]>> expectedLists = new TreeMap<>();
        for (JsonLines.Entry<JsonNode> l : log.check(p)) {
            JsonNode n = l.value();
            String id = n.path("id").asText("");
            if (DecisionIds.number(id).isEmpty()) {
                p.add(Problem.error(rel, l.number(), "id: '" + id + "' is not a decision id; expected DEC-NNN"));
            } else if (!ids.add(id)) {
                p.add(Problem.error(rel, l.number(), "id " + id + " is used twice; expected each decision numbered once"));
            }
            String kind = n.path("kind").asText("");
            if (!Validator.DECISION_KINDS.contains(kind)) {
                p.add(Problem.error(rel, l.number(), "kind: '" + kind + "' is not a decision kind; expected one of "
                        + String.join(", ", Validator.DECISION_KINDS)));
            }
            String loop = n.path("loop").asText("");
            if (kind.equals("promotion") || kind.equals("demotion")) {
                lastTransition.put(loop, n);
                lastTransitionLine.put(loop, l.number());
            }
            if (kind.equals("approval")) lastApproval.put(loop, n);
            if (kind.equals("rotation") || kind.equals("revisit")) {
                Map<String, String[]> m = expectedLists.computeIfAbsent(loop, k -> new TreeMap<>());
                String repo = n.path("repo").asText("");
                m.put(repo, new String[] {kind.equals("rotation") ? "saturated" : "expansion_queue", id});
                String promoted = n.path("promoted").isTextual() ? n.path("promoted").asText() : null;
                if (promoted != null) m.put(promoted, new String[] {"active", id});
            }
        }
        expectedLists.forEach((loop, repos) -> rosterAgainstDecisions(loop, repos, p));
        lastTransition.forEach((loop, n) -> {
            CadenceState s = states.get(loop);
            if (s == null) return;
            if (!s.phase().id().equals(n.path("to").asText())) {
                p.add(Problem.warning(ws.rel(ws.cadence(loop)), 0, "phase is " + s.phase() + " but the last decision, "
                        + n.path("id").asText() + ", moved the loop to " + n.path("to").asText()
                        + "; was cadence.yml edited by hand, or did an apply stop halfway?"));
            } else if (s.phaseSince() != null && n.hasNonNull("at") && !Instants.format(s.phaseSince()).equals(n.path("at").asText())) {
                p.add(Problem.warning(ws.rel(ws.cadence(loop)), 0, "phase_since is " + Instants.format(s.phaseSince())
                        + " but the last decision that moved the loop, " + n.path("id").asText() + " (" + rel + ":"
                        + lastTransitionLine.get(loop) + "), is at " + n.path("at").asText()
                        + "; a phase change without its decision? expected phase_since to be that decision's time"));
            }
        });
        lastApproval.forEach((loop, n) -> {
            CadenceState s = states.get(loop);
            if (s == null || s.phaseSince() == null || !s.phase().id().equals(n.path("from").asText())
                    || !Instants.format(s.phaseSince()).equals(n.path("phase_since").asText())) {
                return;   // the approval was for an earlier phase: a phase change voided it
            }
            String want = n.path("approval").asText();
            String is = s.effectiveApproval().id();
            if (!want.equals(is)) {
                p.add(Problem.warning(ws.rel(ws.cadence(loop)), 0, "regulator_approval is " + is + " but the last approval decision, "
                        + n.path("id").asText() + ", set it to " + want + "; was cadence.yml edited by hand, or did an approve stop halfway?"));
            }
        });
    }

    /** The roster of a rotation loop says what its last rotations and revisits did: the other direction of the decision log. */
    private void rosterAgainstDecisions(String loop, Map<String, String[]> repos, List<Problem> p) {
        if (LoopId.problem(loop).isPresent() || !Files.exists(ws.roster(loop))) return;
        List<Problem> ignored = new java.util.ArrayList<>();
        YamlDoc doc = reader.yaml(ws.roster(loop), false, ignored);
        if (doc == null) return;
        dev.loopreg.rotation.Roster r = dev.loopreg.rotation.RosterCodec.read(doc, ignored);
        if (r == null) return;
        Map<String, String> actual = new HashMap<>();
        r.active().forEach(e -> actual.put(e.repo(), "active"));
        r.queue().forEach(e -> actual.put(e.repo(), "expansion_queue"));
        r.saturated().forEach(e -> actual.put(e.repo(), "saturated"));
        repos.forEach((repo, want) -> {
            String is = actual.get(repo);
            if (!want[0].equals(is)) {
                p.add(Problem.warning(ws.rel(ws.roster(loop)), 0, repo + " is " + (is == null ? "not on the roster" : "in " + is)
                        + " but the last decision about it, " + want[1] + ", put it in " + want[0]
                        + "; was roster.yaml edited by hand, or did a rotate or revisit stop halfway?"));
            }
        });
    }
}
