package dev.loopreg.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class YamlEditTest {

    @Test
    void set_topLevelScalar_keepsCommentsAndOtherLines() {
        String in = "# header comment\nphase: bootstrap   # bootstrap | stabilize\ncron: \"0 * * * *\"\n\nother: 1 # keep\n";
        String out = YamlEdit.set(in, List.of("phase"), "stabilize");
        assertThat(out).isEqualTo("# header comment\nphase: stabilize   # bootstrap | stabilize\ncron: \"0 * * * *\"\n\nother: 1 # keep\n");
    }

    @Test
    void set_nestedScalar_changesOnlyThatValue() {
        String in = """
                # schedule
                coach:
                  enabled: true   # coach stays on
                  cron: "0 * * * *"
                optimization:
                  # the optimizer
                  enabled: true   # may be paused on saturation
                  cron: "30 * * * *"
                """;
        String out = YamlEdit.set(in, List.of("optimization", "enabled"), "false");
        assertThat(out).isEqualTo(in.replace("enabled: true   # may be paused", "enabled: false   # may be paused"));
    }

    @Test
    void set_missingKey_appendedToItsMapping() {
        String in = "a:\n  x: 1\nb: 2\n";
        assertThat(YamlEdit.set(in, List.of("a", "y"), "3")).isEqualTo("a:\n  x: 1\n  y: 3\nb: 2\n");
        assertThat(YamlEdit.set(in, List.of("c"), "\"t\"")).isEqualTo("a:\n  x: 1\nb: 2\nc: \"t\"\n");
    }

    @Test
    void set_missingParentMapping_refused() {
        assertThatThrownBy(() -> YamlEdit.set("a: 1\n", List.of("zz", "y"), "1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void set_hashInsideQuotedValue_notTakenForComment() {
        String in = "note: \"fix #12 now\" # real comment\n";
        assertThat(YamlEdit.set(in, List.of("note"), "\"done\"")).isEqualTo("note: \"done\" # real comment\n");
    }

    @Test
    void quote_escapesLikeJson() {
        assertThat(YamlEdit.quote("a \"b\"\nc")).isEqualTo("\"a \\\"b\\\"\\nc\"");
    }
}
