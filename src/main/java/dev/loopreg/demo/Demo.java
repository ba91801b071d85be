package dev.loopreg.demo;

import dev.loopreg.cadence.Approval;
import dev.loopreg.cadence.CadenceRules;
import dev.loopreg.health.Phase;
import dev.loopreg.cadence.Policy;
import dev.loopreg.cadence.Recommendation;
import dev.loopreg.cadence.RuleResult;
import dev.loopreg.collect.Collector;
import dev.loopreg.source.Progress;
import dev.loopreg.regulator.Evaluation;
import dev.loopreg.regulator.Changes;
import dev.loopreg.regulator.Regulator;
import dev.loopreg.workspace.RegulatorException;
import dev.loopreg.regulator.Rotations;
import dev.loopreg.report.LoopView;
import dev.loopreg.rotation.Roster;
import dev.loopreg.rotation.RotationStatus;
import dev.loopreg.rotation.Signal;
import dev.loopreg.rotation.Verdict;
import dev.loopreg.workspace.AtomicFiles;
import dev.loopreg.workspace.Initializer;
import dev.loopreg.workspace.Workspace;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code loopreg demo}: a workspace made by {@code init}, a synthetic fleet of git repositories, and N simulated
 * days in which the regulator's real {@code collect} and {@code evaluate} run every hour at minute 50 (the
 * collector's cron) at the simulated instant, while a scripted operator ({@link Operator}) approves and applies what
 * the regulator recommends. Everything under the directory is a function of the seed and the number of days.
 */
public final class Demo {

    /** The file that marks a directory as a demo, so a later run may delete and rebuild it. */
    public static final String MARKER = ".loopreg-demo";
    public static final String FLEET = "fleet";
    public static final String TIMELINE = "timeline.md";
    public static final int MAX_DAYS = 92;

    /** What to build. */
    /**
     * @param stateHub a state-hub's base URL the demo records its decisions and urgent tasks in, or null (none)
     * @param env      where the state-hub token is read ({@code STATE_HUB_TOKEN}, as policy.yml says)
     */
    public record Options(Path dir, int days, long seed, String stateHub, Function<String, String> env) {
        public Options(Path dir, int days, long seed) {
            this(dir, days, seed, null, name -> null);
        }
    }

    /**
     * What happened.
     *
     * @param cycles   collect + evaluate cycles run
     * @param problems collections that did not measure everything (a source failed); none in a healthy demo
     */
    public record Result(Path dir, long seed, int days, Instant start, Instant end, int cycles, List<Timeline.Entry> entries,
                         String timeline, String summary, List<String> problems) {
    }

    private static final Function<String, String> NO_ENV = name -> null;

    private final Options o;
    private final Workspace ws;
    private final Scenario sc;
    private final Timeline timeline = new Timeline();
    private final Map<String, Instant> lastDemotion = new HashMap<>();
    private final Set<String> announced = new HashSet<>();
    private final List<String> problems = new ArrayList<>();

    private Demo(Options o) {
        this.o = o;
        this.ws = new Workspace(o.dir());
        this.sc = Scenario.standard(o.seed());
    }

    /**
     * Builds and runs the demo.
     *
     * @throws RegulatorException REFUSED for a non-empty directory that is not an earlier demo; BAD_INPUT for a file
     */
    public static Result run(Options o, Progress progress) throws RegulatorException, IOException {
        if (o.days() < 1 || o.days() > MAX_DAYS) {
            throw new RegulatorException(RegulatorException.BAD_INPUT, "--days: " + o.days() + " is out of range; expected 1 to " + MAX_DAYS);
        }
        prepare(o.dir());
        return new Demo(o).simulate(progress);
    }

