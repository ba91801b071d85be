package dev.loopreg.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.source.Progress;
import dev.loopreg.format.Mappers;
import dev.loopreg.format.Problem;
import dev.loopreg.workspace.RegulatorException;
import dev.loopreg.store.Validator;
import dev.loopreg.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's story with the default seed, read back from the files it leaves (the decision log above all). */
class DemoTest {

    static Path dir;
    static Demo.Result story;

    @BeforeAll
    static void runTheDefaultStory() throws Exception {
        story = DemoFixture.story();
        dir = DemoFixture.dir();
    }

    static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(file)) {
            if (!l.isBlank()) out.add(Mappers.JSON.readTree(l));
        }
        return out;
    }

    static List<JsonNode> decisions() throws IOException {
        return lines(dir.resolve("loops/regulator/decisions.jsonl"));
    }

    static JsonNode rule(JsonNode recommendation, String id) {
        for (JsonNode r : recommendation.path("rules")) {
            if (r.path("id").asText().equals(id)) return r;
        }
        throw new AssertionError("no rule " + id + " in " + recommendation);
    }

    @Test
    void story_cleanLoop_promotedToStabilizeAndLaterToOperate() throws IOException {
        List<JsonNode> qe = decisions().stream().filter(d -> d.path("loop").asText().equals("quality-escalation"))
                .filter(d -> !d.path("kind").asText().equals("approval")).toList();
        assertThat(qe).extracting(d -> d.path("kind").asText() + " " + d.path("from").asText() + "→" + d.path("to").asText())
                .containsExactly("promotion bootstrap→stabilize", "promotion stabilize→operate");
        assertThat(Instant.parse(qe.get(1).path("at").asText())).isAfter(Instant.parse(qe.get(0).path("at").asText()).plusSeconds(7 * 86400));
        for (JsonNode d : qe) {
            assertThat(rule(d, "fpr_window").path("holds").asBoolean()).isTrue();
            assertThat(d.path("approval").path("state").asText()).isEqualTo("approved");
        }
        assertThat(Files.readString(dir.resolve("loops/quality-escalation/cadence.yml"))).contains("phase: operate");
    }

    @Test
    void story_noisyLoop_heldInBootstrapTheWholeTimeByTheFalsePositiveRate() throws IOException {
        assertThat(decisions()).noneMatch(d -> d.path("loop").asText().equals("kaizen-stack")
                && List.of("promotion", "demotion").contains(d.path("kind").asText()));
        List<JsonNode> recs = lines(dir.resolve("loops/regulator/recommendations.jsonl")).stream()
                .filter(r -> r.path("loop").asText().equals("kaizen-stack")).toList();
        assertThat(recs).hasSize(21 * 24);
        assertThat(recs).allSatisfy(r -> {
            assertThat(r.path("phase").asText()).isEqualTo("bootstrap");
            assertThat(r.path("recommendation").asText()).isEqualTo("hold");
        });
        List<JsonNode> measured = recs.stream().filter(r -> rule(r, "fpr_window").path("value").isNumber()).toList();
        assertThat(measured.size()).isGreaterThan(recs.size() - 10);
        assertThat(measured).allSatisfy(r -> {
            JsonNode fpr = rule(r, "fpr_window");
            assertThat(fpr.path("holds").asBoolean()).isFalse();
            assertThat(fpr.path("value").decimalValue()).isBetween(new java.math.BigDecimal("0.22"), new java.math.BigDecimal("0.38"));
        });
        assertThat(story.summary()).containsPattern("kaizen-stack +bootstrap +held the whole time; blocking: fpr_window — pooled "
                + "false-positive rate 0\\.\\d+ \\(\\d+/\\d+\\) over the last 7 cycles is not below 0\\.2");
    }

    @Test
    void story_loopDemotedAfterTwoRescuesInADay_withAnUrgentTask() throws IOException {
        List<JsonNode> demotions = decisions().stream().filter(d -> d.path("kind").asText().equals("demotion")).toList();
        assertThat(demotions).hasSize(1);
        JsonNode d = demotions.get(0);
        assertThat(d.path("loop").asText()).isEqualTo("registry-hygiene");
        assertThat(d.path("from").asText()).isEqualTo("stabilize");
        assertThat(d.path("to").asText()).isEqualTo("bootstrap");
        JsonNode trigger = rule(d, "rescues_24h");
        assertThat(trigger.path("holds").asBoolean()).isTrue();
        assertThat(trigger.path("value").asInt()).isEqualTo(2);
        List<JsonNode> raised = lines(dir.resolve("loops/regulator/urgent-tasks.jsonl")).stream()
                .filter(u -> u.path("event").asText().equals("raised")).toList();
        assertThat(raised).singleElement().satisfies(u -> {
            assertThat(u.path("loop").asText()).isEqualTo("registry-hygiene");
            assertThat(u.path("trigger").asText()).isEqualTo("rescues_24h");
            assertThat(u.path("at").asText()).isEqualTo(d.path("at").asText());
        });
        long rescues = Files.readAllLines(dir.resolve("loops/registry-hygiene/bootstrap-log.md")).stream()
                .filter(l -> l.startsWith("- 2026-") && l.contains("[rescue]")).count();
        assertThat(rescues).isEqualTo(2);
        // the history keeps every event: the rescues that demoted the loop are in exactly one health record, the one
        // that closes the stabilize phase at the demotion, and the records' intervals tile time with no gap
        List<JsonNode> health = lines(dir.resolve("loops/registry-hygiene/health.jsonl"));
        assertThat(health.stream().mapToLong(h -> h.path("manual_rescues").asLong()).sum()).isEqualTo(rescues);
        assertThat(health).filteredOn(h -> h.path("manual_rescues").asLong() > 0).singleElement().satisfies(h -> {
            assertThat(h.path("cycle").asText()).isEqualTo(d.path("at").asText());
            assertThat(h.path("phase").asText()).isEqualTo("stabilize");
            assertThat(h.path("manual_rescues").asInt()).isEqualTo(2);
        });
        for (int i = 1; i < health.size(); i++) {
            assertThat(health.get(i).path("since").asText()).as("record %d starts where %d ended", i, i - 1)
                    .isEqualTo(health.get(i - 1).path("cycle").asText());
        }
    }

    @Test
    void story_flatteningPilotRepo_recommendedAndRotated_nextRepoPromotedFromTheQueue() throws IOException {
        List<JsonNode> rotations = decisions().stream().filter(d -> d.path("kind").asText().equals("rotation")).toList();
        assertThat(rotations).isNotEmpty();
        JsonNode first = rotations.get(0);
        assertThat(first.path("repo").asText()).isEqualTo("repo-a");
        assertThat(first.path("recommended").asBoolean()).isTrue();
        assertThat(first.path("forced").asBoolean()).isFalse();
        assertThat(first.path("promoted").asText()).isEqualTo("repo-d");
        JsonNode plateau = first.path("evidence").path("evidence").path("quality_plateau");
        assertThat(plateau.path("fired").asBoolean()).as("the quality curve has flattened: %s", plateau).isTrue();
        assertThat(plateau.path("delta").decimalValue()).isLessThan(plateau.path("min_delta").decimalValue());
        assertThat(first.path("evidence").path("score").asInt()).isGreaterThanOrEqualTo(3);
        String roster = Files.readString(dir.resolve("loops/kaizen-stack/roster.yaml"));
        assertThat(roster).contains("repo: repo-a").contains("repo: repo-d");
        assertThat(Files.readString(dir.resolve("fleet/repo-a/.kaizen/schedule.yml"))).contains("enabled: false");
        assertThat(Files.readString(dir.resolve("fleet/repo-d/.kaizen/schedule.yml"))).contains("enabled: true");
    }

    @Test
    void story_everyCollectionMeasuredAndTheWorkspaceValidates() throws IOException {
        assertThat(story.problems()).isEmpty();
        List<Problem> problems = new Validator(new Workspace(dir)).validate();
        assertThat(problems).noneMatch(Problem::isError);
        assertThat(story.cycles()).isEqualTo(504);
    }

    @Test
    void story_timelineFile_isThePrintedTimeline() throws IOException {
        String file = Files.readString(dir.resolve(Demo.TIMELINE));
        assertThat(file).contains(story.timeline()).doesNotContain(dir.toString());
        assertThat(story.timeline()).containsPattern("DEC-\\d{3} promote quality-escalation bootstrap → stabilize")
                .containsPattern("DEC-\\d{3} approved by demo-operator: quality-escalation bootstrap → stabilize").contains("urgent task raised: registry-hygiene rescues_24h")
                .contains("rotate repo-a → saturated; repo-d promoted from the queue");
    }

    // ---------------------------------------------------------------- determinism and the directory

    /** Every file under dir with a digest of its bytes; git's index is left out (it records file-system times). */
    static Map<String, String> digests(Path dir) throws Exception {
        Map<String, String> m = new TreeMap<>();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String rel = dir.relativize(p).toString();
                if (rel.endsWith(".git/index")) continue;
                m.put(rel, HexFormat.of().formatHex(sha.digest(Files.readAllBytes(p))));
            }
        }
        return m;
    }

    @Test
    void demo_sameSeed_sameTimelineAndSameFiles(@TempDir Path a, @TempDir Path b) throws Exception {
        Demo.Result ra = Demo.run(new Demo.Options(a.resolve("x"), 3, 7), Progress.none());
        Demo.Result rb = Demo.run(new Demo.Options(b.resolve("y"), 3, 7), Progress.none());
        assertThat(ra.timeline()).isEqualTo(rb.timeline());
        Map<String, String> da = digests(a.resolve("x"));
        assertThat(da).hasSizeGreaterThan(100).containsKey("fleet/repo-a/.git/refs/heads/main");
        assertThat(da).isEqualTo(digests(b.resolve("y")));
    }

    @Test
    void demo_otherSeed_otherNumbers(@TempDir Path a) throws Exception {
        Demo.run(new Demo.Options(a.resolve("s1"), 1, 1), Progress.none());
        Demo.run(new Demo.Options(a.resolve("s2"), 1, 2), Progress.none());
        assertThat(Files.readString(a.resolve("s1/loops/kaizen-stack/health.jsonl")))
                .isNotEqualTo(Files.readString(a.resolve("s2/loops/kaizen-stack/health.jsonl")));
    }

    @Test
    void demo_nonEmptyDirectoryThatIsNotADemo_isRefusedAndLeftAlone(@TempDir Path d) throws Exception {
        Files.writeString(d.resolve("notes.txt"), "mine\n");
        Files.createDirectories(d.resolve("loops"));
        Map<String, String> before = digests(d);
        assertThatThrownBy(() -> Demo.run(new Demo.Options(d, 1, 42), Progress.none()))
                .isInstanceOfSatisfying(RegulatorException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(RegulatorException.REFUSED);
                    assertThat(e.getMessage()).contains(d.toString()).contains("not an earlier demo").contains(Demo.MARKER);
                });
        assertThat(digests(d)).isEqualTo(before);
        assertThat(d.resolve("loops").toFile().list()).isEmpty();
    }

    @Test
    void demo_earlierDemo_isDeletedAndRebuilt(@TempDir Path d) throws Exception {
        Path x = d.resolve("demo");
        Demo.run(new Demo.Options(x, 1, 42), Progress.none());
        Map<String, String> first = digests(x);
        Files.writeString(x.resolve("stray.txt"), "left by a person\n");
        Files.writeString(x.resolve("loops/kaizen-stack/health.jsonl"), "damaged\n");
        Demo.run(new Demo.Options(x, 1, 42), Progress.none());
        assertThat(x.resolve("stray.txt")).doesNotExist();
        assertThat(digests(x)).isEqualTo(first);
    }

    @Test
    void demo_aFileInsteadOfADirectory_isBadInput(@TempDir Path d) throws Exception {
        Path f = Files.writeString(d.resolve("file"), "x");
        assertThatThrownBy(() -> Demo.run(new Demo.Options(f, 1, 42), Progress.none()))
                .isInstanceOfSatisfying(RegulatorException.class, e -> assertThat(e.exitCode()).isEqualTo(RegulatorException.BAD_INPUT));
        assertThat(Files.readString(f)).isEqualTo("x");
    }
}
