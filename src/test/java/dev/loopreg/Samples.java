package dev.loopreg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** Copies of the committed example workspaces, for tests in any package. */
public final class Samples {

    private Samples() {
    }

    /** A copy of examples/sample-workspace (the README's sample) at {@code into/ws}. */
    public static Path sample(Path into) throws IOException {
        return copyTree(Path.of("examples/sample-workspace"), into.resolve("ws"));
    }

    /** A copy of the directory {@code src} at {@code dst} (files replaced where they exist); returns {@code dst}. */
    public static Path copyTree(Path src, Path dst) throws IOException {
        Path from = src.toAbsolutePath();
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = dst.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dst;
    }
}
