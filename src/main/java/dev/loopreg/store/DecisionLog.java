package dev.loopreg.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.workspace.JsonlFile;
import dev.loopreg.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code loops/regulator/decisions.jsonl}: one line per decision a person or the regulator made (promotion, demotion,
 * approval, rotation, revisit, the regulator's own cadence change), keyed by its {@code DEC-NNN} id. Its Markdown record
 * under {@code decisions/} is written in the same plan. Torn-line policy: {@link JsonLines}.
 */
public final class DecisionLog extends ObjectLines {

    private static final Pattern RAW_ID = Pattern.compile("\"id\"\\s*:\\s*\"(DEC-\\d{1,9})\"");

    DecisionLog(Workspace ws, Logs logs) {
        super(ws, ws.decisions(), logs);
    }

    /** Every DEC id already used: in lines (even lines that do not parse, so an id is never given twice) and in decisions/. */
    public List<String> usedIds() throws IOException {
        List<String> used = new ArrayList<>();
        for (JsonlFile.Line l : lines.readAll()) {
            Matcher m = RAW_ID.matcher(l.text());
            while (m.find()) used.add(m.group(1));
        }
        Path dir = ws.decisionsDir();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("DEC-")).forEach(used::add);
            }
        }
        return used;
    }

    /**
     * The entries whose line mentions one of {@code words} (a decision kind), oldest first: the other lines are not
     * parsed — the rotation picture needs the rotations and revisits of the whole history, not every approval and
     * promotion again on every evaluation. The caller checks the kind of what it gets.
     */
    public List<Entry<JsonNode>> mentioning(List<String> words) throws IOException {
        List<Entry<JsonNode>> out = new ArrayList<>();
        for (JsonlFile.Line l : lines.readAll()) {
            for (String w : words) {
                if (l.text().contains(w)) {
                    out.add(entry(l));
                    break;
                }
            }
        }
        return out;
    }

    /** The last {@code n} decisions, oldest first, read from the end. */
    public List<JsonNode> last(int n) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (Newest<JsonNode> it = newestFirst()) {
            while (it.hasNext() && out.size() < n) {
                Entry<JsonNode> e = it.next();
                if (e.ok()) out.add(e.value());
            }
        }
        Collections.reverse(out);
        return out;
    }

    /** The Markdown record of a decision. */
    public Path record(String id, String slug) {
        return ws.decisionsDir().resolve(id + "-" + slug + ".md");
    }
}
