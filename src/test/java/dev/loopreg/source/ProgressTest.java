package dev.loopreg.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void bar_drawsTheTaskAndReachesTheTotal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
             Progress.Task t = Progress.bar(out, 10).start("collect fleet", 200)) {
            IntStream.range(0, 200).forEach(i -> t.step());
        }
        String drawn = bytes.toString(StandardCharsets.UTF_8);
        assertThat(drawn).contains("collect fleet").contains("100%").contains("200/200");
    }

    @Test
    void log_printsOneLinePerTenthFromManyThreads() {
        StringWriter w = new StringWriter();
        try (Progress.Task t = Progress.log(new PrintWriter(w), 10).start("collect x", 1000)) {
            IntStream.range(0, 1000).parallel().forEach(i -> t.step());
        }
        assertThat(w.toString().lines()).hasSize(10).last().isEqualTo("collect x: 1000/1000 repo metrics read (100%)");
    }

    @Test
    void shortCollections_showNothing() {
        StringWriter w = new StringWriter();
        try (Progress.Task t = Progress.log(new PrintWriter(w), 50).start("collect x", 49)) {
            IntStream.range(0, 49).forEach(i -> t.step());
        }
        assertThat(w.toString()).isEmpty();
    }
}
