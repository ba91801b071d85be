package dev.loopreg.workspace;

import dev.loopreg.cadence.Crons;
import dev.loopreg.health.Phase;
import dev.loopreg.cadence.Policy;
import dev.loopreg.format.ConfigReader;
import dev.loopreg.format.Problem;
import dev.loopreg.format.YamlDoc;
import dev.loopreg.health.HealthModel;
import dev.loopreg.health.HealthRange;
import dev.loopreg.health.HealthRecordCodec;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads and writes {@code loops/regulator/policy.yml}. Every key is optional; a missing key takes the seed's default. Pure. */
public final class PolicyCodec {

    /** The numeric fields of a health record: what a rule's metric may name. */
    public static final java.util.Set<String> METRICS = HealthRecordCodec.NUMERIC_FIELDS;

    /**
     * The metrics rules may name: loopreg's own numeric fields, and those policy.yml's {@code metrics:} declares a
     * collector adds to health.jsonl (a declaration, so a typo in a rule is still caught).
     */
    static java.util.Set<String> metrics(ConfigReader r) {
        java.util.Set<String> out = new java.util.TreeSet<>(METRICS);
        List<String> declared = r.stringList("/metrics", List.of());
        for (int i = 0; i < declared.size(); i++) {
            String m = declared.get(i);
            if (!m.matches("[a-z][a-z0-9_]{0,63}") || HealthRecordCodec.FIELDS.contains(m)) {
                r.error("/metrics/" + i, "metrics[" + i + "]: '" + m + "' is " + (HealthRecordCodec.FIELDS.contains(m) ? "loopreg's own field"
                        : "not a field name") + "; expected the name of a number a collector adds to health.jsonl, such as build_minutes");
            } else {
                out.add(m);
            }
        }
        return out;
    }

    public static final List<String> TOP = List.of("time_zone", "phases", "promotion", "demotion", "evaluation", "health_model", "rules", "metrics",
            "collect", "state_hub", "urgent", "decisions", "outbox");
    private static final List<String> RANGE_KEYS = List.of("above", "below", "at_least", "at_most", "trend", "tolerance", "cycles");
    private static final BigDecimal BIG = new BigDecimal("1000000000");

    private PolicyCodec() {
    }

