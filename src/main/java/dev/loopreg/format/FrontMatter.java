package dev.loopreg.format;

import java.util.Arrays;
import java.util.Optional;

/** Splits Markdown with YAML front matter (a {@code ---} first line, closed by {@code ---}). Pure. */
public record FrontMatter(String yaml, String body, int yamlFirstLine, int closingLine) {

    /** The front matter, or empty when the text does not start with a {@code ---} line or never closes it. */
    public static Optional<FrontMatter> split(String text) {
        String[] lines = text.split("\n", -1);
        if (lines.length == 0 || !lines[0].strip().equals("---")) {
            return Optional.empty();
        }
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].strip().equals("---")) {
                String yaml = String.join("\n", Arrays.copyOfRange(lines, 1, i));
                String body = String.join("\n", Arrays.copyOfRange(lines, i + 1, lines.length));
                return Optional.of(new FrontMatter(yaml, body, 2, i + 1));
            }
        }
        return Optional.empty();
    }

    /** Replaces the front matter's YAML, keeping the body byte for byte. */
    public static String join(String yaml, String body) {
        return "---\n" + (yaml.endsWith("\n") || yaml.isEmpty() ? yaml : yaml + "\n") + "---\n" + body;
    }
}
