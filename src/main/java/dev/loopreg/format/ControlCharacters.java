package dev.loopreg.format;

/**
 * Control characters — an ESC from a pasted terminal colour, a NUL, a DEL — are no part of any text loopreg reads or
 * writes (the tab, the newline and the carriage return aside): a file holding one is refused at its line, and a person's
 * note or name holding one is refused before it is written anywhere. Pure.
 */
public final class ControlCharacters {

    private ControlCharacters() {
    }

    /** Whether {@code c} is a C0 or C1 control character other than tab, newline and carriage return. */
    public static boolean is(char c) {
        return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c <= 0x9F);
    }

    /** The index of the first control character of {@code s} (newlines count too when {@code oneLine}), or -1. */
    public static int indexOf(String s, boolean oneLine) {
        if (s == null) return -1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (is(c) || (oneLine && (c == '\n' || c == '\r'))) return i;
        }
        return -1;
    }

    /** "the control character U+001B (ESC)". */
    public static String name(char c) {
        String name = switch (c) {
            case 0x00 -> "NUL";
            case 0x07 -> "BEL";
            case 0x08 -> "backspace";
            case 0x09 -> "tab";
            case 0x0A -> "newline";
            case 0x0B -> "vertical tab";
            case 0x0C -> "form feed";
            case 0x0D -> "carriage return";
            case 0x1B -> "ESC";
            case 0x7F -> "DEL";
            default -> "a control character";
        };
        return String.format("the control character U+%04X (%s)", (int) c, name);
    }
}
