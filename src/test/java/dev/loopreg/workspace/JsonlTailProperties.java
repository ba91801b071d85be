package dev.loopreg.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Reading a JSONL file backwards gives exactly the lines of reading it forwards, across chunk boundaries and long lines. */
class JsonlTailProperties {

    @Property(tries = 60)
    void tail_isReadAllBackwards(@ForAll("lengths") List<Integer> lengths, @ForAll boolean terminated, @ForAll boolean crlf) throws Exception {
        Path f = file(lengths, terminated, crlf);
        try {
            List<JsonlFile.Line> forwards = JsonlFile.readAll(f);
            List<JsonlFile.Line> backwards = new ArrayList<>();
            try (JsonlTail t = JsonlFile.tail(f)) {
                while (t.hasNext()) backwards.add(t.next());
                assertThat(t.atStart()).isTrue();
            }
            Collections.reverse(backwards);
            assertThat(backwards).extracting(JsonlFile.Line::text).isEqualTo(forwards.stream().map(JsonlFile.Line::text).toList());
            assertThat(backwards).extracting(JsonlFile.Line::offset).isEqualTo(forwards.stream().map(JsonlFile.Line::offset).toList());
            assertThat(backwards).extracting(JsonlFile.Line::terminated).isEqualTo(forwards.stream().map(JsonlFile.Line::terminated).toList());
        } finally {
            Files.deleteIfExists(f);
        }
    }

    /**
     * Skimming lines from their bytes, mixed with reading them as text, gives the same lines in the same order: a skimmed
     * line is consumed, a line the scan cannot tell is still there for next(). Buffers handed from a closed tail to the
     * next one (closed twice, too) are never shared by two open tails.
     */
    @Property(tries = 60)
    void skim_andNext_readTheSameLines(@ForAll("lengths") List<Integer> lengths, @ForAll boolean terminated, @ForAll boolean crlf,
                                       @ForAll List<Boolean> skims) throws Exception {
        Path f = file(lengths, terminated, crlf);
        try {
            List<String> expected = new ArrayList<>(JsonlFile.readAll(f).stream().map(JsonlFile.Line::text).toList());
            Collections.reverse(expected);
            JsonlTail other = JsonlFile.tail(f);
            other.close();
            other.close();
            List<String> got = new ArrayList<>();
            int k = 0;
            try (JsonlTail t = JsonlFile.tail(f); JsonlTail u = JsonlFile.tail(f)) {
                while (true) {
                    boolean skim = !skims.isEmpty() && skims.get(k++ % skims.size());
                    // the scan tells only lines whose index is even; the others stay for next()
                    String s = skim ? t.skim((b, from, to) -> {
                        String text = new String(b, from, to - from, StandardCharsets.UTF_8);
                        return !text.isBlank() && text.matches("\\{\"i\":\\d*[02468],.*") ? text : null;
                    }) : null;
                    if (s != null) {
                        got.add(s);
                        continue;
                    }
                    if (!t.hasNext()) break;
                    got.add(t.next().text());
                }
                List<String> plain = new ArrayList<>();
                while (u.hasNext()) plain.add(u.next().text());
                assertThat(plain).isEqualTo(expected);
            }
            assertThat(got).isEqualTo(expected);
        } finally {
            Files.deleteIfExists(f);
        }
    }

    /** A file of lines of these lengths (0: an empty line), the last one terminated or not, with LF or CRLF. */
    private static Path file(List<Integer> lengths, boolean terminated, boolean crlf) throws java.io.IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lengths.size(); i++) {
            int n = lengths.get(i);
            sb.append(n == 0 ? "" : "{\"i\":" + i + ",\"x\":\"" + "ab\u00e9".repeat(Math.max(0, n / 3)) + "\"}");
            if (i < lengths.size() - 1 || terminated) sb.append(crlf ? "\r\n" : "\n");
        }
        Path f = Files.createTempFile("tail", ".jsonl");
        Files.write(f, sb.toString().getBytes(StandardCharsets.UTF_8));
        return f;
    }

    @Provide
    Arbitrary<List<Integer>> lengths() {
        // mostly short lines, some empty, some far longer than the 64 KiB chunk
        Arbitrary<Integer> len = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(1, 300)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(0)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(60_000, 300_000)));
        return len.list().ofMinSize(0).ofMaxSize(40);
    }

    @net.jqwik.api.Example
    void aLineLongerThanTheBound_isSkippedNotKept_andTheLinesAroundItReadWhole() throws Exception {
        Path f = Files.createTempFile("tail", ".jsonl");
        try {
            int big = JsonlFile.MAX_LINE + 3 * 65536 + 17;
            try (var out = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
                out.write("{\"a\":1}\n");
                out.write("{\"huge\":\"");
                out.write("y".repeat(big - 11));
                out.write("\"}\n{\"b\":2}\n{\"torn\":\"");
                out.write("z".repeat(big));
            }
            List<JsonlFile.Line> lines = new ArrayList<>();
            try (JsonlTail t = JsonlFile.tail(f)) {
                while (t.hasNext()) lines.add(t.next());
            }
            assertThat(lines).hasSize(4);
            assertThat(lines.get(0).terminated()).isFalse();
            assertThat(lines.get(0).text()).startsWith("{\"torn\":\"zzz").endsWith("… (a line of " + (big + 9) + " bytes, longer than "
                    + JsonlFile.MAX_LINE + ")");
            assertThat(lines.get(1).text()).isEqualTo("{\"b\":2}");
            assertThat(lines.get(2).text()).startsWith("{\"huge\":\"yyy").contains("a line of " + big + " bytes");
            assertThat(lines.get(2).offset()).isEqualTo(8);
            assertThat(lines.get(3).text()).isEqualTo("{\"a\":1}");
            assertThat(lines.get(3).offset()).isZero();
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
