package dev.loopreg.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopreg.cadence.SelfCadence;
import dev.loopreg.format.Instants;
import dev.loopreg.report.Json;
import dev.loopreg.workspace.Workspace;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code loops/regulator/runs.jsonl}: one line per evaluation run — when it ran, how many loops it evaluated, and the
 * loops whose recommendation word changed since the run before it. It is derived from recommendations.jsonl (the same
 * evaluation appends both, this one second) and exists so that the regulator's own cadence check reads a week of small
 * lines, not a week of every loop's recommendations. Torn-line policy: {@link JsonLines}.
 */
public final class RunLog extends ObjectLines {

    RunLog(Workspace ws, Logs logs) {
        super(ws, ws.runs(), logs);
    }

    /** The line for one run. */
    public static JsonNode line(Instant at, int loops, List<SelfCadence.Change> changes) {
        ObjectNode o = Json.object();
        o.put("evaluated_at", Instants.format(at));
        o.put("loops", loops);
        ArrayNode a = o.putArray("changes");
        for (SelfCadence.Change c : changes) {
            a.addObject().put("loop", c.loop()).put("before", c.before()).put("after", c.after());
        }
        return o;
    }

    /** The runs read back from the end. */
    public record Window(List<SelfCadence.RunDigest> runs, boolean reachesFrom, Instant oldest) {
    }

    /**
     * The run digests in {@code (from, now]}, oldest first (of two lines for one run, the newer counts), and whether the
     * file reaches back to {@code from} — if it does not, older runs may be only in recommendations.jsonl.
     */
    public Window window(Instant from, Instant now) throws IOException {
        Map<Instant, SelfCadence.RunDigest> byAt = new TreeMap<>();
        boolean reaches = false;
        try (Newest<JsonNode> tail = newestFirst()) {
            while (tail.hasNext()) {
                Entry<JsonNode> l = tail.next();
                if (!l.ok()) continue;   // reported by validate
                Instant at = instant(l.value().path("evaluated_at").asText(""));
                if (at == null) continue;
                if (!at.isAfter(from)) {
                    reaches = true;
                    break;
                }
                if (at.isAfter(now)) continue;
                if (byAt.containsKey(at)) continue;
                List<SelfCadence.Change> changes = new ArrayList<>();
                for (JsonNode c : l.value().path("changes")) {
                    changes.add(new SelfCadence.Change(c.path("loop").asText(""), at, c.path("before").asText(""),
                            c.path("after").asText("")));
                }
                byAt.put(at, new SelfCadence.RunDigest(at, changes));
            }
        }
        Instant oldest = byAt.isEmpty() ? null : byAt.keySet().iterator().next();
        return new Window(List.copyOf(byAt.values()), reaches, oldest);
    }

    static Instant instant(String s) {
        try {
            return Instants.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
