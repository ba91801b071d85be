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
        Path src = Path.of("examples/sample-workspace").toAbsolutePath();
        Path dst = into.resolve("ws");
        try (Stream<Path> s = Files.walk(src)) {
            for (Path p : s.toList()) {
                Path t = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dst;
    }
}
