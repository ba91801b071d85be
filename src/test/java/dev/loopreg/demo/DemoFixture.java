package dev.loopreg.demo;

import dev.loopreg.source.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The default demo (21 days, seed 42), built once per test run and shared by the classes that read it. */
public final class DemoFixture {

    private static Path dir;
    private static Demo.Result result;

    private DemoFixture() {
    }

    public static synchronized Demo.Result story() throws Exception {
        if (result == null) {
            Path tmp = Files.createTempDirectory("loopreg-demo-fixture");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(tmp)));
            dir = tmp.resolve("demo-workspace");
            result = Demo.run(new Demo.Options(dir, 21, 42), Progress.none());
        }
        return result;
    }

    public static Path dir() throws Exception {
        story();
        return dir;
    }

    private static void delete(Path p) {
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }
}
