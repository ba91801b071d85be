package dev.loopreg.workplan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Workplans as real editors and copies leave them, read as a CommonMark reader and a YAML parser would. */
class RealWorldWorkplanTest {

    static final String PLAN = """
            ---
            id: WP-1
            tasks:
              - id: T01
                status: done
                title: first
              - id: T02
                status: done
                title: second
            ---
            # Workplan

            ```task
            id: WP-1-T01
            status: done
            ```
            """;

    static List<String> done(Workplan wp) {
        return wp.tasks().stream().map(t -> t.id() + ":" + t.status() + "/" + t.blockStatus()).toList();
    }

    @Test
    void aByteOrderMark_isSkipped() throws Exception {
        Workplan wp = WorkplanParser.parse("wp.md", "\uFEFF" + PLAN);
        assertThat(wp.id()).isEqualTo("WP-1");
        assertThat(done(wp)).containsExactly("T01:done/done", "T02:done/null");
        assertThat(wp.warnings()).isEmpty();
    }

    @Test
    void crlfAndCrEndings_readAsLf_withTheSameLines() throws Exception {
        Workplan lf = WorkplanParser.parse("wp.md", PLAN);
        Workplan crlf = WorkplanParser.parse("wp.md", PLAN.replace("\n", "\r\n"));
        Workplan cr = WorkplanParser.parse("wp.md", PLAN.replace("\n", "\r"));
        assertThat(done(crlf)).isEqualTo(done(lf));
        assertThat(done(cr)).isEqualTo(done(lf));
        assertThat(crlf.tasks()).extracting(Workplan.Task::line).isEqualTo(lf.tasks().stream().map(Workplan.Task::line).toList());
        assertThat(crlf.tasks()).extracting(Workplan.Task::status).doesNotContain("done\r");
    }

    @Test
    void aTabThatIndents_isAnErrorNamingTheTab() {
        String tabbed = PLAN.replace("    status: done\n    title: second", "\tstatus: done\n    title: second");
        assertThatThrownBy(() -> WorkplanParser.parse("wp.md", tabbed))
                .isInstanceOfSatisfying(WorkplanParser.WorkplanException.class, e -> assertThat(e.line()).isEqualTo(8))
                .hasMessage("a tab character indents line 8 (column 1); YAML indents with spaces only — replace the tab with spaces");
    }

    @Test
    void aTaskFenceInsideAnotherFence_isAnExample_notATask() throws Exception {
        String text = PLAN + """

                How to write a task block:

                ````markdown
                ```task
                id: WP-1-T09
                status: done
                ```
                ````

                ~~~
                ```task
                id: T10
                status: done
                ```
                ~~~
                """;
        Workplan wp = WorkplanParser.parse("wp.md", text);
        assertThat(wp.tasks()).extracting(Workplan.Task::id).containsExactly("T01", "T02");
    }

    @Test
    void taskBlocksInAListOrAQuote_andLongerFences_countAsAMarkdownReaderSeesThem() throws Exception {
        String text = PLAN + """

                - step one:

                  ```task
                  id: T03
                  status: in_progress
                  ```

                > ````task
                > id: T04
                > status: done
                > ````
                """;
        Workplan wp = WorkplanParser.parse("wp.md", text);
        assertThat(done(wp)).contains("T03:null/in_progress", "T04:null/done");
        assertThat(wp.tasks()).filteredOn(t -> t.id().equals("T03")).singleElement()
                .satisfies(t -> assertThat(t.line()).isEqualTo(PLAN.split("\n", -1).length + 4));
    }

    @Test
    void sectionBreaksWithoutFrontMatter_areNotFrontMatter() throws Exception {
        String text = """
                # Workplan WP-2

                Some text.

                ---

                ## Tasks

                ```task
                id: T01
                status: done
                ```

                ---

                The end.
                """;
        Workplan wp = WorkplanParser.parse("wp.md", text);
        assertThat(wp.id()).isNull();
        assertThat(done(wp)).containsExactly("T01:null/done");
        assertThat(wp.warnings()).isEmpty();
    }

    @Test
    void frontMatterAfterACopiedPage_isStillFound_butASetextUnderlineIsNot() throws Exception {
        String copied = "Raw Blame History\nThis file contains text\n" + PLAN;
        Workplan wp = WorkplanParser.parse("wp.md", copied);
        assertThat(wp.id()).isEqualTo("WP-1");
        assertThat(wp.warnings()).extracting(Workplan.Note::message).anyMatch(m -> m.startsWith("front matter starts at line 3"));
        String setext = "Tasks\n---\n\n```task\nid: T01\nstatus: done\n```\n\nMore\n---\n";
        assertThat(done(WorkplanParser.parse("wp.md", setext))).containsExactly("T01:null/done");
    }

    /** Line endings and a byte-order mark never change what is read. */
    @Property(tries = 100)
    void lineEndingsAndBom_neverChangeTheTasks(@ForAll boolean bom, @ForAll("endings") String eol) throws Exception {
        String text = (bom ? "\uFEFF" : "") + PLAN.lines().collect(Collectors.joining(eol)) + eol;
        assertThat(done(WorkplanParser.parse("wp.md", text))).isEqualTo(done(WorkplanParser.parse("wp.md", PLAN)));
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> endings() {
        return net.jqwik.api.Arbitraries.of("\n", "\r\n", "\r");
    }
}
