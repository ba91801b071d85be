package dev.loopreg.decision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopreg.health.Phase;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class CheckboxesProperties {

    @Provide
    Arbitrary<PendingAction> actions() {
        Arbitrary<String> ids = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> text = Arbitraries.strings().withChars("abc xyz-—→:<>()[]`\"'#").ofMaxLength(40);
        Arbitrary<Instant> at = Arbitraries.longs().between(0, 4_000_000_000L).map(Instant::ofEpochSecond).injectNull(0.2);
        Arbitrary<Boolean> b = Arbitraries.of(true, false);
        Arbitrary<PendingAction> promote = Combinators.combine(ids, Arbitraries.of(Phase.STABILIZE, Phase.OPERATE), at, b, text)
                .as(PendingAction.Promote::new);
        Arbitrary<PendingAction> demote = Combinators.combine(ids, at, b, text).as((i, t, a, d) -> new PendingAction.Demote(i, Phase.BOOTSTRAP, t, a, d));
        Arbitrary<PendingAction> rotate = Combinators.combine(ids, at, b, text).as(PendingAction.Rotate::new);
        Arbitrary<PendingAction> noise = Combinators.combine(Arbitraries.integers().between(1, 999), ids, text)
                .as((n, l, s) -> new PendingAction.ResolveNoise(String.format("NOI-%03d", n), l, s, "disable"));
        return Arbitraries.oneOf(promote, demote, rotate, noise);
    }

    @Property
    void render_thenRead_givesTheIdAndTheTick(@ForAll("actions") PendingAction a) {
        String md = "# Dashboard\n\n## Pending actions\n\n" + Checkboxes.render(a) + "\n\n## Loops\n";
        List<Checkboxes.Box> boxes = Checkboxes.read(md);
        assertThat(boxes).singleElement().satisfies(b -> {
            assertThat(b.id()).isEqualTo(a.id());
            assertThat(b.ticked()).isEqualTo(a.approved());
            assertThat(b.line()).isEqualTo(5);
        });
        // what loopreg renders is never a new tick: only a person's is
        assertThat(Checkboxes.ticked(md)).isEmpty();
    }

    @Property
    void aPersonsTick_isRead(@ForAll("actions") PendingAction a, @ForAll boolean upper) {
        String line = Checkboxes.render(a).replace("- [ ]", upper ? "- [X]" : "- [x]");
        if (a.approved()) {
            assertThat(Checkboxes.ticked(line + "\r\n")).isEmpty();
        } else {
            assertThat(Checkboxes.ticked(line + "\r\n")).extracting(Checkboxes.Box::id).containsExactly(a.id());
        }
    }

    @Test
    void read_ignoresBoxesWithoutAnIdAndOtherComments() {
        String md = "- [x] a plain task\n- [x] x <!-- another:comment y -->\n* [x] starred <!-- loopreg:action rotate:repo-a:- -->\n";
        assertThat(Checkboxes.read(md)).extracting(Checkboxes.Box::id, Checkboxes.Box::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("rotate:repo-a:-", 3));
    }

    /** Documents of boxes, marker-less lines, blank lines and stray markers, with LF or CRLF endings. */
    @Provide
    Arbitrary<String> documents() {
        Arbitrary<String> line = Arbitraries.oneOf(actions().map(Checkboxes::render),
                actions().map(a -> Checkboxes.render(a).replace("- [ ]", "- [x]")),
                Arbitraries.of("", "# Dashboard", "| loop | phase |", "loopreg:action", "- [x] two <!-- loopreg:action a --> <!-- loopreg:action b -->",
                        "text loopreg:action x -->", "- [ ] <!-- loopreg:action -->"));
        return Combinators.combine(line.list().ofMaxSize(30), Arbitraries.of("\n", "\r\n"), Arbitraries.of(true, false))
                .as((lines, nl, last) -> String.join(nl, lines) + (last ? nl : ""));
    }

    /** Reading only the lines that hold the marker finds what reading every line finds, with the same line numbers. */
    @Property
    void read_findsWhatEveryLineHolds(@ForAll("documents") String md) {
        List<Checkboxes.Box> expected = new java.util.ArrayList<>();
        int n = 0;
        for (String line : md.split("\n", -1)) {
            n++;
            if (!line.contains("loopreg:action")) continue;
            List<Checkboxes.Box> one = Checkboxes.read(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
            for (Checkboxes.Box b : one) expected.add(new Checkboxes.Box(b.id(), b.ticked(), n, b.label(), b.rendered()));
        }
        assertThat(Checkboxes.read(md)).isEqualTo(expected);
    }
}
