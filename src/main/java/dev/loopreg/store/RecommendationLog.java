package dev.loopreg.store;

import dev.loopreg.workspace.Workspace;

/** {@code loops/regulator/recommendations.jsonl}: one line per loop each time {@code evaluate} runs: the recommendation with its rules and evidence, keyed by loop and {@code evaluated_at}. Torn-line policy: {@link JsonLines}. */
public final class RecommendationLog extends ObjectLines {

    RecommendationLog(Workspace ws) {
        super(ws, ws.recommendations());
    }
}
