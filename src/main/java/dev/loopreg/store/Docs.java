package dev.loopreg.store;

import dev.loopreg.workspace.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Where the text of a workspace document is held: the file ({@link #FILES}), or — for the state documents a database
 * holds, each loop's {@code cadence.yml} and the roster — a row. The readers ({@link WorkspaceReader},
 * {@link CadenceFile}, {@link RosterFile}) read every YAML document through this.
 */
@FunctionalInterface
public interface Docs {

    /** The texts are the files'. */
    Docs FILES = file -> {
        if (!Files.exists(file)) return null;
        try {
            return AtomicFiles.read(file);
        } catch (NoSuchFileException e) {
            return null;
        }
    };

    /** The text of {@code file}, or null when there is none. */
    String read(Path file) throws IOException;

    /**
     * The documents and renderings (dashboard, decision files) changed after {@code mark}, and the mark to ask from
     * next; null when this store keeps no such feed (the files: their changes are seen by the file watcher). What
     * serve's replicas on a database read to reschedule a loop whose cadence changed and to write their checkout's
     * git-visible files.
     */
    default Changed changedSince(long mark) throws IOException {
        return null;
    }

    /** Texts by path (workspace-relative, '/'-separated), in change order; {@code mark}: the newest change among them. */
    record Changed(long mark, java.util.Map<String, String> documents, java.util.Map<String, String> renderings) {
    }
}
