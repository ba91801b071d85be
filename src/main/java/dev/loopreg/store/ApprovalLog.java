package dev.loopreg.store;

import dev.loopreg.workspace.Workspace;

/** {@code loops/regulator/approvals.jsonl}: one line per approval or rejection a session gave, keyed by the session id and loop. Torn-line policy: {@link JsonLines}. */
public final class ApprovalLog extends ObjectLines {

    ApprovalLog(Workspace ws, Logs logs) {
        super(ws, ws.approvals(), logs);
    }
}
