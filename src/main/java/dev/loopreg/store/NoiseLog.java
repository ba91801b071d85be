package dev.loopreg.store;

import dev.loopreg.workspace.Workspace;

/** {@code loops/regulator/noise-sources.jsonl}: the noise sources sessions listed and resolved, keyed by {@code NOI-NNN}. Torn-line policy: {@link JsonLines}. */
public final class NoiseLog extends ObjectLines {

    NoiseLog(Workspace ws, Logs logs) {
        super(ws, ws.noiseSources(), logs);
    }
}
