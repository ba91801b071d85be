package dev.loopreg.regulator;

import dev.loopreg.format.ControlCharacters;
import dev.loopreg.workspace.RegulatorException;

/**
 * What a person types into a decision — who they are, a note, a reason — is refused before anything is written when it
 * holds a control character (an ESC from a pasted terminal colour): written into cadence.yml it would make the file one
 * that every later read refuses, and shown in a terminal it would act on it. A newline is refused in a name only.
 */
final class PersonText {

    private PersonText() {
    }

    /** @param what how the person gave it ("--note", "the note"), for the message */
    static void check(String what, String value, boolean oneLine) throws RegulatorException {
        int i = ControlCharacters.indexOf(value, oneLine);
        if (i < 0) return;
        throw new RegulatorException(RegulatorException.BAD_INPUT, what + " holds " + ControlCharacters.name(value.charAt(i))
                + " at character " + (i + 1) + "; expected printable text (nothing was written)");
    }

    static void by(String by) throws RegulatorException {
        check("the name of who acts (--by, LOOPREG_USER)", by, true);
    }

    static void note(String note) throws RegulatorException {
        check("the note (--note)", note, false);
    }

    static void reason(String reason) throws RegulatorException {
        check("the reason (--reason)", reason, false);
    }
}
