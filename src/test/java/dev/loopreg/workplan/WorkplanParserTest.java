package dev.loopreg.workplan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopreg.cadence.ExitCriteria;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkplanParserTest {

    static String resource(String name) throws IOException {
        try (InputStream in = WorkplanParserTest.class.getResourceAsStream("/workplans/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void parse_seedWorkplan_readsNineDoneTasksDespiteWebPageCopy() throws Exception {
        Workplan wp = WorkplanParser.parse("LOOP-WP-0004.md", resource("LOOP-WP-0004-loop-regulator.md"));

        assertThat(wp.id()).isEqualTo("LOOP-WP-0004");
        assertThat(wp.tasks()).extracting(Workplan.Task::id)
                .containsExactly("T01", "T02", "T03", "T04", "T05", "T06", "T07", "T08", "T09");
        assertThat(wp.tasks()).allMatch(Workplan.Task::done);
        assertThat(wp.task("T05").orElseThrow().title()).isEqualTo("Hourly bootstrap — collect metrics from all three primary loops");
        // both places agree: front matter and the ```task blocks in the body
        assertThat(wp.tasks()).allMatch(t -> "done".equals(t.status()) && "done".equals(t.blockStatus()));
        assertThat(wp.warnings()).extracting(Workplan.Note::message)
                .anyMatch(m -> m.contains("after 15 lines of other text"))
                .anyMatch(m -> m.contains("list 'tasks' has lost its indentation"));
    }

    @Test
    void check_seedWorkplanAllTasks_met() throws Exception {
        Workplan wp = WorkplanParser.parse("wp.md", resource("LOOP-WP-0004-loop-regulator.md"));
        ExitCriteria ec = ExitCriteriaCheck.check("wp.md", wp, null);
        assertThat(ec.met()).isTrue();
        assertThat(ec.detail()).contains("all 9 tasks");
    }

    @Test
    void parse_wellFormedFrontMatter_noWarnings() throws Exception {
        String text = """
                ---
                id: LOOP-WP-0001
                tasks:
                  - id: T01
                    status: done
                    title: first
                  - id: T02
                    status: in_progress
                    title: second
                ---
                # body
                """;
        Workplan wp = WorkplanParser.parse("wp.md", text);
        assertThat(wp.warnings()).isEmpty();
        assertThat(wp.tasks()).extracting(Workplan.Task::id, Workplan.Task::done)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("T01", true), org.assertj.core.groups.Tuple.tuple("T02", false));
        ExitCriteria ec = ExitCriteriaCheck.check("wp.md", wp, List.of("T01", "T02", "T09"));
        assertThat(ec.met()).isFalse();
        assertThat(ec.notDone()).containsExactly("T02 (in_progress)", "T09 (not in the workplan)");
        assertThat(ExitCriteriaCheck.check("wp.md", wp, List.of("T01")).met()).isTrue();
    }

    @Test
    void parse_frontMatterAndBlockDisagree_notDoneAndWarned() throws Exception {
        String text = """
                ---
                id: WP-9
                tasks:
                  - id: T01
                    status: done
                ---
                ```task
                id: WP-9-T01
                status: in_progress
                ```
                """;
        Workplan wp = WorkplanParser.parse("wp.md", text);
        assertThat(wp.task("T01").orElseThrow().done()).isFalse();
        assertThat(wp.warnings()).extracting(Workplan.Note::message).anyMatch(m -> m.contains("in its task block"));
    }

    @Test
    void parse_unclosedFrontMatter_errorWithLine() {
        assertThatThrownBy(() -> WorkplanParser.parse("wp.md", "---\nid: x\n"))
                .isInstanceOf(WorkplanParser.WorkplanException.class)
                .hasMessageContaining("never closed");
    }

    @Test
    void parse_brokenYamlThatCannotBeRepaired_errorWithLine() {
        assertThatThrownBy(() -> WorkplanParser.parse("wp.md", "---\nid: [unclosed\ntasks: x\n---\n"))
                .isInstanceOfSatisfying(WorkplanParser.WorkplanException.class, e -> assertThat(e.line()).isGreaterThan(1))
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void parse_noFrontMatterNoBlocks_error() {
        assertThatThrownBy(() -> WorkplanParser.parse("wp.md", "# just a title\n"))
                .hasMessageContaining("no front matter");
    }

    @Test
    void check_workplanWithoutTasks_notMet() throws Exception {
        Workplan wp = WorkplanParser.parse("wp.md", "---\nid: x\n---\n");
        assertThat(ExitCriteriaCheck.check("wp.md", wp, null).met()).isFalse();
    }
}
