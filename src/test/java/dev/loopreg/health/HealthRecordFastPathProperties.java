package dev.loopreg.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The streaming reader of health records agrees with the full reader: on every line either it answers null (and the
 * full reader decides) or it gives exactly the record the full reader gives; on a line the full reader refuses it never
 * answers. Lines are loopreg's own and then mangled in the ways files get damaged or hand-edited.
 */
class HealthRecordFastPathProperties {

    /** Values a field may be mangled into. */
    private static final List<String> VALUES = List.of("null", "0", "-1", "1", "5", "0.9", "0.90", "1.0", "1.5", "-0.0", "0.0",
            "1e400", "1E+2", "123456789012345678901234567890", "9223372036854775807", "9223372036854775808", "\"5\"", "true",
            "[]", "{}", "\"2026-06-25T12:00:00Z\"", "\"2026-06-25T14:00:00+02:00\"", "\"2026-02-30T12:00:00Z\"", "\"bootstrap\"",
            "\"operate\"", "\"launch\"", "[\"a\", \"b\"]", "[1]", "NaN", "Infinity", "0.123456789012345678901234");

    @Provide
    Arbitrary<String> lines() {
        Arbitrary<String> base = Combinators.combine(
                Arbitraries.integers().between(0, 20), Arbitraries.integers().between(0, 3),
                Arbitraries.of("0", "0.25", "0.9", "1", "0.0714285714285714"), Arbitraries.of("bootstrap", "stabilize", "operate"),
                Arbitraries.integers().between(0, 1))
                .as((created, dup, rate, phase, since) -> "{\"loop\":\"kaizen-stack\",\"cycle\":\"2026-06-25T12:00:00Z\",\"at\":\"2026-06-25T12:50:00Z\","
                        + (since == 1 ? "\"since\":\"2026-06-25T11:00:00Z\"," : "") + "\"phase\":\"" + phase + "\",\"tasks_created\":" + created
                        + ",\"tasks_completed\":" + Math.max(0, created - 1) + ",\"sla_completion_rate\":" + rate + ",\"manual_rescues\":0,"
                        + "\"duplicate_tasks\":" + dup + ",\"false_positive_rate\":" + rate + ",\"agent_success_rate\":0.9,"
                        + "\"mean_session_time_sec\":614,\"cost_signal\":1.0233,\"errors\":[]}");
        Arbitrary<String> mangled = Combinators.combine(base, Arbitraries.of("loop", "cycle", "at", "since", "phase", "tasks_created",
                        "tasks_completed", "sla_completion_rate", "manual_rescues", "duplicate_tasks", "likely_duplicate_tasks",
                        "false_positive_rate", "agent_success_rate", "mean_session_time_sec", "cost_signal", "marginal_gain",
                        "saturation_score", "errors", "extra"), Arbitraries.of(VALUES), Arbitraries.integers().between(0, 2))
                .as((line, f, v, how) -> switch (how) {
                    case 0 -> line.replaceFirst("\"" + f + "\":(\"[^\"]*\"|\\[[^]]*]|[^,}]*)", "\"" + f + "\":" + v.replace("$", "\\$"));
                    case 1 -> line.substring(0, line.length() - 1) + ",\"" + f + "\":" + v + "}";
                    default -> line.replace("\"" + f + "\":", "\"" + f + "\" :").replaceFirst(",\"errors\":\\[]", "");
                });
        return Arbitraries.oneOf(base, mangled, mangled);
    }

    @Property(tries = 3000)
    void theStreamingReader_answersExactlyWhatTheFullReaderWouldOrDefers(@ForAll("lines") String line) {
        HealthRecord fast = HealthRecordFastPath.parse(line);
        HealthRecord full;
        try {
            full = HealthRecordCodec.parseFully(line);
        } catch (HealthRecordCodec.RecordException e) {
            assertThat(fast).as("the full reader refuses %s (%s)", line, e.getMessage()).isNull();
            return;
        }
        if (fast != null) {
            assertThat(fast).as(line).isEqualTo(full);
            assertThat(HealthRecordCodec.encode(fast)).isEqualTo(HealthRecordCodec.encode(full));
        }
    }

