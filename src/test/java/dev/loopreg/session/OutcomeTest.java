package dev.loopreg.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopreg.health.Phase;
import dev.loopreg.format.Problem;
import dev.loopreg.format.YamlDoc;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class OutcomeTest {

    static final String HEAD = """
            held_at: 2026-06-22T09:00:00Z
            by: optimization-agent
            duration_sec: 1260
            success: true
            """;

    static Outcome read(String yaml, List<Problem> problems) throws Exception {
        return Outcome.read(YamlDoc.parse("outcome.yml", yaml), problems);
    }

    @Test
    void read_everyField() throws Exception {
        List<Problem> p = new ArrayList<>();
        Outcome o = read(HEAD + """
                quality: 0.75
                bundle: loops/regulator/sessions/2026-06-22T0900Z
                loops:
                  kaizen-stack: promote
                  quality-escalation: {verdict: hold, reason: "fpr 0.25"}
                  registry-hygiene: {verdict: demote, reason: "two rescues"}
                noise_sources:
                  - {loop: kaizen-stack, source: "lint duplicates", action: throttle, reason: "11 of 39"}
                resolved_noise: [NOI-002]
                supplier_friction:
                  - {item: "no sub-directory target", source: "kaizen-agentic CLI"}
                  - just a text item
                cadence_proposals:
                  - {loop: registry-hygiene, phase: stabilize, cron: "0 6 * * *", reason: "earlier"}
                """, p);
        assertThat(p).isEmpty();
        assertThat(o.by()).isEqualTo("optimization-agent");
        assertThat(o.durationSec()).isEqualTo(1260);
        assertThat(o.success()).isTrue();
        assertThat(o.quality()).isEqualByComparingTo(new BigDecimal("0.75"));
        assertThat(o.loops()).extracting(Outcome.LoopVerdict::loop, Outcome.LoopVerdict::verdict, Outcome.LoopVerdict::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("kaizen-stack", Outcome.Verdict.PROMOTE, null),
                        org.assertj.core.groups.Tuple.tuple("quality-escalation", Outcome.Verdict.HOLD, "fpr 0.25"),
                        org.assertj.core.groups.Tuple.tuple("registry-hygiene", Outcome.Verdict.DEMOTE, "two rescues"));
        assertThat(o.loops().get(1).line()).isEqualTo(9);
        assertThat(o.noise()).singleElement().satisfies(n -> {
            assertThat(n.action()).isEqualTo(Outcome.NoiseAction.THROTTLE);
            assertThat(n.line()).isEqualTo(12);
        });
        assertThat(o.resolved()).extracting(Outcome.Resolved::id).containsExactly("NOI-002");
        assertThat(o.friction()).extracting(Outcome.Friction::item).containsExactly("no sub-directory target", "just a text item");
        assertThat(o.friction().get(1).source()).isNull();
        assertThat(o.proposals()).singleElement().satisfies(x -> {
            assertThat(x.phase()).isEqualTo(Phase.STABILIZE);
            assertThat(x.cron()).isEqualTo("0 6 * * *");
        });
    }

    @Test
    void read_onlyTheRequiredFields_isAnEmptyReview() throws Exception {
        List<Problem> p = new ArrayList<>();
        Outcome o = read(HEAD, p);
        assertThat(p).isEmpty();
        assertThat(o.loops()).isEmpty();
        assertThat(o.quality()).isNull();
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("by: x\nduration_sec: 1\nsuccess: true\n", 1, "held_at is missing"),
                Arguments.of(HEAD.replace("2026-06-22T09:00:00Z", "yesterday"), 1, "held_at: 'yesterday' is not an instant"),
                Arguments.of(HEAD.replace("by: optimization-agent", "by: \"  \""), 2, "by is empty"),
                Arguments.of(HEAD.replace("by: optimization-agent\n", ""), 1, "by is missing"),
                Arguments.of(HEAD.replace("1260", "-5"), 3, "duration_sec: -5 is not allowed"),
                Arguments.of(HEAD.replace("duration_sec: 1260\n", ""), 1, "duration_sec is missing"),
                Arguments.of(HEAD.replace("success: true", "success: yes please"), 4, "expected true or false"),
                Arguments.of(HEAD.replace("success: true\n", ""), 1, "success is missing"),
                Arguments.of(HEAD + "quality: 1.5\n", 5, "quality: 1.5 is out of range"),
                Arguments.of(HEAD + "loopz: {}\n", 5, "unknown key 'loopz' (did you mean 'loops'?)"),
                Arguments.of(HEAD + "loops: [a]\n", 5, "loops is a list; expected a mapping"),
                Arguments.of(HEAD + "loops:\n  Kaizen_Stack: promote\n", 6, "'Kaizen_Stack' is not a loop id"),
                Arguments.of(HEAD + "loops:\n  kaizen-stack: promoted\n", 6, "'promoted' is not allowed; expected promote, hold or demote"),
                Arguments.of(HEAD + "loops:\n  kaizen-stack: hold\n", 6, "a hold needs a reason"),
                Arguments.of(HEAD + "loops:\n  kaizen-stack: {verdict: demote}\n", 6, "loops.kaizen-stack.reason is missing"),
                Arguments.of(HEAD + "loops:\n  kaizen-stack: {verdict: hold, reason: x, why: y}\n", 6, "unknown key 'why'"),
                Arguments.of(HEAD + "loops:\n  kaizen-stack: {reason: x}\n", 6, "verdict is missing"),
                Arguments.of(HEAD + "noise_sources: {loop: a}\n", 5, "noise_sources is a mapping; expected a list"),
                Arguments.of(HEAD + "noise_sources:\n  - {loop: a, action: disable, reason: r}\n", 6, "noise_sources.0.source is missing"),
                Arguments.of(HEAD + "noise_sources:\n  - {loop: a, source: s, action: mute, reason: r}\n", 6,
                        "'mute' is not allowed; expected one of disable, throttle"),
                Arguments.of(HEAD + "noise_sources:\n  - {loop: a, source: s, action: disable}\n", 6, "reason is missing"),
                Arguments.of(HEAD + "resolved_noise: [NOISE-1]\n", 5, "expected a noise source id such as NOI-001"),
                Arguments.of(HEAD + "supplier_friction:\n  - {source: s}\n", 6, "supplier_friction.0.item is missing"),
                Arguments.of(HEAD + "supplier_friction:\n  - {item: i, loop: ../x}\n", 6, "'../x' is not a loop id"),
                Arguments.of(HEAD + "cadence_proposals:\n  - {loop: a, reason: r}\n", 6, "proposes nothing; expected a phase, a cron, or both"),
                Arguments.of(HEAD + "cadence_proposals:\n  - {loop: a, cron: \"61 * * * *\", reason: r}\n", 6, "cadence_proposals.0.cron:"),
                Arguments.of(HEAD + "cadence_proposals:\n  - {loop: a, phase: weekly, reason: r}\n", 6,
                        "'weekly' is not allowed; expected one of bootstrap, stabilize, operate"),
                Arguments.of(HEAD + "cadence_proposals:\n  - {loop: a, cron: \"0 * * * *\"}\n", 6, "reason is missing"));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void read_malformed_namesTheLineAndWhatWasExpected(String yaml, int line, String fragment) throws Exception {
        List<Problem> p = new ArrayList<>();
        assertThat(read(yaml, p)).isNull();
        assertThat(p).filteredOn(Problem::isError).anySatisfy(x -> {
            assertThat(x.path()).isEqualTo("outcome.yml");
            assertThat(x.line()).isEqualTo(line);
            assertThat(x.message()).contains(fragment);
        });
    }

    @Test
    void read_emptyFile_isAnError() throws Exception {
        List<Problem> p = new ArrayList<>();
        assertThat(read("", p)).isNull();
        assertThat(p).extracting(Problem::message).anyMatch(m -> m.contains("expected a YAML mapping"));
    }
}
