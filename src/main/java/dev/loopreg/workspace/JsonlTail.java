package dev.loopreg.workspace;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A backwards iterator over a file's lines. Linear in the bytes it reads: the unread bytes sit at the end of a
 * buffer that grows by doubling (a chunk read from before them is prepended in place), a line is taken by moving
 * an index (nothing is copied), and a long line's bytes are searched for its start only once.
 */
public final class JsonlTail implements Iterator<JsonlFile.Line>, AutoCloseable {
    private final RandomAccessFile raf;
    private long pos;                   // the file offset of buf[lo]: the bytes before it are not read yet
    private byte[] buf = takeSpare();
    private int lo = JsonlFile.CHUNK;             // buf[lo, hi) holds the bytes read and not returned yet
    private int hi = JsonlFile.CHUNK;
    private int clean = -1;             // when >= 0: buf[clean, end of the current line) has no newline
    private JsonlFile.Line next;

    JsonlTail(Path file) throws IOException {
        if (Files.exists(file)) {
            AtomicFiles.requireNotDirectory(file, "a JSON Lines file");
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
    public JsonlFile.Line next() {
        if (!hasNext()) throw new NoSuchElementException();
        JsonlFile.Line l = next;
        next = null;
        return l;
    }

    /** True once every line has been returned (the start of the file was reached). */
    public boolean atStart() {
        return pos == 0 && lo == hi && next == null;
    }

    /** Reads the chunk before the buffered bytes into the buffer, growing it (by doubling) when there is no room. */
    private void prepend() throws IOException {
        int n = (int) Math.min(JsonlFile.CHUNK, pos);
        if (lo < n && hi - lo + n <= buf.length) {
            // room enough once the unreturned bytes move to the end: no bigger buffer (a 70 KiB file read in
            // full needs two chunks, not a 128 KiB buffer)
            int size = hi - lo;
            int newLo = buf.length - size;
            System.arraycopy(buf, lo, buf, newLo, size);
            int shift = newLo - lo;
            if (clean >= 0) clean += shift;
            lo = newLo;
            hi = buf.length;
        }
        if (lo < n) {
            int size = hi - lo;
            int cap = buf.length;
            while (cap - size < n) cap = Math.multiplyExact(cap, 2);
            byte[] bigger = new byte[cap];
            int newLo = cap - size;
            System.arraycopy(buf, lo, bigger, newLo, size);
            int shift = newLo - lo;
            if (clean >= 0) clean += shift;
            lo = newLo;
            hi = cap;
            buf = bigger;
        }
        raf.seek(pos - n);
        raf.readFully(buf, lo - n, n);
        lo -= n;
        pos -= n;
    }

    private JsonlFile.Line advance() throws IOException {
        if (raf == null) return null;
        while (true) {
            if (lo == hi && pos == 0) return null;
            if (lo == hi) {
                prepend();
                continue;
            }
            boolean terminated = buf[hi - 1] == '\n';
            int contentEnd = terminated ? hi - 1 : hi;
            int top = clean >= 0 ? Math.min(clean, contentEnd) : contentEnd;
            int nl = lastNewline(top);
            if (nl < 0 && pos > 0) {
                if (contentEnd - lo >= JsonlFile.MAX_LINE) return longLine(contentEnd, terminated);
                clean = lo;   // [lo, contentEnd) has no newline: after the prepend only the new bytes are searched
                prepend();
                continue;
            }
            int start = nl < 0 ? lo : nl + 1;
            long offset = pos + (start - lo);
            JsonlFile.Line l = JsonlFile.decode(buf, start, contentEnd - start, offset, 0, terminated, true);
            hi = start;
            clean = -1;
            if (!l.text().isBlank()) {
                return l;
            }
        }
    }

    /** The index of the last newline in {@code buf[lo, top)}, or -1. */
    private int lastNewline(int top) {
        for (int i = top - 1; i >= lo; i--) {
            if (buf[i] == '\n') return i;
        }
        return -1;
    }

    /**
     * A line longer than {@link #JsonlFile.MAX_LINE}: finds where it starts by scanning backwards without keeping its bytes,
     * and returns its first bytes and its length.
     */
    private JsonlFile.Line longLine(int contentEnd, boolean terminated) throws IOException {
        long end = pos + (contentEnd - lo);
        byte[] scratch = new byte[JsonlFile.CHUNK];
        long start = 0;
        long p = pos;
        scan:
        while (p > 0) {
            int n = (int) Math.min(JsonlFile.CHUNK, p);
            raf.seek(p - n);
            raf.readFully(scratch, 0, n);
            for (int i = n - 1; i >= 0; i--) {
                if (scratch[i] == '\n') {
                    start = p - n + i + 1;
                    break scan;
                }
            }
            p -= n;
        }
        int head = (int) Math.min(200, end - start);
        byte[] prefix = new byte[head];
        raf.seek(start);
        raf.readFully(prefix);
        buf = new byte[JsonlFile.CHUNK];
        lo = JsonlFile.CHUNK;
        hi = JsonlFile.CHUNK;
        clean = -1;
        pos = start;
        String text = new String(prefix, StandardCharsets.UTF_8) + "… (a line of " + (end - start) + " bytes, longer than "
                + JsonlFile.MAX_LINE + ")";
        return new JsonlFile.Line(start, 0, text, terminated);
    }

    /**
     * The next line scanned from its bytes by {@code scan}, without decoding it, and consumed; or null when the scan
     * cannot tell (or the line is unterminated, or longer than a chunk allows here): then the line is still there,
     * and {@link #next} returns it. Lines are those {@link #next} returns, without a trailing carriage return.
     */
    public <T> T skim(ByteScan<T> scan) throws IOException {
        if (raf == null || next != null) return null;
        while (true) {
            if (lo == hi) {
                if (pos == 0) return null;
                prepend();
                continue;
            }
            if (buf[hi - 1] != '\n') return null;
            int contentEnd = hi - 1;
            int top = clean >= 0 ? Math.min(clean, contentEnd) : contentEnd;
            int nl = lastNewline(top);
            if (nl < 0 && pos > 0) {
                if (contentEnd - lo >= JsonlFile.MAX_LINE) return null;
                clean = lo;
                prepend();
                continue;
            }
            int start = nl < 0 ? lo : nl + 1;
            int end = contentEnd > start && buf[contentEnd - 1] == '\r' ? contentEnd - 1 : contentEnd;
            T t = scan.scan(buf, start, end);
            if (t == null) return null;
            hi = start;
            clean = -1;
            return t;
        }
    }

    @Override
    public void close() throws IOException {
        if (raf != null) raf.close();
        if (buf != null && buf.length == JsonlFile.CHUNK) SPARE.set(buf);
        buf = null;   // (closed twice, it must not hand the buffer on twice)
    }

    /** What {@link #skim} asks of a line's bytes, {@code b[from, to)}: a value, or null when it cannot tell. */
    @FunctionalInterface
    public interface ByteScan<T> {
        T scan(byte[] b, int from, int to);
    }

    /**
     * A chunk-sized buffer a closed tail left to the next one on the same thread: an evaluation reads thousands of health
     * files one after the other, and a fresh 64 KiB buffer for each was a third of what it allocated.
     */
    private static final ThreadLocal<byte[]> SPARE = new ThreadLocal<>();

    private static byte[] takeSpare() {
        byte[] b = SPARE.get();
        if (b == null) return new byte[JsonlFile.CHUNK];
        SPARE.set(null);
        return b;
    }
}
