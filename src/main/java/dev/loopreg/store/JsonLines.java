package dev.loopreg.store;

import dev.loopreg.workspace.JsonlFile;
import dev.loopreg.workspace.JsonlTail;
import dev.loopreg.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * One kind of append-only JSON Lines file of the workspace: the only reader and writer of its file. Every kind has the same
 * torn-line policy, applied here and nowhere else:
 *
 * <ul>
 *   <li>a last line without its newline that parses as a whole value of its kind only lost its newline: it counts, and
 *       the next append adds the newline;</li>
 *   <li>any other last line without its newline is an interrupted write: it is left out by every reader (with a note
 *       where the reader shows notes), reported by {@code validate}, and moved to {@code <file>.torn} — never dropped — by
 *       the next append;</li>
 *   <li>a whole line that is not a value of its kind is an {@link Entry} with its problem: {@code validate} reports it
 *       as {@code path:line}; what a use case does with it is its own (evaluate stops that loop, a page leaves it out
 *       with a note).</li>
 * </ul>
 *
 * Appends go through a {@link Plan} (several files changed together) or {@link #appendNow} (one file, under the caller's
 * lock); either way each line carries its key, which {@link Journal} names and a retry looks for.
 *
 * @param <T> the value one line holds
 */
public abstract class JsonLines<T> {

    /** A line that is not a value of its kind, and why. */
    public static final class BadLine extends Exception {
        public BadLine(String message) {
            super(message);
        }
    }

    /**
     * One line under the policy: its text, its value, or the problem that kept it out. {@code number} is 1-based when read forwards,
     * 0 when read from the end (see {@link JsonLines#where}).
     */
    public record Entry<T>(long offset, int number, String text, T value, String problem, boolean torn) {
        public boolean ok() {
            return value != null;
        }
    }

    protected final Workspace ws;
    protected final Path file;
    /** Where the lines are: the file, unless the store holds them elsewhere. */
    protected final LineLog lines;

    protected JsonLines(Workspace ws, Path file, Logs logs) {
        this(ws, file, logs.of(file));
    }

    protected JsonLines(Workspace ws, Path file, LineLog lines) {
        this.ws = ws;
        this.file = file;
        this.lines = lines;
    }

    /** The value of one line, or why it is not one. */
    protected abstract T parse(String text) throws BadLine;

    /** The line of one value (no newline). */
    protected abstract String encode(T value);

    public Path file() {
        return file;
    }

    /** The file as people see it (relative to the workspace). */
    public String rel() {
        return ws.rel(file);
    }

    public boolean exists() {
        return lines.exists();
    }

    /** Whether {@code text} is a whole line of this kind: the torn-line repair's test. */
    public final boolean whole(String text) {
        try {
            parse(text);
            return true;
        } catch (BadLine e) {
            return false;
        }
    }

    Entry<T> entry(JsonlFile.Line l) {
        if (l.notUtf8() != null && l.terminated()) {
            return new Entry<>(l.offset(), l.number(), l.text(), null, l.notUtf8(), false);
        }
        try {
            return new Entry<>(l.offset(), l.number(), l.text(), parse(l.text()), null, !l.terminated());
        } catch (BadLine e) {
            String problem = l.terminated() ? e.getMessage()
                    : "torn last line (no newline): an interrupted write, left out; the next append moves it to " + file.getFileName()
                    + ".torn";
            return new Entry<>(l.offset(), l.number(), l.text(), null, problem, !l.terminated());
        }
    }

    /** Every line, oldest first, numbered. */
    public List<Entry<T>> entries() throws IOException {
        List<Entry<T>> out = new ArrayList<>();
        for (JsonlFile.Line l : lines.readAll()) out.add(entry(l));
        return out;
    }

    /** The values, oldest first; the lines that are not values are left out (validate reports them). */
    public List<T> values() throws IOException {
        List<T> out = new ArrayList<>();
        for (Entry<T> e : entries()) {
            if (e.ok()) out.add(e.value());
        }
        return out;
    }

