package dev.loopreg.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LikelyDuplicatesTest {

    static Task open(String id, String title) {
        return new Task(id, title, Instant.parse("2026-06-25T10:00:00Z"), Task.Status.OPEN, null, null);
    }

    @Test
    void normalize_ignoresCaseAccentsPunctuationAndWordOrder() {
        assertThat(LikelyDuplicates.normalize("Fix: flaky   test in Café-Module!"))
                .isEqualTo(LikelyDuplicates.normalize("cafe module — fix flaky TEST in"));
    }

    @Test
    void find_groupsNearIdenticalOpenTitles() {
        List<LikelyDuplicates.Group> g = LikelyDuplicates.find(List.of(
                open("T3", "Upgrade jackson-databind to 2.18 in registry"),
                open("T1", "Upgrade jackson databind to 2.18 in registry."),
                open("T2", "Upgrade jackson-databind to 2.18 in the registry"),
                open("T9", "Rotate the signing key of the release pipeline")), 0.9);
        assertThat(g).hasSize(1);
        assertThat(g.get(0).taskIds()).containsExactly("T1", "T2", "T3");
        assertThat(LikelyDuplicates.count(g)).isEqualTo(2);
    }

    @Test
    void find_leavesClearlyDifferentTasksAlone() {
        List<LikelyDuplicates.Group> g = LikelyDuplicates.find(List.of(
                open("T1", "Add retries to the state-hub client"),
                open("T2", "Add paging to the state-hub client"),
                open("T3", "Document the webhook payload")), 0.9);
        assertThat(g).isEmpty();
    }

    @Test
    void find_ignoresClosedAndAlreadyMarkedTasks() {
        Instant c = Instant.parse("2026-06-25T10:00:00Z");
        List<LikelyDuplicates.Group> g = LikelyDuplicates.find(List.of(
                open("T1", "Bump the base image"),
                new Task("T2", "Bump the base image", c, Task.Status.DONE, c.plusSeconds(60), null),
                new Task("T3", "Bump the base image", c, Task.Status.OPEN, null, "T1"),
                new Task("T4", "Bump the base image", c, Task.Status.CANCELLED, null, null)), 0.9);
        assertThat(g).isEmpty();
    }

    @Test
    void find_similarityOne_groupsOnlyEqualNormalizedTitles() {
        List<LikelyDuplicates.Group> g = LikelyDuplicates.find(List.of(
                open("T1", "Bump the base image"), open("T2", "bump THE base-image"), open("T3", "Bump the base images")), 1.0);
        assertThat(g).hasSize(1);
        assertThat(g.get(0).taskIds()).containsExactly("T1", "T2");
    }
}
