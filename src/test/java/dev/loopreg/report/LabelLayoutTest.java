package dev.loopreg.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Chart labels never overlap and never run off the chart. */
class LabelLayoutTest {

    @Provide
    Arbitrary<List<LabelLayout.Label>> labels() {
        Arbitrary<LabelLayout.Label> l = Combinators.combine(Arbitraries.doubles().between(40, 600),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(120)).as(LabelLayout.Label::new);
        return l.list().ofMaxSize(30);
    }

    @Property(tries = 500)
    void placedLabels_neverOverlap_andStayInside(@ForAll("labels") List<LabelLayout.Label> labels) {
        List<LabelLayout.Placed> out = LabelLayout.place(labels, 40, 600, 3, 5.5);
        assertThat(out).hasSize(labels.size());
        for (int i = 0; i < out.size(); i++) {
            LabelLayout.Placed a = out.get(i);
            assertThat(a.label()).isEqualTo(labels.get(i));
            if (!a.shown()) continue;
            assertThat(a.left()).isGreaterThanOrEqualTo(40);
            assertThat(a.right()).isLessThanOrEqualTo(600);
            assertThat(a.right() - a.left()).isCloseTo(a.text().length() * 5.5, org.assertj.core.data.Offset.offset(1e-6));
            assertThat(a.row()).isBetween(0, 2);
            for (int j = i + 1; j < out.size(); j++) {
                LabelLayout.Placed b = out.get(j);
                if (!b.shown() || b.row() != a.row()) continue;
                assertThat(a.right() <= b.left() || b.right() <= a.left()).as(a + " and " + b).isTrue();
            }
        }
    }

    @Test
    void aLabelAtTheRightEdge_goesLeftOfItsLine_andCrowdedOnesTakeTheNextRow() {
        List<LabelLayout.Placed> out = LabelLayout.place(List.of(new LabelLayout.Label(100, "DEC-001 promotion"),
                new LabelLayout.Label(110, "DEC-002 approved"), new LabelLayout.Label(590, "DEC-003 demotion")), 40, 600, 2, 5.5);
        assertThat(out.get(0).row()).isZero();
        assertThat(out.get(0).anchor()).isEqualTo("start");
        assertThat(out.get(1).row()).isEqualTo(1);
        assertThat(out.get(2).anchor()).isEqualTo("end");
        assertThat(out.get(2).right()).isLessThan(590);
        // a third label in the same place finds no row: its line stays, its text does not
        List<LabelLayout.Placed> crowded = LabelLayout.place(List.of(new LabelLayout.Label(100, "aaaa"), new LabelLayout.Label(100, "bbbb"),
                new LabelLayout.Label(100, "cccc")), 40, 600, 2, 5.5);
        assertThat(crowded.get(2).shown()).isFalse();
        // a label longer than the chart is shortened
        LabelLayout.Placed longOne = LabelLayout.place(List.of(new LabelLayout.Label(50, "x".repeat(500))), 40, 600, 1, 5.5).get(0);
        assertThat(longOne.text()).endsWith("…");
        assertThat(longOne.right()).isLessThanOrEqualTo(600);
    }
}
