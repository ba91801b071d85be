package dev.loopreg.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.format.Mappers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

final class ServeApiTestSupport {

    private ServeApiTestSupport() {
    }

    static JsonNode lastLine(Path file) throws Exception {
        List<String> l = Files.readAllLines(file);
        return Mappers.JSON.readTree(l.get(l.size() - 1));
    }
}
