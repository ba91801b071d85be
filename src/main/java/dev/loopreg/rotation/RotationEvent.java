package dev.loopreg.rotation;

import java.time.Instant;

/**
 * A rotation or revisit as recorded in decisions.jsonl, as much of it as earned automation needs.
 *
 * @param recommended the repo was a candidate when it was rotated (not forced)
 * @param automatic   {@code loopreg evaluate} rotated it in {@code mode: auto}
 * @param unconfirms  for a revisit inside a rotation's cooldown: that rotation's decision id
 */
public record RotationEvent(String decision, String kind, String repo, Instant at, boolean recommended, boolean automatic,
                            String unconfirms) {
    public static final String ROTATION = "rotation";
    public static final String REVISIT = "revisit";
}
