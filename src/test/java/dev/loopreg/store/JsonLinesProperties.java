package dev.loopreg.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.format.Mappers;
import dev.loopreg.workspace.Workspace;
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

/**
 * The one torn-line policy of every file kind: a last line without its newline counts when it is a whole value and is left
 * out (with its problem) when it is not; a whole line that is not a value is an entry with its problem; reading from the
 * end sees the same entries as reading from the start; an append after any of these keeps every value and moves a torn
 * fragment aside, never dropping it.
 */
class JsonLinesProperties {

    /** A line: a value (n ≥ 0), a whole line that is not one (-1), blank (-2). */
    @Provide
    Arbitrary<List<Integer>> lines() {
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, Arbitraries.integers().between(0, 10_000)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(-1)), net.jqwik.api.Tuple.of(1, Arbitraries.just(-2))).list().ofMaxSize(30);
    }

    /** The torn end: none (0), a whole value without its newline (1), the first bytes of one (2). */
    @Provide
    Arbitrary<Integer> tornEnd() {
        return Arbitraries.integers().between(0, 2);
    }

    private static String value(int n) {
        return "{\"n\":" + n + ",\"text\":\"line " + n + " é\"}";
    }

    @Property(tries = 150)
    void entriesForwardsAndBackwards_agree_andTheTornEndFollowsThePolicy(@ForAll("lines") List<Integer> lines, @ForAll("tornEnd") int torn,
                                                                         @ForAll int cut) throws Exception {
        Path dir = Files.createTempDirectory("jsonlines");
        try {
            Files.createDirectories(dir.resolve("loops/regulator"));
            Workspace ws = new Workspace(dir);
            SessionLog log = new SessionLog(ws, Logs.FILES);
            StringBuilder sb = new StringBuilder();
            List<Integer> want = new ArrayList<>();
            int bad = 0;
            for (int l : lines) {
                if (l >= 0) {
                    sb.append(value(l)).append('\n');
                    want.add(l);
                } else if (l == -1) {
                    sb.append("not a value {\n");
                    bad++;
                } else {
                    sb.append("\n");
                }
            }
            String fragment = null;
            if (torn == 1) {
                sb.append(value(424242));
                want.add(424242);
            } else if (torn == 2) {
                String v = value(7);
                fragment = v.substring(0, 1 + Math.floorMod(cut, v.length() - 2));
                sb.append(fragment);
            }
            Files.writeString(log.file(), sb.toString(), StandardCharsets.UTF_8);

            List<JsonLines.Entry<JsonNode>> forwards = log.entries();
            assertThat(forwards.stream().filter(JsonLines.Entry::ok).map(e -> e.value().path("n").asInt()).toList()).isEqualTo(want);
            assertThat(forwards.stream().filter(e -> !e.ok() && !e.torn()).count()).isEqualTo(bad);
            if (torn == 2) {
                assertThat(forwards.get(forwards.size() - 1).problem()).startsWith("torn last line (no newline): an interrupted write, left out");
            }
            List<JsonLines.Entry<JsonNode>> backwards = new ArrayList<>();
            try (JsonLines.Newest<JsonNode> it = log.newestFirst()) {
                while (it.hasNext()) backwards.add(it.next());
            }
            Collections.reverse(backwards);
            assertThat(backwards).hasSameSizeAs(forwards);
            for (int i = 0; i < forwards.size(); i++) {
                assertThat(backwards.get(i).offset()).isEqualTo(forwards.get(i).offset());
                assertThat(backwards.get(i).text()).isEqualTo(forwards.get(i).text());
                assertThat(backwards.get(i).problem()).isEqualTo(forwards.get(i).problem());
                assertThat(log.where(backwards.get(i))).isEqualTo(log.where(forwards.get(i)));
            }

            // an append keeps every value, adds its own, and moves a torn fragment aside
            JsonNode extra = Mappers.JSON.readTree(value(99));
            log.appendNow(List.of(extra));
            List<Integer> after = new ArrayList<>(want);
            after.add(99);
            assertThat(log.values().stream().map(n -> n.path("n").asInt()).toList()).isEqualTo(after);
            Path aside = log.file().resolveSibling("sessions.jsonl.torn");
            if (torn == 2) {
                assertThat(Files.readString(aside)).contains(fragment);
            } else {
                assertThat(aside).doesNotExist();
            }
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
