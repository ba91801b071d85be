package dev.loopreg.health;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Open tasks that nobody marked as duplicates but whose titles are near-identical (pure). Reported
 * beside the false-positive rate, never inside it: the seed defines the rate by marked duplicates only.
 *
 * <p>Titles are normalized (case, accents, punctuation, word order and repeated spaces do not count);
 * two titles are near-identical when their normalized forms are equal or their Levenshtein similarity
 * {@code 1 - distance / longer length} is at least the threshold (0.9 by default).
 */
public final class LikelyDuplicates {

    /** A set of open tasks with near-identical titles. */
    public record Group(String title, List<String> taskIds) {
        public Group {
            taskIds = List.copyOf(taskIds);
        }

        /** The tasks beyond the first: how many the group would be if the others were closed as duplicates. */
        public int extra() {
            return taskIds.size() - 1;
        }
    }

    private LikelyDuplicates() {
    }

    /** Groups of near-identical open, unmarked tasks, ordered by their first task id. */
    public static List<Group> find(Collection<Task> tasks, double similarity) {
        List<Task> open = tasks.stream().filter(t -> t.isOpen() && !t.markedDuplicate())
                .sorted(Comparator.comparing(Task::id)).toList();
        // exact normalized titles first: one bucket each
        Map<String, List<Task>> buckets = new TreeMap<>();
        for (Task t : open) {
            String key = normalize(t.title());
            if (!key.isEmpty()) {
                buckets.computeIfAbsent(key, k -> new ArrayList<>()).add(t);
            }
        }
        List<String> keys = new ArrayList<>(buckets.keySet());
        int[] parent = new int[keys.size()];
        for (int i = 0; i < parent.length; i++) parent[i] = i;
        if (similarity < 1.0) {
            List<String> byLength = new ArrayList<>(keys);
            byLength.sort(Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder()));
            Map<String, Integer> index = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) index.put(keys.get(i), i);
            for (int i = 0; i < byLength.size(); i++) {
                String a = byLength.get(i);
                for (int j = i + 1; j < byLength.size(); j++) {
                    String b = byLength.get(j);
                    int longer = b.length();
                    int allowed = (int) Math.floor((1.0 - similarity) * longer + 1e-9);
                    if (b.length() - a.length() > allowed) {
                        break; // sorted by length: every later one is longer still
                    }
                    int d = new LevenshteinDistance(allowed).apply(a, b);
                    if (d >= 0) {
                        union(parent, index.get(a), index.get(b));
                    }
                }
            }
        }
        Map<Integer, List<Task>> groups = new TreeMap<>();
        for (int i = 0; i < keys.size(); i++) {
            int root = find(parent, i);
            groups.computeIfAbsent(root, k -> new ArrayList<>()).addAll(buckets.get(keys.get(i)));
        }
        List<Group> out = new ArrayList<>();
        for (var e : groups.entrySet()) {
            List<Task> members = e.getValue();
            if (members.size() < 2) continue;
            members.sort(Comparator.comparing(Task::id));
            out.add(new Group(members.get(0).title(), members.stream().map(Task::id).toList()));
        }
        out.sort(Comparator.comparing(g -> g.taskIds().get(0)));
        return out;
    }

    /** The number of extra tasks over all groups. */
    public static long count(List<Group> groups) {
        return groups.stream().mapToLong(Group::extra).sum();
    }

    /** Lower case, no accents, letters and digits only, words sorted, single spaces. */
    public static String normalize(String title) {
        String t = Normalizer.normalize(title == null ? "" : title, Normalizer.Form.NFKD)
                .replaceAll("\\p{M}+", "")
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N}]+", " ")
                .strip();
        if (t.isEmpty()) return t;
        String[] words = t.split(" ");
        Arrays.sort(words);
        return String.join(" ", words);
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
}
