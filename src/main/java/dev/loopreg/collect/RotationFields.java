package dev.loopreg.collect;

import dev.loopreg.store.RosterFile;
import dev.loopreg.store.Store;
import dev.loopreg.source.*;
import dev.loopreg.cadence.Slots;
import dev.loopreg.format.Problem;
import dev.loopreg.format.YamlDoc;
import dev.loopreg.rotation.Roster;
import dev.loopreg.rotation.RotationPolicy;
import dev.loopreg.rotation.SaturationRules;
import dev.loopreg.rotation.Verdict;
import dev.loopreg.store.SaturationLog;
import java.math.BigDecimal;
import dev.loopreg.workspace.CollectSettings;
import dev.loopreg.workspace.LoopConfig;
import dev.loopreg.workspace.Workspace;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The rotation loop's part of a collection: one saturation snapshot per active repo and slot (its agent's executions and
 * recommendations, merged PRs from the clone's git history, state-hub progress events), appended to saturation.jsonl
 * keyed by repo, agent and cycle (a snapshot already there is not written again), and from them each slot's
 * {@code marginal_gain} and {@code saturation_score}.
 */
final class RotationFields {

    private final Workspace ws;
    private final Store store;
    private final RotationPolicy policy;
    private final Function<String, String> env;

    RotationFields(Store store, RotationPolicy policy, Function<String, String> env) {
        this.store = store;
        this.ws = store.workspace();
        this.policy = policy;
        this.env = env;
    }

    /** Per slot: the rotation loop's health fields and their null reasons; the snapshots written and the failed reads. */
    record Fields(List<BigDecimal> marginalGain, List<BigDecimal> saturationScore, List<List<String>> errors,
                                  int snapshots, List<String> failures) {
        static Fields missing(int slots, String reason, boolean failed) {
            List<BigDecimal> nulls = new ArrayList<>();
            List<List<String>> errs = new ArrayList<>();
            for (int i = 0; i < slots; i++) {
                nulls.add(null);
                errs.add(List.of("marginal_gain, saturation_score: " + reason));
            }
            return new Fields(nulls, nulls, errs, 0, failed ? List.of(reason) : List.of());
        }
    }

    /**
     * The rotation loop's snapshots (one per active repo and slot, appended to saturation.jsonl), and from them
     * each slot's {@code marginal_gain} and {@code saturation_score}.
     */
    Fields read(String id, LoopConfig config, CollectSettings settings, HttpJson http, List<Slots.Slot> slots,
                                      Instant now, List<String> notices) throws IOException {
        RotationPolicy rp = policy;
        RosterFile rosterFile = store.roster(id);
        List<Problem> problems = new ArrayList<>();
        RosterFile.Read rosterRead;
        try {
            rosterRead = rosterFile.read(problems);
        } catch (YamlDoc.SyntaxException e) {
            return Fields.missing(slots.size(), e.problem().toString(), true);
        }
        if (rosterRead.missing()) {
            return Fields.missing(slots.size(), rosterFile.rel() + " is missing (no roster, no snapshots)", false);
        }
        Roster roster = rosterRead.roster();
        if (roster == null) {
            return Fields.missing(slots.size(), String.join("; ", problems.stream().filter(Problem::isError)
                    .map(Problem::toString).toList()), true);
        }
        if (roster.active().isEmpty()) {
            return Fields.missing(slots.size(), "no active repo in " + rosterFile.rel(), false);
        }
        StateHub hub = null;
        List<String> failures = new ArrayList<>();
        if (settings.stateHub().url() != null) {
            try {
                String token = SourceTokens.token(env, "state-hub", settings.stateHub().tokenEnv(), "policy.yml state_hub.token_env");
                hub = new StateHub(settings.stateHub().url(), token, http, settings.stateHub().pageSize(), settings.stateHub().maxPages());
            } catch (SourceException e) {
                failures.add(e.getMessage() + " (progress events not read)");
            }
        }
        GitHistory.PullRequests squash = GitHistory.PullRequests.of(rp.squashPattern(), rp.prPatterns());
        List<String> repos = roster.active().stream().map(Roster.Entry::repo).toList();
        Saturation.Result read = Saturation.read(new Saturation.Sources(ws.resolve(config.reposRoot()), config.reposRoot(), rp.agent(),
                squash, hub), repos, slots, now, settings.parallelism());
        failures.addAll(read.failures());
        Map<String, Instant> active = new LinkedHashMap<>();
        roster.active().forEach(e -> active.put(e.repo(), e.since()));
        SaturationLog log = store.saturation(id);
        // the history before the first slot (read before appending), then the new snapshots: no re-read
        SaturationLog.Read history = log.read(active, rp.agent(),
                Math.max(2 * rp.windowCycles(), rp.warmupCycles()), 1, slots.get(0).from());
        List<dev.loopreg.rotation.Snapshot> known = new ArrayList<>(history.snapshots());
        read.perSlot().forEach(known::addAll);
        // appended in chunks, so a long backfill never holds every line's text at once; a snapshot already in the file (a
        // run cut off between its snapshots and its health records, retried) is not written again
        java.util.Set<String> present = log.keysAfter(slots.get(0).from());
        int written = 0;
        List<dev.loopreg.rotation.Snapshot> chunk = new ArrayList<>();
        for (int i = 0; i < read.perSlot().size(); i++) {
            read.perSlot().get(i).stream().filter(x -> !present.contains(SaturationLog.key(x))).forEach(chunk::add);
            if (chunk.size() >= 10_000 || i == read.perSlot().size() - 1) {
                String repair = log.appendNow(chunk);
                if (repair != null) notices.add(repair);
                written += chunk.size();
                chunk.clear();
            }
        }
        Map<String, List<dev.loopreg.rotation.Snapshot>> byRepo = SaturationRules.byRepo(known);
        List<BigDecimal> mg = new ArrayList<>();
        List<BigDecimal> score = new ArrayList<>();
        List<List<String>> errors = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) {
            Instant cycle = slots.get(i).cycle();
            List<String> e = new ArrayList<>();
            Long gain = SaturationRules.marginalGain(read.perSlot().get(i));
            if (gain == null) e.add("marginal_gain: the merged PRs or progress events of an active repo were not measured");
            List<Verdict> verdicts = new ArrayList<>();
            for (Roster.Entry r : roster.active()) {
                verdicts.add(SaturationRules.judge(r.repo(), r.since(), byRepo.getOrDefault(r.repo(), List.of()), rp, cycle));
            }
            BigDecimal sc = SaturationRules.saturationScore(verdicts);
            if (sc == null) e.add("saturation_score: no active repo has a saturation signal with data yet (too few snapshots)");
            mg.add(gain == null ? null : BigDecimal.valueOf(gain));
            score.add(sc);
            errors.add(e);
        }
        return new Fields(mg, score, errors, written, failures);
    }
}
