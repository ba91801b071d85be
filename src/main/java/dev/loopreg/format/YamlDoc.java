package dev.loopreg.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A parsed YAML document that remembers the line of every key and list item, so a problem with
 * a value can be reported as {@code path:line}. Pure: parses text.
 *
 * @param path       the file's path, for messages
 * @param root       the document ({@link MissingNode} when empty)
 * @param lines      JSON pointer → 1-based line in the file
 * @param lineOffset lines before the document in its file (front matter starts after a {@code ---})
 */
public record YamlDoc(String path, JsonNode root, Map<String, Integer> lines, int lineOffset) {

    /** Thrown when the text is not YAML; carries the problem with its line. */
    public static final class SyntaxException extends Exception {
        private final transient Problem problem;

        public SyntaxException(Problem problem) {
            super(problem.toString());
            this.problem = problem;
        }

        public Problem problem() {
            return problem;
        }
    }

    public static YamlDoc parse(String path, String text) throws SyntaxException {
        return parse(path, text, 0);
    }

    /**
     * Parses {@code text} whose first line is line {@code lineOffset + 1} of the file.
     *
     * <p>One pass of the YAML scanner: the tokens are recorded (with the line of each key and item) into a token buffer,
     * and the tree is read from the buffer, which costs a fraction of scanning the YAML a second time. The result is a
     * function of the arguments, so the documents of recently parsed texts are kept ({@link #MEMO}, bounded by their
     * size): a long-running regulator reads the same small files every cycle. The trees are shared: nobody may change
     * them (they copy first, as {@code SchedulePatch} does).
     */
    public static YamlDoc parse(String path, String text, int lineOffset) throws SyntaxException {
        Key key = new Key(path, text, lineOffset);
        YamlDoc known = MEMO.get(key);
        if (known != null) return known;
        controlCharacters(path, text, lineOffset);
        YamlDoc flat = FlatYaml.parse(path, text, lineOffset);
        if (flat != null) {
            MEMO.put(key, flat);
            return flat;
        }
        JsonNode root;
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser p = Mappers.YAML.getFactory().createParser(text);
             TokenBuffer buf = new TokenBuffer(p, null)) {
            buf.forceUseOfBigDecimal(true);
            if (p.nextToken() != null) {
                walk(p, buf, "", lines, lineOffset);
            }
            try (JsonParser replay = buf.asParser(Mappers.YAML)) {
                root = Mappers.YAML.readTree(replay);
            }
            if (root == null) {
                root = MissingNode.getInstance();
            }
        } catch (Escaped e) {
            throw new SyntaxException(Problem.error(path, e.line, e.getMessage()));
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            int column = e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
            YamlErrors.Explained x = YamlErrors.explain(e.getOriginalMessage(), line, column);
            throw new SyntaxException(Problem.error(path, Math.max(x.line() + lineOffset, 0), x.message()));
        } catch (IOException e) {
            throw new SyntaxException(Problem.error(path, 0, "cannot read YAML: " + e.getMessage()));
        }
        YamlDoc doc = new YamlDoc(path, root, Map.copyOf(lines), lineOffset);
        MEMO.put(key, doc);
        return doc;
    }

    private record Key(String path, String text, int lineOffset) {
    }

    /** The documents of the texts parsed last, up to about 1 MB of text (a fleet of a few hundred loops' files). */
    private static final Memo MEMO = new Memo(1_000_000);

    private static final class Memo {
        private final long bound;
        private long size;
        private final java.util.LinkedHashMap<Key, YamlDoc> map = new java.util.LinkedHashMap<>(64, 0.75f, true);

        Memo(long bound) {
            this.bound = bound;
        }

        synchronized YamlDoc get(Key k) {
            return map.get(k);
        }

        synchronized void put(Key k, YamlDoc d) {
            if (k.text().length() > bound / 16) return;   // a big document is not worth holding
            if (map.put(k, d) == null) size += k.text().length();
            var it = map.entrySet().iterator();
            while (size > bound && it.hasNext()) {
                size -= it.next().getKey().text().length();
                it.remove();
            }
        }
    }

    /** A control character a double-quoted value's escape made ({@code "\\e"}): refused at its line. */
    private static final class Escaped extends IOException {
        final int line;

        Escaped(int line, String message) {
            super(message);
            this.line = line;
        }
    }

    /**
     * Refuses a control character anywhere in the text — an ESC from a pasted terminal colour, a NUL, a DEL — other than
     * the tab, the newline and the carriage return: it is no part of any value loopreg reads, and written back (an
     * approval's note into cadence.yml) it would reach every terminal that shows the file.
     */
    private static void controlCharacters(String path, String text, int lineOffset) throws SyntaxException {
        int line = 1;
        int column = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                column = 1;
                continue;
            }
            if (ControlCharacters.is(c)) {
                throw new SyntaxException(Problem.error(path, line + lineOffset, "column " + column + ": " + ControlCharacters.name(c)
                        + "; expected printable text (a terminal's colour codes pasted in?)"));
            }
            column++;
        }
    }

    private static void walk(JsonParser p, TokenBuffer buf, String ptr, Map<String, Integer> lines, int offset) throws IOException {
        JsonToken t = p.currentToken();
        lines.putIfAbsent(ptr, p.currentTokenLocation().getLineNr() + offset);
        if (t == JsonToken.VALUE_STRING) {
            String v = p.getText();
            for (int i = 0; i < v.length(); i++) {
                if (ControlCharacters.is(v.charAt(i))) {
                    throw new Escaped(p.currentTokenLocation().getLineNr() + offset, ConfigReader.keyName(ptr) + ": the value holds "
                            + ControlCharacters.name(v.charAt(i)) + " (written as an escape); expected printable text");
                }
            }
        }
        // a number is read here, where the tree reader would read it: a malformed one is the error named, at its line
        if (t == JsonToken.VALUE_NUMBER_FLOAT) p.getDecimalValue();
        if (t == JsonToken.VALUE_NUMBER_INT) p.getNumberValue();
        buf.copyCurrentEvent(p);
        if (t == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String child = ptr + "/" + escape(p.currentName());
                lines.put(child, p.currentTokenLocation().getLineNr() + offset);
                buf.copyCurrentEvent(p);
                p.nextToken();
                walk(p, buf, child, lines, offset);
            }
            buf.copyCurrentEvent(p);
        } else if (t == JsonToken.START_ARRAY) {
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                walk(p, buf, ptr + "/" + i++, lines, offset);
            }
            buf.copyCurrentEvent(p);
        }
    }

    public static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    /** Jackson's message without the source excerpt it appends. */
    public static String cleanMessage(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        if (m == null) {
            return "syntax error";
        }
        int nl = m.indexOf('\n');
        String first = (nl >= 0 ? m.substring(0, nl) : m).trim();
        if (first.startsWith("Duplicate field")) {
            return first.replace("Duplicate field", "duplicate key");
        }
        return first;
    }

    /** The node at a JSON pointer such as {@code /promotion/fpr_window/cycles}. */
    public JsonNode at(String pointer) {
        return root.at(compiled(pointer));
    }

    /** Pointers compiled once (a fleet's loops ask the same few, thousands of times). Bounded. */
    private static final Map<String, com.fasterxml.jackson.core.JsonPointer> POINTERS = new java.util.concurrent.ConcurrentHashMap<>();

    private static com.fasterxml.jackson.core.JsonPointer compiled(String pointer) {
        com.fasterxml.jackson.core.JsonPointer p = POINTERS.get(pointer);
        if (p == null) {
            p = com.fasterxml.jackson.core.JsonPointer.compile(pointer);
            if (POINTERS.size() >= 4096) POINTERS.clear();
            POINTERS.put(pointer, p);
        }
        return p;
    }

    /** The line of a pointer, or of its nearest ancestor that has one. */
    public int lineOf(String pointer) {
        String p = pointer;
        while (true) {
            Integer l = lines.get(p);
            if (l != null) {
                return l;
            }
            if (p.isEmpty()) {
                return lineOffset + 1;
            }
            p = p.substring(0, p.lastIndexOf('/'));
        }
    }

    public boolean isEmpty() {
        return root.isMissingNode() || root.isNull();
    }
}
