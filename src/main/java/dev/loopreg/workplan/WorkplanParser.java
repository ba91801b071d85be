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
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

/**
 * Reads a workplan in the seed's format, as a CommonMark reader and a YAML parser would (see {@link #parse}). It is
 * lenient where real workplans are damaged in known ways and says so in {@link Workplan#warnings()}:
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

    /** CommonMark, with the source lines of each block (for {@code path:line} in notes). */
    private static final Parser MARKDOWN = Parser.builder().includeSourceSpans(IncludeSourceSpans.BLOCKS).build();

    private WorkplanParser() {
    }

    /**
     * Parses a workplan as a CommonMark reader and a YAML parser would: a UTF-8 byte-order mark is skipped, CRLF and CR
     * line endings are read as LF, the front matter is YAML (a tab that indents a line is named in the error), and the
     * body is CommonMark — a {@code ```task} block counts only where a Markdown reader sees a fenced code block with the
     * info string {@code task}, so a block inside another fence is an example, not a task, and {@code ---} lines in a
     * file without front matter are section breaks.
     */
    public static Workplan parse(String path, String text) throws WorkplanException {
        String normalized = text.startsWith("\uFEFF") ? text.substring(1) : text;
        normalized = normalized.replace("\r\n", "\n").replace('\r', '\n');
        String[] lines = normalized.split("\n", -1);
        List<Workplan.Note> notes = new ArrayList<>();

        Block fmBlock = frontMatter(path, lines, notes);
        int start = fmBlock == null ? -1 : fmBlock.start;
        int end = fmBlock == null ? -1 : fmBlock.end;
        Map<String, String[]> fm = new LinkedHashMap<>(); // id -> {status, title, line}
        String workplanId = null;
        String workstream = null;
        Map<String, String> hubTasks = new LinkedHashMap<>();
        if (fmBlock != null) {
            if (start > 0) {
                notes.add(new Workplan.Note(start + 1, "front matter starts at line " + (start + 1) + " after " + start
                        + " lines of other text (a copied web page?); read from there"));
            }
            YamlDoc doc = fmBlock.doc;
            for (String key : fmBlock.repaired.keySet()) {
                int[] span = fmBlock.repaired.get(key);
                notes.add(new Workplan.Note(start + 2 + span[0], "front matter list '" + key + "' has lost its indentation (lines "
                        + (start + 2 + span[0]) + "-" + (start + 2 + span[1]) + "); read as if its items were indented"));
            }
            JsonNode root = doc.root();
            if (!root.isObject()) {
                throw new WorkplanException(start + 2, "front matter is not a mapping; expected keys such as id and tasks");
            }
            workplanId = root.path("id").isValueNode() ? root.path("id").asText() : null;
            JsonNode ws = root.path("state_hub_workstream_id");
            workstream = ws.isValueNode() && !ws.isNull() && !ws.asText().isBlank() ? ws.asText().strip() : null;
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
                    JsonNode hub = t.path("state_hub_task_id");
                    if (hub.isValueNode() && !hub.isNull() && !hub.asText().isBlank()) hubTasks.put(id, hub.asText().strip());
                }
            }
        }

        // ```task blocks in the body, as a CommonMark reader sees them
        Map<String, String[]> blocks = new LinkedHashMap<>();
        int bodyFrom = Math.max(end + 1, 0);
        String body = String.join("\n", java.util.Arrays.copyOfRange(lines, Math.min(bodyFrom, lines.length), lines.length));
        List<FencedCodeBlock> fences = new ArrayList<>();
        MARKDOWN.parse(body).accept(new AbstractVisitor() {
            @Override
            public void visit(FencedCodeBlock block) {
                String info = block.getInfo() == null ? "" : block.getInfo().strip();
                if (info.equals("task") || info.startsWith("task ")) fences.add(block);
            }
        });
        for (FencedCodeBlock f : fences) {
            int fenceLine = bodyFrom + (f.getSourceSpans().isEmpty() ? 0 : f.getSourceSpans().get(0).getLineIndex()) + 1;
            String yaml = f.getLiteral() == null ? "" : f.getLiteral();
            String tab = tabIndent(yaml.split("\n", -1), fenceLine);
            if (tab != null) {
                notes.add(new Workplan.Note(fenceLine, "task block is not valid YAML; skipped: " + tab));
                continue;
            }
            try {
                JsonNode b = YamlDoc.parse(path, yaml, fenceLine).root();
                if (b.isObject() && b.path("id").isValueNode()) {
                    String id = b.get("id").asText();
                    if (workplanId != null && id.startsWith(workplanId + "-")) {
                        id = id.substring(workplanId.length() + 1);
                    }
                    String status = b.path("status").isValueNode() ? b.path("status").asText() : null;
                    blocks.putIfAbsent(id, new String[] {status, Integer.toString(fenceLine + 1)});
                } else {
                    notes.add(new Workplan.Note(fenceLine, "task block without an id; skipped"));
                }
            } catch (YamlDoc.SyntaxException e) {
                notes.add(new Workplan.Note(e.problem().line(), "task block is not valid YAML; skipped: " + e.problem().message()));
            }
        }

        if (fmBlock == null && blocks.isEmpty()) {
            throw new WorkplanException(1, "no front matter (a --- line with id: and tasks:) and no ```task blocks; expected the seed "
                    + "workplan format");
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
        return new Workplan(workplanId, out, notes, workstream, hubTasks);
    }

    /** The front matter: its {@code ---} lines (0-based) and its YAML, read with the flattened-list repair if needed. */
    private record Block(int start, int end, YamlDoc doc, Map<String, int[]> repaired) {
    }

    /**
     * Finds the front matter. A {@code ---} first line opens it (and must be closed). Later, a {@code ---} line opens
     * it only when the text up to the next {@code ---} is a YAML mapping with {@code id} or {@code tasks} (a workplan
     * copied from a web page, with the page's text before it); any other {@code ---} is a Markdown section break.
     */
    private static Block frontMatter(String path, String[] lines, List<Workplan.Note> notes) throws WorkplanException {
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].strip().equals("---")) continue;
            int close = -1;
            for (int j = i + 1; j < lines.length; j++) {
                String st = lines[j].strip();
                if (st.equals("---") || st.equals("...")) {
                    close = j;
                    break;
                }
            }
            boolean atTop = i == 0;
            if (close < 0) {
                if (atTop) throw new WorkplanException(1, "front matter opened with --- is never closed; expected a second --- line");
                return null;
            }
            String[] yamlLines = java.util.Arrays.copyOfRange(lines, i + 1, close);
            String tab = tabIndent(yamlLines, i + 1);
            if (tab != null) {
                if (atTop || looksLikeFrontMatter(yamlLines)) throw new WorkplanException(tabLine(yamlLines, i + 1), tab);
                continue;
            }
            Block b = readYaml(path, yamlLines, i, close);
            if (b == null) {
                if (atTop) {
                    try {
                        YamlDoc.parse(path, String.join("\n", yamlLines), i + 1);
                    } catch (YamlDoc.SyntaxException strict) {
                        throw new WorkplanException(strict.problem().line(), strict.problem().message());
                    }
                }
                continue;
            }
            if (atTop) return b;
            JsonNode root = b.doc.root();
            if (root.isObject() && (root.has("id") || root.has("tasks"))) return b;
            // a section break (or a setext underline): look on
        }
        return null;
    }

    private static boolean looksLikeFrontMatter(String[] yamlLines) {
        for (String l : yamlLines) {
            if (l.startsWith("id:") || l.startsWith("tasks:")) return true;
        }
        return false;
    }

    /** The YAML between two {@code ---} lines, strict first, then with flattened lists re-indented; null if neither reads. */
    private static Block readYaml(String path, String[] yamlLines, int start, int end) {
        try {
            return new Block(start, end, YamlDoc.parse(path, String.join("\n", yamlLines), start + 1), Map.of());
        } catch (YamlDoc.SyntaxException strict) {
            Repair repair = reindentFlattenedLists(yamlLines);
            if (repair.changed.isEmpty()) return null;
            try {
                return new Block(start, end, YamlDoc.parse(path, String.join("\n", repair.lines), start + 1), repair.changed);
            } catch (YamlDoc.SyntaxException again) {
                return null;
            }
        }
    }

    /** "a tab character indents line N (column C); YAML indents with spaces only", or null when no line is indented with a tab. */
    static String tabIndent(String[] yamlLines, int lineBefore) {
        int at = tabLine(yamlLines, lineBefore);
        if (at < 0) return null;
        String l = yamlLines[at - lineBefore - 1];
        int col = l.indexOf('\t') + 1;
        return "a tab character indents line " + at + " (column " + col + "); YAML indents with spaces only — replace the tab with spaces";
    }

    private static int tabLine(String[] yamlLines, int lineBefore) {
        for (int k = 0; k < yamlLines.length; k++) {
            String l = yamlLines[k];
            int n = 0;
            while (n < l.length() && (l.charAt(n) == ' ' || l.charAt(n) == '\t')) n++;
            if (n < l.length() && l.substring(0, n).indexOf('\t') >= 0) return lineBefore + k + 1;
        }
        return -1;
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
