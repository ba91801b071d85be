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

    /** The reference: every pair compared. The candidate filter must never lose a group. */
    static List<List<String>> bruteForce(List<Task> tasks, double sim) {
        List<Task> open = tasks.stream().filter(t -> t.isOpen() && !t.markedDuplicate()).sorted(java.util.Comparator.comparing(Task::id)).toList();
        int[] parent = new int[open.size()];
        for (int i = 0; i < parent.length; i++) parent[i] = i;
        for (int i = 0; i < open.size(); i++) {
            for (int j = i + 1; j < open.size(); j++) {
                String a = LikelyDuplicates.normalize(open.get(i).title());
                String b = LikelyDuplicates.normalize(open.get(j).title());
                if (a.isEmpty() || b.isEmpty()) continue;
                int longer = Math.max(a.length(), b.length());
                int d = new org.apache.commons.text.similarity.LevenshteinDistance().apply(a, b);
                if (1.0 - (double) d / longer >= sim - 1e-9) {
                    int ri = root(parent, i), rj = root(parent, j);
                    parent[Math.max(ri, rj)] = Math.min(ri, rj);
                }
            }
        }
        java.util.Map<Integer, List<String>> g = new java.util.TreeMap<>();
        for (int i = 0; i < open.size(); i++) g.computeIfAbsent(root(parent, i), k -> new java.util.ArrayList<>()).add(open.get(i).id());
        return g.values().stream().filter(l -> l.size() > 1).sorted(java.util.Comparator.comparing(l -> l.get(0))).toList();
    }

    static int root(int[] p, int i) {
        while (p[i] != i) i = p[i];
        return i;
    }

    @net.jqwik.api.Property(tries = 200)
    void find_sameGroupsAsComparingEveryPair(@net.jqwik.api.ForAll("titleLists") List<String> titles,
                                             @net.jqwik.api.ForAll("similarities") double sim) {
        List<Task> tasks = new java.util.ArrayList<>();
        for (int i = 0; i < titles.size(); i++) tasks.add(open(String.format("T%03d", i), titles.get(i)));
        assertThat(LikelyDuplicates.find(tasks, sim)).extracting(LikelyDuplicates.Group::taskIds)
                .containsExactlyElementsOf(bruteForce(tasks, sim));
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<List<String>> titleLists() {
        net.jqwik.api.Arbitrary<String> base = net.jqwik.api.Arbitraries.of("bump the base image", "fix flaky test in registry",
                "upgrade jackson to 2.18", "rotate key", "doc", "ab");
        net.jqwik.api.Arbitrary<String> mutated = net.jqwik.api.Combinators.combine(base,
                net.jqwik.api.Arbitraries.strings().withChars("abcxyz -").ofMaxLength(3),
                net.jqwik.api.Arbitraries.integers().between(0, 30)).as((b, ins, at) -> {
                    int p = Math.min(at, b.length());
                    return b.substring(0, p) + ins + b.substring(p);
                });
        return mutated.list().ofMaxSize(12);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Double> similarities() {
        return net.jqwik.api.Arbitraries.of(0.7, 0.8, 0.85, 0.9, 0.95);
    }
}
