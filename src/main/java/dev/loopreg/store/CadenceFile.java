package dev.loopreg.store;

import dev.loopreg.cadence.CadenceState;
import dev.loopreg.format.Problem;
import dev.loopreg.format.YamlDoc;
import dev.loopreg.workspace.CadenceCodec;
import dev.loopreg.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code loops/<id>/cadence.yml}: a loop's cadence state. Read through {@link WorkspaceReader}; changed in place (the
 * people's comments and layout kept) only by the plans of {@code apply}, {@code demote} and the approvals.
 */
public final class CadenceFile {

    /** The file cannot be changed in place: what is wrong. */
    public static final class NotUpdatable extends Exception {
        public NotUpdatable(String message) {
            super(message);
        }
    }

    private final Workspace ws;
    private final Path file;
    private final Docs docs;

    CadenceFile(Workspace ws, String loop, Docs docs) {
        this.ws = ws;
        this.file = ws.cadence(loop);
        this.docs = docs;
    }

    private String text() throws IOException {
        String t = docs.read(file);
        if (t == null) throw new java.nio.file.NoSuchFileException(rel());
        return t;
    }

    public Path file() {
        return file;
    }

    public String rel() {
        return ws.rel(file);
    }

    /**
     * Adds the file with {@code after}'s phase, cron, dates and approval to {@code plan}; the new text is read back and
     * must say {@code after}.
     *
     * @throws NotUpdatable when the file cannot be changed in place (hand-formatted in flow style)
     */
    public Plan replaceState(Plan plan, CadenceState after) throws IOException, NotUpdatable {
        String updated = CadenceCodec.update(text(), after);
        List<Problem> check = new ArrayList<>();
        CadenceState reread;
        try {
            reread = CadenceCodec.read(YamlDoc.parse(rel(), updated), check);
        } catch (YamlDoc.SyntaxException ex) {
            reread = null;
        }
        if (reread == null || !reread.equals(after)) {
            throw new NotUpdatable(rel() + ": cannot be updated in place (is it hand-formatted in flow style?); nothing was changed. "
                    + "Expected block style 'key: value' lines as loopreg init writes them.");
        }
        return plan.replace(file, updated);
    }

    /** Adds the file with {@code after}'s approval (and nothing else changed) to {@code plan}. */
    public Plan replaceApproval(Plan plan, CadenceState after) throws IOException {
        return plan.replace(file, CadenceCodec.updateApproval(text(), after));
    }
}
