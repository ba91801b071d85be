package dev.loopreg.health;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
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
            for (int[] pair : candidates(keys, similarity)) {
                String a = keys.get(pair[0]);
                String b = keys.get(pair[1]);
                int longer = Math.max(a.length(), b.length());
                int allowed = (int) Math.floor((1.0 - similarity) * longer + 1e-9);
                if (Math.abs(a.length() - b.length()) > allowed) continue;
                if (distance(allowed).apply(a, b) >= 0) {
                    union(parent, pair[0], pair[1]);
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

    /** Q-gram length of the candidate filter. */
    static final int Q = 3;

    private static final Map<Integer, LevenshteinDistance> DISTANCES = new java.util.concurrent.ConcurrentHashMap<>();

    private static LevenshteinDistance distance(int threshold) {
        return DISTANCES.computeIfAbsent(threshold, LevenshteinDistance::new);
    }

    /**
     * Pairs that may be within the allowed edit distance: a prefix filter over q-grams (as in Ed-Join).
     * An edit destroys at most {@code Q} q-grams, so two strings within {@code k} edits share a q-gram
     * among the {@code Q·k + 1} globally rarest grams of each; only such pairs are compared. Strings too
     * short to have {@code Q·k + 1} grams are compared with every other string.
     */
    static List<int[]> candidates(List<String> keys, double similarity) {
        List<List<String>> grams = new ArrayList<>();
        Map<String, Integer> frequency = new java.util.HashMap<>();
        for (String k : keys) {
            List<String> g = new ArrayList<>();
            Map<String, Integer> seen = new java.util.HashMap<>();
            for (int i = 0; i + Q <= k.length(); i++) {
                String gram = k.substring(i, i + Q);
                g.add(gram + "#" + seen.merge(gram, 1, Integer::sum)); // a multiset: number repeated grams
            }
            g.forEach(x -> frequency.merge(x, 1, Integer::sum));
            grams.add(g);
        }
        Comparator<String> rarestFirst = Comparator.<String>comparingInt(frequency::get).thenComparing(Comparator.naturalOrder());
        Map<String, List<Integer>> index = new java.util.HashMap<>();
        List<Integer> unfiltered = new ArrayList<>();
        java.util.Set<Long> pairs = new java.util.TreeSet<>();
        for (int i = 0; i < keys.size(); i++) {
            List<String> g = new ArrayList<>(grams.get(i));
            g.sort(rarestFirst);
            // the most edits any pair with this string may need: the longer string is at most len / similarity
            int k = (int) Math.floor((1.0 - similarity) * keys.get(i).length() / similarity + 1e-9);
            int prefix = Q * k + 1;
            if (g.size() < prefix) {
                unfiltered.add(i);
                continue;
            }
            for (String gram : g.subList(0, prefix)) {
                index.computeIfAbsent(gram, x -> new ArrayList<>()).add(i);
            }
        }
        for (List<Integer> ids : index.values()) {
            for (int x = 0; x < ids.size(); x++) {
                for (int y = x + 1; y < ids.size(); y++) {
                    pairs.add(pairKey(ids.get(x), ids.get(y)));
                }
            }
        }
        for (int u : unfiltered) {
            for (int j = 0; j < keys.size(); j++) {
                if (j != u) pairs.add(pairKey(u, j));
            }
        }
        List<int[]> out = new ArrayList<>(pairs.size());
        for (long p : pairs) {
            out.add(new int[] {(int) (p >>> 32), (int) (p & 0xffffffffL)});
        }
        return out;
    }

    private static long pairKey(int a, int b) {
        int lo = Math.min(a, b);
        int hi = Math.max(a, b);
        return ((long) lo << 32) | hi;
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
