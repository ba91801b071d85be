package dev.loopreg.outbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The notices to a definition's owner (its front matter's {@code owner}) of a change loopreg makes to it in a decision's
 * plan: a state-hub task assigned to the owner ({@code POST {url}/workstreams/{workstream}/tasks}, key
 * {@code loopreg-owner-DEC-NNN-NAME}) and a webhook call naming the owner (key {@code loopreg-owner-webhook-DEC-NNN-NAME}),
 * each when its target is configured. Pure.
 */
public final class OwnerNotices {

    private OwnerNotices() {
    }

    /** The fields of a definition's front matter that loopreg changes, and that an owner is told of. */
    public static final List<String> FIELDS = List.of("cron", "enabled", "repos");

    /**
     * What changed between two front matters ({@code field → its value as text}, absent: not set), one line each, such as
     * {@code cron: "50 * * * *" → "50 6 * * *"}; empty when nothing the owner is told of changed.
     */
    public static List<String> changes(Map<String, String> before, Map<String, String> after) {
        List<String> out = new ArrayList<>();
        for (String f : new TreeSet<>(FIELDS)) {
            String a = before.get(f);
            String b = after.get(f);
            if (!Objects.equals(a, b)) out.add(f + ": " + (a == null ? "(not set)" : a) + " → " + (b == null ? "(not set)" : b));
        }
        return out;
    }

    /** A definition's name, as in keys: its file name without {@code .md}. */
    public static String name(String file) {
        String n = file.substring(file.lastIndexOf('/') + 1);
        return n.endsWith(".md") ? n.substring(0, n.length() - 3) : n;
    }

    /**
     * @param decision   the decision whose plan changes the definition ({@code DEC-NNN})
     * @param definition the definition's path, relative to the workspace
     * @param owner      its front matter's {@code owner}
     * @param changes    {@link #changes}, not empty
     * @param workstream the state-hub workstream the task is opened in, or null (no state-hub task)
     * @param webhook    whether the webhook is configured
     */
    public static List<Delivery> of(String decision, String loop, String definition, String owner, List<String> changes,
                                    String workstream, boolean webhook, Instant at) {
        String name = name(definition);
        String title = "loopreg changed " + definition + " (" + decision + "): " + String.join("; ", changes);
        String text = owner + ": loopreg changed your activity definition " + definition + " in decision " + decision
                + (loop == null ? "" : " (loop " + loop + ")") + " — " + String.join("; ", changes)
                + ". Check that the activity runs as it now says; the decision's record says why.";
        List<Delivery> out = new ArrayList<>();
        if (workstream != null) {
            ObjectNode task = body(decision, loop, definition, owner, changes);
            task.put("title", title);
            task.put("assignee", owner);
            task.put("priority", "normal");
            task.put("status", "open");
            String key = "loopreg-owner-" + decision + "-" + name;
            task.put("external_id", key);
            ArrayNode labels = task.putArray("labels");
            labels.add("loopreg");
            labels.add("definition-change");
            task.put("description", text);
            out.add(new Delivery(key, Delivery.STATE_HUB, "/workstreams/" + DecisionRecords.segment(workstream) + "/tasks", decision, task, at));
        }
        if (webhook) {
            ObjectNode b = body(decision, loop, definition, owner, changes);
            b.put("kind", "definition_change");
            b.put("text", text);
            out.add(new Delivery("loopreg-owner-webhook-" + decision + "-" + name, Delivery.WEBHOOK, "", decision, b, at));
        }
        return out;
    }

    private static ObjectNode body(String decision, String loop, String definition, String owner, List<String> changes) {
        ObjectNode b = JsonNodeFactory.instance.objectNode();
        b.put("source", "loopreg");
        b.put("decision", decision);
        if (loop != null) b.put("loop", loop);
        b.put("definition", definition);
        b.put("owner", owner);
        ArrayNode c = b.putArray("changes");
        changes.forEach(c::add);
        return b;
    }
}
