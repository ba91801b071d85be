package dev.loopreg.decision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopreg.format.Instants;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A roster change (ADR-004): a {@code rotation} (active → saturated, the queue's head promoted) or a
 * {@code revisit} (saturated → head of the queue). Pure: renders its decisions.jsonl line and its Markdown.
 *
 * @param recommended      the repo was a candidate and the roster was out of its cooldown (counts toward earned automation)
 * @param forced           {@code --force}: carried out against the verdict or the cooldown
 * @param automatic        carried out by {@code evaluate} in {@code automation.mode: auto}
 * @param promoted         the repo promoted from the queue, or null
 * @param notes            what else happened (no repo promoted, a schedule not touched, an un-confirmed rotation)
 * @param schedule         the rotated repo's schedule.yml (as shown), or null
 * @param scheduleChanged  whether that file was written
 * @param promotedSchedule the promoted repo's schedule.yml when it was re-enabled, or null
 * @param unconfirms       a revisit's: the rotation it un-confirms, or null
 * @param evidence         the verdict with every signal's evidence, or null
 * @param cooldown         the cooldown at the time
 */
public record RotationDecision(String id, String kind, String loop, String repo, String from, String to, Instant at, String by,
                               String reason, boolean recommended, boolean forced, boolean automatic, String promoted,
                               List<String> notes, String schedule, String agent, boolean scheduleChanged,
                               String promotedSchedule, String unconfirms, ObjectNode evidence, String cooldown) {

    public static final String ROTATION = "rotation";
    public static final String REVISIT = "revisit";

    public RotationDecision {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        notes = List.copyOf(notes);
    }

    public String slug() {
        return ((kind.equals(ROTATION) ? "rotate-" : "revisit-") + repo).replaceAll("[^a-z0-9-]", "-");
    }

    public String title() {
        if (kind.equals(ROTATION)) {
            return "Rotate " + repo + " out of " + loop + " (saturated)" + (promoted == null ? "" : "; " + promoted + " becomes active");
        }
        return "Revisit " + repo + ": back to the head of the expansion queue";
    }

    /** The line of decisions.jsonl. */
    public ObjectNode json() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("id", id);
        o.put("kind", kind);
        o.put("loop", loop);
        o.put("repo", repo);
        o.put("from", from);
        o.put("to", to);
        o.put("at", Instants.format(at));
        o.put("by", by);
        o.put("reason", reason);
        if (kind.equals(ROTATION)) {
            o.put("recommended", recommended);
            o.put("forced", forced);
            o.put("automatic", automatic);
            o.put("promoted", promoted);
            o.put("schedule", schedule);
            o.put("agent", agent);
            o.put("schedule_changed", scheduleChanged);
            if (promotedSchedule != null) o.put("promoted_schedule", promotedSchedule);
            o.put("cooldown", cooldown);
        } else {
            o.put("unconfirms", unconfirms);
        }
        ArrayNode n = o.putArray("notes");
        notes.forEach(n::add);
        if (evidence != null) o.set("evidence", evidence);
        return o;
    }

    /** {@code decisions/DEC-NNN-<slug>.md}. */
    public String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(id).append(" — ").append(title()).append("\n\n");
        sb.append("- **Kind:** ").append(kind).append('\n');
        sb.append("- **Loop:** ").append(loop).append('\n');
        sb.append("- **Repo:** ").append(repo).append(": ").append(from).append(" → ").append(to).append('\n');
        if (kind.equals(ROTATION)) {
            sb.append("- **Promoted:** ").append(promoted == null ? "none" : promoted + ": expansion_queue → active, priority elevated")
                    .append('\n');
            sb.append("- **Schedule:** `").append(schedule).append("` ").append(agent).append(".enabled → false")
                    .append(scheduleChanged ? "" : " (already false)").append('\n');
            if (promotedSchedule != null) {
                sb.append("- **Promoted repo's schedule:** `").append(promotedSchedule).append("` ").append(agent).append(".enabled → true\n");
            }
            sb.append("- **Recommended by the regulator:** ").append(recommended ? "yes" : "no").append(forced ? " (forced)" : "")
                    .append(automatic ? " (rotated automatically: automation.mode auto)" : "").append('\n');
            sb.append("- **Cooldown:** ").append(cooldown).append('\n');
        } else if (unconfirms != null) {
            sb.append("- **Un-confirms:** ").append(unconfirms).append(" (revisited within its cooldown)\n");
        }
        sb.append("- **At:** ").append(Instants.format(at)).append('\n');
        sb.append("- **By:** ").append(by).append('\n');
        sb.append("- **Reason:** ").append(reason).append('\n');
        notes.forEach(n -> sb.append("- **Note:** ").append(n).append('\n'));
        if (evidence != null) {
            sb.append("\n## Evidence\n\n> ").append(evidence.path("summary").asText()).append("\n\n");
            sb.append("| signal | verdict | detail |\n|---|---|---|\n");
            JsonNode ev = evidence.path("evidence");
            ev.fieldNames().forEachRemaining(f -> {
                JsonNode s = ev.get(f);
                String word = s.path("fired").isNull() ? "no data" : s.path("fired").asBoolean() ? "fired" : "not fired";
                sb.append("| `").append(f).append("` | ").append(word).append(" | ")
                        .append(s.path("detail").asText().replace("|", "\\|")).append(" |\n");
            });
            sb.append("\nThe full evidence (windows, means, Theil–Sen slope, Mann–Kendall test) is the ").append(id)
                    .append(" line of `loops/regulator/decisions.jsonl`.\n");
        }
        return sb.toString();
    }
}