    public static Policy read(YamlDoc doc, List<Problem> problems) {
        Policy d = Policy.defaults();
        ConfigReader r = new ConfigReader(doc, problems);
        int before = problems.size();
        if (doc.isEmpty()) {
            return d;
        }
        if (!r.mapping("", false)) {
            return null;
        }
        r.knownKeys("", TOP);

        ZoneId zone = d.timeZone();
        String z = r.string("/time_zone", null, false);
        if (z != null) {
            try {
                zone = ZoneId.of(z);
            } catch (DateTimeException e) {
                r.error("/time_zone", "time_zone: '" + z + "' is not a time zone; expected an IANA zone such as UTC or Europe/Berlin");
            }
        }

        Map<Phase, String> crons = new EnumMap<>(Phase.class);
        if (r.mapping("/phases", false)) {
            r.knownKeys("/phases", List.of("bootstrap", "stabilize", "operate"));
        }
        for (Phase p : Phase.values()) {
            String ptr = "/phases/" + p.id();
            String cron = d.cronOf(p);
            if (r.mapping(ptr, false)) {
                r.knownKeys(ptr, List.of("cron"));
                cron = r.string(ptr + "/cron", cron, false);
                Optional<String> bad = Crons.problem(cron);
                if (bad.isPresent()) {
                    r.error(ptr + "/cron", ConfigReader.keyName(ptr + "/cron") + ": " + bad.get());
                    cron = d.cronOf(p);
                }
            }
            crons.put(p, cron);
        }

        Set<Phase> exitIn = d.exitCriteriaIn();
        int fprCycles = d.fprWindowCycles();
        BigDecimal fprBelow = d.fprWindowBelow();
        int resCycles = d.rescuesWindowCycles();
        long resAtMost = d.rescuesWindowAtMost();
        boolean approval = d.approvalRequired();
        if (r.mapping("/promotion", false)) {
            r.knownKeys("/promotion", List.of("exit_criteria", "fpr_window", "rescues_window", "regulator_approval"));
            if (r.mapping("/promotion/exit_criteria", false)) {
                r.knownKeys("/promotion/exit_criteria", List.of("required_in"));
                List<String> ids = r.stringList("/promotion/exit_criteria/required_in", null);
                if (ids != null) {
                    Set<Phase> set = EnumSet.noneOf(Phase.class);
                    for (String id : ids) {
                        Phase.parse(id).ifPresentOrElse(set::add, () -> r.error("/promotion/exit_criteria/required_in",
                                "promotion.exit_criteria.required_in: '" + id + "' is not a phase; expected " + Phase.choices()));
                    }
                    exitIn = set;
                }
            }
            if (r.mapping("/promotion/fpr_window", false)) {
                r.knownKeys("/promotion/fpr_window", List.of("cycles", "below"));
                fprCycles = r.integer("/promotion/fpr_window/cycles", fprCycles, 1, 10_000);
                fprBelow = r.decimal("/promotion/fpr_window/below", fprBelow, BigDecimal.ZERO, BigDecimal.ONE);
            }
            if (r.mapping("/promotion/rescues_window", false)) {
                r.knownKeys("/promotion/rescues_window", List.of("cycles", "at_most"));
                resCycles = r.integer("/promotion/rescues_window/cycles", resCycles, 1, 10_000);
                resAtMost = r.longValue("/promotion/rescues_window/at_most", resAtMost, 0, 1_000_000);
            }
            if (r.mapping("/promotion/regulator_approval", false)) {
                r.knownKeys("/promotion/regulator_approval", List.of("required"));
                approval = r.bool("/promotion/regulator_approval/required", approval);
            }
        }

        Phase to = d.demotionTo();
        int demCycles = d.fprDemotionCycles();
        BigDecimal demAbove = d.fprDemotionAbove();
        Duration span = d.rescuesSpan();
        long atLeast = d.rescuesAtLeast();
        if (r.mapping("/demotion", false)) {
            r.knownKeys("/demotion", List.of("to_phase", "fpr_demotion", "rescues_24h"));
            to = r.choice("/demotion/to_phase", to, Phase::parse, Phase.choices(), false);
            if (to == Phase.OPERATE) {
                r.error("/demotion/to_phase", "demotion.to_phase: operate is the top phase, nothing can be demoted to it; expected bootstrap or stabilize");
                to = d.demotionTo();
            }
            if (r.mapping("/demotion/fpr_demotion", false)) {
                r.knownKeys("/demotion/fpr_demotion", List.of("cycles", "above"));
                demCycles = r.integer("/demotion/fpr_demotion/cycles", demCycles, 1, 10_000);
                demAbove = r.decimal("/demotion/fpr_demotion/above", demAbove, BigDecimal.ZERO, BigDecimal.ONE);
            }
            if (r.mapping("/demotion/rescues_24h", false)) {
                r.knownKeys("/demotion/rescues_24h", List.of("hours", "at_least"));
                span = Duration.ofHours(r.integer("/demotion/rescues_24h/hours", (int) span.toHours(), 1, 24 * 366));
                atLeast = r.longValue("/demotion/rescues_24h/at_least", atLeast, 1, 1_000_000);
            }
        }

        int maxRead = d.maxRecordsRead();
        int stale = d.staleAfterPeriods();
        if (r.mapping("/evaluation", false)) {
            r.knownKeys("/evaluation", List.of("max_records_read", "stale_after_periods"));
            maxRead = r.integer("/evaluation/max_records_read", maxRead, 1, 10_000_000);
            stale = r.integer("/evaluation/stale_after_periods", stale, 1, 10_000);
        }
        int largest = Math.max(fprCycles, Math.max(resCycles, demCycles));
        if (maxRead < largest) {
            r.error("/evaluation/max_records_read", "evaluation.max_records_read: " + maxRead
                    + " is smaller than the largest rule window (" + largest + " cycles); expected at least " + largest);
            maxRead = Math.max(d.maxRecordsRead(), largest);
        }

        HealthModel model = d.healthModel();
        if (r.mapping("/health_model", false)) {
            List<HealthRange> ranges = new ArrayList<>();
            Iterator<String> it = doc.at("/health_model").fieldNames();
            while (it.hasNext()) {
                String metric = it.next();
                String ptr = "/health_model/" + metric;
                if (!HealthRecordCodec.FIELDS.contains(metric) || List.of("loop", "cycle", "at", "since", "phase", "errors").contains(metric)) {
                    r.error(ptr, "health_model: '" + metric + "' is not a health metric; expected one of "
                            + String.join(", ", HealthModel.SEED_METRICS) + " (or another numeric field of health.jsonl)");
                    continue;
                }
                if (doc.at(ptr).isNull() || doc.at(ptr).isMissingNode()) {
                    ranges.add(HealthRange.tracked(metric));
                    continue;
                }
                if (!r.mapping(ptr, false)) {
                    continue;
                }
                r.knownKeys(ptr, RANGE_KEYS);
                BigDecimal above = r.decimal(ptr + "/above", null, BIG.negate(), BIG);
                BigDecimal below = r.decimal(ptr + "/below", null, BIG.negate(), BIG);
                BigDecimal least = r.decimal(ptr + "/at_least", null, BIG.negate(), BIG);
                BigDecimal most = r.decimal(ptr + "/at_most", null, BIG.negate(), BIG);
                String trend = r.choice(ptr + "/trend", null, s -> s.equals("not_increasing") ? Optional.of(s) : Optional.empty(),
                        "not_increasing", false);
                BigDecimal tol = r.decimal(ptr + "/tolerance", BigDecimal.ZERO, BigDecimal.ZERO, new BigDecimal("100"));
                int cycles = r.integer(ptr + "/cycles", 7, 2, 10_000);
                if (trend == null && (r.present(ptr + "/tolerance") || r.present(ptr + "/cycles"))) {
                    r.error(ptr, "health_model." + metric + ": tolerance and cycles belong to a trend; expected trend: not_increasing with them");
                }
                ranges.add(trend == null ? new HealthRange(metric, above, below, least, most, false, null, 0)
                        : new HealthRange(metric, above, below, least, most, true, tol, cycles));
            }
            model = new HealthModel(ranges);
        }

        java.util.Set<String> ruleMetrics = metrics(r);
        List<dev.loopreg.cadence.rules.RuleSpec> rules = dev.loopreg.cadence.rules.RuleFile.read(r, "/rules", ruleMetrics,
                dev.loopreg.cadence.rules.RuleFile.BUILT_INS);
        java.util.Set<String> extra = new java.util.TreeSet<>(ruleMetrics);
        extra.removeAll(METRICS);

        if (problems.subList(before, problems.size()).stream().anyMatch(Problem::isError)) {
            return null;
        }
        return new Policy(zone, crons, exitIn, fprCycles, fprBelow, resCycles, resAtMost, approval,
                to, demCycles, demAbove, span, atLeast, maxRead, model, stale, rules, extra);
    }

