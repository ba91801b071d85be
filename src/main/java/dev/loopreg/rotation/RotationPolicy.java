package dev.loopreg.rotation;

import dev.loopreg.format.ConfigReader;
import dev.loopreg.format.Problem;
import dev.loopreg.format.YamlDoc;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * {@code loops/regulator/rotation-policy.yml}: ADR-004's knobs.
 *
 * @param loop                  the loop whose roster rotates and whose cycles are counted ({@code kaizen-stack})
 * @param agent                 the agent whose signals are judged
 * @param windowCycles          the rolling window (14 cycles)
 * @param minSignals            candidate-saturated at this many fired signals (3 of 4)
 * @param plateauMinDelta       quality_plateau: mean avg_quality rose by less than this
 * @param plateauMode           {@code abs} or {@code rel}
 * @param squashPattern         a regular expression: a single-parent commit on the default branch whose first
 *                              message line matches it is a squash-merged PR (GitHub's {@code "Title (#123)"})
 * @param successAtLeast        success_stable: mean success rate at least this
 * @param revisitAfterDays      saturated repos are due for a revisit after this many days
 * @param automationMode        {@code recommend} or {@code auto}
 * @param confirmationsRequired confirmed manual rotations before {@code auto} may act
 * @param cooldownCycles        no second rotation of the roster within this many cycles
 * @param maxActive             at most this many active repos
 * @param warmupCycles          cycles after a repo became active before it can be judged
 * @param prPatterns            regular expressions matched against a whole commit message (line by line): a commit on
 *                              the default branch that matches one landed a pull request (GitHub's and GitLab's merges)
 */
public record RotationPolicy(String loop, String agent, int windowCycles, int minSignals, BigDecimal plateauMinDelta, String plateauMode,
                             String squashPattern,
                             BigDecimal successAtLeast, int revisitAfterDays, String automationMode, int confirmationsRequired,
                             int cooldownCycles, int maxActive, int warmupCycles, List<String> prPatterns) {

    /** GitHub merge commits ({@code Merge pull request #N}) and GitLab merges ({@code See merge request group/project!N}). */
    public static final List<String> DEFAULT_PR_PATTERNS = List.of("^Merge pull request #\\d+\\b", "^See merge request \\S*!\\d+\\s*$");

    public RotationPolicy {
        prPatterns = List.copyOf(prPatterns);
    }

    /** A policy with the default pull-request patterns. */
    public RotationPolicy(String loop, String agent, int windowCycles, int minSignals, BigDecimal plateauMinDelta, String plateauMode,
                          String squashPattern, BigDecimal successAtLeast, int revisitAfterDays, String automationMode,
                          int confirmationsRequired, int cooldownCycles, int maxActive, int warmupCycles) {
        this(loop, agent, windowCycles, minSignals, plateauMinDelta, plateauMode, squashPattern, successAtLeast, revisitAfterDays,
                automationMode, confirmationsRequired, cooldownCycles, maxActive, warmupCycles, DEFAULT_PR_PATTERNS);
    }

    /** GitHub's squash-merge title ends in the PR number: {@code "Fix the parser (#123)"}. */
    public static final String DEFAULT_SQUASH = "\\(#\\d+\\)\\s*$";

    public static RotationPolicy defaults() {
        return new RotationPolicy("kaizen-stack", "optimization", 14, 3, new BigDecimal("0.02"), "abs", DEFAULT_SQUASH,
                new BigDecimal("0.85"), 30,
                "recommend", 2, 14, 3, 14);
    }

    public static RotationPolicy read(YamlDoc doc, List<Problem> problems) {
        RotationPolicy d = defaults();
        if (doc.isEmpty()) {
            return d;
        }
        ConfigReader r = new ConfigReader(doc, problems);
        if (!r.mapping("", false)) {
            return d;
        }
        r.knownKeys("", List.of("loop", "agent", "window_cycles", "min_signals", "signals", "revisit", "automation",
                "cooldown_cycles", "max_active", "warmup_cycles"));
        String loop = r.string("/loop", d.loop(), false);
        String agent = r.string("/agent", d.agent(), false);
        int window = r.integer("/window_cycles", d.windowCycles(), 1, 10_000);
        int minSignals = r.integer("/min_signals", d.minSignals(), 1, 4);
        BigDecimal delta = d.plateauMinDelta();
        String mode = d.plateauMode();
        BigDecimal success = d.successAtLeast();
        String squash = d.squashPattern();
        List<String> prPatterns = d.prPatterns();
        if (r.mapping("/signals", false)) {
            r.knownKeys("/signals", List.of("quality_plateau", "success_stable", "optimizer_stall", "no_marginal_gain"));
            if (r.mapping("/signals/quality_plateau", false)) {
                r.knownKeys("/signals/quality_plateau", List.of("min_delta", "mode"));
                delta = r.decimal("/signals/quality_plateau/min_delta", delta, BigDecimal.ZERO, new BigDecimal("1000"));
                mode = r.choice("/signals/quality_plateau/mode", mode,
                        s -> s.equals("abs") || s.equals("rel") ? Optional.of(s) : Optional.empty(), "abs | rel", false);
            }
            if (r.mapping("/signals/success_stable", false)) {
                r.knownKeys("/signals/success_stable", List.of("at_least"));
                success = r.decimal("/signals/success_stable/at_least", success, BigDecimal.ZERO, BigDecimal.ONE);
            }
            r.mapping("/signals/optimizer_stall", false);
            r.knownKeys("/signals/optimizer_stall", List.of());
            if (r.mapping("/signals/no_marginal_gain", false)) {
                r.knownKeys("/signals/no_marginal_gain", List.of("squash_pattern", "pr_patterns"));
                squash = r.choice("/signals/no_marginal_gain/squash_pattern", squash, RotationPolicy::regex,
                        "a regular expression (Java syntax)", false);
                List<String> given = r.stringList("/signals/no_marginal_gain/pr_patterns", prPatterns);
                List<String> ok = new java.util.ArrayList<>();
                for (int i = 0; i < given.size(); i++) {
                    if (regex(given.get(i)).isEmpty()) {
                        r.error("/signals/no_marginal_gain/pr_patterns/" + i, "pr_patterns: '" + given.get(i)
                                + "' is not a regular expression (Java syntax)");
                    } else {
                        ok.add(given.get(i));
                    }
                }
                prPatterns = ok;
            }
        }
        int revisit = d.revisitAfterDays();
        if (r.mapping("/revisit", false)) {
            r.knownKeys("/revisit", List.of("after_days"));
            revisit = r.integer("/revisit/after_days", revisit, 1, 3650);
        }
        String autoMode = d.automationMode();
        int confirmations = d.confirmationsRequired();
        if (r.mapping("/automation", false)) {
            r.knownKeys("/automation", List.of("mode", "confirmations_required"));
            autoMode = r.choice("/automation/mode", autoMode,
                    s -> s.equals("recommend") || s.equals("auto") ? Optional.of(s) : Optional.empty(), "recommend | auto", false);
            confirmations = r.integer("/automation/confirmations_required", confirmations, 0, 1000);
        }
        int cooldown = r.integer("/cooldown_cycles", d.cooldownCycles(), 0, 10_000);
        int maxActive = r.integer("/max_active", d.maxActive(), 1, 10_000);
        int warmup = r.integer("/warmup_cycles", d.warmupCycles(), 0, 10_000);
        return new RotationPolicy(loop, agent, window, minSignals, delta, mode, squash, success, revisit, autoMode, confirmations,
                cooldown, maxActive, warmup, prPatterns);
    }

    private static Optional<String> regex(String s) {
        try {
            java.util.regex.Pattern.compile(s);
            return Optional.of(s);
        } catch (java.util.regex.PatternSyntaxException e) {
            return Optional.empty();
        }
    }

    public String render() {
        return """
                # loopreg repo-rotation policy (ADR-004 "Repo Rotation on Diminishing Returns").
                # Each key is optional; a missing key takes the default shown here. See docs/formats.md.

                loop: %s           # the loop whose roster.yaml rotates; its cycles are the windows' cycles
                agent: %s                # the agent whose signals are judged per active repo
                window_cycles: %d                # rolling window: the last N snapshots vs the N before
                min_signals: %d                   # candidate-saturated when at least this many of the 4 signals fire
                signals:
                  quality_plateau:              # mean avg_quality rose by less than min_delta
                    min_delta: %s
                    mode: %s                     # abs | rel
                  success_stable:               # mean success rate >= at_least
                    at_least: %s
                  optimizer_stall: {}           # no new actionable recommendation in the window
                  no_marginal_gain:             # no merged PR and no progress event in the window
                    # a commit on the default branch whose first line matches is a squash-merged PR
                    squash_pattern: %s
                    # a commit whose message matches one of these (line by line) landed a PR; branch merges
                    # ("Merge branch 'x'") match none and are not counted
                    pr_patterns: %s
                revisit:
                  after_days: %d                 # saturated repos are due for a revisit after this many days
                automation:
                  mode: %s                 # recommend | auto (auto acts only after the confirmations)
                  confirmations_required: %d     # confirmed manual rotations before auto may rotate
                cooldown_cycles: %d              # no second rotation of the roster within this many cycles
                max_active: %d                    # at most this many active repos
                warmup_cycles: %d                # cycles after a repo became active before it can be judged
                """.formatted(loop, agent, windowCycles, minSignals, plateauMinDelta.toPlainString(), plateauMode,
                successAtLeast.toPlainString(), "'" + squashPattern.replace("'", "''") + "'",
                "[" + String.join(", ", prPatterns.stream().map(p -> "'" + p.replace("'", "''") + "'").toList()) + "]", revisitAfterDays, automationMode, confirmationsRequired, cooldownCycles,
                maxActive, warmupCycles);
    }
}
