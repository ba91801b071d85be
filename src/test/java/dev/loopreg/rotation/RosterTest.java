package dev.loopreg.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopreg.format.Problem;
import dev.loopreg.format.YamlDoc;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RosterTest {

    static final Instant NOW = Instant.parse("2026-07-20T10:00:00Z");

    static final String TEXT = """
            # Pilot roster (DEC-001, option A)
            # kept by the platform team
            active:
              - repo: repo-a
                since: "2026-06-18T00:00:00Z"
                priority: normal
                owner: team-x
              - repo-b
              - {repo: repo-c, since: "2026-06-18T00:00:00Z"}
            expansion_queue:
              - repo-d      # next
              - repo: repo-e
            saturated: []
            """;

    static Roster parse(String text, List<Problem> problems) throws YamlDoc.SyntaxException {
        return RosterCodec.read(YamlDoc.parse("loops/kaizen-stack/roster.yaml", text), problems);
    }

    @Test
    void read_namesAndMappings_keepsUnknownKeys() throws Exception {
        List<Problem> problems = new ArrayList<>();
        Roster r = parse(TEXT, problems);
        assertThat(problems).isEmpty();
        assertThat(r.active()).extracting(Roster.Entry::repo).containsExactly("repo-a", "repo-b", "repo-c");
        assertThat(r.queue()).extracting(Roster.Entry::repo).containsExactly("repo-d", "repo-e");
        assertThat(r.active().get(0).since()).isEqualTo(Instant.parse("2026-06-18T00:00:00Z"));
        assertThat(r.active().get(0).other()).containsOnlyKeys("owner");
        assertThat(r.statusOf("repo-e")).contains(Roster.QUEUE);
        assertThat(r.statusOf("repo-z")).isEmpty();
    }

    @Test
    void rotate_movesToSaturated_promotesQueueHeadElevated() throws Exception {
        Roster r = parse(TEXT, new ArrayList<>());
        Roster.Rotation rot = r.rotate("repo-a", NOW, "DEC-004", 3);
        Roster after = rot.after();
        assertThat(after.active()).extracting(Roster.Entry::repo).containsExactly("repo-b", "repo-c", "repo-d");
        assertThat(after.queue()).extracting(Roster.Entry::repo).containsExactly("repo-e");
        assertThat(after.saturated()).extracting(Roster.Entry::repo).containsExactly("repo-a");
        assertThat(rot.saturated().saturatedAt()).isEqualTo(NOW);
        assertThat(rot.saturated().decision()).isEqualTo("DEC-004");
        assertThat(rot.saturated().other()).containsOnlyKeys("owner");
        assertThat(rot.promoted().repo()).isEqualTo("repo-d");
        assertThat(rot.promoted().priority()).isEqualTo(Roster.ELEVATED);
        assertThat(rot.promoted().since()).isEqualTo(NOW);
        assertThat(rot.note()).isNull();
        // the original is unchanged
        assertThat(r.active()).hasSize(3);
    }

    @Test
    void rotate_emptyQueue_pausesWithoutPromotion() throws Exception {
        Roster r = new Roster(List.of(Roster.Entry.of("repo-a")), List.of(), List.of());
        Roster.Rotation rot = r.rotate("repo-a", NOW, "DEC-001", 3);
        assertThat(rot.promoted()).isNull();
        assertThat(rot.note()).contains("queue is empty");
        assertThat(rot.after().active()).isEmpty();
    }

    @Test
    void rotate_atMaxActive_keepsQueueHeadQueued() throws Exception {
        Roster r = parse(TEXT, new ArrayList<>());
        Roster.Rotation rot = r.rotate("repo-a", NOW, "DEC-004", 2);
        assertThat(rot.promoted()).isNull();
        assertThat(rot.note()).isEqualTo("2 repos are still active (max_active 2): repo-d stays first in the queue");
        assertThat(rot.after().queue()).extracting(Roster.Entry::repo).containsExactly("repo-d", "repo-e");
    }

    @Test
    void rotate_repoNotActive_refused_unknownRepo_badInput() throws Exception {
        Roster r = parse(TEXT, new ArrayList<>());
        assertThatThrownBy(() -> r.rotate("repo-d", NOW, "DEC-1", 3)).isInstanceOf(Roster.MoveException.class)
                .hasMessage("repo 'repo-d' is in expansion_queue, not in active; active repos: repo-a, repo-b, repo-c")
                .matches(e -> ((Roster.MoveException) e).refused());
        assertThatThrownBy(() -> r.rotate("repo-z", NOW, "DEC-1", 3))
                .hasMessageStartingWith("repo 'repo-z' is not on the roster")
                .matches(e -> !((Roster.MoveException) e).refused());
    }

    @Test
    void revisit_saturatedGoesToQueueHead_withReason() throws Exception {
        Roster r = parse(TEXT, new ArrayList<>()).rotate("repo-a", NOW, "DEC-004", 3).after();
        Roster back = r.revisit("repo-a", NOW.plusSeconds(3600), "DEC-005", "CI regression on main");
        assertThat(back.saturated()).isEmpty();
        assertThat(back.queue()).extracting(Roster.Entry::repo).containsExactly("repo-a", "repo-e");
        assertThat(back.queue().get(0).reason()).isEqualTo("CI regression on main");
        assertThat(back.queue().get(0).requeuedAt()).isEqualTo(NOW.plusSeconds(3600));
        assertThatThrownBy(() -> back.revisit("repo-b", NOW, "DEC-6", "x")).hasMessageContaining("is in active, not in saturated");
    }

    @Test
    void render_thenRead_roundTripsAndKeepsHeader() throws Exception {
        Roster r = parse(TEXT, new ArrayList<>()).rotate("repo-a", NOW, "DEC-004", 3).after();
        String text = RosterCodec.render(r, RosterCodec.header(TEXT));
        assertThat(text).startsWith("# Pilot roster (DEC-001, option A)\n# kept by the platform team\nactive:");
        assertThat(text).contains("    saturated_at: \"2026-07-20T10:00:00Z\"\n").contains("    owner: \"team-x\"\n");
        List<Problem> problems = new ArrayList<>();
        assertThat(parse(text, problems)).isEqualTo(r);
        assertThat(problems).isEmpty();
        // rendering is stable
        assertThat(RosterCodec.render(parse(text, problems), RosterCodec.header(text))).isEqualTo(text);
    }

    @Test
    void read_badInput_namesTheLine() throws Exception {
        List<Problem> problems = new ArrayList<>();
        String twice = "active: [repo-a]\nexpansion_queue:\n  - repo-b\n  - repo-a\n";
        assertThat(parse(twice, problems)).isNull();
        assertThat(problems).extracting(Problem::toString)
                .containsExactly("loops/kaizen-stack/roster.yaml:4: repo 'repo-a' is listed twice (also in active); expected each repo once");

        problems.clear();
        assertThat(parse("active:\n  - repo: ../etc\n", problems)).isNull();
        assertThat(problems.get(0).toString()).contains(":2: active[0]: '../etc' is not a repo name");

        problems.clear();
        assertThat(parse("active:\n  - repo: a\n    since: yesterday\n", problems)).isNull();
        assertThat(problems.get(0).toString()).contains(":3: since: 'yesterday' is not an instant");

        problems.clear();
        assertThat(parse("active: repo-a\n", problems)).isNull();
        assertThat(problems.get(0).toString()).contains(":1: active is not a list");

        problems.clear();
        assertThat(parse("active:\n  - repo: a\n    priority: urgent\n", problems)).isNull();
        assertThat(problems.get(0).toString()).contains(":3: active[0].priority: 'urgent' is not a priority; expected normal | elevated");
    }
}
