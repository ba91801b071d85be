package dev.loopreg.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopreg.health.Phase;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HealthRecordCodecTest {

    static final String GOOD = "{\"loop\":\"kaizen-stack\",\"cycle\":\"2026-06-20T10:00:00Z\",\"at\":\"2026-06-20T10:50:00Z\","
            + "\"phase\":\"bootstrap\",\"tasks_created\":4,\"tasks_completed\":3,\"manual_rescues\":0,\"duplicate_tasks\":1,"
            + "\"false_positive_rate\":0.25,\"agent_success_rate\":0.9,\"mean_session_time_sec\":600,\"cost_signal\":0.67,"
            + "\"errors\":[]}";

    @Test
    void parse_goodRecord_readsEveryField() throws Exception {
        HealthRecord r = HealthRecordCodec.parse(GOOD);
        assertThat(r.loop()).isEqualTo("kaizen-stack");
        assertThat(r.cycle()).isEqualTo(Instant.parse("2026-06-20T10:00:00Z"));
        assertThat(r.phase()).isEqualTo(Phase.BOOTSTRAP);
        assertThat(r.tasksCreated()).isEqualTo(4L);
        assertThat(r.falsePositiveRate()).isEqualByComparingTo("0.25");
        assertThat(r.slaCompletionRate()).isNull();
    }

    @Test
    void encode_thenParse_roundTrips() throws Exception {
        HealthRecord r = HealthRecordCodec.parse(GOOD);
        String line = HealthRecordCodec.encode(r);
        assertThat(HealthRecordCodec.parse(line)).isEqualTo(r);
        assertThat(line).contains("\"sla_completion_rate\":null").doesNotContain("\n");
    }

    @Test
    void parse_nullMetric_staysNullNeverZero() throws Exception {
        HealthRecord r = HealthRecordCodec.parse(GOOD.replace("\"tasks_created\":4", "\"tasks_created\":null"));
        assertThat(r.tasksCreated()).isNull();
        assertThat(r.metric("tasks_created")).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "NaN rate               | \"false_positive_rate\":0.25 | \"false_positive_rate\":NaN      | false_positive_rate: NaN is not a number",
        "negative count         | \"tasks_created\":4          | \"tasks_created\":-1             | tasks_created: -1 is not allowed; expected a whole number ≥ 0",
        "fractional count       | \"tasks_created\":4          | \"tasks_created\":1.5            | tasks_created: 1.5 is not allowed",
        "rate above one         | \"agent_success_rate\":0.9   | \"agent_success_rate\":1.2       | agent_success_rate: 1.2 is out of range; expected a number from 0 to 1",
        "negative session time  | \"mean_session_time_sec\":600 | \"mean_session_time_sec\":-3    | mean_session_time_sec: -3 is out of range",
        "infinite cost          | \"cost_signal\":0.67          | \"cost_signal\":Infinity        | cost_signal: Infinity is not a number",
        "unknown phase          | \"phase\":\"bootstrap\"       | \"phase\":\"warmup\"            | phase: 'warmup' is not a phase; expected one of bootstrap | stabilize | operate",
        "unknown field          | \"errors\":[]                | \"errros\":[]                   | unknown field 'errros'",
        "bad instant            | \"cycle\":\"2026-06-20T10:00:00Z\" | \"cycle\":\"yesterday\"     | cycle: 'yesterday' is not an instant",
        "text for a number      | \"tasks_created\":4          | \"tasks_created\":\"4\"          | tasks_created: '4' is not allowed",
    })
    void parse_badValue_namesFieldAndExpectation(String name, String from, String to, String message) {
        String line = GOOD.replace(from.strip(), to.strip());
        assertThat(line).isNotEqualTo(GOOD);
        assertThatThrownBy(() -> HealthRecordCodec.parse(line)).hasMessageContaining(message.strip());
    }

    @Test
    void parse_notJson_saysSo() {
        assertThatThrownBy(() -> HealthRecordCodec.parse("{\"loop\": \"x\", ")).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> HealthRecordCodec.parse("[1,2]")).hasMessageContaining("not a JSON object");
    }

    @Test
    void parse_missingRequired_namesThem() {
        assertThatThrownBy(() -> HealthRecordCodec.parse("{\"tasks_created\": 1}"))
                .hasMessageContaining("loop is missing").hasMessageContaining("cycle is missing").hasMessageContaining("phase is missing");
    }

    @Test
    void parse_wholeNumberWrittenAsDecimal_accepted() throws Exception {
        HealthRecord r = HealthRecordCodec.parse(GOOD.replace("\"tasks_created\":4", "\"tasks_created\":4.0"));
        assertThat(r.tasksCreated()).isEqualTo(4L);
        assertThat(r.agentSuccessRate()).isEqualTo(new BigDecimal("0.9"));
    }
}
