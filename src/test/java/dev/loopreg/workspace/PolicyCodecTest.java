package dev.loopreg.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopreg.health.Phase;
import dev.loopreg.cadence.Policy;
import dev.loopreg.format.Problem;
import dev.loopreg.format.YamlDoc;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyCodecTest {

    static Policy read(String text, List<Problem> problems) throws Exception {
        return PolicyCodec.read(YamlDoc.parse("policy.yml", text), problems);
    }

    @Test
    void render_thenRead_givesTheDefaultsBack() throws Exception {
        List<Problem> p = new ArrayList<>();
        Policy back = read(PolicyCodec.render(Policy.defaults()), p);
        assertThat(p).isEmpty();
        assertThat(back).isEqualTo(Policy.defaults());
    }

    @Test
    void read_emptyFile_defaults() throws Exception {
        assertThat(read("", new ArrayList<>())).isEqualTo(Policy.defaults());
    }

    @Test
    void read_overrides_areUsed() throws Exception {
        List<Problem> p = new ArrayList<>();
        Policy pol = read("time_zone: Europe/Berlin\nphases:\n  stabilize: {cron: \"0 9 * * *\"}\npromotion:\n  fpr_window: {cycles: 14, below: 0.1}\n", p);
        assertThat(p).isEmpty();
        assertThat(pol.timeZone().getId()).isEqualTo("Europe/Berlin");
        assertThat(pol.cronOf(Phase.STABILIZE)).isEqualTo("0 9 * * *");
        assertThat(pol.fprWindowCycles()).isEqualTo(14);
        assertThat(pol.fprWindowBelow()).isEqualByComparingTo("0.1");
        assertThat(pol.rescuesWindowCycles()).isEqualTo(3);
    }

    @Test
    void read_badValues_eachReportedAtItsLine() throws Exception {
        String text = """
                time_zone: Mars/Olympus
                phases:
                  bootstrap: {cron: "every hour"}
                promotion:
                  fpr_window:
                    cycles: 0
                    below: 1.5
                  rescues_windw: {cycles: 3}
                demotion:
                  to_phase: operate
                """;
        List<Problem> p = new ArrayList<>();
        assertThat(read(text, p)).isNull();
        assertThat(p).extracting(Problem::toString).containsExactlyInAnyOrder(
                "policy.yml:1: time_zone: 'Mars/Olympus' is not a time zone; expected an IANA zone such as UTC or Europe/Berlin",
                "policy.yml:3: phases.bootstrap.cron: 'every hour' is not a valid cron expression (it has 2 fields, not 5); "
                        + "expected 5 fields: minute hour day-of-month month day-of-week, such as \"0 * * * *\"",
                "policy.yml:6: promotion.fpr_window.cycles: 0 is not allowed; expected a whole number from 1 to 10000",
                "policy.yml:7: promotion.fpr_window.below: 1.5 is out of range; expected a number from 0 to 1",
                "policy.yml:8: unknown key 'rescues_windw' in promotion (did you mean 'rescues_window'?); known keys: "
                        + "exit_criteria, fpr_window, rescues_window, regulator_approval",
                "policy.yml:10: demotion.to_phase: operate is the top phase, nothing can be demoted to it; expected bootstrap or stabilize");
    }

    @Test
    void read_readBoundSmallerThanWindow_refused() throws Exception {
        List<Problem> p = new ArrayList<>();
        read("evaluation: {max_records_read: 5}\n", p);
        assertThat(p).singleElement().extracting(Problem::message).asString().contains("smaller than the largest rule window (7 cycles)");
    }

    @Test
    void parse_duplicateKey_isASyntaxErrorWithLine() {
        try {
            YamlDoc.parse("policy.yml", "time_zone: UTC\ntime_zone: UTC\n");
            org.assertj.core.api.Assertions.fail("expected a syntax error");
        } catch (YamlDoc.SyntaxException e) {
            assertThat(e.problem().toString()).isEqualTo("policy.yml:2: not valid YAML: column 10: the key 'time_zone' a second time in one "
                    + "mapping; expected each key once");
        }
    }
}
