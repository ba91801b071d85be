package dev.loopreg.workspace;

import java.io.IOException;

/**
 * An I/O failure whose message is already whole: it starts with the file it is about ({@code path: …}), says what is
 * wrong and what to do. The command line prints it as it is, with no "I/O error" in front.
 */
public class PathException extends IOException {
    public PathException(String message) {
        super(message);
    }

    public PathException(String message, Throwable cause) {
        super(message, cause);
    }
}
