package dev.loopreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.format.Mappers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Earned automation: {@code evaluate} rotates by itself only in mode auto and once the confirmations are there. */
class AutoRotationTest {

    @TempDir
    Path tmp;

    static String rotation(String id, String repo, String at, boolean recommended) {
        return "{\"id\":\"" + id + "\",\"kind\":\"rotation\",\"loop\":\"kaizen-stack\",\"repo\":\"" + repo + "\",\"from\":\"active\","
                + "\"to\":\"saturated\",\"at\":\"" + at + "\",\"by\":\"bernd\",\"reason\":\"r\",\"recommended\":" + recommended
                + ",\"forced\":false,\"automatic\":false}";
    }

    static String revisit(String id, String repo, String at, String unconfirms) {
        return "{\"id\":\"" + id + "\",\"kind\":\"revisit\",\"loop\":\"kaizen-stack\",\"repo\":\"" + repo + "\",\"from\":\"saturated\","
                + "\"to\":\"expansion_queue\",\"at\":\"" + at + "\",\"by\":\"bernd\",\"reason\":\"r\",\"unconfirms\":"
                + (unconfirms == null ? "null" : "\"" + unconfirms + "\"") + "}";
    }

    /** Earlier rotations, all more than 14 cycles before NOW (the fixture's 30 snapshot cycles come after them). */
    static void decisions(RotationFixture f, String... lines) throws Exception {
        Files.writeString(f.decisions(), String.join("\n", lines) + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    static void auto(RotationFixture f) throws Exception {
        String p = Files.readString(f.rotationPolicy()).replace("mode: recommend ", "mode: auto ");
        assertThat(p).contains("mode: auto ");
        Files.writeString(f.rotationPolicy(), p);
    }

    static JsonNode gate(RotationFixture f) throws Exception {
        return Mappers.JSON.readTree(f.run(RotationFixture.NOW, "rotation", "--json").out()).path("automation");
    }

    @Test
    void evaluate_autoWithNoConfirmation_doesNotRotateAndSaysWhy() throws Exception {
        RotationFixture f = new RotationFixture(tmp);
        auto(f);
        Cli.Result r = f.run(RotationFixture.NOW, "evaluate");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Rotation: repo-a is a candidate, not rotated automatically: auto-rotation is not earned yet: "
                + "0 of 2 confirmed manual rotations");
        assertThat(f.run(RotationFixture.NOW, "roster", "--status", "active").out()).contains("repo-a");
        assertThat(Files.readString(f.ws.resolve("loops/regulator/dashboard.md")))
                .contains("This evaluation: repo-a is a candidate, not rotated automatically");
    }

    @Test
    void evaluate_autoWithOneConfirmation_stillWaits() throws Exception {
        RotationFixture f = new RotationFixture(tmp);
        auto(f);
        decisions(f, rotation("DEC-001", "repo-x", "2026-06-01T00:00:00Z", true));
        assertThat(gate(f).path("confirmed").asInt()).isEqualTo(1);
        Cli.Result r = f.run(RotationFixture.NOW, "evaluate");
        assertThat(r.out()).contains("1 of 2 confirmed manual rotations");
        assertThat(f.run(RotationFixture.NOW, "roster", "--status", "active").out()).contains("repo-a");
    }

    @Test
    void evaluate_autoWithTwoConfirmations_rotatesTheCandidate() throws Exception {
        RotationFixture f = new RotationFixture(tmp);
        auto(f);
        decisions(f, rotation("DEC-001", "repo-x", "2026-06-01T00:00:00Z", true), rotation("DEC-002", "repo-y", "2026-06-10T00:00:00Z", true));
        Cli.Result r = f.run(RotationFixture.NOW, "evaluate");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Rotation: repo-a rotated automatically (DEC-003): auto-rotation earned: 2 confirmed manual rotations");
        assertThat(f.run(RotationFixture.NOW, "roster", "--status", "saturated").out()).isEqualTo("repo-old\nrepo-a\n");
        List<String> lines = Files.readAllLines(f.decisions());
        JsonNode d = Mappers.JSON.readTree(lines.get(lines.size() - 1));
        assertThat(d.path("automatic").asBoolean()).isTrue();
        assertThat(d.path("by").asText()).isEqualTo("loopreg (automation.mode auto)");
        // the next evaluation is inside the cooldown: nothing more is rotated
        Cli.Result again = f.run(RotationFixture.NOW, "evaluate");
        assertThat(again.out()).doesNotContain("rotated automatically");
        assertThat(Files.readAllLines(f.decisions())).hasSize(lines.size());
    }

    @Test
    void evaluate_autoWhereARevisitUnconfirmedARotation_waits() throws Exception {
        RotationFixture f = new RotationFixture(tmp);
        auto(f);
        decisions(f, rotation("DEC-001", "repo-x", "2026-06-01T00:00:00Z", true), rotation("DEC-002", "repo-y", "2026-06-10T00:00:00Z", true),
                revisit("DEC-003", "repo-y", "2026-06-10T05:00:00Z", "DEC-002"));
        JsonNode g = gate(f);
        assertThat(g.path("confirmed").asInt()).isEqualTo(1);
        assertThat(g.path("manual_rotations").get(1).path("state").asText()).isEqualTo("un-confirmed");
        assertThat(f.run(RotationFixture.NOW, "evaluate").out()).contains("1 of 2 confirmed manual rotations");
    }

    @Test
    void evaluate_recommendMode_neverRotates_evenWhenEarned() throws Exception {
        RotationFixture f = new RotationFixture(tmp);
        decisions(f, rotation("DEC-001", "repo-x", "2026-06-01T00:00:00Z", true), rotation("DEC-002", "repo-y", "2026-06-10T00:00:00Z", true));
        Cli.Result r = f.run(RotationFixture.NOW, "evaluate");
        assertThat(r.out()).contains("Rotation: recommended: loopreg rotate repo-a");
        assertThat(f.run(RotationFixture.NOW, "roster", "--status", "active").out()).contains("repo-a");
    }
}
