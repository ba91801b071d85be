package dev.loopreg.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.cadence.CadenceState;
import dev.loopreg.cadence.Crons;
import dev.loopreg.health.Phase;
import dev.loopreg.format.Instants;
import dev.loopreg.format.Mappers;
import dev.loopreg.format.Problem;
import dev.loopreg.format.YamlDoc;
import dev.loopreg.rotation.Roster;
import dev.loopreg.rotation.RosterCodec;
import dev.loopreg.workspace.CadenceCodec;
import dev.loopreg.workspace.Workspace;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * The first-order world of the demo: the loops and agents the regulator watches. Each call to {@link #advance}
 * lets simulated time pass: every loop runs at the slots of the cron its {@code cadence.yml} has now and creates
 * tasks (some of them duplicates), each repo's agents run at the crons of its {@code .kaizen/schedule.yml} when
 * enabled (so a rotation that pauses a repo stops its sessions, and a promoted repo starts), pull requests are
 * merged into real git history, and the scripted rescues are written to the bootstrap logs. It writes only the
 * files those tools would write: task exports, bootstrap logs, {@code .kaizen/} files and git objects.
 *
 * <p>Over 400 lines: the seeded world model (loops, agents, merges, rescues) is one simulation whose parts share the
 * random streams and the clock; splitting it would spread one model across files.
 */
final class World implements AutoCloseable {

    /**
     * The task exporter keeps the tasks created in this span before the export, by the loop's phase: longer than the
     * phase's cron interval plus the 24 h SLA, so every task a collection of the loop can count is in it.
     */
    static Duration exportSpan(Phase phase) {
        return switch (phase) {
            case BOOTSTRAP -> Duration.ofDays(2);
            case STABILIZE -> Duration.ofDays(3);
            case OPERATE -> Duration.ofDays(9);
        };
    }

    private static final List<String> PR_TITLES = List.of("Inline the hot path of the request parser",
            "Batch the database writes of the importer", "Drop an unused dependency", "Memoize the config lookups",
            "Replace the polling loop with a watch", "Trim the Docker build context", "Parallelize the integration tests",
            "Remove a redundant serialization step");

    private final Workspace ws;
    private final Path fleet;
    private final Scenario sc;
    private final long seed;
    private final Map<String, LoopSim> loops = new LinkedHashMap<>();
    private final Map<String, RepoSim> repos = new LinkedHashMap<>();

    World(Workspace ws, Path fleet, Scenario sc, long seed) {
        this.ws = ws;
        this.fleet = fleet;
        this.sc = sc;
        this.seed = seed;
        for (Scenario.LoopModel m : sc.loops()) {
            SplittableRandom r = random("loop:" + m.id());
            loops.put(m.id(), new LoopSim(m, r, r.nextDouble()));
        }
        for (Scenario.RepoModel m : sc.repos()) {
            SplittableRandom r = random("repo:" + m.name());
            repos.put(m.name(), new RepoSim(m, r, 1 + r.nextInt(3), 1 + r.nextInt(3)));
        }
    }

    /** One stream per entity, so that what one loop or repo draws never shifts another's numbers. */
    private SplittableRandom random(String entity) {
        long h = 1125899906842597L;
        for (byte b : entity.getBytes(StandardCharsets.UTF_8)) {
            h = 31 * h + b;
        }
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ h);
    }

    // ---------------------------------------------------------------- the fleet at the start

    /** Creates the fleet's repositories: git history up to the start, {@code .kaizen/schedule.yml}, the agents' directories. */
    void createFleet() throws IOException {
        int pr = 100;
        int i = 0;
        for (RepoSim r : repos.values()) {
            boolean pilot = i++ < sc.pilots();
            Path dir = fleet.resolve(r.model.name());
            Files.createDirectories(dir.resolve(".kaizen"));
            Instant born = sc.start().minus(Duration.ofDays(60));
            r.git = DemoGit.init(dir, "# " + r.model.name() + "\n\nA service of the demo fleet. Its `.kaizen/` files are written by the "
                    + "improvement agents' tooling; loopreg reads them.\n", born, pr);
            pr += 1000;
            // a little history before the pilot: a merge a week
            for (int w = 8; w >= 1; w--) {
                r.git.mergePr(PR_TITLES.get(r.rnd.nextInt(PR_TITLES.size())), sc.start().minus(Duration.ofDays(7L * w)).plus(Duration.ofHours(14)));
            }
            for (String agent : List.of("optimization", "coach", "escalation", "hygiene")) {
                Files.createDirectories(dir.resolve(".kaizen/metrics").resolve(agent));
                Files.writeString(dir.resolve(".kaizen/metrics").resolve(agent).resolve("executions.jsonl"), "");
            }
            Files.writeString(dir.resolve(".kaizen/recommendations.jsonl"), "");
            Files.writeString(dir.resolve(".kaizen/schedule.yml"), """
                    # kaizen schedule for %s (owned by the platform team)
                    optimization:
                      enabled: %s     # hourly optimization sessions while the repo is in the pilot
                      cron: "5 * * * *"
                    coach: {enabled: true, cron: "0 4 * * *"}   # daily coaching
                    """.formatted(r.model.name(), pilot));
        }
    }

    // ---------------------------------------------------------------- time passing

    /** Lets the world run over {@code (from, to]}. */
    void advance(Instant from, Instant to) throws IOException {
        Roster roster = roster();
        List<String> active = roster.active().stream().map(Roster.Entry::repo).toList();
        for (LoopSim l : loops.values()) {
            CadenceState state = cadence(l.model.id());
            for (Instant slot : slots(state.cron(), from, to)) {
                createTasks(l, slot, state, l.model.id().equals("kaizen-stack") ? active : agentRepos(l));
                if (l.model.agent() != null) {
                    for (String repo : agentRepos(l)) {
                        RepoSim r = repos.get(repo);
                        int d = jitter(l.rnd, l.model.sessionSec(), 0.3);
                        execution(r, l.model.agent(), slot.plus(Duration.ofMinutes(7)).plusSeconds(d), l.rnd.nextDouble() < l.model.agentSuccess(),
                                null, d);
                    }
                }
            }
            for (Scenario.Rescue rescue : l.model.rescues()) {
                if (rescue.at().isAfter(from) && !rescue.at().isAfter(to)) {
                    Files.writeString(ws.loopDir(l.model.id()).resolve("bootstrap-log.md"),
                            "- " + Instants.format(rescue.at()) + " [rescue] " + rescue.text() + "\n", StandardOpenOption.APPEND);
                }
            }
        }
        for (RepoSim r : repos.values()) {
            JsonNode schedule;
            try {
                schedule = dev.loopreg.format.YamlDoc.parse(r.model.name() + "/.kaizen/schedule.yml",
                        Files.readString(fleet.resolve(r.model.name()).resolve(".kaizen/schedule.yml"))).root();
            } catch (dev.loopreg.format.YamlDoc.SyntaxException e) {
                throw new IOException(e.getMessage(), e);
            }
            Instant since = roster.entry(r.model.name()).filter(e -> roster.active().contains(e)).map(Roster.Entry::since).orElse(sc.start());
            for (String agent : List.of("optimization", "coach")) {
                JsonNode a = schedule.path(agent);
                if (!a.path("enabled").asBoolean(false)) continue;
                for (Instant slot : slots(a.path("cron").asText(), from, to)) {
                    int d = 200 + r.rnd.nextInt(201);
                    Instant at = slot.plusSeconds(d);
                    if (agent.equals("coach")) {
                        execution(r, agent, at, r.rnd.nextDouble() < 0.9, round(0.8 + (r.rnd.nextDouble() - 0.5) * 0.02), d);
                    } else {
                        optimization(r, at, since, d);
                    }
                }
            }
            while (!r.merges.isEmpty() && !r.merges.peek().at().isAfter(to)) {
                Merge m = r.merges.poll();
                if (m.squash()) r.git.squashPr(m.title(), m.at()); else r.git.mergePr(m.title(), m.at());
            }
        }
        for (LoopSim l : loops.values()) {
            exportTasks(l, to, cadence(l.model.id()).phase());
        }
    }

    /** One optimization session: quality from the repo's curve; while it still finds work, recommendations and PRs. */
    private void optimization(RepoSim r, Instant at, Instant activeSince, int duration) throws IOException {
        Scenario.RepoModel m = r.model;
        double hours = Math.max(0, Duration.between(activeSince, at).toMinutes() / 60.0);
        double q = m.q0() + (m.qMax() - m.q0()) * Math.min(1, hours / m.riseHours()) + (r.rnd.nextDouble() - 0.5) * 0.008;
        execution(r, "optimization", at, r.rnd.nextDouble() < m.success(), round(q), duration);
        if (hours >= m.workHours()) return;
        if (--r.recIn == 0) {
            r.recIn = 2 + r.rnd.nextInt(4);
            r.recs++;
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("id", m.name() + "-R" + r.recs);
            rec.put("created_at", Instants.format(at.plusSeconds(120)));
            rec.put("agent", "optimization");
            rec.put("actionable", true);
            append(fleet.resolve(m.name()).resolve(".kaizen/recommendations.jsonl"), json(rec));
        }
        if (--r.mergeIn == 0) {
            r.mergeIn = 3 + r.rnd.nextInt(4);
            r.merges.add(new Merge(at.plus(Duration.ofMinutes(20 + r.rnd.nextInt(81))), PR_TITLES.get(r.rnd.nextInt(PR_TITLES.size())),
                    r.rnd.nextDouble() < 0.3));
        }
    }

    private void execution(RepoSim r, String agent, Instant at, boolean success, BigDecimal quality, int duration) throws IOException {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("at", Instants.format(at));
        e.put("success", success);
        if (quality != null) e.put("quality", quality);
        e.put("duration_sec", duration);
        Path dir = fleet.resolve(r.model.name()).resolve(".kaizen/metrics").resolve(agent);
        dev.loopreg.workspace.AtomicFiles.ensureDirectory(dir);
        append(dir.resolve("executions.jsonl"), json(e));
    }

    /**
     * One loop run's tasks: about {@code tasksPerRun} (4× for a daily run, 12× for a weekly one), created over the 40
     * minutes after the slot. Duplicates follow error diffusion: after C tasks the loop has made
     * floor(fpr·C + φ) duplicates, so every window's share is within one task of the rate.
     */
    private void createTasks(LoopSim l, Instant slot, CadenceState state, List<String> targets) {
        int factor = switch (state.phase()) {
            case BOOTSTRAP -> 1;
            case STABILIZE -> 4;
            case OPERATE -> 12;
        };
        int mean = l.model.tasksPerRun() * factor;
        int spread = Math.max(1, mean / 5);
        int n = mean - spread + l.rnd.nextInt(2 * spread + 1);
        int dupBefore = (int) Math.floor(l.model.fpr() * l.created + l.phi);
        int dupAfter = (int) Math.floor(l.model.fpr() * (l.created + n) + l.phi);
        int dups = dupAfter - dupBefore;
        l.created += n;
        for (int k = 0; k < n; k++) {
            Instant created = slot.plusSeconds(60 + (long) k * 2400 / Math.max(1, n) + l.rnd.nextInt(60));
            String id = l.model.prefix() + "-" + String.format("%04d", ++l.seq);
            boolean dup = k >= n - dups;
            if (dup && !l.originals.isEmpty()) {
                SimTask of = l.originals.get(Math.max(0, l.originals.size() - 1 - l.rnd.nextInt(Math.min(30, l.originals.size()))));
                l.tasks.add(new SimTask(id, of.title, created, null, of.id));
                continue;
            }
            String repo = targets.isEmpty() ? "the fleet" : targets.get(l.rnd.nextInt(targets.size()));
            String title = l.model.titles().get(l.rnd.nextInt(l.model.titles().size())).formatted(repo);
            double u = l.rnd.nextDouble();
            Instant done = u < 0.03 ? null
                    : created.plus(Duration.ofMinutes(u < 0.12 ? 26 * 60 + l.rnd.nextInt(14 * 60) : 60 + l.rnd.nextInt(19 * 60)));
            SimTask t = new SimTask(id, title, created, done, null);
            l.tasks.add(t);
            l.originals.add(t);
        }
    }

    /** The export as a task tracker would give it at {@code at}: the tasks of the last {@link #exportSpan}, statuses as of then. */
    private void exportTasks(LoopSim l, Instant at, Phase phase) throws IOException {
        Instant from = at.minus(exportSpan(Phase.OPERATE));
        l.tasks.removeIf(t -> t.created.isBefore(from));
        l.originals.removeIf(t -> t.created.isBefore(from));
        Instant shown = at.minus(exportSpan(phase));
        StringBuilder sb = new StringBuilder();
        for (SimTask t : l.tasks) {
            if (t.created.isAfter(at) || t.created.isBefore(shown)) continue;
            sb.append(t.line(at)).append('\n');
        }
        Files.writeString(ws.loopDir(l.model.id()).resolve("tasks.jsonl"), sb.toString());
    }

    /** Brings every repo's work tree in line with its history. */
    void finish() throws IOException {
        for (RepoSim r : repos.values()) {
            r.git.checkout();
        }
    }

    @Override
    public void close() {
        for (RepoSim r : repos.values()) {
            if (r.git != null) r.git.close();
        }
    }

    // ---------------------------------------------------------------- reading the regulated state

    List<String> agentRepos(LoopSim l) {
        List<String> all = sc.repos().stream().map(Scenario.RepoModel::name).toList();
        return l.model.id().equals("quality-escalation") ? all.subList(0, sc.pilots()) : all;
    }

    private CadenceState cadence(String loop) throws IOException {
        Path p = ws.cadence(loop);
        try {
            List<Problem> problems = new ArrayList<>();
            CadenceState s = CadenceCodec.read(YamlDoc.parse(ws.rel(p), Files.readString(p)), problems);
            if (s == null) throw new IOException(ws.rel(p) + ": " + problems);
            return s;
        } catch (YamlDoc.SyntaxException e) {
            throw new IOException(e.problem().toString(), e);
        }
    }

    private Roster roster() throws IOException {
        Path p = ws.roster("kaizen-stack");
        try {
            return RosterCodec.read(YamlDoc.parse(ws.rel(p), Files.readString(p)), new ArrayList<>());
        } catch (YamlDoc.SyntaxException e) {
            throw new IOException(e.problem().toString(), e);
        }
    }

    /** The cron's slots in {@code (from, to]} (UTC: the demo's workspace time zone). */
    static List<Instant> slots(String cron, Instant from, Instant to) {
        List<Instant> out = new ArrayList<>();
        Instant t = from;
        while (true) {
            Instant next = Crons.next(cron, ZoneOffset.UTC, t).orElse(null);
            if (next == null || next.isAfter(to)) return out;
            out.add(next);
            t = next;
        }
    }

    private static int jitter(SplittableRandom r, int mean, double rel) {
        int spread = (int) Math.round(mean * rel);
        return mean - spread + r.nextInt(2 * spread + 1);
    }

    private static BigDecimal round(double d) {
        return BigDecimal.valueOf(d).setScale(4, RoundingMode.HALF_EVEN);
    }

    private static String json(Map<String, Object> o) {
        try {
            return Mappers.JSON.writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void append(Path file, String line) throws IOException {
        Files.writeString(file, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    // ---------------------------------------------------------------- state of the simulated entities

    private static final class LoopSim {
        final Scenario.LoopModel model;
        final SplittableRandom rnd;
        final double phi;
        final List<SimTask> tasks = new ArrayList<>();
        final List<SimTask> originals = new ArrayList<>();
        long created;
        int seq;

        LoopSim(Scenario.LoopModel model, SplittableRandom rnd, double phi) {
            this.model = model;
            this.rnd = rnd;
            this.phi = phi;
        }
    }

    /** A task of the tracker; its export line is rendered again only when its status changes. */
    private static final class SimTask {
        final String id;
        final String title;
        final Instant created;
        final Instant done;
        final String duplicateOf;
        private String status;
        private String line;

        SimTask(String id, String title, Instant created, Instant done, String duplicateOf) {
            this.id = id;
            this.title = title;
            this.created = created;
            this.done = done;
            this.duplicateOf = duplicateOf;
        }

        String line(Instant at) {
            String now = duplicateOf != null ? "duplicate"
                    : done != null && !done.isAfter(at) ? "done"
                    : created.plus(Duration.ofHours(1)).isBefore(at) ? "in_progress" : "open";
            if (!now.equals(status)) {
                status = now;
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("id", id);
                o.put("title", title);
                o.put("created_at", Instants.format(created));
                o.put("status", now);
                if (duplicateOf != null) o.put("duplicate_of", duplicateOf);
                if (now.equals("done")) o.put("completed_at", Instants.format(done));
                line = json(o);
            }
            return line;
        }
    }

    private record Merge(Instant at, String title, boolean squash) {
    }

    private static final class RepoSim {
        final Scenario.RepoModel model;
        final SplittableRandom rnd;
        final PriorityQueue<Merge> merges = new PriorityQueue<>(Comparator.comparing(Merge::at));
        DemoGit git;
        int recIn;
        int mergeIn;
        int recs;

        RepoSim(Scenario.RepoModel model, SplittableRandom rnd, int recIn, int mergeIn) {
            this.model = model;
            this.rnd = rnd;
            this.recIn = recIn;
            this.mergeIn = mergeIn;
        }
    }
}
