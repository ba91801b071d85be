package dev.loopreg.report;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table with aligned columns (pure). */
public final class TextTable {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public TextTable(String... header) {
        this.header = List.of(header);
    }

    public TextTable row(String... cells) {
        rows.add(List.of(cells));
        return this;
    }

    public String render() {
        int[] w = new int[header.size()];
        for (int i = 0; i < header.size(); i++) w[i] = header.get(i).length();
        for (List<String> r : rows) {
            for (int i = 0; i < r.size(); i++) w[i] = Math.max(w[i], r.get(i).codePointCount(0, r.get(i).length()));
        }
        StringBuilder sb = new StringBuilder();
        line(sb, header, w);
        for (List<String> r : rows) line(sb, r, w);
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] w) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            l.append(c);
            if (i < cells.size() - 1) {
                l.append(" ".repeat(w[i] - c.codePointCount(0, c.length()) + 2));
            }
        }
        sb.append(l.toString().stripTrailing()).append('\n');
    }
}
