package dev.loopreg.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SchedulePatchTest {

    static final String REL = "../fleet/repo-a/.kaizen/schedule.yml";

    @Test
    void setEnabled_blockStyle_changesOnlyThatValueAndKeepsComments() throws Exception {
        String text = """
                # schedule for repo-a (kaizen-agentic)
                optimization:
                  enabled: true     # turned on 2026-06-18 (DEC-001)
                  cron: "0 3 * * *"
                coach:
                  enabled: true
                  cron: "0 4 * * 1"
                """;
        String out = SchedulePatch.setEnabled(REL, text, "optimization", false, "loopreg");
        assertThat(out).isEqualTo(text.replace("  enabled: true     # turned on", "  enabled: false     # turned on"));
    }

    @Test
    void setEnabled_flowStyle_changesOnlyThatValue() throws Exception {
        String text = "# flow style\noptimization: {enabled: true, cron: \"0 3 * * *\"}   # nightly\ncoach: {enabled: true}\n";
        String out = SchedulePatch.setEnabled(REL, text, "optimization", false, "loopreg");
        assertThat(out).isEqualTo("# flow style\noptimization: {enabled: false, cron: \"0 3 * * *\"}   # nightly\ncoach: {enabled: true}\n");
    }

    @Test
    void setEnabled_flowWithoutEnabled_addsIt() throws Exception {
        String out = SchedulePatch.setEnabled(REL, "optimization: {cron: \"0 3 * * *\"}\n", "optimization", false, "loopreg");
        assertThat(out).isEqualTo("optimization: {cron: \"0 3 * * *\", enabled: false}\n");
    }

    @Test
    void setEnabled_blockWithoutEnabled_addsItToTheMapping() throws Exception {
        String text = "optimization:\n  cron: \"0 3 * * *\"\ncoach:\n  enabled: true\n";
        String out = SchedulePatch.setEnabled(REL, text, "optimization", false, "loopreg");
        assertThat(out).isEqualTo("optimization:\n  cron: \"0 3 * * *\"\n  enabled: false\ncoach:\n  enabled: true\n");
    }

    @Test
    void setEnabled_agentMissing_appendsIt_andNoFileWritesANewOne() throws Exception {
        String out = SchedulePatch.setEnabled(REL, "coach:\n  enabled: true\n", "optimization", false, "set by loopreg DEC-004");
        assertThat(out).isEqualTo("coach:\n  enabled: true\noptimization:\n  enabled: false   # set by loopreg DEC-004\n");
        assertThat(SchedulePatch.setEnabled(REL, null, "optimization", false, "set by loopreg DEC-004"))
                .contains("optimization:\n  enabled: false   # set by loopreg DEC-004\n");
    }

    @Test
    void setEnabled_alreadyThatValue_returnsTheSameText() throws Exception {
        String text = "optimization:\n  enabled: false  # paused\n";
        assertThat(SchedulePatch.setEnabled(REL, text, "optimization", false, "x")).isSameAs(text);
    }

    @Test
    void setEnabled_reEnables() throws Exception {
        String out = SchedulePatch.setEnabled(REL, "optimization: {enabled: false}\n", "optimization", true, "x");
        assertThat(out).isEqualTo("optimization: {enabled: true}\n");
    }

    @Test
    void setEnabled_unusableFiles_refusedWithTheLine() {
        assertThatThrownBy(() -> SchedulePatch.setEnabled(REL, "optimization: yes please\n", "optimization", false, "x"))
                .hasMessage(REL + ":1: optimization is not a mapping; expected optimization: {enabled: true, cron: ...}");
        assertThatThrownBy(() -> SchedulePatch.setEnabled(REL, "optimization: {enabled: true\n", "optimization", false, "x"))
                .hasMessageStartingWith(REL + ":").hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> SchedulePatch.setEnabled(REL, "- a\n- b\n", "optimization", false, "x"))
                .hasMessageContaining("not a mapping");
        // a block scalar cannot be edited in place
        assertThatThrownBy(() -> SchedulePatch.setEnabled(REL, "optimization:\n  enabled: |\n    true\n", "optimization", false, "x"))
                .hasMessageStartingWith(REL + ":1: cannot set optimization.enabled in place");
    }
}
