package dev.loopreg.workplan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.format.YamlDoc;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a workplan in the seed's format. It is lenient where real workplans are damaged in known
 * ways and says so in {@link Workplan#warnings()}:
 * <ul>
 *   <li>text before the front matter (a copy of a web page) is skipped up to the first {@code ---} line;</li>
 *   <li>a front-matter list whose items lost their indentation ({@code - id: T01} then {@code status: done}
 *       at column 0) is read as if indented;</li>
 *   <li>{@code ```task} blocks in the body are read too; their ids may carry the workplan id as a prefix
 *       ({@code LOOP-WP-0004-T01} is task {@code T01}).</li>
 * </ul>
 * Pure: parses text.
 */
public final class WorkplanParser {

    /** The workplan cannot be read at all. */
    public static final class WorkplanException extends Exception {
        private final int line;

        public WorkplanException(int line, String message) {
            super(message);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }

    private static final Pattern LIST_ITEM_AT_COL0 = Pattern.compile("^- ([A-Za-z_][\\w-]*):(\\s.*|)$");
    private static final Pattern KEY_AT_COL0 = Pattern.compile("^([A-Za-z_][\\w-]*):(\\s.*|)$");
    private static final Pattern TASK_FENCE = Pattern.compile("^\\s*```\\s*task\\s*$");
    private static final Pattern FENCE_END = Pattern.compile("^\\s*```\\s*$");

    private WorkplanParser() {
    }

    public static Workplan parse(String path, String text) throws WorkplanException {
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        List<Workplan.Note> notes = new ArrayList<>();

        int start = -1;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].strip().equals("---")) {
                start = i;
                break;
            }
        }
        int end = -1;
        if (start >= 0) {
            for (int i = start + 1; i < lines.length; i++) {
                String s = lines[i].strip();
                if (s.equals("---") || s.equals("...")) {
                    end = i;
                    break;
                }
            }
        }
        Map<String, String[]> fm = new LinkedHashMap<>(); // id -> {status, title, line}
        String workplanId = null;
        if (start >= 0 && end > start) {
            if (start > 0) {
                notes.add(new Workplan.Note(start + 1, "front matter starts at line " + (start + 1) + " after " + start
                        + " lines of other text (a copied web page?); read from there"));
            }
            String yaml = String.join("\n", java.util.Arrays.copyOfRange(lines, start + 1, end));
            YamlDoc doc;
            try {
                doc = YamlDoc.parse(path, yaml, start + 1);
            } catch (YamlDoc.SyntaxException strict) {
                Repair repair = reindentFlattenedLists(java.util.Arrays.copyOfRange(lines, start + 1, end));
                if (repair.changed.isEmpty()) {
                    throw new WorkplanException(strict.problem().line(), strict.problem().message());
                }
                try {
                    doc = YamlDoc.parse(path, String.join("\n", repair.lines), start + 1);
                } catch (YamlDoc.SyntaxException again) {
                    throw new WorkplanException(strict.problem().line(), strict.problem().message());
                }
                for (String key : repair.changed.keySet()) {
                    int[] span = repair.changed.get(key);
                    notes.add(new Workplan.Note(start + 2 + span[0], "front matter list '" + key + "' has lost its indentation (lines "
                            + (start + 2 + span[0]) + "-" + (start + 2 + span[1]) + "); read as if its items were indented"));
                }
            }
            JsonNode root = doc.root();
            if (!root.isObject()) {
                throw new WorkplanException(start + 2, "front matter is not a mapping; expected keys such as id and tasks");
            }
            workplanId = root.path("id").isValueNode() ? root.path("id").asText() : null;
            JsonNode tasks = root.path("tasks");
            if (!tasks.isMissingNode() && !tasks.isNull()) {
                if (!tasks.isArray()) {
                    throw new WorkplanException(doc.lineOf("/tasks"), "tasks is not a list; expected items with id, status, title");
                }
                for (int i = 0; i < tasks.size(); i++) {
                    JsonNode t = tasks.get(i);
                    int line = doc.lineOf("/tasks/" + i);
                    if (!t.isObject() || !t.path("id").isValueNode() || t.path("id").isNull()) {
                        notes.add(new Workplan.Note(line, "task item " + (i + 1) + " has no id; skipped"));
                        continue;
                    }
                    String id = t.get("id").asText();
                    String status = t.path("status").isValueNode() ? t.path("status").asText() : null;
                    String title = t.path("title").isValueNode() ? t.path("title").asText() : "";
                    if (fm.containsKey(id)) {
                        notes.add(new Workplan.Note(line, "task " + id + " is listed twice in the front matter; the first is used"));
                        continue;
                    }
                    fm.put(id, new String[] {status, title, Integer.toString(line)});
                }
            }
        } else if (start >= 0) {
            throw new WorkplanException(start + 1, "front matter opened with --- is never closed; expected a second --- line");
        }

        // ```task blocks in the body
        Map<String, String[]> blocks = new LinkedHashMap<>();
        for (int i = Math.max(end + 1, 0); i < lines.length; i++) {
            if (!TASK_FENCE.matcher(lines[i]).matches()) {
                continue;
            }
            int j = i + 1;
            while (j < lines.length && !FENCE_END.matcher(lines[j]).matches()) {
                j++;
            }
            String body = String.join("\n", java.util.Arrays.copyOfRange(lines, i + 1, Math.min(j, lines.length)));
            try {
                JsonNode b = YamlDoc.parse(path, body, i + 1).root();
                if (b.isObject() && b.path("id").isValueNode()) {
                    String id = b.get("id").asText();
                    if (workplanId != null && id.startsWith(workplanId + "-")) {
                        id = id.substring(workplanId.length() + 1);
                    }
                    String status = b.path("status").isValueNode() ? b.path("status").asText() : null;
                    blocks.putIfAbsent(id, new String[] {status, Integer.toString(i + 2)});
                } else {
                    notes.add(new Workplan.Note(i + 1, "task block without an id; skipped"));
                }
            } catch (YamlDoc.SyntaxException e) {
                notes.add(new Workplan.Note(e.problem().line(), "task block is not valid YAML; skipped: " + e.problem().message()));
            }
            i = j;
        }

        if (start < 0 && blocks.isEmpty()) {
            throw new WorkplanException(1, "no front matter (a --- line) and no ```task blocks; expected the seed workplan format");
        }

        List<Workplan.Task> out = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>(fm.keySet());
        ids.addAll(blocks.keySet());
        for (String id : ids) {
            String[] f = fm.get(id);
            String[] b = blocks.get(id);
            String status = f == null ? null : f[0];
            String blockStatus = b == null ? null : b[0];
            int line = f != null ? Integer.parseInt(f[2]) : Integer.parseInt(b[1]);
            if (status != null && blockStatus != null && !status.equals(blockStatus)) {
                notes.add(new Workplan.Note(line, "task " + id + " is '" + status + "' in the front matter but '" + blockStatus
                        + "' in its task block (line " + b[1] + "); it counts as done only when both say done"));
            }
            out.add(new Workplan.Task(id, status, blockStatus, f == null ? "" : f[1], line));
        }
        return new Workplan(workplanId, out, notes);
    }

    private record Repair(List<String> lines, Map<String, int[]> changed) {
    }

    /**
     * Indents the items of block lists that were flattened to column 0. The keys an item may have are
     * learnt from every item but the last (each runs up to the next {@code - } line); the last item
     * takes only learnt keys it does not have yet, so the next top-level key ends the list.
     */
    static Repair reindentFlattenedLists(String[] in) {
        List<String> out = new ArrayList<>(List.of(in));
        Map<String, int[]> changed = new LinkedHashMap<>();
        int i = 0;
        while (i < in.length) {
            Matcher key = KEY_AT_COL0.matcher(in[i]);
            if (!key.matches() || !key.group(2).isBlank() || i + 1 >= in.length
                    || !LIST_ITEM_AT_COL0.matcher(in[i + 1]).matches()) {
                i++;
                continue;
            }
            // pass 1: the items, each from its "- " line up to the next one (or the end of the key run)
            List<Integer> starts = new ArrayList<>();
            int j = i + 1;
            while (j < in.length && (LIST_ITEM_AT_COL0.matcher(in[j]).matches() || KEY_AT_COL0.matcher(in[j]).matches())) {
                if (in[j].startsWith("- ")) {
                    starts.add(j);
                }
                j++;
            }
            int lastStart = starts.get(starts.size() - 1);
            Set<String> learnt = new LinkedHashSet<>();
            for (int x = i + 1; x < lastStart; x++) {
                Matcher m = in[x].startsWith("- ") ? LIST_ITEM_AT_COL0.matcher(in[x]) : KEY_AT_COL0.matcher(in[x]);
                if (m.matches()) {
                    learnt.add(m.group(1));
                }
            }
            // pass 2: the last item takes the learnt keys it does not have yet
            Matcher first = LIST_ITEM_AT_COL0.matcher(in[lastStart]);
            Set<String> seen = new LinkedHashSet<>();
            if (first.matches()) {
                seen.add(first.group(1));
            }
            int endOfList = lastStart + 1;
            while (endOfList < in.length) {
                Matcher m = KEY_AT_COL0.matcher(in[endOfList]);
                if (!m.matches() || !learnt.contains(m.group(1)) || !seen.add(m.group(1))) {
                    break;
                }
                endOfList++;
            }
            boolean any = false;
            for (int x = i + 1; x < endOfList; x++) {
                if (!in[x].startsWith("- ")) {
                    out.set(x, "  " + in[x]);
                    any = true;
                }
            }
            if (any) {
                changed.put(key.group(1), new int[] {i + 1, endOfList - 1});
            }
            i = endOfList;
        }
        return new Repair(out, changed);
    }
}
