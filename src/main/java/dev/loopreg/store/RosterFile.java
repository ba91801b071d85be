package dev.loopreg.store;

import dev.loopreg.format.Problem;
import dev.loopreg.format.YamlDoc;
import dev.loopreg.rotation.Roster;
import dev.loopreg.rotation.RosterCodec;
import dev.loopreg.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code loops/<rotation loop>/roster.yaml}: the repos in focus, waiting and saturated. Read whole; replaced whole by the
 * plans of {@code rotate} and {@code revisit}, keeping the people's header comment.
 */
public final class RosterFile {

    /** What was read: the file's text (null when it is missing) and the roster (empty when missing; null when invalid). */
    public record Read(String text, Roster roster) {
        public boolean missing() {
            return text == null;
        }
    }

    private final Workspace ws;
    private final Path file;
    private final Docs docs;

    RosterFile(Workspace ws, String loop, Docs docs) {
        this.ws = ws;
        this.file = ws.roster(loop);
        this.docs = docs;
    }

    public Path file() {
        return file;
    }

    public String rel() {
        return ws.rel(file);
    }

    /**
     * Reads the roster; its problems go to {@code problems}.
     *
     * @throws YamlDoc.SyntaxException when it is not YAML
     */
    public Read read(List<Problem> problems) throws IOException, YamlDoc.SyntaxException {
        String text = docs.read(file);
        if (text == null) return new Read(null, Roster.empty());
        return new Read(text, RosterCodec.read(YamlDoc.parse(rel(), text), problems));
    }

    /** Adds writing {@code after} in place of what was read ({@code before}'s header comment kept) to {@code plan}. */
    public Plan replace(Plan plan, Read before, Roster after) {
        return plan.replace(file, RosterCodec.render(after, before.text() == null ? "" : RosterCodec.header(before.text())));
    }
}
