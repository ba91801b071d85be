package dev.loopreg.regulator;

import dev.loopreg.workspace.RegulatorException;
import dev.loopreg.format.Instants;
import dev.loopreg.report.Dashboard;
import dev.loopreg.report.Json;
import dev.loopreg.report.LoopView;
import dev.loopreg.report.PendingActions;
import dev.loopreg.session.Questions;
import dev.loopreg.session.SessionTemplate;
import dev.loopreg.workspace.AtomicFiles;
import dev.loopreg.workspace.Workspace;
import dev.loopreg.health.HealthRecord;
import dev.loopreg.store.HealthLog;
import dev.loopreg.store.JsonLines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The regulator session (LOOP-WP-0004 T04): {@code session prepare} renders the template into a bundle; {@code session
 * record} ingests the outcome, in {@link SessionRecording}.
 */
public final class Sessions {

    /** How many health records per loop a bundle shows by default. */
    public static final int DEFAULT_TAIL = 24;

    private static final DateTimeFormatter BUNDLE_NAME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HHmm'Z'").withZone(ZoneOffset.UTC);

    private final Regulator reg;
    private final Workspace ws;
    private final Function<String, String> env;

    public Sessions(Regulator reg, Function<String, String> env) {
        this.reg = reg;
        this.ws = reg.workspace();
        this.env = env;
    }

    // ---------------------------------------------------------------- prepare

    /** What {@code session prepare} wrote. */
    public record Prepared(Path dir, Path session, Path outcome, boolean outcomeKept, List<String> placeholders, int questions) {
    }

    /** The bundle's default directory: {@code loops/regulator/sessions/<yyyy-MM-ddTHHmmZ>}. */
    public Path defaultDir(Instant now) {
        return ws.sessionsDir().resolve(BUNDLE_NAME.format(now));
    }

    /**
     * Renders the session template at {@code now} into {@code dir/session.md}, with {@code dir/outcome.yml} (the
     * prefilled outcome; an existing one is kept, it may be filled in already). Reads the workspace; writes only the
     * bundle.
     *
     * @throws RegulatorException BAD_INPUT for a template with unknown or unclosed placeholders (nothing written)
     */
    public Prepared prepare(Path dir, int tail, Instant now) throws RegulatorException, IOException {
        Regulator.requireWorkspace(ws);
        if (!Files.exists(ws.sessionTemplate())) {
            throw new RegulatorException(RegulatorException.BAD_INPUT, ws.rel(ws.sessionTemplate()) + " does not exist; "
                    + "'loopreg init' adds the default template");
        }
        SessionTemplate template;
        try {
            template = SessionTemplate.parse(ws.rel(ws.sessionTemplate()), AtomicFiles.read(ws.sessionTemplate()));
        } catch (SessionTemplate.TemplateException e) {
            throw new RegulatorException(RegulatorException.BAD_INPUT, e.getMessage() + "\nnothing was written; the placeholders "
                    + "are listed in docs/formats.md (session-template.md)");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new RegulatorException(RegulatorException.BAD_INPUT, dir + " is a file; expected a directory for the bundle");
        }
        Evaluation e = reg.evaluateAll(now);
        Actions acts = new Actions(reg, env);
        Actions.Board board = acts.board(e, now);
        e = e.withBoard(board);
        String bundle = ws.rel(dir);
        List<PendingActions.OpenNoise> noise = acts.openNoise();
        List<Questions.Urgent> urgent = openUrgent();
        String questions = Questions.questions(e.loops(), rotationStatus(e), urgent, noise);
        Map<String, String> v = new LinkedHashMap<>();
        v.put("workspace", ws.root().getFileName() == null ? ws.root().toString() : ws.root().getFileName().toString());
        v.put("now", Instants.format(now));
        v.put("session_id", dir.getFileName().toString());
        v.put("dashboard", demote(reg.dashboardText(e)));
        v.put("recommendations", recommendations(e));
        v.put("pending_actions", board.actions().isEmpty() ? "Nothing waits for a person.\n"
                : String.join("\n", board.actions().stream().map(dev.loopreg.decision.Checkboxes::render).toList()) + "\n");
        v.put("tail_records", Integer.toString(tail));
        v.put("health_tails", healthTails(e, tail));
        v.put("cadence_files", cadenceFiles(e));
        v.put("regulator_cadence", String.join("\n", Actions.selfLines(board.self(), e, now)) + "\n");
        v.put("rotation", rotation(e));
        v.put("urgent_tasks", urgentText(board, acts));
        v.put("noise_sources", noise.isEmpty() ? "None open.\n" : String.join("\n", noise.stream().map(n -> "- **" + n.id() + "** "
                + n.action() + " \"" + n.source() + "\" of " + n.loop() + " — " + n.reason() + " (listed by " + n.session() + ")").toList()) + "\n");
        v.put("questions", questions);
        String outcome = Questions.outcomeTemplate(now, bundle, e.loops());
        v.put("outcome_template", "```yaml\n" + outcome + "```\n");
        String rendered = template.render(v);
        Path session = dir.resolve("session.md");
        Path outcomeFile = dir.resolve("outcome.yml");
        AtomicFiles.write(session, rendered);
        boolean kept = Files.exists(outcomeFile);
        if (!kept) AtomicFiles.write(outcomeFile, outcome);
        return new Prepared(dir, session, outcomeFile, kept, template.names(), questions.split("\n").length);
    }

