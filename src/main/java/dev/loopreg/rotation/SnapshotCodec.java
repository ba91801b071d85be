package dev.loopreg.rotation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopreg.format.Instants;
import dev.loopreg.format.JsonFields;
import dev.loopreg.format.Mappers;
import dev.loopreg.format.YamlDoc;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Reads and writes one line of {@code saturation.jsonl}. Strict, like the health records: an unknown field,
 * a wrong type, a negative count or a rate outside 0..1 is an error naming the field. Pure.
 */
public final class SnapshotCodec {

    public static final List<String> FIELDS = List.of("repo", "agent", "cycle", "since", "at", "avg_quality", "success_rate",
            "executions", "new_actionable_recommendations", "merged_prs", "progress_events", "errors");

    /** A line that is not a valid snapshot; the message names the field. */
    public static final class SnapshotException extends Exception {
        public SnapshotException(String message) {
            super(message);
        }
    }

    private SnapshotCodec() {
    }

    public static Snapshot parse(String line) throws SnapshotException {
        List<String> problems = new ArrayList<>();
        JsonNode n;
        try {
            n = JsonFields.object(line, "snapshot", "{\"repo\": ..., \"agent\": ..., \"cycle\": ...}", FIELDS, problems);
        } catch (JsonFields.NotAnObject e) {
            throw new SnapshotException(e.getMessage());
        }
        String repo = JsonFields.text(n, "repo", true, problems);
        String agent = JsonFields.text(n, "agent", true, problems);
        Instant cycle = JsonFields.instant(n, "cycle", true, problems);
        Instant since = JsonFields.instant(n, "since", false, problems);
        Instant at = JsonFields.instant(n, "at", false, problems);
        if (since != null && cycle != null && !since.isBefore(cycle)) {
            problems.add("since: " + Instants.format(since) + " is not before cycle " + Instants.format(cycle)
                    + "; expected the start of the interval (since, cycle]");
        }
        BigDecimal quality = JsonFields.number(n, "avg_quality", BigDecimal.ZERO, null, problems);
        BigDecimal success = JsonFields.number(n, "success_rate", BigDecimal.ZERO, BigDecimal.ONE, problems);
        Long executions = JsonFields.count(n, "executions", problems);
        Long actionable = JsonFields.count(n, "new_actionable_recommendations", problems);
        Long merged = JsonFields.count(n, "merged_prs", problems);
        boolean progressConfigured = n.has("progress_events");
        Long progress = JsonFields.count(n, "progress_events", problems);
        List<String> errors = JsonFields.texts(n, "errors", problems);
        if (!problems.isEmpty()) {
            throw new SnapshotException(String.join("; ", problems));
        }
        return new Snapshot(repo.strip(), agent.strip(), cycle, since, at == null ? cycle : at, quality, success, executions,
                actionable, merged, progressConfigured, progress, errors);
    }

    /** One line of JSON (no newline), fields in the documented order; {@code progress_events} only when configured. */
    public static String encode(Snapshot s) {
        ObjectNode o = Mappers.JSON.createObjectNode();
        o.put("repo", s.repo());
        o.put("agent", s.agent());
        o.put("cycle", Instants.format(s.cycle()));
        if (s.since() != null) o.put("since", Instants.format(s.since()));
        o.put("at", Instants.format(s.at()));
        o.put("avg_quality", s.avgQuality());
        o.put("success_rate", s.successRate());
        o.put("executions", s.executions());
        o.put("new_actionable_recommendations", s.newActionable());
        o.put("merged_prs", s.mergedPrs());
        if (s.progressConfigured()) o.put("progress_events", s.progressEvents());
        ArrayNode errs = o.putArray("errors");
        s.errors().forEach(errs::add);
        try {
            return Mappers.JSON.writeValueAsString(o);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
