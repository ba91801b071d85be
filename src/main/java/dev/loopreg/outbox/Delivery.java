package dev.loopreg.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One external effect, queued in the plan of the decision it reports: a {@code POST} of {@code body} to {@code path} of
 * {@code target}, sent with {@code key} as its {@code Idempotency-Key} until it lands.
 *
 * @param key      the idempotency key, unique in the outbox: {@code loopreg-decision-DEC-007}, {@code loopreg-rotation-DEC-005}
 * @param target   where: {@code state-hub} (the path is relative to policy.yml {@code state_hub.url}) or {@code webhook}
 *                 (policy.yml {@code urgent.webhook_url}; the path is empty)
 * @param path     the path under the target's base URL, such as {@code /workstreams/W/decisions}
 * @param decision the decision it reports ({@code DEC-NNN}), or the urgent task ({@code URG-NNN})
 * @param body     the JSON sent
 * @param queuedAt when the decision was made
 */
public record Delivery(String key, String target, String path, String decision, JsonNode body, Instant queuedAt) {

    public static final String STATE_HUB = "state-hub";
    public static final String WEBHOOK = "webhook";
}
