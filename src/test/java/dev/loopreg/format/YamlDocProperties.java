package dev.loopreg.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Example;

/**
 * {@link YamlDoc#parse} scans a text once (a token buffer replays it into the tree) and keeps recent documents; it must
 * give what reading the tree and walking the lines in two scans gave — the same tree, the same line of every key, the
 * same error at the same line — for every YAML file in the repository and for generated and cut documents.
 */
class YamlDocProperties {

    /** The reference: the tree from one scan, the lines from a second (what YamlDoc did before). */
    static Object reference(String path, String text, int offset) {
        try {
            JsonNode root = Mappers.YAML.readTree(text);
            if (root == null) root = MissingNode.getInstance();
            Map<String, Integer> lines = new HashMap<>();
            try (JsonParser p = Mappers.YAML.getFactory().createParser(text)) {
                if (p.nextToken() != null) walk(p, "", lines, offset);
            }
            return List.of(root, lines);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            int column = e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
            YamlErrors.Explained x = YamlErrors.explain(e.getOriginalMessage(), line, column);
            return Problem.error(path, Math.max(x.line() + offset, 0), x.message()).toString();
        } catch (IOException e) {
            return "cannot read: " + e.getMessage();
        }
    }

    private static void walk(JsonParser p, String ptr, Map<String, Integer> lines, int offset) throws IOException {
        JsonToken t = p.currentToken();
        lines.putIfAbsent(ptr, p.currentTokenLocation().getLineNr() + offset);
        if (t == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String child = ptr + "/" + YamlDoc.escape(p.currentName());
                lines.put(child, p.currentTokenLocation().getLineNr() + offset);
                p.nextToken();
                walk(p, child, lines, offset);
            }
        } else if (t == JsonToken.START_ARRAY) {
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) walk(p, ptr + "/" + i++, lines, offset);
        }
    }

    static Object actual(String path, String text, int offset) {
        try {
            YamlDoc d = YamlDoc.parse(path, text, offset);
            return List.of(d.root(), d.lines());
        } catch (YamlDoc.SyntaxException e) {
            return e.problem().toString();
        }
    }

    static void agree(String text) {
        assertThat(actual("f.yml", text, 3)).as(text).isEqualTo(reference("f.yml", text, 3));
        assertThat(actual("f.yml", text, 3)).as("again, from memory: " + text).isEqualTo(reference("f.yml", text, 3));
    }

    @Example
    void everyYamlFileOfTheRepository_andEveryCutOfIt() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(Path.of("examples"))) {
            files = s.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")).toList();
        }
        assertThat(files).hasSizeGreaterThan(10);
        for (Path f : files) {
            String text = Files.readString(f);
            agree(text);
            for (int cut = 1; cut < text.length(); cut += Math.max(1, text.length() / 7)) agree(text.substring(0, cut));
        }
    }

    @Example
    void numbersKeepTheirDigits_andDuplicatesAreRefused() {
        agree("a: 0.1\nb: 12345678901234567890.123456789\nc: 10\nd: 12345678901234567890\ne: -1.50\nf: 1e3\n");
        agree("a: 1\na: 2\n");
        agree("");
        agree("# only a comment\n");
        agree("- a\n- [b, {c: d}]\n- {e: [1, 2.5, null, true]}\n");
        agree("a: &x {b: 1}\nc: *x\n");
        agree("a: !!binary aGVsbG8=\n");
        agree("a: 'it''s'\nb: \"t\\u00e9\"\nc: |\n  two\n  lines\n");
    }

    @Property(tries = 300)
    void generatedDocuments(@ForAll("documents") String text) {
        agree(text);
    }

    @Provide
    Arbitrary<String> documents() {
        Arbitrary<String> keys = Arbitraries.of("a", "b", "phase", "cron", "x y", "0", "true", "a/b", "~t");
        Arbitrary<String> scalars = Arbitraries.oneOf(
                Arbitraries.of("1", "0.25", "-3", "1.0e2", "null", "~", "true", "no", "\"quoted\"", "'single'", "text here",
                        "2026-06-01T00:00:00Z", "\"50 * * * *\"", "[]", "{}", "[1, 2]", "{k: v}"),
                Arbitraries.bigDecimals().between(new java.math.BigDecimal("-1e6"), new java.math.BigDecimal("1e6")).ofScale(4)
                        .map(java.math.BigDecimal::toPlainString));
        return Arbitraries.integers().between(1, 8).flatMap(n -> Arbitraries.just(n)).flatMap(n ->
                Arbitraries.lazy(() -> keys.list().ofSize(n)).flatMap(ks -> scalars.list().ofSize(n).flatMap(vs ->
                        Arbitraries.integers().between(0, 2).list().ofSize(n).map(shapes -> {
                            StringBuilder sb = new StringBuilder();
                            List<String> out = new ArrayList<>();
                            for (int i = 0; i < ks.size(); i++) {
                                switch (shapes.get(i)) {
                                    case 0 -> out.add(ks.get(i) + ": " + vs.get(i));
                                    case 1 -> out.add(ks.get(i) + ":\n  - " + vs.get(i) + "\n  - " + vs.get((i + 1) % vs.size()));
                                    default -> out.add(ks.get(i) + ":\n  inner: " + vs.get(i) + "\n  other: [" + vs.get(i) + "]");
                                }
                            }
                            out.forEach(l -> sb.append(l).append('\n'));
                            return sb.toString();
                        }))));
    }

    /**
     * Whatever the text, a syntax error is said in loopreg's words: at a line of the file, "not valid YAML" or a control
     * character, and the parser's own words (its states) only quoted after them.
     */
    @Property(tries = 500)
    void everySyntaxError_isInLoopregsWords_atALineOfTheFile(@ForAll("yamlish") String text) {
        try {
            YamlDoc.parse("f.yml", text, 0);
        } catch (YamlDoc.SyntaxException e) {
            Problem p = e.problem();
            long lines = text.chars().filter(c -> c == '\n').count() + 1;
            assertThat(p.line()).as(text).isBetween(0, (int) lines + 1);
            assertThat(p.message()).as(text).matches("(not valid YAML: |column \\d+: the control character |\\S+: the value holds the control character ).*");
            String own = p.message().replaceFirst("\\(the YAML parser says: .*\\)$", "");
            assertThat(own).as(text).doesNotContain("while scanning").doesNotContain("while parsing").doesNotContain("<block");
        }
    }

    @Provide
    Arbitrary<String> yamlish() {
        return Arbitraries.strings().withChars("abe: -[]{},'\"\n\t#&*!|>%@`?\\\u001b").ofMaxLength(40);
    }

    @Example
    void aSyntaxErrorNamesItsLine() {
        YamlDoc.SyntaxException e = catchThrowableOfType(() -> YamlDoc.parse("c.yml", "a: 1\nb: [\n", 0), YamlDoc.SyntaxException.class);
        assertThat(e.problem().toString()).isEqualTo("c.yml:2: not valid YAML: column 5: the file ends where a value was expected "
                + "(an unclosed '[' or '{', or a key with nothing usable after it?); expected the value, or the closing bracket");
    }

    /** Flat documents of the kind loopreg writes per loop, with every value shape the flat reader must take or leave. */
    @Provide
    Arbitrary<String> flatDocuments() {
        Arbitrary<String> keys = Arbitraries.of("loop", "phase", "cron", "phase_since", "sla_hours", "agents", "repos", "a_b", "x");
        Arbitrary<String> good = Arbitraries.of("null", "0", "7", "-3", "2147483648", "\"0 * * * *\"", "\"\"", "bootstrap",
                "bench loop 1", "../fleet", "workplans/WP-DONE.md", "2026-06-17T04:00:00Z", "[]", "[optimization, coach]",
                "roster                 # the active repos", "value # comment");
        Arbitrary<String> doubtful = Arbitraries.of("007", "99999999999999999999", "1.5", "~", "", "true", "No", "yes", "off", "Y",
                "\"with \\\" quote\"", "'single'", "2026-06-17", "2026-06-17T04:00Z", "[a b]", "[1, 2]", "[a,]", "{k: v}", "a: b",
                ".inf", ".nan", "-x", "x#y", "&anchor", "*alias", "!tag x", "|", ">", "@at", "`tick`");
        Arbitrary<String> values = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(12, good), net.jqwik.api.Tuple.of(1, doubtful));
        return Arbitraries.integers().between(1, 9).flatMap(n -> keys.list().ofSize(n).uniqueElements().flatMap(ks ->
                values.list().ofSize(n).flatMap(vs -> Arbitraries.integers().between(0, 3).list().ofSize(n).map(extra -> {
                    StringBuilder sb = new StringBuilder();
                    for (int i = 0; i < n; i++) {
                        if (extra.get(i) == 1) sb.append("# a comment line\n");
                        if (extra.get(i) == 2) sb.append("\n");
                        sb.append(ks.get(i)).append(':').append(vs.get(i).isEmpty() ? "" : " " + vs.get(i));
                        if (extra.get(i) == 3) sb.append("   # why");
                        sb.append('\n');
                    }
                    return sb.toString();
                }))));
    }

    @Property(tries = 1500)
    void theFlatReader_answersOnlyWhatTheFullReaderWould(@ForAll("flatDocuments") String text) {
        YamlDoc flat = FlatYaml.parse("f.yml", text, 2);
        net.jqwik.api.statistics.Statistics.collect(flat != null ? "flat" : "full reader");
        if (flat != null) {
            assertThat((Object) List.of(flat.root(), flat.lines())).as(text).isEqualTo(reference("f.yml", text, 2));
        }
        agree(text);
        net.jqwik.api.statistics.Statistics.coverage(c -> c.check("flat").percentage(p -> p >= 30));
    }

    @Example
    void loopregsOwnLoopFiles_takeTheFlatReader() throws IOException {
        for (String f : List.of("examples/sample-workspace/loops/kaizen-stack/cadence.yml",
                "examples/sample-workspace/loops/kaizen-stack/loop.yml", "examples/sample-workspace/loops/registry-hygiene/cadence.yml")) {
            String text = Files.readString(Path.of(f));
            YamlDoc flat = FlatYaml.parse(f, text, 0);
            assertThat(flat).as(f).isNotNull();
            assertThat((Object) List.of(flat.root(), flat.lines())).as(f).isEqualTo(reference(f, text, 0));
        }
    }
}
