package dev.loopreg.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopreg.cadence.Approval;
import dev.loopreg.cadence.CadenceState;
import dev.loopreg.health.Phase;
import dev.loopreg.format.Problem;
import dev.loopreg.format.YamlDoc;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CadenceCodecTest {

    @Test
    void seedCadenceYml_reads() throws Exception {
        String seed = "loop: kaizen-improvement-stack\nphase: bootstrap # bootstrap | stabilize | operate\ncron: \"0 * * * *\"\n"
                + "promoted_at: null\ndemotion_count: 0\nregulator_approval: pending\n";
        List<Problem> p = new ArrayList<>();
        CadenceState s = CadenceCodec.read(YamlDoc.parse("cadence.yml", seed), p);
        assertThat(p).isEmpty();
        assertThat(s.name()).isEqualTo("kaizen-improvement-stack");
        assertThat(s.phase()).isEqualTo(Phase.BOOTSTRAP);
        assertThat(s.phaseSince()).isNull();
    }

    @Test
    void render_update_read_roundTrips() throws Exception {
        CadenceState s = CadenceState.initial("x", "0 * * * *", Instant.parse("2026-06-18T10:00:00Z"));
        CadenceState t = new CadenceState("x", Phase.STABILIZE, "0 11 * * *", Instant.parse("2026-06-20T11:00:00Z"),
                Instant.parse("2026-06-20T11:00:00Z"), 1, Approval.REJECTED, "ann \"o\"", Instant.parse("2026-06-20T10:00:00Z"), "too noisy: #3");
        String text = CadenceCodec.update(CadenceCodec.render(s), t);
        List<Problem> p = new ArrayList<>();
        assertThat(CadenceCodec.read(YamlDoc.parse("cadence.yml", text), p)).isEqualTo(t);
        assertThat(p).isEmpty();
        assertThat(text).contains("# bootstrap | stabilize | operate");
    }

    @Test
    void read_badPhaseCronApproval_reportedWithLines() throws Exception {
        String bad = "phase: warmup\ncron: \"61 * * * *\"\nregulator_approval: maybe\ndemotion_count: -1\npromoted_at: last tuesday\n";
        List<Problem> p = new ArrayList<>();
        assertThat(CadenceCodec.read(YamlDoc.parse("c.yml", bad), p)).isNull();
        p.sort(null);
        assertThat(p).extracting(Problem::line).containsExactly(1, 2, 3, 4, 5);
        assertThat(p.get(0).message()).isEqualTo("phase: 'warmup' is not allowed; expected one of bootstrap | stabilize | operate");
        assertThat(p.get(1).message()).startsWith("cron: '61 * * * *' is not a valid cron expression");
        assertThat(p.get(2).message()).contains("expected one of pending | approved | rejected");
    }
}
