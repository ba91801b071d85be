package dev.loopreg.store;

import dev.loopreg.workspace.Workspace;

/**
 * {@code .kaizen/metrics/optimization/executions.jsonl}: the regulator's own sessions as executions of the workspace's
 * optimization agent, keyed by {@code at}; {@code summary.json} beside it is rewritten from it in the same plan. Torn-line
 * policy: {@link JsonLines}.
 */
public final class ExecutionLog extends ObjectLines {

    ExecutionLog(Workspace ws, Logs logs) {
        super(ws, ws.ownMetrics().resolve("executions.jsonl"), logs);
    }

    /** The summary made from it. */
    public java.nio.file.Path summary() {
        return ws.ownMetrics().resolve("summary.json");
    }
}
