package dev.loopreg.cadence.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.cadence.RuleResult;
import dev.loopreg.format.ConfigReader;
import dev.loopreg.health.Phase;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a {@code rules:} list (policy.yml's, or a loop.yml's) into {@link RuleSpec}s, reporting every problem as
 * {@code path:line: what is wrong; expected what}: an unknown key, kind, phase, metric or aggregate, no comparison or
 * two, a window under 1, a threshold that is not a number, a rule that guards no phase (or only phases it cannot act in),
 * a {@code for:} on a promotion rule, a duplicate id. A rule with a problem is left out. Pure.
 */
public final class RuleFile {

    private RuleFile() {
    }

    /** The ids of the built-in rules: not windows, so not entries (their settings are policy.yml's promotion section). */
    public static final Set<String> BUILT_INS = Set.of("exit_criteria", "regulator_approval", "operator_override");

    static final Set<String> KEYS = Set.of("id", "kind", "from", "metric", "aggregate", "window", "above", "below", "at_least",
            "at_most", "missing", "for");

    /**
     * @param pointer the list's JSON pointer ({@code /rules})
     * @param metrics the numeric health-record fields a rule may name (loopreg's own and those the policy declares a
     *                collector adds); null: any field name (where the declarations are not at hand)
     * @param taken   ids already defined (the built-in rules'); a rule reusing one is a duplicate
     */
    public static List<RuleSpec> read(ConfigReader r, String pointer, Set<String> metrics, Set<String> taken) {
        List<RuleSpec> out = new ArrayList<>();
        JsonNode list = r.doc().at(pointer);
        if (list.isMissingNode() || list.isNull()) return out;
        if (!list.isArray()) {
            r.error(pointer, ConfigReader.keyName(pointer) + " is " + ConfigReader.describe(list) + "; expected a list of rules (- id: ...)");
            return out;
        }
        Map<String, String> seen = new HashMap<>();
        for (String t : taken) seen.put(t, "a built-in rule, set in policy.yml's promotion and demotion sections");
        for (int i = 0; i < list.size(); i++) {
            String p = pointer + "/" + i;
            if (!r.mapping(p, true)) continue;
            int before = r.problems().size();
            r.knownKeys(p, KEYS);
            RuleSpec spec = one(r, p, metrics);
            if (spec == null || r.problems().size() > before && r.problems().subList(before, r.problems().size()).stream().anyMatch(x -> x.isError())) {
                continue;
            }
            String where = seen.putIfAbsent(spec.id(), spec.source());
            if (where != null) {
                r.error(p + "/id", "id: '" + spec.id() + "' is defined twice (also " + where + "); expected a unique id");
                continue;
            }
            out.add(spec);
        }
        return out;
    }

    private static RuleSpec one(ConfigReader r, String p, Set<String> metrics) {
        String source = r.doc().path() + ":" + r.doc().lineOf(p);
        String id = r.string(p + "/id", null, true);
        if (id != null && !id.matches("[a-z][a-z0-9_]{0,63}")) {
            r.error(p + "/id", "id: '" + id + "' is not allowed; expected lower-case letters, digits and _, starting with a letter");
        }
        String kindText = r.string(p + "/kind", null, true);
        RuleResult.Kind kind = null;
        if (kindText != null) {
            kind = switch (kindText) {
                case "promotion" -> RuleResult.Kind.PROMOTION;
                case "demotion" -> RuleResult.Kind.DEMOTION;
                default -> null;
            };
            if (kind == null) r.error(p + "/kind", "kind: '" + kindText + "' is not a kind; expected promotion or demotion");
        }
        Set<Phase> from = EnumSet.noneOf(Phase.class);
        List<String> phases = r.stringList(p + "/from", null);
        if (phases == null) {
            r.error(p, "from is missing; expected the phases the rule guards, such as from: [bootstrap, stabilize]");
        } else {
            for (int i = 0; i < phases.size(); i++) {
                Optional<Phase> ph = Phase.parse(phases.get(i));
                if (ph.isEmpty()) r.error(p + "/from/" + i, "from[" + i + "]: '" + phases.get(i) + "' is not a phase; expected " + Phase.choices());
                else from.add(ph.get());
            }
            if (phases.isEmpty()) {
                r.error(p + "/from", "from: [] guards no phase; expected at least one of " + Phase.choices());
            } else if (kind == RuleResult.Kind.PROMOTION) {
                Set<Phase> can = EnumSet.noneOf(Phase.class);
                for (Phase ph : from) if (ph.next().isPresent()) can.add(ph);
                if (can.isEmpty() && phases.size() == from.size()) {
                    r.error(p + "/from", "from: " + phases + " guards no promotion; expected a phase with a next one (bootstrap or stabilize)");
                }
            } else if (kind == RuleResult.Kind.DEMOTION && from.equals(EnumSet.of(Phase.BOOTSTRAP))) {
                r.warning(p + "/from", "from: [bootstrap]: a loop in bootstrap cannot be demoted; the rule only raises urgent tasks");
            }
        }
        RuleSpec.Aggregate aggregate = aggregate(r, p, metrics);
        String metric = null;
        if (aggregate instanceof RuleSpec.Aggregate.Simple) {
            metric = r.string(p + "/metric", null, true);
            if (metric != null && metrics == null && !metric.matches("[a-z][a-z0-9_]{0,63}")) {
                r.error(p + "/metric", "metric: '" + metric + "' is not a field name; expected lower-case letters, digits and _");
            } else if (metric != null && metrics != null && !metrics.contains(metric)) {
                r.error(p + "/metric", "metric: '" + metric + "' is not a health-record field; expected one of " + String.join(", ", new java.util.TreeSet<>(metrics))
                        + ConfigReader.closest(metric, metrics).map(c -> " (did you mean " + c + "?)").orElse(""));
            }
        } else if (aggregate instanceof RuleSpec.Aggregate.Pooled && r.present(p + "/metric")) {
            r.error(p + "/metric", "metric: a pooled aggregate names its two metrics itself; expected no metric");
        }
        RuleSpec.Window window = window(r, p);
        RuleSpec.Comparison compare = null;
        BigDecimal threshold = null;
        List<String> given = new ArrayList<>();
        for (RuleSpec.Comparison c : RuleSpec.Comparison.values()) {
            if (r.present(p + "/" + c.key())) given.add(c.key());
        }
        if (given.size() != 1) {
            // a second comparison is reported where it was written (the later of the two lines)
            String at = given.stream().map(k -> p + "/" + k).max(java.util.Comparator.comparingInt(x -> r.doc().lineOf(x))).orElse(p);
            r.error(given.size() > 1 ? at : p, (given.isEmpty() ? "no comparison" : "two comparisons (" + String.join(", ", given) + ")")
                    + "; expected exactly one of above, below, at_least, at_most");
        } else {
            compare = RuleSpec.Comparison.parse(given.get(0)).orElseThrow();
            JsonNode t = r.doc().at(p + "/" + given.get(0));
            if (!t.isNumber()) {
                r.error(p + "/" + given.get(0), given.get(0) + ": " + ConfigReader.describe(t) + " is not a number; expected a threshold such as 0.8");
            } else {
                threshold = t.decimalValue();
            }
        }
        RuleSpec.Missing missing = r.choice(p + "/missing", RuleSpec.Missing.HOLD, RuleSpec.Missing::parse, "hold, fail or ignore", false);
        Duration holdFor = null;
        String forText = r.string(p + "/for", null, false);
        if (forText != null) {
            if (kind == RuleResult.Kind.PROMOTION) {
                r.error(p + "/for", "for: only a demotion trigger waits for its condition to hold; a promotion rule's window is its wait");
            }
            Optional<Duration> d = DurationText.parse(forText);
            if (d.isEmpty() || d.get().isZero()) r.error(p + "/for", "for: '" + forText + "' is not a duration; expected such as 2h, 30m or 1d");
            else holdFor = d.get();
        }
        if (id == null || kind == null || aggregate == null || window == null || compare == null || threshold == null || missing == null) return null;
        return new RuleSpec(id, kind, from, metric, aggregate, window, compare, threshold, missing, holdFor, source);
    }

