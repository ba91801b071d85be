package dev.loopreg.regulator;

import dev.loopreg.workspace.RegulatorException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopreg.cadence.Approval;
import dev.loopreg.decision.PendingAction;
import dev.loopreg.format.Instants;
import dev.loopreg.format.Problem;
import dev.loopreg.format.YamlDoc;
import dev.loopreg.report.Json;
import dev.loopreg.report.LoopView;
import dev.loopreg.session.Outcome;
import dev.loopreg.workspace.AtomicFiles;
import dev.loopreg.workspace.LoopId;
import dev.loopreg.workspace.Workspace;
import dev.loopreg.store.Plan;
import dev.loopreg.workspace.WorkspaceLock;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code loopreg session record FILE}: ingests a session's outcome — approvals (each a decision bound to the transition the
 * bundle saw), noise sources, supplier friction, cadence proposals — and records the session as an execution of the
 * workspace's own optimization agent. The session line comes first and says what the recording is to do; every later
 * effect is found by the session's id, so a recording cut off anywhere is finished by its retry, each effect once.
 */
public final class SessionRecording {

    private final Regulator reg;
    private final Workspace ws;
    private final Function<String, String> env;

    public SessionRecording(Regulator reg, Function<String, String> env) {
        this.reg = reg;
        this.ws = reg.workspace();
        this.env = env;
    }


    /** What {@code session record} did. */
    public record Recorded(String id, List<String> done, List<Path> written, List<String> refused) {
    }

