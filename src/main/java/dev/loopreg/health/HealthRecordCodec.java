package dev.loopreg.health;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopreg.health.Phase;
import dev.loopreg.format.Instants;
import dev.loopreg.format.JsonFields;
import dev.loopreg.format.Mappers;
import dev.loopreg.format.YamlDoc;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads and writes one line of {@code health.jsonl}. Strict: an unknown field, a wrong type, a negative
 * count, a rate outside 0..1, NaN or Infinity are errors naming the field and what was expected. Pure.
 */
public final class HealthRecordCodec {

    public static final List<String> FIELDS = List.of("loop", "cycle", "at", "since", "phase",
            "tasks_created", "tasks_completed", "sla_completion_rate", "manual_rescues", "duplicate_tasks",
            "likely_duplicate_tasks",
            "false_positive_rate", "agent_success_rate", "mean_session_time_sec", "cost_signal",
            "marginal_gain", "saturation_score", "errors");

    /** The numeric fields of {@link #FIELDS}: what a rule's metric may name, besides the numbers a collector adds. */
    public static final java.util.Set<String> NUMERIC_FIELDS = java.util.Set.copyOf(FIELDS.stream()
            .filter(f -> !List.of("loop", "cycle", "at", "since", "phase", "errors").contains(f)).toList());

    private static final Set<String> COUNTS = Set.of("tasks_created", "tasks_completed", "manual_rescues", "duplicate_tasks",
            "likely_duplicate_tasks");
    static final Set<String> RATES = Set.of("sla_completion_rate", "false_positive_rate", "agent_success_rate", "saturation_score");
    static final Set<String> NON_NEGATIVE = Set.of("mean_session_time_sec", "cost_signal");

    /** A line that is not a valid health record; the message names the field. */
    public static final class RecordException extends Exception {
        public RecordException(String message) {
            super(message);
        }
    }

    private HealthRecordCodec() {
    }

    public static HealthRecord parse(String line) throws RecordException {
        HealthRecord fast = HealthRecordFastPath.parse(line);
        if (fast != null) return fast;
        return parseFully(line);
    }

    /** The full reader: every field through a JSON tree, every problem named. */
    static HealthRecord parseFully(String line) throws RecordException {
        List<String> problems = new ArrayList<>();
        JsonNode n;
        try {
            n = JsonFields.object(line, "health record", "{\"loop\": ..., \"cycle\": ...}", FIELDS, problems, HealthRecordCodec::extraField);
        } catch (JsonFields.NotAnObject e) {
            throw new RecordException(e.getMessage());
        }
        String loop = JsonFields.text(n, "loop", true, problems);
        Instant cycle = JsonFields.instant(n, "cycle", true, problems);
        Instant at = JsonFields.instant(n, "at", false, problems);
        Instant since = JsonFields.instant(n, "since", false, problems);
        if (since != null && cycle != null && !since.isBefore(cycle)) {
            problems.add("since: " + Instants.format(since) + " is not before cycle " + Instants.format(cycle)
                    + "; expected the start of the interval (since, cycle] the record measures");
        }
        String phaseText = JsonFields.text(n, "phase", true, problems);
        Phase phase = null;
        if (phaseText != null) {
            phase = Phase.parse(phaseText).orElse(null);
            if (phase == null) {
                problems.add("phase: '" + phaseText + "' is not a phase; expected one of " + Phase.choices());
            }
        }
        List<String> errors = JsonFields.texts(n, "errors", problems);
        HealthRecord.Builder b = null;
        if (problems.isEmpty()) {
            b = HealthRecord.builder(loop, cycle, phase).at(at == null ? cycle : at).since(since).errors(errors);
        }
        Long tc = count(n, "tasks_created", problems);
        Long tcc = count(n, "tasks_completed", problems);
        Long mr = count(n, "manual_rescues", problems);
        Long dt = count(n, "duplicate_tasks", problems);
        Long ldt = count(n, "likely_duplicate_tasks", problems);
        BigDecimal sla = number(n, "sla_completion_rate", problems);
        BigDecimal fpr = number(n, "false_positive_rate", problems);
        BigDecimal asr = number(n, "agent_success_rate", problems);
        BigDecimal mst = number(n, "mean_session_time_sec", problems);
        BigDecimal cost = number(n, "cost_signal", problems);
        BigDecimal mg = number(n, "marginal_gain", problems);
        BigDecimal sat = number(n, "saturation_score", problems);
        if (!problems.isEmpty()) {
            throw new RecordException(String.join("; ", problems));
        }
        java.util.Map<String, BigDecimal> extra = new java.util.TreeMap<>();
        n.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f) && n.get(f).isNumber() && Double.isFinite(n.get(f).asDouble())) extra.put(f, n.get(f).decimalValue());
        });
        return b.tasksCreated(tc).tasksCompleted(tcc).manualRescues(mr).duplicateTasks(dt).likelyDuplicateTasks(ldt)
                .slaCompletionRate(sla).falsePositiveRate(fpr).agentSuccessRate(asr).meanSessionTimeSec(mst)
                .costSignal(cost).marginalGain(mg).saturationScore(sat).extra(extra).build();
    }

    /** One line of JSON (no newline), fields in the documented order, unmeasured metrics as null. */
    public static String encode(HealthRecord r) {
        ObjectNode o = Mappers.JSON.createObjectNode();
        o.put("loop", r.loop());
        o.put("cycle", Instants.format(r.cycle()));
        o.put("at", Instants.format(r.at()));
        if (r.since() != null) o.put("since", Instants.format(r.since()));
        o.put("phase", r.phase().id());
        o.put("tasks_created", r.tasksCreated());
        o.put("tasks_completed", r.tasksCompleted());
        o.put("sla_completion_rate", r.slaCompletionRate());
        o.put("manual_rescues", r.manualRescues());
        o.put("duplicate_tasks", r.duplicateTasks());
        if (r.likelyDuplicateTasks() != null) o.put("likely_duplicate_tasks", r.likelyDuplicateTasks());
        o.put("false_positive_rate", r.falsePositiveRate());
        o.put("agent_success_rate", r.agentSuccessRate());
        o.put("mean_session_time_sec", r.meanSessionTimeSec());
        o.put("cost_signal", r.costSignal());
        if (r.marginalGain() != null) o.put("marginal_gain", r.marginalGain());
        if (r.saturationScore() != null) o.put("saturation_score", r.saturationScore());
        r.extra().forEach(o::put);
        ArrayNode errs = o.putArray("errors");
        r.errors().forEach(errs::add);
        try {
            return Mappers.JSON.writeValueAsString(o);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }


    /**
     * A field a collector added beside loopreg's own: a lower-case name and a number (or null, unmeasured). Rules may
     * name it as their metric; anything else unknown is still a mistake in the line.
     */
    static boolean extraField(String name, JsonNode value) {
        return name.matches("[a-z][a-z0-9_]{0,63}") && (value.isNull() || (value.isNumber() && Double.isFinite(value.asDouble())));
    }

    private static Long count(JsonNode n, String f, List<String> problems) {
        return JsonFields.count(n, f, problems);
    }

    private static BigDecimal number(JsonNode n, String f, List<String> problems) {
        BigDecimal min = RATES.contains(f) || NON_NEGATIVE.contains(f) ? BigDecimal.ZERO : null;
        BigDecimal max = RATES.contains(f) ? BigDecimal.ONE : null;
        return JsonFields.number(n, f, min, max, problems);
    }
}