    /** {@code policy.yml} holding every value of {@code p} and the collector's defaults, commented. */
    public static String render(Policy p) {
        return render(p, CollectSettings.defaults());
    }

    /** {@code policy.yml} holding every value of {@code p} and {@code c}, with comments saying what each does. */
    public static String render(Policy p, CollectSettings c) {
        StringBuilder sb = new StringBuilder();
        sb.append("""
                # loopreg cadence policy: every number the rules use (LOOP-WP-0004 "Cadence state machine").
                # Each key is optional; a missing key takes the default shown here. See docs/formats.md.

                # Time zone of the crons and of timestamps written without a zone (bootstrap-log.md).
                """);
        sb.append("time_zone: ").append(p.timeZone().getId()).append("\n\n");
        sb.append("# The cron of each phase; apply writes it into cadence.yml and the loop's activity definitions.\n");
        sb.append("phases:\n");
        sb.append("  bootstrap: {cron: ").append(YamlEdit.quote(p.cronOf(Phase.BOOTSTRAP))).append("}   # hourly\n");
        sb.append("  stabilize: {cron: ").append(YamlEdit.quote(p.cronOf(Phase.STABILIZE))).append("}  # daily\n");
        sb.append("  operate:   {cron: ").append(YamlEdit.quote(p.cronOf(Phase.OPERATE))).append("}  # weekly, Monday\n\n");
        sb.append("# Promotion (bootstrap -> stabilize -> operate) when ALL hold. Windows count only the most\n");
        sb.append("# recent consecutive cycles recorded in the loop's current phase.\n");
        sb.append("promotion:\n");
        sb.append("  exit_criteria:                 # the workplan's exit tasks are done\n");
        sb.append("    required_in: ").append(phases(p.exitCriteriaIn())).append("\n");
        sb.append("  fpr_window:                    # pooled sum(duplicate_tasks)/sum(tasks_created) < below\n");
        sb.append("    cycles: ").append(p.fprWindowCycles()).append('\n');
        sb.append("    below: ").append(p.fprWindowBelow().toPlainString()).append('\n');
        sb.append("  rescues_window:                # sum(manual_rescues) <= at_most\n");
        sb.append("    cycles: ").append(p.rescuesWindowCycles()).append('\n');
        sb.append("    at_most: ").append(p.rescuesWindowAtMost()).append('\n');
        sb.append("  regulator_approval:            # cadence.yml regulator_approval: approved\n");
        sb.append("    required: ").append(p.approvalRequired()).append("\n\n");
        sb.append("# Demotion (stabilize or operate -> to_phase) when ANY trigger fires. Demotion beats promotion.\n");
        sb.append("demotion:\n");
        sb.append("  to_phase: ").append(p.demotionTo().id()).append('\n');
        sb.append("  fpr_demotion:                  # pooled false-positive rate of the last cycles > above\n");
        sb.append("    cycles: ").append(p.fprDemotionCycles()).append('\n');
        sb.append("    above: ").append(p.fprDemotionAbove().toPlainString()).append('\n');
        sb.append("  rescues_24h:                   # manual rescues recorded in the last `hours` >= at_least\n");
        sb.append("    hours: ").append(p.rescuesSpan().toHours()).append('\n');
        sb.append("    at_least: ").append(p.rescuesAtLeast()).append("\n\n");
        sb.append("# An evaluation reads at most this many health records back from the end of health.jsonl,\n");
        sb.append("# so its cost does not grow with history. Must be at least the largest window.\n");
        sb.append("evaluation:\n");
        sb.append("  max_records_read: ").append(p.maxRecordsRead()).append('\n');
        sb.append("  # a loop whose latest health record is older than this many periods of its cron is stale:\n");
        sb.append("  # held (never promoted on stale data), marked, and an urgent task is raised\n");
        sb.append("  stale_after_periods: ").append(p.staleAfterPeriods()).append("\n\n");
        sb.append("# Healthy ranges of the seed's health model, checked against each loop's latest record on the\n");
        sb.append("# dashboard. Keys: above, below, at_least, at_most, trend: not_increasing (with tolerance, cycles).\n");
        sb.append("health_model:\n");
        for (HealthRange h : p.healthModel().ranges()) {
            sb.append("  ").append(h.metric()).append(": ").append(range(h)).append('\n');
        }
        sb.append('\n').append(CollectSettings.render(c));
        return sb.toString();
    }

    private static String phases(Set<Phase> set) {
        List<String> ids = new ArrayList<>();
        for (Phase ph : Phase.values()) {
            if (set.contains(ph)) ids.add(ph.id());
        }
        return "[" + String.join(", ", ids) + "]";
    }

    private static String range(HealthRange h) {
        List<String> parts = new ArrayList<>();
        if (h.above() != null) parts.add("above: " + h.above().toPlainString());
        if (h.below() != null) parts.add("below: " + h.below().toPlainString());
        if (h.atLeast() != null) parts.add("at_least: " + h.atLeast().toPlainString());
        if (h.atMost() != null) parts.add("at_most: " + h.atMost().toPlainString());
        if (h.trendNotIncreasing()) {
            parts.add("trend: not_increasing");
            parts.add("tolerance: " + (h.tolerance() == null ? "0" : h.tolerance().toPlainString()));
            parts.add("cycles: " + h.trendCycles());
        }
        return "{" + String.join(", ", parts) + "}" + (parts.isEmpty() ? "   # tracked, no limit" : "");
    }
}
