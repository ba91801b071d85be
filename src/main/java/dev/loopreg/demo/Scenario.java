package dev.loopreg.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The demo's story as numbers: the loops and repos of the synthetic fleet and the seeded models the simulation
 * draws from. Routine volume (tasks, duplicates, agent sessions, quality, recommendations, merges) is random around
 * these numbers; the incidents the story needs (two rescues in one day) are placed at seeded times inside fixed
 * spans. Duplicates are spread by error diffusion, so a loop's pooled false-positive rate over any window stays
 * within one task of its configured rate: the noisy loop stays noisy for every seed, not only the default one.
 *
 * @param start  the first simulated instant (the workspace's {@code init})
 * @param loops  the first-order loops
 * @param repos  the fleet's repositories, pilots first, then the expansion queue in order
 * @param pilots how many of {@code repos} are active at the start
 */
record Scenario(Instant start, List<LoopModel> loops, List<RepoModel> repos, int pilots) {

    /** The instant the demo starts: a Monday, so the weekly {@code operate} cron falls inside three weeks. */
    static final Instant START = Instant.parse("2026-06-01T00:00:00Z");

    /**
     * One first-order loop.
     *
     * @param id            loop id
     * @param prefix        task id prefix
     * @param tasksPerRun   tasks a bootstrap (hourly) run creates on average; a daily run creates 4×, a weekly run 12×
     * @param fpr           share of the created tasks that are duplicates
     * @param agent         the loop's own agent, run once per loop run on each of its repos (null: the kaizen agents,
     *                      which run on the repos' {@code .kaizen/schedule.yml} crons)
     * @param agentSuccess  that agent's success probability
     * @param sessionSec    that agent's mean session seconds
     * @param titles        task title templates ({@code %s} = a repo)
     * @param rescues       scripted rescues: instants and what was rescued
     */
    record LoopModel(String id, String prefix, int tasksPerRun, double fpr, String agent, double agentSuccess, int sessionSec,
                     List<String> titles, List<Rescue> rescues) {
    }

    /** A manual rescue written to the loop's bootstrap log. */
    record Rescue(Instant at, String text) {
    }

    /**
     * One fleet repo and its optimization agent's curve: quality rises linearly from {@code q0} to {@code qMax} over
     * {@code riseHours} after the repo became active and is flat after; the agent finds work (actionable
     * recommendations, merged pull requests) for {@code workHours}, then nothing more.
     */
    record RepoModel(String name, double q0, double qMax, double riseHours, double workHours, double success) {
    }

    static Scenario standard(long seed) {
        SplittableRandom r = new SplittableRandom(seed ^ 0x5eed_0001L);
        // the incident: two rescues of registry-hygiene on day 5 or 6, both after its 11:00 daily slot
        Instant day = START.plus(Duration.ofDays(4 + r.nextInt(2)));
        Instant first = day.plus(Duration.ofMinutes(12 * 60 + 5 + r.nextInt(100)));
        Instant second = first.plus(Duration.ofMinutes(120 + r.nextInt(150)));
        List<Rescue> hygieneRescues = List.of(
                new Rescue(first, "restarted the stuck hygiene session on repo-c (lock file left behind)"),
                new Rescue(second, "killed a hygiene session looping on repo-e's registry index and re-ran it by hand"));
        List<LoopModel> loops = List.of(
                new LoopModel("kaizen-stack", "KZ", 5, 0.30, null, 0, 0, List.of(
                        "Reduce flaky retries in %s CI", "Cache dependency downloads in %s", "Split the slow test suite of %s",
                        "Remove dead feature flags in %s", "Tighten lint rules in %s", "Bump the base image of %s"), List.of()),
                new LoopModel("quality-escalation", "QE", 3, 0.04, "escalation", 0.94, 180, List.of(
                        "Escalate failing nightly build of %s", "Escalate coverage drop in %s", "Escalate a security advisory for %s"),
                        List.of()),
                new LoopModel("registry-hygiene", "RH", 5, 0.15, "hygiene", 0.9, 240, List.of(
                        "Prune stale images of %s", "Re-tag unversioned artifacts of %s", "Remove orphaned packages of %s",
                        "Fix the registry metadata of %s"), hygieneRescues));
        List<RepoModel> repos = List.of(
                new RepoModel("repo-a", 0.74, 0.82, 5, 8, 0.95),
                new RepoModel("repo-b", 0.60, 0.80, 504, Double.MAX_VALUE, 0.90),
                new RepoModel("repo-c", 0.66, 0.80, 280, 290, 0.93),
                new RepoModel("repo-d", 0.55, 0.78, 240, Double.MAX_VALUE, 0.88),
                new RepoModel("repo-e", 0.62, 0.79, 300, Double.MAX_VALUE, 0.90));
        return new Scenario(START, loops, repos, 3);
    }
}
