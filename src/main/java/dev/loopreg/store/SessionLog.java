package dev.loopreg.store;

import dev.loopreg.workspace.Workspace;

/** {@code loops/regulator/sessions.jsonl}: one line per regulator session recorded ({@code session record}): the outcome's verdicts, notes and what was refused, keyed by {@code SES-NNN} and the outcome's sha256; it is also what a retry of a recording that stopped partway finishes from. Torn-line policy: {@link JsonLines}. */
public final class SessionLog extends ObjectLines {

    SessionLog(Workspace ws, Logs logs) {
        super(ws, ws.sessions(), logs);
    }
}