    /**
     * Ingests a session's outcome file: every field is checked against the workspace first (all problems at once,
     * {@code path:line}); only then, under the lock, the session is recorded in sessions.jsonl, each loop's approval
     * is set, noise sources are listed or resolved, friction items are appended to the loop's supplier-notes.md,
     * cadence proposals to cadence-proposals.md, and the session to {@code .kaizen/metrics/optimization/}.
     *
     * @throws RegulatorException BAD_INPUT for a malformed outcome (nothing written); REFUSED for an outcome file
     *                            recorded before (same bytes)
     */
    public Recorded record(Path file, Instant now) throws RegulatorException, IOException {
        Regulator.requireWorkspace(ws);
        String shown = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new RegulatorException(RegulatorException.BAD_INPUT, shown + ": no such file; expected the session's outcome "
                    + "(YAML, docs/formats.md \"Session outcome\")");
        }
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.UTF_8);
        List<Problem> problems = new ArrayList<>();
        Outcome o;
        YamlDoc doc;
        try {
            doc = YamlDoc.parse(shown, text);
            o = Outcome.read(doc, problems);
        } catch (YamlDoc.SyntaxException ex) {
            throw bad(List.of(ex.problem()));
        }
        if (o == null) throw bad(problems);
        String sha = sha256(bytes);
        try (WorkspaceLock ignored = reg.lock("loopreg session record")) {
            // the same outcome recorded before: its session line is the journal of what it was to do; a recording that
            // stopped after it is completed (each effect is found by the session's id and done only if missing)
            JsonNode prior = null;
            for (JsonNode n : reg.store().sessions().values()) {
                if (sha.equals(n.path("sha256").asText())) prior = n;
            }
            Evaluation e = reg.evaluateAll(now);
            Actions acts = new Actions(reg, env);
            String id = prior != null ? prior.path("id").asText() : nextSessionId();
            OutcomeChecks.check(reg.store(), o, e, acts, shown, problems, prior == null ? null : id);
            if (problems.stream().anyMatch(Problem::isError)) throw bad(problems);

            List<String> done = new ArrayList<>();
            boolean did = prior == null;
            // an item reviewed in a phase the loop has left is refused: a review of one transition never approves the next
            Map<String, String> refused = new LinkedHashMap<>();
            if (prior != null) {
                for (JsonNode x : prior.path("verdicts")) {
                    if (x.hasNonNull("refused")) refused.put(x.path("loop").asText(), x.path("refused").asText());
                }
            } else {
                for (Outcome.LoopVerdict v : o.loops()) {
                    String stale = OutcomeChecks.stale(v, e.loop(v.loop()).orElseThrow().state(), o.heldAt());
                    if (stale != null) refused.put(v.loop(), shown + ":" + v.line() + ": loops." + v.loop() + ": refused — " + stale
                            + "; nothing was changed for it");
                }
            }
            List<Path> written = new ArrayList<>();
            // 1. the session line first: a crash after it leaves a recorded session whose effects the retry completes
            List<String> listedIds = new ArrayList<>();
            if (prior != null) {
                prior.path("noise_listed").forEach(x -> listedIds.add(x.asText()));
            } else {
                int noiseNo = acts.highestNoise();
                for (int i = 0; i < o.noise().size(); i++) listedIds.add(String.format("NOI-%03d", ++noiseNo));
                reg.repaired(reg.store().sessions().appendNow(List.of(OutcomeChecks.sessionLine(id, o, now, shown, sha, listedIds, refused))));
                written.add(ws.sessions());
            }
            String via = "session " + id;
            List<JsonNode> decisionsBefore = reg.store().decisions().values();
            List<JsonNode> approvalsBefore = reg.store().approvals().values();
            List<JsonNode> noiseBefore = reg.store().noise().values();
            // 2. approvals
            List<ObjectNode> approvals = new ArrayList<>();
            for (Outcome.LoopVerdict v : o.loops()) {
                LoopView view = e.loop(v.loop()).orElseThrow();
                if (refused.containsKey(v.loop())) continue;
                if (view.state().phase().next().isEmpty()) {
                    done.add(v.loop() + ": " + v.verdict().id() + " recorded (in " + view.state().phase().id()
                            + ", the last phase: no approval to set)");
                    continue;
                }
                Approval a = v.verdict() == Outcome.Verdict.PROMOTE ? Approval.APPROVED : Approval.REJECTED;
                String note = "regulator session " + id + (v.reason() == null ? "" : ": " + v.reason());
                boolean applied = note.equals(view.state().approvalNote()) && view.state().approval() == a;
                JsonNode decided = decisionsBefore.stream().filter(d -> d.path("kind").asText().equals("approval")
                        && d.path("loop").asText().equals(v.loop()) && d.path("via").asText().equals(via)).findFirst().orElse(null);
                String dec;
                if (applied && decided != null) {
                    dec = decided.path("id").asText();
                } else if (decided != null) {
                    // stopped between the decision and cadence.yml: the change its decision records is made now, once
                    new Approvals(reg).approveStateLocked(e, v.loop(), a, now, o.by(), note);
                    dec = decided.path("id").asText();
                    did = true;
                } else {
                    dec = new Approvals(reg).approveLocked(e, v.loop(), a, now, o.by(), note, via, null, null).decision();
                    did = true;
                }
                PendingAction.Promote p = new PendingAction.Promote(v.loop(), view.state().phase().next().get(),
                        view.state().phaseSince(), false, null);
                ObjectNode line = Json.object();
                line.put("at", Instants.format(now));
                line.put("event", a == Approval.APPROVED ? "approved" : "rejected");
                line.put("action", p.id());
                line.put("kind", "promote");
                line.put("by", o.by());
                line.putNull("commit");
                line.put("source", "session " + id + " (" + shown + ":" + v.line() + ")");
                line.put("label", v.verdict().id() + (v.reason() == null ? "" : ": " + v.reason()));
                boolean logged = approvalsBefore.stream().anyMatch(x -> x.path("action").asText().equals(p.id())
                        && x.path("source").asText().startsWith("session " + id + " ("));
                if (!logged) approvals.add(line);
                done.add(dec + ": " + v.loop() + ": " + v.verdict().id() + " → regulator_approval: " + a.id() + " for "
                        + view.state().transition());
                written.add(ws.cadence(v.loop()));
            }
            if (!approvals.isEmpty()) {
                reg.repaired(reg.store().approvals().appendNow(new ArrayList<>(approvals)));
                did = true;
            }
            // 3. noise sources
            List<ObjectNode> noise = new ArrayList<>();
            for (int i = 0; i < o.noise().size(); i++) {
                Outcome.Noise n = o.noise().get(i);
                ObjectNode line = Json.object();
                line.put("id", listedIds.get(i));
                line.put("event", "listed");
                line.put("at", Instants.format(now));
                line.put("loop", n.loop());
                line.put("source", n.source());
                line.put("action", n.action().id());
                line.put("reason", n.reason());
                line.put("session", id);
                line.put("by", o.by());
                String nid = listedIds.get(i);
                if (noiseBefore.stream().noneMatch(x -> x.path("id").asText().equals(nid) && x.path("event").asText().equals("listed"))) {
                    noise.add(line);
                }
                done.add(listedIds.get(i) + ": " + n.action().id() + " \"" + n.source() + "\" of " + n.loop() + " (listed on the dashboard until resolved)");
            }
            for (Outcome.Resolved r : o.resolved()) {
                ObjectNode line = Json.object();
                line.put("id", r.id());
                line.put("event", "resolved");
                line.put("at", Instants.format(now));
                line.put("by", o.by());
                line.put("via", "session " + id);
                if (noiseBefore.stream().noneMatch(x -> x.path("id").asText().equals(r.id()) && x.path("event").asText().equals("resolved")
                        && x.path("via").asText().equals("session " + id))) {
                    noise.add(line);
                }
                done.add(r.id() + ": resolved");
            }
            if (!noise.isEmpty()) {
                did = true;
                reg.repaired(reg.store().noise().appendNow(new ArrayList<>(noise)));
                written.add(ws.noiseSources());
            }
            // 4. supplier friction
            String date = Instants.format(o.heldAt()).substring(0, 10);
            Map<Path, List<String>> notes = new LinkedHashMap<>();
            for (Outcome.Friction f : o.friction()) {
                Path p = ws.loopDir(f.loop() == null ? LoopId.SUPPLIER_NOTES_LOOP : f.loop()).resolve("supplier-notes.md");
                notes.computeIfAbsent(p, k -> new ArrayList<>()).add("- " + date + " — source: " + (f.source() == null ? "regulator session"
                        : f.source()) + " — " + f.item().replace('\n', ' ') + " (" + id + ", " + o.by() + ")");
            }
            for (Map.Entry<Path, List<String>> n : notes.entrySet()) {
                if (Files.exists(n.getKey()) && AtomicFiles.read(n.getKey()).contains("(" + id + ", ")) continue;
                did = true;
                appendMarkdown(n.getKey(), "# Supplier notes\n\nFriction found while running the loop, for the supplier. Newest last.\n",
                        n.getValue());
                written.add(n.getKey());
                done.add(n.getValue().size() + " supplier friction item" + (n.getValue().size() == 1 ? "" : "s") + " → " + ws.rel(n.getKey()));
            }
            // 5. cadence proposals: written, never applied
            if (!o.proposals().isEmpty() && !(Files.exists(ws.cadenceProposals())
                    && AtomicFiles.read(ws.cadenceProposals()).contains(" " + id + " ("))) {
                did = true;
                List<String> lines = new ArrayList<>();
                for (Outcome.Proposal p : o.proposals()) {
                    lines.add("- " + date + " " + id + " (" + o.by() + ") — **" + p.loop() + "**: " + OutcomeChecks.proposal(p) + " — " + p.reason().replace('\n', ' '));
                }
                appendMarkdown(ws.cadenceProposals(), "# Cadence proposals\n\nProposed by regulator sessions (`loopreg session record`). "
                        + "They are never applied by loopreg: a person decides, and changes a loop with `loopreg apply`, "
                        + "`loopreg demote` or an edit of its cadence.yml. Newest last.\n", lines);
                written.add(ws.cadenceProposals());
                done.add(lines.size() + " cadence proposal" + (lines.size() == 1 ? "" : "s") + " → " + ws.rel(ws.cadenceProposals()) + " (not applied)");
            }
            // 6. the session as an execution of the workspace's own optimization agent
            List<Path> exec = recordExecution(o, now);
            if (!exec.isEmpty()) did = true;
            written.addAll(exec);
            if (!did) {
                throw new RegulatorException(RegulatorException.REFUSED, shown + ": this outcome was recorded already, as "
                        + id + " at " + prior.path("recorded_at").asText() + "; nothing was changed");
            }
            if (prior != null) {
                done.add(0, "completed the recording of " + id + ", which had stopped partway (what it had done is not done twice)");
            }
            done.add("execution recorded in " + ws.rel(ws.ownMetrics().resolve("executions.jsonl")) + " (success " + o.success()
                    + ", " + o.durationSec() + " s)");
            reg.refreshDashboard(now);
            return new Recorded(id, done, written.stream().distinct().toList(), List.copyOf(refused.values()));
        }
    }

    /**
     * Appends the session to {@code .kaizen/metrics/optimization/executions.jsonl} and rewrites {@code summary.json}
     * from every line there, in the fleet's format (docs/formats.md "Fleet repos"), so the regulator's reviews are
     * measured like any agent's.
     */
    private List<Path> recordExecution(Outcome o, Instant now) throws IOException {
        Path dir = ws.ownMetrics();
        Path executions = dir.resolve("executions.jsonl");
        ObjectNode x = Json.object();
        x.put("at", Instants.format(o.heldAt()));
        x.put("success", o.success());
        if (o.quality() == null) x.putNull("quality"); else x.put("quality", o.quality());
        x.put("duration_sec", o.durationSec());
        Files.createDirectories(dir);
        String line = Json.line(x);
        if (Files.exists(executions) && Files.readAllLines(executions).contains(line)) {
            return List.of();   // recorded by the run that stopped partway
        }
        List<JsonNode> all = new ArrayList<>(reg.store().executions().values());
        all.add(x);
        int n = 0;
        int ok = 0;
        int qn = 0;
        BigDecimal q = BigDecimal.ZERO;
        BigDecimal d = BigDecimal.ZERO;
        for (JsonNode e : all) {
            n++;
            if (e.path("success").asBoolean(false)) ok++;
            if (e.hasNonNull("quality") && e.get("quality").isNumber()) {
                q = q.add(e.get("quality").decimalValue());
                qn++;
            }
            if (e.path("duration_sec").isNumber()) d = d.add(e.get("duration_sec").decimalValue());
        }
        ObjectNode summary = Json.object();
        summary.put("success_rate", BigDecimal.valueOf(ok).divide(BigDecimal.valueOf(n), 4, RoundingMode.HALF_EVEN).stripTrailingZeros());
        if (qn == 0) summary.putNull("avg_quality");
        else summary.put("avg_quality", q.divide(BigDecimal.valueOf(qn), 4, RoundingMode.HALF_EVEN).stripTrailingZeros());
        summary.put("executions", n);
        summary.put("mean_session_time_sec", d.divide(BigDecimal.valueOf(n), 1, RoundingMode.HALF_EVEN).stripTrailingZeros());
        summary.put("updated_at", Instants.format(now));
        Path summaryFile = dir.resolve("summary.json");
        // one plan: the execution line and the summary made from it are written together
        reg.carryOut(reg.store().executions().append(new Plan("loopreg session record (execution)"), Instants.format(o.heldAt()), List.of(x))
                .replace(summaryFile, Json.pretty(summary)));
        return List.of(executions, summaryFile);
    }

    /** Appends list items to a Markdown file (created with {@code header}), after a blank line unless it ends in a list. */
    private void appendMarkdown(Path file, String header, List<String> lines) throws IOException {
        String current = Files.exists(file) ? AtomicFiles.read(file) : header;
        StringBuilder sb = new StringBuilder(current.stripTrailing()).append('\n');
        if (!lastLineIsItem(current)) sb.append('\n');
        for (String l : lines) sb.append(l).append('\n');
        AtomicFiles.write(file, sb.toString());
    }

    private static boolean lastLineIsItem(String text) {
        String t = text.stripTrailing();
        int i = t.lastIndexOf('\n');
        return t.substring(i + 1).startsWith("- ");
    }

    private String nextSessionId() throws IOException {
        int hi = 0;
        for (JsonNode n : reg.store().sessions().values()) {
            String id = n.path("id").asText("");
            if (id.matches("SES-\\d{1,9}")) hi = Math.max(hi, Integer.parseInt(id.substring(4)));
        }
        return String.format("SES-%03d", hi + 1);
    }

    private static RegulatorException bad(List<Problem> problems) {
        return new RegulatorException(RegulatorException.BAD_INPUT, String.join("\n", problems.stream().filter(Problem::isError)
                .sorted().map(Problem::toString).toList()) + "\nnothing was recorded");
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
