package dev.loopreg.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.format.Mappers;
import dev.loopreg.format.YamlDoc;
import dev.loopreg.report.Json;
import dev.loopreg.workspace.Workspace;
import java.nio.file.Path;

/** A JSON Lines file of one JSON object per line (the ledgers whose lines the use cases read field by field). */
public abstract class ObjectLines extends JsonLines<JsonNode> {

    protected ObjectLines(Workspace ws, Path file, Logs logs) {
        super(ws, file, logs);
    }

    @Override
    protected JsonNode parse(String text) throws BadLine {
        JsonNode n;
        try {
            n = Mappers.JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new BadLine("not valid JSON: " + YamlDoc.cleanMessage(e));
        }
        if (n == null || !n.isObject()) throw new BadLine("not a JSON object; expected one object per line");
        return n;
    }

    @Override
    protected String encode(JsonNode value) {
        return Json.line(value);
    }
}
