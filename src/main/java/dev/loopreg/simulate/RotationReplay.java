package dev.loopreg.simulate;

import dev.loopreg.rotation.Automation;
import dev.loopreg.rotation.Cycles;
import dev.loopreg.rotation.RotationEvent;
import dev.loopreg.rotation.RotationPolicy;
import dev.loopreg.rotation.SaturationRules;
import dev.loopreg.rotation.Snapshot;
import dev.loopreg.rotation.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Replays the rotation loop's snapshots through a rotation policy, cycle by cycle, over the repos that were active
 * (a repo is active at a cycle when it has a snapshot there; it became active where its run of snapshots began). The
 * roster's history is the recorded one: rotations happen where they were recorded (they set the cooldown), so the
 * replay answers "when would this policy have recommended each repo", not "what would the roster have become".
 */
public final class RotationReplay {

    /**
     * One repo under one policy.
     *
     * @param firstCandidate    the first cycle its verdict was candidate-saturated (null: never)
     * @param firstRecommended  the first cycle it was recommended (a candidate outside the cooldown)
     * @param recommendedCycles how many cycles it was recommended
     * @param judgedCycles      how many cycles it was active and past the warm-up
     * @param atFirst           the verdict at {@code firstRecommended} (else at the last cycle it was active)
     * @param rotatedAt         when it was rotated, as recorded (null: not rotated)
     */
    public record RepoReplay(String repo, Instant firstCandidate, Instant firstRecommended, int recommendedCycles, int judgedCycles,
                             Verdict atFirst, Instant rotatedAt) {
    }

    public record Result(int cycles, Instant from, Instant to, List<RepoReplay> repos) {
    }

    private RotationReplay() {
    }

    /**
     * @param snapshots every snapshot of {@code saturation.jsonl}, in file order
     * @param events    the recorded rotations and revisits
     */
    public static Result run(List<Snapshot> snapshots, List<RotationEvent> events, RotationPolicy p, Instant from, Instant to) {
        TreeSet<Instant> all = new TreeSet<>();
        Map<String, List<Snapshot>> byRepo = new LinkedHashMap<>();
        for (Snapshot s : snapshots) {
            if (!s.agent().equals(p.agent()) || (to != null && s.cycle().isAfter(to))) continue;
            all.add(s.cycle());
            byRepo.computeIfAbsent(s.repo(), k -> new ArrayList<>()).add(s);
        }
        Map<String, Map<Instant, Snapshot>> at = new LinkedHashMap<>();
        byRepo.forEach((repo, list) -> {
            Map<Instant, Snapshot> m = new LinkedHashMap<>();
            list.forEach(s -> m.put(s.cycle(), s));
            at.put(repo, m);
        });
        Map<String, Instant> since = new LinkedHashMap<>();
        Map<String, Acc> acc = new LinkedHashMap<>();
        List<Instant> newestFirst = new ArrayList<>();
        Instant previous = null;
        int replayed = 0;
        Instant first = null;
        Instant last = null;
        for (Instant c : all) {
            newestFirst.add(0, c);
            for (Map.Entry<String, Map<Instant, Snapshot>> e : at.entrySet()) {
                Snapshot s = e.getValue().get(c);
                if (s == null) {
                    since.remove(e.getKey());
                    continue;
                }
                boolean continues = previous != null && e.getValue().containsKey(previous) && since.containsKey(e.getKey());
                if (!continues) since.put(e.getKey(), s.since() != null ? s.since() : c.minusSeconds(1));
            }
            previous = c;
            if (from != null && !c.isAfter(from)) continue;
            replayed++;
            if (first == null) first = c;
            last = c;
            List<RotationEvent> before = events.stream().filter(ev -> !ev.at().isAfter(c)).toList();
            boolean cooldown = Automation.cooldown(before, new Cycles(newestFirst, true), p).active();
            for (Map.Entry<String, Instant> e : since.entrySet()) {
                Verdict v = SaturationRules.judge(e.getKey(), e.getValue(), byRepo.get(e.getKey()), p, c);
                Acc a = acc.computeIfAbsent(e.getKey(), k -> new Acc());
                a.last = v;
                if (v.status() == Verdict.Status.WARMING_UP) continue;
                a.judged++;
                if (v.candidate()) {
                    if (a.firstCandidate == null) a.firstCandidate = c;
                    if (!cooldown) {
                        a.recommended++;
                        if (a.firstRecommended == null) {
                            a.firstRecommended = c;
                            a.atFirst = v;
                        }
                    }
                }
            }
        }
        List<RepoReplay> out = new ArrayList<>();
        for (String repo : byRepo.keySet()) {
            Acc a = acc.getOrDefault(repo, new Acc());
            Instant rotated = events.stream().filter(ev -> ev.kind().equals(RotationEvent.ROTATION) && ev.repo().equals(repo))
                    .map(RotationEvent::at).findFirst().orElse(null);
            out.add(new RepoReplay(repo, a.firstCandidate, a.firstRecommended, a.recommended, a.judged,
                    a.atFirst != null ? a.atFirst : a.last, rotated));
        }
        return new Result(replayed, first, last, out);
    }

    private static final class Acc {
        Instant firstCandidate;
        Instant firstRecommended;
        int recommended;
        int judged;
        Verdict atFirst;
        Verdict last;
    }
}
