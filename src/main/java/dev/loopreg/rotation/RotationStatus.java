package dev.loopreg.rotation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The rotation picture at an instant (pure): every active repo's verdict, the queue in order, the saturated
 * repos with their revisit dates, the automation gate and what the regulator recommends.
 *
 * @param candidates the candidates, most saturated first (score, then repo name)
 * @param warnings   roster conditions an operator should fix (more active repos than {@code max_active})
 */
public record RotationStatus(Instant now, RotationPolicy policy, Roster roster, List<Verdict> verdicts, List<Saturated> saturated,
                             Automation.Gate gate, List<Verdict> candidates, List<String> warnings) {

    /** A saturated repo and when it is due for a revisit ({@code revisit.after_days} after {@code saturated_at}). */
    public record Saturated(String repo, Instant saturatedAt, Instant revisitAt, boolean due, String decision) {
    }

    public RotationStatus {
        verdicts = List.copyOf(verdicts);
        saturated = List.copyOf(saturated);
        candidates = List.copyOf(candidates);
        warnings = List.copyOf(warnings);
    }

    /**
     * @param snapshots the snapshots of every active repo (any order)
     * @param events    the rotations and revisits of decisions.jsonl
     */
    public static RotationStatus of(Roster roster, List<Snapshot> snapshots, List<RotationEvent> events, Cycles cycles,
                                    RotationPolicy p, Instant now) {
        List<Verdict> verdicts = new ArrayList<>();
        Map<String, List<Snapshot>> byRepo = SaturationRules.byRepo(snapshots);
        for (Roster.Entry e : roster.active()) {
            verdicts.add(SaturationRules.judge(e.repo(), e.since(), byRepo.getOrDefault(e.repo(), List.of()), p, now));
        }
        List<Verdict> candidates = verdicts.stream().filter(Verdict::candidate)
                .sorted(Comparator.comparing(Verdict::saturationScore).reversed().thenComparing(Verdict::repo)).toList();
        List<String> warnings = new ArrayList<>();
        if (roster.active().size() > p.maxActive()) {
            warnings.add(roster.active().size() + " active repos, more than max_active " + p.maxActive()
                    + ": no repo is promoted from the queue until fewer are active");
        }
        return new RotationStatus(now, p, roster, verdicts, saturated(roster, p, now), Automation.gate(events, cycles, p),
                candidates, warnings);
    }

    public static List<Saturated> saturated(Roster roster, RotationPolicy p, Instant now) {
        List<Saturated> out = new ArrayList<>();
        for (Roster.Entry e : roster.saturated()) {
            Instant at = e.saturatedAt();
            Instant revisit = at == null ? null : at.plus(Duration.ofDays(p.revisitAfterDays()));
            out.add(new Saturated(e.repo(), at, revisit, revisit != null && !now.isBefore(revisit), e.decision()));
        }
        return out;
    }

    /** The candidates the regulator recommends rotating now: none while the roster is in its cooldown. */
    public List<Verdict> recommended() {
        return gate.cooldown().active() ? List.of() : candidates;
    }

    public Verdict verdict(String repo) {
        return verdicts.stream().filter(v -> v.repo().equals(repo)).findFirst().orElse(null);
    }

    /** Repos with their verdicts, by name. */
    public Map<String, Verdict> byRepo() {
        java.util.Map<String, Verdict> m = new java.util.LinkedHashMap<>();
        verdicts.forEach(v -> m.put(v.repo(), v));
        return m;
    }
}