    /** Makes {@code dir} an empty demo directory: new, empty, or an earlier demo (which is deleted). */
    static void prepare(Path dir) throws RegulatorException, IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new RegulatorException(RegulatorException.BAD_INPUT, dir + " is a file; expected a new or empty directory for the demo");
        }
        if (Files.isDirectory(dir)) {
            boolean empty;
            try (Stream<Path> s = Files.list(dir)) {
                empty = s.findAny().isEmpty();
            }
            if (!empty) {
                if (!Files.isRegularFile(dir.resolve(MARKER))) {
                    throw new RegulatorException(RegulatorException.REFUSED, dir + " is not empty and is not an earlier demo (it has no "
                            + MARKER + " file); nothing was changed. Pass --dir with a new or empty directory.");
                }
                deleteContents(dir);
            }
        }
        Files.createDirectories(dir);
    }

    private static void deleteContents(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) throw e;
                if (!d.equals(dir)) Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private Result simulate(Progress progress) throws RegulatorException, IOException {
        Instant start = sc.start();
        Files.writeString(o.dir().resolve(MARKER), "# Written by 'loopreg demo': this directory is a generated demo. Running the demo\n"
                + "# again with --dir here deletes everything in it and builds it anew.\nseed: " + o.seed() + "\ndays: " + o.days() + "\n");
        Initializer.write(Initializer.plan(ws, Initializer.SEED_LOOPS, Policy.defaults(), start));
        configure(start);
        if (o.stateHub() != null) DemoStateHub.configure(ws, o.stateHub());
        Function<String, String> env = o.stateHub() == null ? NO_ENV : o.env();
        Clock clock = Clock.fixed(start, ZoneOffset.UTC);   // stamps the lock only; evaluation uses the simulated instants
        Regulator reg = new Regulator(ws, Duration.ofSeconds(10), clock, env);
        Collector collector = new Collector(ws, Duration.ofSeconds(10), clock, env, Progress.none());
        DemoStateHub hub = o.stateHub() == null ? null : new DemoStateHub(reg, env);
        int cycles = o.days() * 24;
        Instant now = start;
        Evaluation last = null;
        try (World world = new World(ws, o.dir().resolve(FLEET), sc, o.seed());
             Progress.Task bar = progress.start("demo: simulated hours", cycles)) {
            world.createFleet();
            Instant prev = start;
            for (int h = 0; h < cycles; h++) {
                now = start.plus(Duration.ofHours(h)).plus(Duration.ofMinutes(50));
                world.advance(prev, now);
                prev = now;
                Collector.Result cr = collector.collect(now, new Collector.Options(null, false, null, null));
                if (cr.exitCode() != 0) {
                    problems.add(Timeline.when(now) + ": collect exit " + cr.exitCode() + ": " + String.join("; ", cr.problems())
                            + cr.loops().stream().flatMap(l -> l.failures().stream()).collect(Collectors.joining("; ")));
                }
                for (dev.loopreg.store.Urgent u : cr.urgent()) {
                    if (u.event().equals("raised")) {
                        timeline.add(now, u.id() + " urgent task raised: " + u.loop() + " " + u.trigger(), u.detail());
                    } else if (u.event().equals("cleared")) {
                        timeline.add(now, u.id() + " urgent task cleared: " + u.loop() + " " + u.trigger() + " no longer fires", null);
                    }
                }
                last = reg.evaluate(now);
                act(reg, last, now);
                if (hub != null) hub.deliver(now, false);
                bar.step();
            }
            world.finish();
        }
        String summary = summary(reg.evaluateAll(now));
        if (hub != null) {
            hub.deliver(now, true);
            summary = summary + "\n" + hub.summary() + "\n";
        }
        String text = "loopreg demo: seed " + o.seed() + ", " + o.days() + " simulated days from " + Timeline.when(start)
                + " UTC, " + cycles + " cycles of collect + evaluate\n\n" + timeline.render() + "\n" + summary + "\n"
                + where(Path.of("."), now);
        AtomicFiles.write(o.dir().resolve(TIMELINE), text);
        summary = summary + "\n" + where(o.dir(), now);
        return new Result(o.dir(), o.seed(), o.days(), start, now, cycles, timeline.entries(), timeline.render(), summary,
                List.copyOf(problems));
    }

    // ---------------------------------------------------------------- the operator's actions

    private void act(Regulator reg, Evaluation e, Instant now) throws RegulatorException, IOException {
        RotationStatus rotation = e.rotation() == null || e.rotation().context() == null ? null : e.rotation().context().status();
        if (rotation != null) {
            for (Verdict v : rotation.recommended()) {
                if (announced.add(v.repo())) {
                    timeline.add(now, v.repo() + " recommended for rotation (" + v.fired() + " of " + v.signals().size() + " signals)",
                            fired(v));
                }
            }
        }
        for (Operator.Action a : Operator.decide(e.loops(), rotation, lastDemotion, now)) {
            if (a instanceof Operator.Apply ap) {
                Changes.Applied done = new Changes(reg).apply(ap.loop(), now, Operator.NAME);
                var d = done.decision();
                String verb = d.kind().equals("promotion") ? "promote" : "demote";
                if (!d.kind().equals("promotion")) lastDemotion.put(d.loop(), now);
                timeline.add(now, d.id() + " " + verb + " " + d.loop() + " " + d.from() + " → " + d.to() + " (cron " + d.cron() + ")",
                        why(d.evidence(), d.before().approvalBy(), d.before().approvalAt()));
            } else if (a instanceof Operator.Approve ap) {
                var res = new dev.loopreg.regulator.Approvals(reg).set(ap.loop(), Approval.APPROVED, now, Operator.NAME, ap.note(), "cli");
                LoopView v = e.loop(ap.loop()).orElseThrow();
                timeline.add(now, res.decision() + " approved by " + Operator.NAME + ": " + ap.loop() + " " + v.state().phase() + " → "
                        + v.state().phase().next().map(Phase::id).orElse("?"), why(v.rec(), null, null));
            } else if (a instanceof Operator.Rotate r) {
                Rotations.Rotated done = new Rotations(reg, NO_ENV).rotate(r.repo(), now, Operator.NAME, false, null);
                Roster.Entry promoted = done.move().promoted();
                announced.remove(r.repo());
                timeline.add(now, done.decision().id() + " rotate " + r.repo() + " → saturated"
                                + (promoted == null ? "; the queue is empty" : "; " + promoted.repo() + " promoted from the queue"),
                        "at the daily review: " + fired(r.verdict()));
            }
        }
    }

    /** The fired signals of a verdict, by id. */
    private static String fired(Verdict v) {
        return v.signals().stream().filter(s -> Boolean.TRUE.equals(s.fired())).map(Signal::id).collect(Collectors.joining(", "))
                + " fired";
    }

    /** Why a recommendation says what it says: the rules that decided it. */
    private static String why(Recommendation rec, String approvedBy, Instant approvedAt) {
        List<String> parts = new ArrayList<>();
        if (rec instanceof Recommendation.Demote) {
            for (RuleResult r : rec.rules()) {
                if (r.fired()) parts.add(r.id() + ": " + r.detail());
            }
        } else {
            for (RuleResult r : rec.rules()) {
                if (r.id().equals(CadenceRules.FPR_WINDOW) || r.id().equals(CadenceRules.RESCUES_WINDOW)) {
                    parts.add(r.detail());
                }
            }
            if (approvedBy != null) {
                parts.add("approved by " + approvedBy + (approvedAt == null ? "" : " at " + Timeline.when(approvedAt)));
            }
        }
        return String.join("; ", parts);
    }

    // ---------------------------------------------------------------- the end

    private String summary(Evaluation e) {
        StringBuilder sb = new StringBuilder("Where the loops are at " + Timeline.when(e.now()) + ":\n");
        int width = e.loops().stream().mapToInt(v -> v.id().length()).max().orElse(10);
        for (LoopView v : e.loops()) {
            String line;
            if (v.state() == null) {
                line = "unreadable: " + String.join("; ", v.errors());
            } else if (v.state().phase() == Phase.BOOTSTRAP && v.state().demotionCount() == 0 && v.state().promotedAt() == null
                    && v.rec() instanceof Recommendation.Hold h) {
                line = "bootstrap  held the whole time; blocking: " + h.blocking().stream()
                        .filter(r -> !r.id().equals(CadenceRules.REGULATOR_APPROVAL) || h.blocking().size() == 1)
                        .map(r -> r.id() + " — " + r.detail()).collect(Collectors.joining("; "));
            } else {
                line = String.format("%-9s  since %s", v.state().phase().id(), Timeline.when(v.state().phaseSince()))
                        + (v.state().demotionCount() > 0 ? ", demoted " + v.state().demotionCount() + "×" : "");
            }
            sb.append("  ").append(String.format("%-" + width + "s", v.id())).append("  ").append(line).append('\n');
        }
        if (e.rotation() != null && e.rotation().context() != null) {
            Roster r = e.rotation().context().roster();
            sb.append("  roster: active ").append(Roster.names(r.active())).append(" · saturated ").append(Roster.names(r.saturated()))
                    .append(" · queue ").append(r.queue().isEmpty() ? "empty" : Roster.names(r.queue())).append('\n');
        }
        return sb.toString();
    }

    /** Where to look, with paths under {@code dir} as the user gave it ({@code .} for the timeline file inside it). */
    private String where(Path dir, Instant end) throws IOException {
        long files;
        try (Stream<Path> s = Files.list(ws.decisionsDir())) {
            files = s.filter(p -> p.getFileName().toString().startsWith("DEC-")).count();
        }
        long lines;
        try (Stream<String> s = Files.lines(ws.decisions())) {
            lines = s.filter(l -> !l.isBlank()).count();
        }
        String decisions = lines + " decisions: " + files + " changes with a file each, " + (lines - files) + " approvals";
        StringBuilder sb = new StringBuilder();
        sb.append("Dashboard: ").append(dir.resolve("loops/regulator/dashboard.md")).append('\n')
                .append("Decisions: ").append(dir.resolve("loops/regulator/decisions.jsonl")).append(" (").append(decisions).append(")\n")
                .append("Fleet:     ").append(dir.resolve(FLEET)).append(" (git repositories)\n")
                .append("Next:      loopreg -w ").append(dir).append(" --now ").append(dev.loopreg.format.Instants.format(end))
                .append(" status   (or rotation, simulate)\n");
        return sb.toString();
    }

    // ---------------------------------------------------------------- configuring the workspace

    /** What the operator writes after {@code init}: each loop's sources, the workplans, the roster and the rollout. */
    private void configure(Instant start) throws IOException {
        Map<String, String[]> loops = new LinkedHashMap<>();
        loops.put("kaizen-stack", new String[] {"The improvement-agent stack (optimization and coach agents) on the pilot repos",
                "[optimization, coach]", "roster                 # the active repos of roster.yaml", "LOOP-WP-0001"});
        loops.put("quality-escalation", new String[] {"Escalates quality regressions of the pilot repos to their owners",
                "[escalation]", "[repo-a, repo-b, repo-c]", "LOOP-WP-0002"});
        loops.put("registry-hygiene", new String[] {"Prunes and re-tags the artifact registry of every repo",
                "[hygiene]", "rollout                # the repos of rollout.yaml", "LOOP-WP-0003"});
        for (Map.Entry<String, String[]> l : loops.entrySet()) {
            String id = l.getKey();
            String[] c = l.getValue();
            String workplan = "workplans/" + c[3] + "-" + id + ".md";
            AtomicFiles.write(ws.loopConfig(id), """
                    # How loopreg reads the loop '%s' (configured by loopreg demo). Fields: docs/formats.md.
                    description: "%s"
                    workplan: %s
                    sla_hours: 24
                    tasks: {source: file, path: loops/%s/tasks.jsonl}   # the task tracker's export
                    agents: %s
                    repos: %s
                    repos_root: fleet              # the demo keeps its fleet inside the demo directory
                    rescue_log: loops/%s/bootstrap-log.md
                    """.formatted(id, c[0], workplan, id, c[1], c[2], id));
            Files.createDirectories(ws.resolve("workplans"));
            AtomicFiles.write(ws.resolve(workplan), """
                    ---
                    id: %s
                    type: workplan
                    title: "Bootstrap of the %s loop"
                    status: active
                    tasks:
                      - id: T01
                        status: done
                        title: Loop definition and cron agreed with the repo owners
                      - id: T02
                        status: done
                        title: Task export wired to the regulator
                      - id: T03
                        status: done
                        title: Runbook for rescuing a stuck session
                    ---
                    # %s — bootstrap of %s

                    The exit tasks of the bootstrap phase are done; what remains is to show, cycle by cycle, that the loop
                    runs clean (loopreg's promotion rules).
                    """.formatted(c[3], id, c[3], id));
            Files.writeString(ws.loopDir(id).resolve("bootstrap-log.md"), "- " + dev.loopreg.format.Instants.format(start)
                    + " [note] loop switched on for the pilot (hourly bootstrap cadence)\n", java.nio.file.StandardOpenOption.APPEND);
            Files.writeString(ws.loopDir(id).resolve("tasks.jsonl"), "");
        }
        List<Scenario.RepoModel> repos = sc.repos();
        StringBuilder roster = new StringBuilder("# Repo roster of the kaizen-stack loop (ADR-004): three pilots; the queue is the expansion plan\nactive:\n");
        for (int i = 0; i < sc.pilots(); i++) {
            roster.append("  - repo: ").append(repos.get(i).name()).append("\n    since: \"")
                    .append(dev.loopreg.format.Instants.format(start)).append("\"\n");
        }
        roster.append("expansion_queue:\n");
        for (int i = sc.pilots(); i < repos.size(); i++) {
            roster.append("  - ").append(repos.get(i).name()).append('\n');
        }
        roster.append("saturated: []\n");
        AtomicFiles.write(ws.roster("kaizen-stack"), roster.toString());
        AtomicFiles.write(ws.loopDir("registry-hygiene").resolve("rollout.yaml"),
                "# Rollout of the registry-hygiene loop: the repos it covers (repos: rollout in loop.yml).\nrepos: ["
                        + repos.stream().map(Scenario.RepoModel::name).collect(Collectors.joining(", ")) + "]\n");
    }
}
