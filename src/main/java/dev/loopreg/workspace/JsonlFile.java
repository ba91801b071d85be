package dev.loopreg.workspace;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Predicate;

/**
 * Append-only JSON Lines files. Appends are fsynced. A last line without its newline is a torn
 * write: readers report it and leave it out; the next append first repairs it — a complete JSON
 * line just gets its newline, anything else is moved to {@code <file>.torn} (never dropped) and cut
 * from the file. {@link #tail(Path)} reads from the end, so its cost depends on what is read, not on the
 * file's length.
 */
public final class JsonlFile {

    private static final int CHUNK = 64 * 1024;

    /** One line. {@code number} is 1-based when known (reading forwards), 0 when read from the end. */
    public record Line(long offset, int number, String text, boolean terminated) {
    }

    /** What {@link #append} had to repair before appending, for the caller to report. */
    public record Repair(String kind, int line, int bytes, Path movedTo) {
    }

    private JsonlFile() {
    }

    /** Every line, forwards, numbered; the last one may be unterminated (torn). Blank lines are skipped. */
    public static List<Line> readAll(Path file) throws IOException {
        List<Line> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        byte[] all = Files.readAllBytes(file);
        int start = 0;
        int number = 1;
        for (int i = 0; i <= all.length; i++) {
            if (i == all.length || all[i] == '\n') {
                if (i > start || i < all.length) {
                    String text = new String(all, start, i - start, StandardCharsets.UTF_8);
                    if (!text.isBlank()) {
                        out.add(new Line(start, number, stripCr(text), i < all.length));
                    }
                }
                start = i + 1;
                number++;
            }
        }
        return out;
    }

    /** The 1-based line number of the line starting at {@code offset} (counts newlines before it). */
    public static int lineNumberAt(Path file, long offset) throws IOException {
        int n = 1;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(CHUNK);
            long pos = 0;
            while (pos < offset) {
                buf.clear();
                buf.limit((int) Math.min(CHUNK, offset - pos));
                int r = ch.read(buf, pos);
                if (r <= 0) break;
                for (int i = 0; i < r; i++) {
                    if (buf.get(i) == '\n') n++;
                }
                pos += r;
            }
        }
        return n;
    }

    /**
     * The lines from the last to the first, read backwards in chunks. Close it when done.
     * A missing file has no lines.
     */
    public static Tail tail(Path file) throws IOException {
        return new Tail(file);
    }

    /** A backwards iterator over a file's lines. */
    public static final class Tail implements Iterator<Line>, AutoCloseable {
        private final RandomAccessFile raf;
        private long pos;                   // the file's bytes before pos are not read yet
        private byte[] carry = new byte[0]; // the bytes [pos, pos + carry.length) not returned yet
        private Line next;

        Tail(Path file) throws IOException {
            if (Files.exists(file)) {
                raf = new RandomAccessFile(file.toFile(), "r");
                pos = raf.length();
            } else {
                raf = null;
            }
        }

        @Override
        public boolean hasNext() {
            if (next == null) {
                try {
                    next = advance();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            return next != null;
        }

        @Override
        public Line next() {
            if (!hasNext()) throw new NoSuchElementException();
            Line l = next;
            next = null;
            return l;
        }

        /** True once every line has been returned (the start of the file was reached). */
        public boolean atStart() {
            return pos == 0 && carry.length == 0 && next == null;
        }

        private Line advance() throws IOException {
            if (raf == null) return null;
            while (true) {
                boolean terminated = carry.length > 0 && carry[carry.length - 1] == '\n';
                int contentEnd = terminated ? carry.length - 1 : carry.length;
                int nl = -1;
                for (int i = contentEnd - 1; i >= 0; i--) {
                    if (carry[i] == '\n') {
                        nl = i;
                        break;
                    }
                }
                if (nl < 0 && pos > 0) {
                    int n = (int) Math.min(CHUNK, pos);
                    byte[] merged = new byte[n + carry.length];
                    raf.seek(pos - n);
                    raf.readFully(merged, 0, n);
                    System.arraycopy(carry, 0, merged, n, carry.length);
                    carry = merged;
                    pos -= n;
                    continue;
                }
                if (carry.length == 0) return null;
                int start = nl + 1;
                String text = stripCr(new String(carry, start, contentEnd - start, StandardCharsets.UTF_8));
                long offset = pos + start;
                carry = java.util.Arrays.copyOfRange(carry, 0, start);
                if (!text.isBlank()) {
                    return new Line(offset, 0, text, terminated);
                }
            }
        }

        @Override
        public void close() throws IOException {
            if (raf != null) raf.close();
        }
    }

    /**
     * Appends lines (each without its newline) and fsyncs. Before that, repairs a torn last line:
     * if it is complete according to {@code complete} it only gets its newline; otherwise its bytes
     * are appended to {@code <file>.torn} and cut from the file.
     *
     * @return the repair made, or null
     */
    public static Repair append(Path file, List<String> lines, Predicate<String> complete) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Repair repair = null;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            if (size > 0) {
                ByteBuffer last = ByteBuffer.allocate(1);
                ch.read(last, size - 1);
                if (last.get(0) != '\n') {
                    long lineStart = lastNewline(ch, size) + 1;
                    int len = (int) (size - lineStart);
                    ByteBuffer frag = ByteBuffer.allocate(len);
                    ch.read(frag, lineStart);
                    String text = new String(frag.array(), StandardCharsets.UTF_8);
                    int lineNo = lineNumberAt(file, lineStart);
                    if (complete.test(text)) {
                        ch.write(ByteBuffer.wrap(new byte[] {'\n'}), size);
                        repair = new Repair("newline added", lineNo, len, null);
                    } else {
                        Path torn = file.resolveSibling(file.getFileName() + ".torn");
                        String header = "# torn last line " + lineNo + " of " + file.getFileName() + " (" + len
                                + " bytes, no newline), moved here by loopreg before an append\n";
                        try (FileChannel t = FileChannel.open(torn, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                                StandardOpenOption.APPEND)) {
                            t.write(ByteBuffer.wrap((header + text + "\n").getBytes(StandardCharsets.UTF_8)));
                            t.force(true);
                        }
                        ch.truncate(lineStart);
                        repair = new Repair("moved to " + torn.getFileName(), lineNo, len, torn);
                    }
                }
            }
            StringBuilder sb = new StringBuilder();
            for (String l : lines) {
                if (l.indexOf('\n') >= 0) {
                    throw new IllegalArgumentException("a JSONL line must not contain a newline");
                }
                sb.append(l).append('\n');
            }
            ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
            long at = ch.size();
            while (buf.hasRemaining()) {
                at += ch.write(buf, at);
            }
            ch.force(true);
        }
        return repair;
    }

    private static long lastNewline(FileChannel ch, long size) throws IOException {
        long p = size;
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        while (p > 0) {
            int n = (int) Math.min(CHUNK, p);
            buf.clear();
            buf.limit(n);
            ch.read(buf, p - n);
            for (int i = n - 1; i >= 0; i--) {
                if (buf.get(i) == '\n') return p - n + i;
            }
            p -= n;
        }
        return -1;
    }

    private static String stripCr(String s) {
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }
}
