package dev.loopreg.workspace;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a whole file so that a reader (or a crash) sees either the old or the new content, never a
 * mix: write a temp file beside it, fsync it, rename it over the target, fsync the directory.
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    public static void write(Path target, String content) throws IOException {
        write(target, content.getBytes(StandardCharsets.UTF_8));
    }

    public static void write(Path target, byte[] content) throws IOException {
        writeIf(target, content, () -> true);
    }

    /**
     * Creates a directory and its parents unless it is there. {@link Files#createDirectories} on a directory that is
     * there makes a failed mkdir and an exception each time; a workspace's appends and writes ask hundreds of times a
     * cycle (the demo: thousands of exceptions a run).
     */
    public static void ensureDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) Files.createDirectories(dir);
    }

    /**
     * Like {@link #write(Path, byte[])}, but asks {@code stillWanted} after the new content is durable in its temp
     * file and just before the rename; when it says no, the target is left as it is and false is returned. This
     * narrows a read-modify-write race with an editor that does not take the workspace lock (dashboard.md) to the
     * rename itself.
     */
    public static boolean writeIf(Path target, byte[] content, java.util.function.BooleanSupplier stillWanted) throws IOException {
        WorkspaceLock.requireInside(target);
        Faults.boundary("replace " + target.getFileName());
        Path dir = target.toAbsolutePath().getParent();
        ensureDirectory(dir);
        Path tmp = newTempFile(dir, target);
        try {
            keepMode(target, tmp);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            if (!stillWanted.getAsBoolean()) {
                return false;
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            fsyncDirectory(dir);
            return true;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** What an I/O failure says, without the path a {@link java.nio.file.FileSystemException} puts in front of it. */
    public static String reason(Exception e) {
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) return f.getReason();
        if (e instanceof NotUtf8Exception n) return "line " + n.line() + ", " + n.detail();
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        // java.io's "/path/to/file (Is a directory)": the reason without the path the caller names anyway
        java.util.regex.Matcher io = java.util.regex.Pattern.compile("^/.* \\((.+)\\)$").matcher(m);
        return io.matches() ? io.group(1) : m;
    }

    /**
     * A new empty file beside {@code target}, created as any new file is: with the mode the process's umask gives (0644
     * under the usual 022, 0664 under 002) — not the 0600 of {@link Files#createTempFile}, which the rename would carry onto
     * a file that people, a web server or CI share. loopreg writes no secrets into the workspace (the session key, the
     * tokens and the client secret come from the environment), so no file it writes needs to be private.
     */
    private static Path newTempFile(Path dir, Path target) throws IOException {
        for (int attempt = 0; ; attempt++) {
            // a name unlikely to be taken (CREATE_NEW tells when it is): no secret, so no SecureRandom, whose providers'
            // start-up every command paid for
            long r = java.util.concurrent.ThreadLocalRandom.current().nextLong();
            Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toUnsignedString(r, 36) + ".tmp");
            try {
                Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return tmp;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt > 100) throw e;
            }
        }
    }

    /** An existing file keeps its mode when it is replaced (a shared 0644 or 0664 file stays so). */
    private static void keepMode(Path target, Path tmp) throws IOException {
        if (!Files.isRegularFile(target)) return;
        try {
            Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(target));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the new file has the default mode
        }
    }

    /** Makes a rename or a new file in {@code dir} durable (a no-op where directories cannot be opened). */
    public static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // some file systems (and Windows) do not allow opening a directory; the rename itself is atomic
        }
    }

    /** A file that is not UTF-8 text: its path, and the line and column of the first bad byte. */
    public static final class NotUtf8Exception extends PathException {
        private final int line;
        private final String detail;

        NotUtf8Exception(Path file, int line, String detail) {
            super(file + ":" + line + ": " + detail);
            this.line = line;
            this.detail = detail;
        }

        public int line() {
            return line;
        }

        /** What is wrong, without the path and line. */
        public String detail() {
            return detail;
        }
    }

    /**
     * The file as UTF-8 text. A directory where a file belongs, or bytes that are not UTF-8, are an {@link IOException}
     * a person can act on, naming the file (and the line, column and byte).
     */
    public static String read(Path p) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(p);
        } catch (IOException e) {
            // (asked only when the read fails: a fleet's evaluation reads thousands of files)
            if (Files.isDirectory(p)) {
                throw new java.nio.file.FileSystemException(p.toString(), null, "is a directory; expected a file");
            }
            throw e;
        }
        // the common text decodes in one pass into a compact string; only one that then holds U+FFFD (a bad byte, or
        // the character itself) is decoded again, strictly, to tell which
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') < 0) return text;
        java.nio.charset.CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        try {
            return dec.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            int bad = firstBadByte(bytes);
            int line = 1;
            int col = 1;
            for (int i = 0; i < bad; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    col = 1;
                } else if ((bytes[i] & 0xC0) != 0x80) {
                    col++;
                }
            }
            throw new NotUtf8Exception(p, line, "column " + col + ": byte 0x" + String.format("%02X", bytes[bad] & 0xFF)
                    + " is not UTF-8; expected UTF-8 text (re-save the file as UTF-8)");
        }
    }

    /** Refuses a directory where a file is read or written, naming it. */
    public static void requireNotDirectory(Path p, String expected) throws IOException {
        if (Files.isDirectory(p)) {
            throw new java.nio.file.FileSystemException(p.toString(), null, "is a directory; expected " + expected);
        }
    }

    /** The offset of the first byte that does not start or continue a valid UTF-8 sequence. */
    private static int firstBadByte(byte[] b) {
        java.nio.charset.CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(b);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(b.length + 1);
        java.nio.charset.CoderResult r = dec.decode(in, out, true);
        return r.isError() ? in.position() : 0;
    }
}
