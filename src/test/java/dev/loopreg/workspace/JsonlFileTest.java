package dev.loopreg.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlFileTest {

    @TempDir
    Path dir;

    List<String> tailTexts(Path f) throws Exception {
        List<String> out = new ArrayList<>();
        try (JsonlTail t = JsonlFile.tail(f)) {
            while (t.hasNext()) out.add(t.next().text());
        }
        return out;
    }

    @Test
    void tail_readsLinesBackwardsAcrossChunkBoundaries() throws Exception {
        Path f = dir.resolve("a.jsonl");
        StringBuilder sb = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            String l = "{\"n\":" + i + ",\"pad\":\"" + "x".repeat(i % 97) + "\"}";
            sb.append(l).append('\n');
            expected.add(0, l);
        }
        Files.writeString(f, sb.toString());
        assertThat(Files.size(f)).isGreaterThan(3 * 64 * 1024);
        assertThat(tailTexts(f)).isEqualTo(expected);
    }

    @Test
    void tail_lastLineWithoutNewline_markedUnterminated_blankLinesSkipped() throws Exception {
        Path f = dir.resolve("b.jsonl");
        Files.writeString(f, "{\"a\":1}\n\n{\"a\":2}\n{\"a\":");
        try (JsonlTail t = JsonlFile.tail(f)) {
            JsonlFile.Line last = t.next();
            assertThat(last.text()).isEqualTo("{\"a\":");
            assertThat(last.terminated()).isFalse();
            assertThat(t.next().text()).isEqualTo("{\"a\":2}");
            assertThat(t.next().text()).isEqualTo("{\"a\":1}");
            assertThat(t.hasNext()).isFalse();
            assertThat(t.atStart()).isTrue();
        }
        assertThat(JsonlFile.lineNumberAt(f, Files.readString(f).lastIndexOf('{'))).isEqualTo(4);
    }

    @Test
    void tail_missingFile_hasNoLines() throws Exception {
        assertThat(tailTexts(dir.resolve("none.jsonl"))).isEmpty();
    }

    @Test
    void append_tornLastLine_movedToTornFileNeverDropped() throws Exception {
        Path f = dir.resolve("c.jsonl");
        Files.writeString(f, "{\"a\":1}\n{\"a\":2,\"b\"");
        JsonlFile.Repair r = JsonlFile.append(f, List.of("{\"a\":3}"), s -> s.endsWith("}"));
        assertThat(r.kind()).startsWith("moved to");
        assertThat(r.line()).isEqualTo(2);
        assertThat(Files.readString(f)).isEqualTo("{\"a\":1}\n{\"a\":3}\n");
        assertThat(Files.readString(dir.resolve("c.jsonl.torn"))).contains("{\"a\":2,\"b\"").contains("torn last line 2");
    }

    @Test
    void append_completeLastLineWithoutNewline_getsNewline() throws Exception {
        Path f = dir.resolve("d.jsonl");
        Files.writeString(f, "{\"a\":1}");
        JsonlFile.Repair r = JsonlFile.append(f, List.of("{\"a\":2}"), s -> s.endsWith("}"));
        assertThat(r.kind()).isEqualTo("newline added");
        assertThat(Files.readString(f)).isEqualTo("{\"a\":1}\n{\"a\":2}\n");
        assertThat(Files.exists(dir.resolve("d.jsonl.torn"))).isFalse();
    }

    @Test
    void append_newFile_createsIt() throws Exception {
        Path f = dir.resolve("sub/e.jsonl");
        assertThat(JsonlFile.append(f, List.of("{}", "{\"x\":\"é\"}"), s -> true)).isNull();
        assertThat(Files.readString(f, StandardCharsets.UTF_8)).isEqualTo("{}\n{\"x\":\"é\"}\n");
    }

    /** An append goes through a 64 KiB buffer line by line: lines shorter and longer than it, and lines that fill it exactly, land whole and in order. */
    @Test
    void append_largeAndBufferSizedLines_landWholeInOrder() throws Exception {
        Path f = dir.resolve("big.jsonl");
        Files.writeString(f, "{\"first\":true}\n");
        java.util.List<String> lines = new java.util.ArrayList<>();
        java.util.Random rnd = new java.util.Random(7);
        for (int n : new int[] {1, 65_534, 65_535, 65_536, 200_000, 3, 65_535, 10, 131_072}) {
            StringBuilder sb = new StringBuilder("{\"s\":\"");
            while (sb.length() < n) sb.append(rnd.nextBoolean() ? 'a' : 'é');
            lines.add(sb.append("\"}").toString());
        }
        for (int i = 0; i < 3000; i++) lines.add("{\"i\":" + i + ",\"t\":\"→\"}");
        assertThat(JsonlFile.append(f, lines, s -> true)).isNull();
        assertThat(Files.readString(f, StandardCharsets.UTF_8)).isEqualTo("{\"first\":true}\n" + String.join("\n", lines) + "\n");
    }
}