    @Property(tries = 300)
    void loopregsOwnLines_takeTheFastPath(@ForAll("lines") String ignored) throws Exception {
        String line = "{\"loop\":\"x\",\"cycle\":\"2026-06-25T12:00:00Z\",\"at\":\"2026-06-25T12:50:00Z\",\"since\":\"2026-06-25T11:00:00Z\","
                + "\"phase\":\"bootstrap\",\"tasks_created\":6,\"tasks_completed\":5,\"sla_completion_rate\":0.92,\"manual_rescues\":0,"
                + "\"duplicate_tasks\":0,\"false_positive_rate\":0.0,\"agent_success_rate\":0.9,\"mean_session_time_sec\":614,"
                + "\"cost_signal\":1.0233,\"errors\":[\"tasks: not measured\"]}";
        HealthRecord fast = HealthRecordFastPath.parse(line);
        assertThat(fast).isNotNull().isEqualTo(HealthRecordCodec.parseFully(line));
        assertThat(HealthRecordFastPath.parse(HealthRecordCodec.encode(fast))).isEqualTo(fast);
        assertThat(HealthLineScan.of(line)).isEqualTo(new HealthLineScan("x", fast.cycle(), Phase.BOOTSTRAP));
        assertThat(HealthLineScan.of(HealthRecordCodec.encode(fast))).isEqualTo(HealthLineScan.of(line));
    }

    /**
     * The scan an evaluation makes of the records older than those its rules read: whenever it answers, the loop, cycle
     * and phase are the full reader's (for lines the full reader refuses, it may answer: those are counted, and
     * validate names them); for loopreg's own lines it always answers.
     */
    @Property(tries = 3000)
    void theScanOfOlderRecords_findsTheFullReadersLoopCycleAndPhase(@ForAll("lines") String line) throws Exception {
        HealthLineScan scan = HealthLineScan.of(line);
        HealthRecord full;
        try {
            full = HealthRecordCodec.parseFully(line);
        } catch (HealthRecordCodec.RecordException e) {
            return;
        }
        if (scan != null) {
            assertThat(List.of(scan.loop(), scan.cycle(), scan.phase())).as(line).isEqualTo(List.of(full.loop(), full.cycle(), full.phase()));
        }
        if (line.equals(HealthRecordCodec.encode(full))) {
            assertThat(scan).as(line).isNotNull();
        }
    }

    /** Lines the byte scan must read as the text scan does: mangled ones, and keys doubled, escaped, or not ASCII. */
    @Provide
    Arbitrary<String> scanLines() {
        Arbitrary<String> odd = Combinators.combine(lines(), Arbitraries.of(
                        "\"loop\":\"", "\"cycle\":\"", "\"phase\":\"", "\\\"", "\\", "ü", "日本", "\"", "}", "{", "\"phase\":\"operate\",",
                        "\"loop\":\"kaizen-stäck\",", "\"cycle\":\"2026-06-25T1１:00:00Z\",", ""),
                Arbitraries.integers().between(0, 500))
                .as((line, insert, at) -> {
                    int i = Math.min(at, line.length());
                    return line.substring(0, i) + insert + line.substring(i);
                });
        return Arbitraries.oneOf(lines(), odd, odd);
    }

    /** The scan from a line's bytes (what an evaluation does) answers exactly what the scan of its text answers. */
    @Property(tries = 3000)
    void theScanOfTheBytes_answersWhatTheScanOfTheTextAnswers(@ForAll("scanLines") String line,
                                                                 @ForAll @net.jqwik.api.constraints.IntRange(max = 8) int pad) {
        byte[] utf8 = line.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] b = new byte[utf8.length + 2 * pad];
        java.util.Arrays.fill(b, (byte) '"');
        System.arraycopy(utf8, 0, b, pad, utf8.length);
        assertThat(HealthLineScan.of(b, pad, pad + utf8.length)).as(line).isEqualTo(HealthLineScan.of(line));
    }

    /** The object-free scan of one loop's lines answers what the scan of a line answers, for that loop. */
    @Property(tries = 3000)
    void theLoopsScan_answersWhatTheScanAnswers(@ForAll("scanLines") String line, @ForAll boolean kaizen) {
        String loop = kaizen ? "kaizen-stack" : "kaizen-stäck";
        HealthLineScan expected = HealthLineScan.of(line);
        byte[] b = line.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HealthLineScan.LoopLines lines = new HealthLineScan.LoopLines(loop);
        boolean told = lines.scan(b, 0, b.length);
        assertThat(told).as(line).isEqualTo(expected != null && expected.loop().equals(loop));
        if (told) {
            assertThat(lines.cycleSecond()).isEqualTo(expected.cycle().getEpochSecond());
            assertThat(lines.phase()).isEqualTo(expected.phase());
            assertThat(lines.scan(b, 0, b.length)).as("asked again").isTrue();
        }
    }
}
