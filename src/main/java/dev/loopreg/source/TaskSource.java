package dev.loopreg.source;

import dev.loopreg.health.Task;
import dev.loopreg.health.TaskCodec;
import dev.loopreg.format.Mappers;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Where a loop's tasks come from ({@code tasks:} in loop.yml). */
public interface TaskSource {

    /** What the source is, for messages: a path or a URL. */
    String describe();

    /**
     * The tasks that can matter for intervals after {@code activeSince}: created, completed or due after it,
     * or still open. The caller passes the earliest interval start minus the SLA.
     */
    List<Task> fetch(Instant activeSince) throws SourceException;

    /** Whether a task can matter to intervals after {@code activeSince} (memory stays bounded by the window). */
    static boolean relevant(Task t, Instant activeSince) {
        return t.isOpen() || t.createdAt().isAfter(activeSince)
                || (t.completedAt() != null && t.completedAt().isAfter(activeSince));
    }

    /** {@code source: file}: a JSONL export, one task a line, read as a stream. */
    record File(Path path, String rel) implements TaskSource {
        @Override
        public String describe() {
            return rel;
        }

        @Override
        public List<Task> fetch(Instant activeSince) throws SourceException {
            List<Task> out = new ArrayList<>();
            try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                String line;
                int n = 0;
                while ((line = r.readLine()) != null) {
                    n++;
                    if (line.isBlank()) continue;
                    JsonNode node;
                    try {
                        node = Mappers.JSON.readTree(line);
                    } catch (IOException e) {
                        throw new SourceException(rel + ":" + n + ": not valid JSON; expected one task object per line");
                    }
                    try {
                        Task t = TaskCodec.read(node);
                        if (relevant(t, activeSince)) out.add(t);
                    } catch (TaskCodec.TaskException e) {
                        throw new SourceException(rel + ":" + n + ": " + e.getMessage());
                    }
                }
            } catch (NoSuchFileException e) {
                throw new SourceException(rel + ": file is missing; expected the loop's task export (loop.yml tasks.path)");
            } catch (IOException e) {
                throw new SourceException(rel + ": cannot read: " + dev.loopreg.workspace.AtomicFiles.reason(e));
            }
            return out;
        }
    }

    /** {@code source: state-hub}: the workstream's tasks over HTTP. */
    record Hub(StateHub hub, String url, String workstream) implements TaskSource {
        @Override
        public String describe() {
            return "state-hub " + url + " workstream " + workstream;
        }

        @Override
        public List<Task> fetch(Instant activeSince) throws SourceException {
            return hub.tasks(workstream, activeSince).stream().filter(t -> relevant(t, activeSince)).toList();
        }
    }
}
