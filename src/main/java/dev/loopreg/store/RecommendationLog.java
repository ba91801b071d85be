package dev.loopreg.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.cadence.SelfCadence;
import dev.loopreg.workspace.Workspace;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** {@code loops/regulator/recommendations.jsonl}: one line per loop each time {@code evaluate} runs: the recommendation with its rules and evidence, keyed by loop and {@code evaluated_at}. Torn-line policy: {@link JsonLines}. */
public final class RecommendationLog extends ObjectLines {

    RecommendationLog(Workspace ws, Logs logs) {
        super(ws, ws.recommendations(), logs);
    }

    /** The {@code evaluated_at} of the first line, or null (no file, empty, or not an evaluation line). */
    public Instant firstEvaluatedAt() throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = r.readLine();
            if (first == null) return null;
            try {
                return RunLog.instant(parse(first).path("evaluated_at").asText(""));
            } catch (BadLine e) {
                return null;
            }
        } catch (NoSuchFileException | java.nio.charset.CharacterCodingException e) {
            return null;   // no file, or a first line validate reports
        }
    }

    /**
     * Each loop's recommendation word in the newest run before {@code now} (read from the end: one run's lines, whatever
     * the file's length), or an empty map when there is none.
     */
    public Map<String, String> runBefore(Instant now) throws IOException {
        Map<String, String> words = new TreeMap<>();
        Instant run = null;
        try (Newest<JsonNode> tail = newestFirst()) {
            while (tail.hasNext()) {
                Entry<JsonNode> l = tail.next();
                if (!l.ok()) continue;
                JsonNode n = l.value();
                Instant at = RunLog.instant(n.path("evaluated_at").asText(""));
                if (at == null || !at.isBefore(now)) continue;
                if (run == null) run = at;
                if (!at.equals(run)) break;
                String loop = n.path("loop").asText(null);
                if (loop != null) words.putIfAbsent(loop, word(n));
            }
        }
        return words;
    }

    /** The word a recommendation line stands for ({@link SelfCadence#word}). */
    public static String word(JsonNode n) {
        String rec = n.path("recommendation").isNull() ? null : n.path("recommendation").asText(null);
        String to = n.path("to_phase").isNull() ? null : n.path("to_phase").asText(null);
        return SelfCadence.word(rec, to);
    }
}
