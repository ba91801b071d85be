package dev.loopreg.workspace;

import dev.loopreg.cadence.rules.DurationText;
import dev.loopreg.format.ConfigReader;
import dev.loopreg.format.Problem;
import dev.loopreg.format.YamlDoc;
import dev.loopreg.outbox.Outbox;
import java.time.Duration;
import java.util.List;

/**
 * The {@code decisions} and {@code outbox} sections of {@code loops/regulator/policy.yml}: where decisions are recorded in
 * state-hub when the loop's workplan names no workstream, and when an undelivered entry is given up on. Every key is
 * optional. Pure.
 *
 * @param decisionsWorkstream the state-hub workstream of decisions whose loop's workplan has no {@code state_hub_workstream_id}
 *                            (and of rotations and the regulator's own changes), or null
 * @param outbox              dead_after, first_backoff, max_backoff
 */
public record OutboxSettings(String decisionsWorkstream, Outbox.Settings outbox) {

    public static final List<String> TOP = List.of("decisions", "outbox");

    public static OutboxSettings defaults() {
        return new OutboxSettings(null, Outbox.Settings.defaults());
    }

    public static OutboxSettings read(YamlDoc doc, List<Problem> problems) {
        OutboxSettings d = defaults();
        if (doc == null || doc.isEmpty()) return d;
        ConfigReader r = new ConfigReader(doc, problems);
        String workstream = null;
        if (r.mapping("/decisions", false)) {
            r.knownKeys("/decisions", List.of("state_hub_workstream"));
            workstream = r.string("/decisions/state_hub_workstream", null, false);
            if (workstream != null && workstream.isBlank()) workstream = null;
        }
        Outbox.Settings o = d.outbox();
        if (r.mapping("/outbox", false)) {
            r.knownKeys("/outbox", List.of("dead_after", "first_backoff", "max_backoff"));
            Duration dead = duration(r, "/outbox/dead_after", o.deadAfter());
            Duration first = duration(r, "/outbox/first_backoff", o.firstBackoff());
            Duration max = duration(r, "/outbox/max_backoff", o.maxBackoff());
            if (max.compareTo(first) < 0) {
                r.error("/outbox/max_backoff", "outbox.max_backoff (" + DurationText.format(max) + ") is shorter than first_backoff ("
                        + DurationText.format(first) + "); expected at least as long");
                max = first;
            }
            o = new Outbox.Settings(dead, first, max);
        }
        return new OutboxSettings(workstream, o);
    }

    private static Duration duration(ConfigReader r, String pointer, Duration dflt) {
        String text = r.string(pointer, null, false);
        if (text == null) return dflt;
        Duration d = DurationText.parse(text).orElse(null);
        if (d == null || d.isZero() || d.isNegative()) {
            r.error(pointer, ConfigReader.keyName(pointer) + ": '" + text + "' is not a duration; expected such as 30s, 10m, 24h or 2d");
            return dflt;
        }
        return d;
    }
}
