package dev.loopreg.store;

import dev.loopreg.workspace.JsonlFile;
import dev.loopreg.workspace.JsonlTail;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Where the lines of one append-only log live: a JSON Lines file of the workspace ({@link #file}), or the rows of a
 * database table. A kind ({@link JsonLines}) reads and appends only through this, so its torn-line policy, its parsing
 * and its line numbers are the same whatever holds the lines.
 */
public interface LineLog {

    /** The log that is a JSON Lines file. */
    static LineLog file(Path file) {
        return new FileLog(file);
    }

    boolean exists();

    /** Every line, oldest first, numbered from 1. */
    List<JsonlFile.Line> readAll() throws IOException;

    /** The lines newest first; the cost follows what is read, not the log's length. Close it. */
    Tail newestFirst() throws IOException;

    /** The 1-based number of the line at {@code offset} (a line read newest first has number 0). */
    int lineNumberAt(long offset) throws IOException;

    /**
     * Appends {@code lines} (each one value, no newline), after repairing a torn last line: one that is
     * {@code complete} gets its newline, any other is moved aside. Returns the repair made, or null.
     */
    JsonlFile.Repair append(List<String> lines, Predicate<String> complete) throws IOException;

    /**
     * A value that changes whenever the log's lines do (a cache of something read from it is kept while it is equal):
     * the file's size and modification time, or the newest row and the row count.
     */
    Object version() throws IOException;

    /** Lines from the newest; {@link #atStart} once the oldest has been returned. */
    interface Tail extends Iterator<JsonlFile.Line>, AutoCloseable {
        boolean atStart();

        /**
         * The next line scanned from its bytes and consumed, or null (the line is still there for {@link #next}); a log
         * whose lines are not bytes in a file always answers null.
         */
        default <T> T skim(JsonlTail.ByteScan<T> scan) throws IOException {
            return null;
        }

        /** Whether {@link #skim} reads lines at all (a null from a log that does not is no answer about the line). */
        default boolean skims() {
            return false;
        }

        @Override
        void close() throws IOException;
    }

    /** A workspace file, through {@link JsonlFile}. */
    final class FileLog implements LineLog {
        private final Path file;

        private FileLog(Path file) {
            this.file = file;
        }

        @Override
        public boolean exists() {
            return Files.exists(file);
        }

        @Override
        public List<JsonlFile.Line> readAll() throws IOException {
            return JsonlFile.readAll(file);
        }

        @Override
        public Tail newestFirst() throws IOException {
            JsonlTail t = JsonlFile.tail(file);
            return new Tail() {
                @Override public boolean hasNext() {
                    return t.hasNext();
                }

                @Override public JsonlFile.Line next() {
                    return t.next();
                }

                @Override public boolean atStart() {
                    return t.atStart();
                }

                @Override public <T> T skim(JsonlTail.ByteScan<T> scan) throws IOException {
                    return t.skim(scan);
                }

                @Override public boolean skims() {
                    return true;
                }

                @Override public void close() throws IOException {
                    t.close();
                }
            };
        }

        @Override
        public int lineNumberAt(long offset) throws IOException {
            return JsonlFile.lineNumberAt(file, offset);
        }

        @Override
        public Object version() throws IOException {
            try {
                return List.of(Files.size(file), Files.getLastModifiedTime(file).toMillis());
            } catch (java.nio.file.NoSuchFileException e) {
                return List.of(-1L);
            }
        }

        @Override
        public JsonlFile.Repair append(List<String> lines, Predicate<String> complete) throws IOException {
            return JsonlFile.append(file, lines, complete);
        }
    }
}