    /**
     * The entries that hold a value, after adding what {@code validate} says of the others to {@code p}: each line that is
     * not a value, and a torn last line, is an error at its {@code path:line}.
     */
    public List<Entry<T>> check(List<dev.loopreg.format.Problem> p) throws IOException {
        List<Entry<T>> ok = new ArrayList<>();
        for (Entry<T> e : entries()) {
            if (e.ok()) ok.add(e);
            else p.add(dev.loopreg.format.Problem.error(rel(), e.number(), e.problem()));
        }
        return ok;
    }

    /** {@code path:line} of an entry, counting lines only when it was read from the end. */
    public String where(Entry<T> e) throws IOException {
        return rel() + ":" + (e.number() > 0 ? e.number() : lines.lineNumberAt(e.offset()));
    }

    /** The lines newest first, read from the end: the cost follows what is read, not the file's length. */
    public Newest<T> newestFirst() throws IOException {
        return new Newest<>(this, lines.newestFirst());
    }

    /** Lines from the end of the file; close it. */
    public static final class Newest<T> implements Iterator<Entry<T>>, AutoCloseable {
        private final JsonLines<T> kind;
        private final LineLog.Tail tail;

        private Newest(JsonLines<T> kind, LineLog.Tail tail) {
            this.kind = kind;
            this.tail = tail;
        }

        @Override
        public boolean hasNext() {
            return tail.hasNext();
        }

        @Override
        public Entry<T> next() {
            if (!hasNext()) throw new NoSuchElementException();
            return kind.entry(tail.next());
        }

        /** The next line, not parsed (the reader parses it with {@link #entry} if it needs its value). */
        JsonlFile.Line nextLine() {
            if (!hasNext()) throw new NoSuchElementException();
            return tail.next();
        }

        /** The next line scanned from its bytes and consumed, or null: {@link LineLog.Tail#skim}. */
        <S> S skim(JsonlTail.ByteScan<S> scan) throws IOException {
            return tail.skim(scan);
        }

        /** Whether {@link #skim} reads lines: {@link LineLog.Tail#skims}. */
        boolean skims() {
            return tail.skims();
        }

        /** A line read with {@link #nextLine}, parsed. */
        Entry<T> entry(JsonlFile.Line l) {
            return kind.entry(l);
        }

        /** Whether the first line of the file has been read. */
        public boolean atStart() {
            return tail.atStart();
        }

        @Override
        public void close() throws IOException {
            tail.close();
        }
    }

    /** A value that changes whenever the lines do (see {@link LineLog#version}). */
    public Object version() throws IOException {
        return lines.version();
    }

    /** Line {@code offset}'s 1-based number. */
    public int lineNumberAt(long offset) throws IOException {
        return lines.lineNumberAt(offset);
    }

    /** Adds appending {@code values} (one key for them: a decision id, a loop and cycle) to {@code plan}. */
    public Plan append(Plan plan, String key, List<T> values) {
        return plan.append(file, key, values.stream().map(this::encode).toList(), this::whole);
    }

    /**
     * Appends {@code values} now, a change of this one file (the caller holds the lock), after the repair of a torn last
     * line.
     *
     * @return the repair made, as a sentence for the person running the command, or null
     */
    public String appendNow(List<T> values) throws IOException {
        return appendNowEncoded(values.stream().map(this::encode).toList());
    }

    /** {@link #appendNow} of lines already encoded (each one value of this kind, as {@code encode} writes it). */
    public String appendNowEncoded(List<String> lines) throws IOException {
        return repairNotice(this.lines.append(lines, this::whole));
    }

    String repairNotice(JsonlFile.Repair r) {
        return r == null ? null : rel() + ":" + r.line() + ": torn last line (" + r.bytes() + " bytes, no newline) " + r.kind()
                + " before appending";
    }
}