    /** The dashboard inside the bundle: its headings one level down, under the template's own. */
    private static String demote(String md) {
        StringBuilder sb = new StringBuilder();
        for (String line : md.split("\n", -1)) {
            if (line.startsWith("#")) sb.append("##");
            sb.append(line).append('\n');
        }
        return sb.toString().stripTrailing() + "\n";
    }

    private static dev.loopreg.rotation.RotationStatus rotationStatus(Evaluation e) {
        return e.rotation() == null || e.rotation().context() == null ? null : e.rotation().context().status();
    }

    private static String recommendations(Evaluation e) {
        StringBuilder sb = new StringBuilder();
        for (LoopView v : e.loops()) {
            sb.append("### ").append(v.id()).append(" — ").append(v.rec() == null ? "not evaluated" : v.rec().summary()).append("\n\n");
            sb.append("```json\n").append(Json.pretty(EvaluationJson.loopJson(v)).strip()).append("\n```\n\n");
        }
        return sb.toString().stripTrailing() + "\n";
    }

    private String healthTails(Evaluation e, int n) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (LoopView v : e.loops()) {
            List<String> lines = new ArrayList<>();
            HealthLog log = reg.store().health(v.id());
            try (JsonLines.Newest<HealthRecord> t = log.newestFirst()) {
                while (t.hasNext() && lines.size() < n) {
                    JsonLines.Entry<HealthRecord> l = t.next();
                    if (l.ok()) lines.add(l.text());
                }
            }
            java.util.Collections.reverse(lines);
            sb.append("### ").append(v.id()).append(" — `").append(ws.rel(ws.health(v.id()))).append("`, last ").append(lines.size())
                    .append("\n\n```jsonl\n");
            lines.forEach(l -> sb.append(l).append('\n'));
            sb.append("```\n\n");
        }
        return sb.toString().stripTrailing() + "\n";
    }

    private String cadenceFiles(Evaluation e) throws IOException {
        StringBuilder sb = new StringBuilder();
        List<Path> files = new ArrayList<>();
        for (LoopView v : e.loops()) files.add(ws.cadence(v.id()));
        files.add(ws.selfCadence());
        for (Path f : files) {
            if (!Files.exists(f)) continue;
            sb.append("### `").append(ws.rel(f)).append("`\n\n```yaml\n").append(AtomicFiles.read(f).stripTrailing()).append("\n```\n\n");
        }
        return sb.toString().stripTrailing() + "\n";
    }

    private static String rotation(Evaluation e) {
        Evaluation.RotationView rv = e.rotation();
        if (rv == null) return "Not read.\n";
        return Dashboard.rotationSection(new Dashboard.Rotation(rv.context() == null ? null : rv.context().status(), rv.error(),
                rv.context() == null ? List.of() : rv.context().problems(), null)).replaceFirst("^## ", "### ");
    }

    private String urgentText(Actions.Board board, Actions acts) throws IOException {
        if (board.board().urgent().isEmpty()) return "None open.\n";
        StringBuilder sb = new StringBuilder();
        for (String u : board.board().urgent()) sb.append("- ").append(u).append('\n');
        sb.append("\n```jsonl\n");
        for (String j : acts.urgentJson()) sb.append(j).append('\n');
        sb.append("```\n");
        return sb.toString();
    }

    private List<Questions.Urgent> openUrgent() throws IOException {
        return new Actions(reg, env).openUrgent().keySet().stream()
                .map(o -> new Questions.Urgent(o.id(), o.loop(), o.trigger())).toList();
    }

    // ---------------------------------------------------------------- record

    /** {@code loopreg session record FILE}: see {@link SessionRecording#record}. */
    public SessionRecording.Recorded record(Path file, Instant now) throws RegulatorException, IOException {
        return new SessionRecording(reg, env).record(file, now);
    }
}
