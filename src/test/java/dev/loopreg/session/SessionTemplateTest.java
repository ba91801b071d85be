package dev.loopreg.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopreg.format.Problem;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import org.junit.jupiter.api.Test;

class SessionTemplateTest {

    static Map<String, String> values() {
        Map<String, String> v = new LinkedHashMap<>();
        SessionTemplate.PLACEHOLDERS.keySet().forEach(k -> v.put(k, "<" + k + ">"));
        return v;
    }

    @Test
    void render_replacesEveryOccurrence_withSpacesInsideTheBraces() throws Exception {
        SessionTemplate t = SessionTemplate.parse("t.md", "# {{ now }}\n{{dashboard}} and {{now}}\n");
        assertThat(t.render(values())).isEqualTo("# <now>\n<dashboard> and <now>\n");
        assertThat(t.names()).containsExactly("now", "dashboard");
    }

    @Test
    void render_doesNotScanValuesAgain() throws Exception {
        SessionTemplate t = SessionTemplate.parse("t.md", "a {{dashboard}} b");
        Map<String, String> v = values();
        v.put("dashboard", "{{now}} {{unknown}}");
        assertThat(t.render(v)).isEqualTo("a {{now}} {{unknown}} b");
    }

    @Test
    void parse_unknownPlaceholder_namesTheLineAndSuggests() {
        assertThatThrownBy(() -> SessionTemplate.parse("loops/regulator/session-template.md", "# x\n\nsee {{dashbord}}\n"))
                .isInstanceOfSatisfying(SessionTemplate.TemplateException.class, e -> {
                    assertThat(e.problems()).hasSize(1);
                    Problem p = e.problems().get(0);
                    assertThat(p.line()).isEqualTo(3);
                    assertThat(p.toString()).startsWith("loops/regulator/session-template.md:3: unknown placeholder '{{dashbord}}'")
                            .contains("did you mean '{{dashboard}}'?").contains("expected one of {{workspace}}, {{now}}");
                });
    }

    @Test
    void parse_unclosedPlaceholder_namesLineAndColumn() {
        assertThatThrownBy(() -> SessionTemplate.parse("t.md", "ok\nab {{now\n}}\n"))
                .isInstanceOfSatisfying(SessionTemplate.TemplateException.class, e ->
                        assertThat(e.problems()).extracting(Problem::toString)
                                .containsExactly("t.md:2: column 4: '{{' is not closed by '}}' on the same line; expected a placeholder such as {{dashboard}}"));
    }

    @Test
    void parse_reportsEveryBadPlaceholder_notJustTheFirst() {
        assertThatThrownBy(() -> SessionTemplate.parse("t.md", "{{a}}\n{{now}}\n{{b}} {{c\n"))
                .isInstanceOfSatisfying(SessionTemplate.TemplateException.class, e ->
                        assertThat(e.problems()).extracting(Problem::line).containsExactly(1, 3, 3));
    }

    @Test
    void render_missingValue_isACallerBug() throws Exception {
        SessionTemplate t = SessionTemplate.parse("t.md", "{{questions}}");
        assertThatThrownBy(() -> t.render(Map.of())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("questions");
    }

    @Property
    void textWithoutBraces_rendersToItself(@ForAll @Chars({'a', 'z', ' ', '\n', '}', '#', '-'}) @CharRange(from = 'a', to = 'z') String text)
            throws Exception {
        assertThat(SessionTemplate.parse("t.md", text).render(values())).isEqualTo(text);
    }

    @Property
    void knownPlaceholderBetweenTexts_isReplacedExactlyThere(@ForAll @CharRange(from = 'a', to = 'z') String before,
                                                             @ForAll @CharRange(from = 'a', to = 'z') String after,
                                                             @ForAll("names") String name) throws Exception {
        String out = SessionTemplate.parse("t.md", before + "{{" + name + "}}" + after).render(values());
        assertThat(out).isEqualTo(before + "<" + name + ">" + after);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> names() {
        return net.jqwik.api.Arbitraries.of(SessionTemplate.PLACEHOLDERS.keySet());
    }
}
