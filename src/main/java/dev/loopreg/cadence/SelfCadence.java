package dev.loopreg.cadence;

import dev.loopreg.format.Instants;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The regulator's own cadence (LOOP-WP-0004 T08), pure. The regulator has two phases: {@code hourly}
 * (collector every hour, session daily) and {@code daily} (collector daily, session weekly). It recommends
 * its own promotion after {@code promote_after_days} of runs whose recommendations did not change, and its
 * demotion back to hourly when a loop's demotion trigger fires. Emergency demotion of a loop stays
 * event-driven (the collector's urgent tasks); this only sets how often the regulator itself looks.
 */
public final class SelfCadence {

    private SelfCadence() {
    }

    public enum RegPhase {
        HOURLY, DAILY;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<RegPhase> parse(String s) {
            for (RegPhase p : values()) if (p.id().equals(s)) return Optional.of(p);
            return Optional.empty();
        }
    }

    /** The crons of the collector's and the session's activity definitions in one phase. */
    public record Crons(String collector, String session) {
        public Crons {
            Objects.requireNonNull(collector, "collector");
            Objects.requireNonNull(session, "session");
        }
    }

    /** How the regulator's cadence moves ({@code policy:} in loops/regulator/cadence.yml). */
    public record Settings(int promoteAfterDays, Duration maxGap, Map<RegPhase, Crons> crons) {
        public Settings {
            crons = Map.copyOf(crons);
        }

        public static Settings defaults() {
            return new Settings(7, Duration.ofHours(25), Map.of(
                    RegPhase.HOURLY, new Crons("50 * * * *", "0 11 * * *"),
                    RegPhase.DAILY, new Crons("0 11 * * *", "0 11 * * 1")));
        }

        public Crons of(RegPhase p) {
            return crons.get(p);
        }
    }

    /** The regulator's cadence state. */
    public record State(RegPhase phase, String collectorCron, String sessionCron, Instant phaseSince, Instant promotedAt,
                        int demotionCount, Settings settings) {
        public static State initial(Settings s, Instant now) {
            Crons c = s.of(RegPhase.HOURLY);
            return new State(RegPhase.HOURLY, c.collector(), c.session(), now, null, 0, s);
        }
    }

    /** One evaluation run: when, and each loop's recommendation word ({@code hold}, {@code promote → stabilize}, …). */
    public record Run(Instant at, Map<String, String> recommendations) {
        public Run {
            recommendations = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(recommendations));
        }
    }

    /**
     * One evaluation run as the regulator's own cadence needs it: when, and the loops whose recommendation word changed
     * since the run before it ({@code loops/regulator/runs.jsonl} keeps one per run, so the cadence check reads a week of
     * small lines instead of a week of every loop's recommendations).
     */
    public record RunDigest(Instant at, List<Change> changes) {
        public RunDigest {
            Objects.requireNonNull(at, "at");
            changes = List.copyOf(changes);
        }
    }

    /** The changes from one run's words to the next run's, by loop name; a loop missing on one side is {@code (absent)}. */
    public static List<Change> changes(Instant at, Map<String, String> before, Map<String, String> after) {
        java.util.TreeSet<String> loops = new java.util.TreeSet<>(before.keySet());
        loops.addAll(after.keySet());
        List<Change> out = new ArrayList<>();
        for (String loop : loops) {
            String a = before.getOrDefault(loop, "(absent)");
            String b = after.getOrDefault(loop, "(absent)");
            if (!a.equals(b)) out.add(new Change(loop, at, a, b));
        }
        return out;
    }

    /** The digests of whole runs, oldest first; the first is compared with no run (every loop {@code (absent)} before). */
    public static List<RunDigest> digests(List<Run> runs) {
        List<Run> sorted = new ArrayList<>(runs);
        sorted.sort(java.util.Comparator.comparing(Run::at));
        List<RunDigest> out = new ArrayList<>();
        Map<String, String> before = Map.of();
        for (Run r : sorted) {
            out.add(new RunDigest(r.at(), changes(r.at(), before, r.recommendations())));
            before = r.recommendations();
        }
        return out;
    }

    /** A loop's demotion trigger that fires now. */
    public record Trigger(String loop, String rule, String detail) {
    }

    /** A change of one loop's recommendation between two runs. */
    public record Change(String loop, Instant at, String before, String after) {
    }

    /**
     * What the regulator recommends for itself, with its evidence.
     *
     * @param runs      the runs inside the window (promotion only; 0 otherwise)
     * @param largestGap the longest pause between runs in the window (including its ends), or null
     * @param changes   the recommendation changes found in the window
     * @param triggers  the loops' demotion triggers firing now
     */
    public record Verdict(String word, RegPhase from, RegPhase to, String summary, Instant windowFrom, int runs,
                          Duration largestGap, List<Change> changes, List<Trigger> triggers) {
        public Verdict {
            changes = List.copyOf(changes);
            triggers = List.copyOf(triggers);
        }

        public boolean isChange() {
            return to != null;
        }
    }

    /** The word a recommendation line stands for: {@code hold}, {@code promote → stabilize}, or {@code error}. */
    public static String word(String recommendation, String toPhase) {
        if (recommendation == null) return "error";
        return toPhase == null ? recommendation : recommendation + " → " + toPhase;
    }

    /**
     * Whether {@link #evaluate} would look at the runs: only in hourly, with no trigger firing, once hourly has lasted
     * {@code promote_after_days}. Otherwise the shell need not read the evaluation history at all.
     */
    public static boolean needsRuns(State s, List<Trigger> firing, Instant now) {
        return s.phase() != RegPhase.DAILY && firing.isEmpty() && s.phaseSince() != null
                && !s.phaseSince().isAfter(now.minus(Duration.ofDays(s.settings().promoteAfterDays())));
    }

    /**
     * Evaluates the regulator's cadence at {@code now}.
     *
     * @param runs   the evaluation runs at or before now, oldest first (at least those in the window)
     * @param firing the loops' demotion triggers that fire in this evaluation
     */
    public static Verdict evaluate(State s, List<Run> runs, List<Trigger> firing, Instant now) {
        return evaluateDigests(s, digests(runs), firing, now);
    }

    /** {@link #evaluate} over run digests: the same verdict, from what {@code runs.jsonl} keeps. */
    public static Verdict evaluateDigests(State s, List<RunDigest> runs, List<Trigger> firing, Instant now) {
        Settings p = s.settings();
        if (s.phase() == RegPhase.DAILY) {
            if (!firing.isEmpty()) {
                Trigger t = firing.get(0);
                return new Verdict("demote", s.phase(), RegPhase.HOURLY, "demote daily → hourly: " + t.loop() + " " + t.rule()
                        + " fired" + (firing.size() > 1 ? " (and " + (firing.size() - 1) + " more)" : "") + "; the collector goes "
                        + "back to \"" + p.of(RegPhase.HOURLY).collector() + "\"", null, 0, null, List.of(), firing);
            }
            return new Verdict("hold", s.phase(), null, "hold daily: no loop's demotion trigger fires (daily is the last phase)",
                    null, 0, null, List.of(), List.of());
        }
        if (!firing.isEmpty()) {
            Trigger t = firing.get(0);
            return new Verdict("hold", s.phase(), null, "hold hourly: " + t.loop() + " " + t.rule() + " fires; the regulator "
                    + "keeps looking every hour", null, 0, null, List.of(), firing);
        }
        Duration week = Duration.ofDays(p.promoteAfterDays());
        Instant from = now.minus(week);
        if (s.phaseSince() == null) {
            return hold(s, "phase_since is not recorded, so the time in hourly is unknown", from, 0, null, List.of());
        }
        if (s.phaseSince().isAfter(from)) {
            return hold(s, "hourly since " + Instants.format(s.phaseSince()) + ", less than " + p.promoteAfterDays()
                    + " days", from, 0, null, List.of());
        }
        List<RunDigest> in = new ArrayList<>();
        for (RunDigest r : runs) {
            if (r.at().isAfter(from) && !r.at().isAfter(now)) in.add(r);
        }
        in.sort(java.util.Comparator.comparing(RunDigest::at));
        if (in.isEmpty()) {
            return hold(s, "no evaluation run in the last " + p.promoteAfterDays() + " days", from, 0, week, List.of());
        }
        Duration gap = Duration.between(from, in.get(0).at());
        Instant gapAt = from;
        for (int i = 1; i < in.size(); i++) {
            Duration g = Duration.between(in.get(i - 1).at(), in.get(i).at());
            if (g.compareTo(gap) > 0) {
                gap = g;
                gapAt = in.get(i - 1).at();
            }
        }
        Duration tail = Duration.between(in.get(in.size() - 1).at(), now);
        if (tail.compareTo(gap) > 0) {
            gap = tail;
            gapAt = in.get(in.size() - 1).at();
        }
        // the changes between consecutive runs in the window: each run's own, after the first's
        List<Change> changes = new ArrayList<>();
        for (int i = 1; i < in.size(); i++) {
            changes.addAll(in.get(i).changes());
        }
        if (gap.compareTo(p.maxGap()) > 0) {
            return hold(s, "the runs paused " + hours(gap) + " h after " + Instants.format(gapAt) + ", more than "
                    + hours(p.maxGap()) + " h", from, in.size(), gap, changes);
        }
        if (!changes.isEmpty()) {
            Change c = changes.get(0);
            return hold(s, changes.size() + " recommendation change" + (changes.size() == 1 ? "" : "s") + " in the last "
                    + p.promoteAfterDays() + " days, the latest: " + changes.get(changes.size() - 1).loop() + " "
                    + changes.get(changes.size() - 1).before() + " → " + changes.get(changes.size() - 1).after() + " at "
                    + Instants.format(changes.get(changes.size() - 1).at()), from, in.size(), gap, changes);
        }
        Crons d = p.of(RegPhase.DAILY);
        return new Verdict("promote", s.phase(), RegPhase.DAILY, "promote hourly → daily: " + in.size() + " runs over the last "
                + p.promoteAfterDays() + " days with unchanged recommendations; collector \"" + d.collector() + "\", session \""
                + d.session() + "\"", from, in.size(), gap, List.of(), List.of());
    }

    private static Verdict hold(State s, String why, Instant from, int runs, Duration gap, List<Change> changes) {
        return new Verdict("hold", s.phase(), null, "hold hourly: " + why, from, runs, gap, changes, List.of());
    }

    private static String hours(Duration d) {
        long m = d.toMinutes();
        return m % 60 == 0 ? Long.toString(m / 60) : String.format(Locale.ROOT, "%.1f", m / 60.0);
    }

    /** The state after carrying out a promote or demote verdict at {@code now}. */
    public static State apply(State s, Verdict v, Instant now) {
        if (!v.isChange()) {
            throw new IllegalArgumentException("a hold changes nothing");
        }
        Crons c = s.settings().of(v.to());
        boolean promote = v.word().equals("promote");
        return new State(v.to(), c.collector(), c.session(), now, promote ? now : s.promotedAt(),
                s.demotionCount() + (promote ? 0 : 1), s.settings());
    }
}