    private static RuleSpec.Aggregate aggregate(ConfigReader r, String p, Set<String> metrics) {
        JsonNode a = r.doc().at(p + "/aggregate");
        if (a.isMissingNode() || a.isNull()) {
            r.error(p, "aggregate is missing; expected one of " + String.join(", ", RuleSpec.Aggregate.Simple.NAMES) + " or {pooled: [numerator, denominator]}");
            return null;
        }
        if (a.isTextual()) {
            if (RuleSpec.Aggregate.Simple.NAMES.contains(a.asText())) return new RuleSpec.Aggregate.Simple(a.asText());
            r.error(p + "/aggregate", "aggregate: '" + a.asText() + "' is not an aggregate; expected one of "
                    + String.join(", ", RuleSpec.Aggregate.Simple.NAMES) + " or {pooled: [numerator, denominator]}");
            return null;
        }
        JsonNode pooled = a.get("pooled");
        if (a.isObject() && a.size() == 1 && pooled != null && pooled.isArray() && pooled.size() == 2 && pooled.get(0).isTextual() && pooled.get(1).isTextual()) {
            String num = pooled.get(0).asText();
            String den = pooled.get(1).asText();
            boolean ok = true;
            for (String m : List.of(num, den)) {
                if (metrics != null && !metrics.contains(m)) {
                    r.error(p + "/aggregate", "aggregate: pooled '" + m + "' is not a health-record field; expected one of " + String.join(", ", new java.util.TreeSet<>(metrics)));
                    ok = false;
                }
            }
            return ok ? new RuleSpec.Aggregate.Pooled(num, den) : null;
        }
        r.error(p + "/aggregate", "aggregate: " + ConfigReader.describe(a) + " is not an aggregate; expected one of "
                + String.join(", ", RuleSpec.Aggregate.Simple.NAMES) + " or {pooled: [numerator, denominator]}");
        return null;
    }

    private static RuleSpec.Window window(ConfigReader r, String p) {
        JsonNode w = r.doc().at(p + "/window");
        if (w.isMissingNode() || w.isNull()) {
            r.error(p, "window is missing; expected {cycles: N} or {duration: 24h}");
            return null;
        }
        if (w.isObject() && w.size() == 1 && w.has("cycles")) {
            JsonNode c = w.get("cycles");
            if (!c.isIntegralNumber() || c.asLong() < 1 || c.asLong() > 10_000) {
                r.error(p + "/window/cycles", "window.cycles: " + ConfigReader.describe(c) + " is not allowed; expected a whole number from 1 to 10000");
                return null;
            }
            return new RuleSpec.Window(c.asInt(), null);
        }
        if (w.isObject() && w.size() == 1 && w.has("duration")) {
            Optional<Duration> d = w.get("duration").isTextual() ? DurationText.parse(w.get("duration").asText()) : Optional.empty();
            if (d.isEmpty() || d.get().isZero()) {
                r.error(p + "/window/duration", "window.duration: " + ConfigReader.describe(w.get("duration")) + " is not a duration; expected such as 24h or 7d");
                return null;
            }
            return new RuleSpec.Window(null, d.get());
        }
        r.error(p + "/window", "window: " + ConfigReader.describe(w) + " is not a window; expected {cycles: N} or {duration: 24h}");
        return null;
    }
}
