package dev.loopreg.workspace;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Append-only JSON Lines files. Appends are fsynced. A last line without its newline is a torn
 * write: readers report it and leave it out; the next append first repairs it — a complete JSON
 * line just gets its newline, anything else is moved to {@code <file>.torn} (never dropped) and cut
 * from the file. {@link #tail(Path)} reads from the end, so its cost depends on what is read, not on the
 * file's length.
 */
public final class JsonlFile {

    static final int CHUNK = 64 * 1024;

    /**
     * A line longer than this is no record of any kind loopreg writes: reading backwards, its bytes are skipped, not
     * kept, and it is returned as its first bytes and its length (which no reader takes for a valid line).
     */
    public static final int MAX_LINE = 8 * 1024 * 1024;

    /**
     * One line. {@code number} is 1-based when known (reading forwards), 0 when read from the end. {@code notUtf8} says
     * where a byte that is not UTF-8 sits in it (its text then holds U+FFFD there), or is null.
     */
    public record Line(long offset, int number, String text, boolean terminated, String notUtf8) {
        public Line(long offset, int number, String text, boolean terminated) {
            this(offset, number, text, terminated, null);
        }
    }

    /**
     * The line's bytes as text, and where its first byte that is not UTF-8 is (null when there is none). Decoding
     * replaces such bytes with U+FFFD; only a line that then holds one is decoded again, strictly, to tell a bad byte
     * from a U+FFFD that was written as one — so the common line costs one scan for that character.
     */
    static Line decode(byte[] b, int from, int len, long offset, int number, boolean terminated, boolean stripCr) {
        String text = new String(b, from, len, StandardCharsets.UTF_8);
        if (stripCr) text = stripCr(text);
        if (text.indexOf('\uFFFD') < 0) return new Line(offset, number, text, terminated, null);
        java.nio.charset.CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(b, from, len);
        java.nio.charset.CoderResult r = dec.decode(in, java.nio.CharBuffer.allocate(len + 1), true);
        if (!r.isError()) return new Line(offset, number, text, terminated, null);
        int bad = in.position();
        int column = 1;
        for (int i = from; i < bad; i++) {
            if ((b[i] & 0xC0) != 0x80) column++;
        }
        return new Line(offset, number, text, terminated, "column " + column + ": byte 0x" + String.format("%02X", b[bad] & 0xFF)
                + " is not UTF-8; expected a line of UTF-8 text (the file was written with another encoding, or damaged)");
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
        AtomicFiles.requireNotDirectory(file, "a JSON Lines file");
        byte[] all = Files.readAllBytes(file);
        int start = 0;
        int number = 1;
        for (int i = 0; i <= all.length; i++) {
            if (i == all.length || all[i] == '\n') {
                if (i > start || i < all.length) {
                    Line l = decode(all, start, i - start, start, number, i < all.length, true);
                    if (!l.text().isBlank()) {
                        out.add(l);
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
        AtomicFiles.requireNotDirectory(file, "a JSON Lines file");
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
    public static JsonlTail tail(Path file) throws IOException {
        return new JsonlTail(file);
    }


    /**
     * Appends lines (each without its newline) and fsyncs. Before that, repairs a torn last line:
     * if it is complete according to {@code complete} it only gets its newline; otherwise its bytes
     * are appended to {@code <file>.torn} and cut from the file.
     *
     * @return the repair made, or null
     */
    public static Repair append(Path file, List<String> lines, Predicate<String> complete) throws IOException {
        WorkspaceLock.requireInside(file);
        if (!lines.isEmpty()) Faults.boundary("append to " + file.getFileName());
        AtomicFiles.requireNotDirectory(file, "a JSON Lines file");
        AtomicFiles.ensureDirectory(file.toAbsolutePath().getParent());
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
            for (String l : lines) {
                if (l.indexOf('\n') >= 0) {
                    throw new IllegalArgumentException("a JSONL line must not contain a newline");
                }
            }
            // written through a 64 KiB buffer, line by line: a large append (an evaluation of thousands of loops) is not
            // copied whole into one string and one byte array first; a cut append leaves a torn last line, as before
            ByteBuffer buf = ByteBuffer.allocate(1 << 16);
            long at = ch.size();
            for (String l : lines) {
                byte[] b = l.getBytes(StandardCharsets.UTF_8);
                if (b.length + 1 > buf.remaining()) at = drain(ch, buf, at);
                if (b.length + 1 > buf.capacity()) {
                    at = drain(ch, ByteBuffer.wrap(b).compact(), at);
                } else {
                    buf.put(b);
                }
                buf.put((byte) '\n');
            }
            drain(ch, buf, at);
            ch.force(true);
        }
        return repair;
    }

    /**
     * Appends raw bytes at the end of {@code file} and fsyncs, with no repair of a torn last line: the journal's roll
     * forward uses it to finish a line its plan had begun.
     */
    public static void appendBytes(Path file, byte[] bytes) throws IOException {
        WorkspaceLock.requireInside(file);
        AtomicFiles.requireNotDirectory(file, "a JSON Lines file");
        AtomicFiles.ensureDirectory(file.toAbsolutePath().getParent());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            long at = ch.size();
            while (buf.hasRemaining()) {
                at += ch.write(buf, at);
            }
            ch.force(true);
        }
    }

    /** Writes what {@code buf} holds (filled, not flipped) at {@code at}; returns the position after it, {@code buf} empty. */
    private static long drain(FileChannel ch, ByteBuffer buf, long at) throws IOException {
        buf.flip();
        while (buf.hasRemaining()) {
            at += ch.write(buf, at);
        }
        buf.clear();
        return at;
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
