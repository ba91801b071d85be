package dev.loopreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopreg.demo.DemoFixture;
import dev.loopreg.format.Mappers;
import dev.loopreg.regulator.Regulator;
import dev.loopreg.regulator.Simulations;
import dev.loopreg.report.Json;
import dev.loopreg.simulate.Comparison;
import dev.loopreg.simulate.Replay;
import dev.loopreg.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {

    static final Path FLAP = Path.of("src/test/resources/simulate/flap").toAbsolutePath();

    /** Every file under dir with a digest of its bytes. */
    static Map<String, String> digests(Path dir) throws Exception {
        Map<String, String> m = new TreeMap<>();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                m.put(dir.relativize(p).toString(), HexFormat.of().formatHex(sha.digest(Files.readAllBytes(p))));
            }
        }
        return m;
    }

    static Path copyFlap(Path into) throws Exception {
        Path ws = into.resolve("ws");
        try (Stream<Path> s = Files.walk(FLAP.resolve("ws"))) {
            for (Path p : s.toList()) {
                Path dst = ws.resolve(FLAP.resolve("ws").relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(dst); else Files.copy(p, dst);
            }
        }
        return ws;
    }

    static JsonNode loop(JsonNode report, String id) {
        for (JsonNode l : report.path("loops")) {
            if (l.path("loop").asText().equals(id)) return l;
        }
        throw new AssertionError("no loop " + id);
    }

    @Test
    void simulate_stricterThreshold_removesTheFlap(@TempDir Path tmp) throws Exception {
        Path ws = copyFlap(tmp);
        Cli.Result r = Cli.run("-w", ws.toString(), "simulate", "--policy", FLAP.resolve("policy-strict.yml").toString(), "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode flappy = loop(Mappers.JSON.readTree(r.out()), "flappy");
        JsonNode current = flappy.path("replays").get(0);
        JsonNode strict = flappy.path("replays").get(1);
        assertThat(current.path("policy").asText()).isEqualTo("current");
        assertThat(current.path("flaps")).hasSize(1);
        JsonNode flap = current.path("flaps").get(0);
        assertThat(flap.path("promoted_at").asText()).isEqualTo("2026-06-01T07:10:00Z");
        assertThat(flap.path("demoted_at").asText()).isEqualTo("2026-06-03T11:10:00Z");
        assertThat(flap.path("why").asText()).contains("rescues_24h");
        assertThat(strict.path("policy").asText()).isEqualTo("policy-strict.yml");
        assertThat(strict.path("flaps")).isEmpty();
        assertThat(strict.path("transitions")).isEmpty();
        assertThat(strict.path("final_phase").asText()).isEqualTo("bootstrap");
        List<String> diff = new ArrayList<>();
        flappy.path("differences").forEach(d -> diff.add(d.asText()));
        assertThat(diff).contains("transitions", "flaps", "final_phase");

        Cli.Result text = Cli.run("-w", ws.toString(), "simulate", "--policy", FLAP.resolve("policy-strict.yml").toString());
        assertThat(text.out()).containsPattern("flaps +0 +1 +0 +≠")
                .contains("current: 2026-06-01 07:10 promote bootstrap → stabilize (approval assumed) (flap)")
                .contains("policy-strict.yml: no transition")
                .containsPattern("time in operate +0 +0 +0\\n");
    }

    @Test
    void simulate_changesNoFile(@TempDir Path tmp) throws Exception {
        Path ws = copyFlap(tmp);
        Map<String, String> before = digests(tmp);
        assertThat(Cli.run("-w", ws.toString(), "simulate").exit()).isZero();
        assertThat(Cli.run("-w", ws.toString(), "simulate", "--json", "--policy", FLAP.resolve("policy-strict.yml").toString(),
                "--approval", "assumed").exit()).isZero();
        assertThat(digests(tmp)).isEqualTo(before);
    }

    @Test
    void simulate_onTheDemo_changesNoFile() throws Exception {
        Path demo = DemoFixture.dir();
        Map<String, String> before = digests(demo.resolve("loops"));
        Cli.Result r = Cli.run("-w", demo.toString(), "simulate", "--policy", FLAP.resolve("policy-strict.yml").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(digests(demo.resolve("loops"))).isEqualTo(before);
    }

    /** A recorded line as the replay would write it: without its instant, its errors and the approval's who/when. */
    static ObjectNode comparable(JsonNode line) {
        ObjectNode o = line.deepCopy();
        o.remove("evaluated_at");
        o.remove("errors");
        for (JsonNode r : o.path("rules")) {
            if (r.path("id").asText().equals("regulator_approval")) ((ObjectNode) r).remove("detail");
        }
        return o;
    }

    @Test
    void simulate_currentPolicy_reproducesEveryRecordedRecommendation() throws Exception {
        Path demo = DemoFixture.dir();
        Regulator reg = new Regulator(new Workspace(demo), Duration.ZERO, Clock.systemUTC(), n -> null);
        Comparison c = new Simulations(reg, n -> null).run(List.of(), List.of(), null, null, Replay.ApprovalMode.RECORDED);
        Map<String, List<JsonNode>> recorded = new TreeMap<>();
        for (String l : Files.readAllLines(demo.resolve("loops/regulator/recommendations.jsonl"))) {
            JsonNode n = Mappers.JSON.readTree(l);
            recorded.computeIfAbsent(n.path("loop").asText(), k -> new ArrayList<>()).add(n);
        }
        assertThat(c.loops()).hasSize(3);
        for (Comparison.LoopResult l : c.loops()) {
            Replay.LoopReplay r = l.replays().get(0);
            List<JsonNode> lines = recorded.get(l.loop());
            assertThat(r.evaluations()).as(l.loop()).hasSize(lines.size());
            assertThat(r.differs()).as(l.loop()).isZero();
            for (int i = 0; i < lines.size(); i++) {
                Replay.Evaluated e = r.evaluations().get(i);
                assertThat(e.at().toString()).isEqualTo(lines.get(i).path("evaluated_at").asText());
                assertThat(Json.line(comparable(Json.recommendation(e.rec())))).as("%s at %s", l.loop(), e.at())
                        .isEqualTo(Json.line(comparable(lines.get(i))));
            }
            assertThat(r.transitions()).extracting(t -> t.at() + " " + t.from() + "→" + t.to())
                    .isEqualTo(l.recorded().stream().map(t -> t.at() + " " + t.from() + "→" + t.to()).toList());
        }
    }

    @Test
    void simulate_badPolicyFile_saysWhereAndWhatIsWrong(@TempDir Path tmp) throws Exception {
        Path ws = copyFlap(tmp);
        Path bad = Files.writeString(tmp.resolve("bad.yml"), "promotion:\n  fpr_window:\n    belwo: 0.1\n");
        Map<String, String> before = digests(tmp);
        Cli.Result r = Cli.run("-w", ws.toString(), "simulate", "--policy", bad.toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("bad.yml:3").contains("belwo");
        Cli.Result missing = Cli.run("-w", ws.toString(), "simulate", "--policy", tmp.resolve("nope.yml").toString());
        assertThat(missing.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(missing.err()).contains("nope.yml").contains("missing");
        assertThat(digests(tmp)).isEqualTo(before);
    }

    @Test
    void simulate_usageErrors_exit2(@TempDir Path tmp) throws Exception {
        Path ws = copyFlap(tmp);
        String p = FLAP.resolve("policy-strict.yml").toString();
        assertThat(Cli.run("-w", ws.toString(), "simulate", "--policy", p, "--policy", p, "--policy", p).exit()).isEqualTo(ExitCodes.USAGE);
        Cli.Result order = Cli.run("-w", ws.toString(), "simulate", "--from", "2026-06-03T00:00:00Z", "--to", "2026-06-01T00:00:00Z");
        assertThat(order.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(order.err()).contains("is not before --to");
        Cli.Result mode = Cli.run("-w", ws.toString(), "simulate", "--approval", "sometimes");
        assertThat(mode.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(mode.err()).contains("expected recorded or assumed");
        assertThat(Cli.run("-w", tmp.resolve("nowhere").toString(), "simulate").exit()).isEqualTo(ExitCodes.BAD_INPUT);
    }

    @Test
    void simulate_tornAndBadLines_areLeftOutAndNamed(@TempDir Path tmp) throws Exception {
        Path ws = copyFlap(tmp);
        Path health = ws.resolve("loops/flappy/health.jsonl");
        Files.writeString(health, Files.readString(health) + "{\"loop\":\"flappy\",\"cyc", java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
        Files.writeString(ws.resolve("loops/regulator/recommendations.jsonl"), "not json\n");
        Cli.Result r = Cli.run("-w", ws.toString(), "simulate");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("loops/flappy/health.jsonl:72: torn last line").contains("loops/regulator/recommendations.jsonl:1: cannot be read")
                .contains("71 evaluations");
    }

    @Test
    void simulate_from_startsFromTheStateRecordedThen(@TempDir Path tmp) throws Exception {
        Path ws = copyFlap(tmp);
        Cli.Result r = Cli.run("-w", ws.toString(), "simulate", "--from", "2026-06-02T12:00:00Z", "--to", "2026-06-02T20:00:00Z", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode cur = loop(Mappers.JSON.readTree(r.out()), "flappy").path("replays").get(0);
        assertThat(cur.path("start").asText()).isEqualTo("2026-06-02T12:00:00Z");
        assertThat(cur.path("end").asText()).isEqualTo("2026-06-02T20:00:00Z");
        assertThat(cur.path("evaluations").asInt()).isEqualTo(8);
        // the records' run of bootstrap began at 00:00 on June 1, so the window is full at once: promoted at the first evaluation
        assertThat(cur.path("transitions").get(0).path("at").asText()).isEqualTo("2026-06-02T12:10:00Z");
    }
}
