package dev.loopreg.workspace;

import java.util.Optional;
import java.util.regex.Pattern;

/** Loop ids are directory names under {@code loops/}: {@code [a-z0-9][a-z0-9-]{0,62}}; anything else is refused. */
public final class LoopId {

    public static final Pattern PATTERN = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    public static final String REGULATOR = "regulator";

    /** The loop whose supplier-notes.md receives a session's supplier friction items unless an item names another. */
    public static final String SUPPLIER_NOTES_LOOP = "kaizen-stack";

    private LoopId() {
    }

    /** Why {@code id} is not a valid loop id, or empty. */
    public static Optional<String> problem(String id) {
        if (id == null || id.isEmpty()) {
            return Optional.of("empty loop id; expected lower-case letters, digits and '-', such as kaizen-stack");
        }
        if (!PATTERN.matcher(id).matches()) {
            return Optional.of("'" + id + "' is not a valid loop id; expected 1-63 characters of a-z, 0-9 and '-', "
                    + "starting with a letter or digit (it names a directory under loops/)");
        }
        if (id.equals(REGULATOR)) {
            return Optional.of("'regulator' is the regulator's own directory, not a loop id");
        }
        return Optional.empty();
    }
}
