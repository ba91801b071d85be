package dev.loopreg.rotation;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/** Test helpers: hourly snapshot series and policy variants. */
final class Snaps {

    static final Instant T0 = Instant.parse("2026-07-01T00:00:00Z");

    private Snaps() {
    }

    static BigDecimal d(String s) {
        return s == null ? null : new BigDecimal(s);
    }

    /** {@code n} hourly snapshots of repo-a/optimization from T0 + 1h; each figure by index. */
    static List<Snapshot> series(int n, IntFunction<String> quality, IntFunction<String> success, IntFunction<Long> actionable,
                                 IntFunction<Long> merged) {
        List<Snapshot> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Instant c = T0.plus(Duration.ofHours(i + 1));
            out.add(new Snapshot("repo-a", "optimization", c, c.minus(Duration.ofHours(1)), c, d(quality.apply(i)),
                    d(success.apply(i)), 1L, actionable.apply(i), merged.apply(i), false, null, List.of()));
        }
        return out;
    }

    /** A saturated-looking series: flat quality 0.8, success 0.9, no recommendation, no merge. */
    static List<Snapshot> flat(int n) {
        return series(n, i -> "0.8", i -> "0.9", i -> 0L, i -> 0L);
    }

    static Instant after(int n) {
        return T0.plus(Duration.ofHours(n));
    }

    static RotationPolicy policy() {
        return RotationPolicy.defaults();
    }

    static RotationPolicy policy(int minSignals, String mode, int warmup) {
        RotationPolicy d = RotationPolicy.defaults();
        return new RotationPolicy(d.loop(), d.agent(), d.windowCycles(), minSignals, d.plateauMinDelta(), mode, d.squashPattern(),
                d.successAtLeast(), d.revisitAfterDays(), d.automationMode(), d.confirmationsRequired(), d.cooldownCycles(),
                d.maxActive(), warmup);
    }

    static RotationPolicy automation(String mode, int required, int cooldown, int maxActive) {
        RotationPolicy d = RotationPolicy.defaults();
        return new RotationPolicy(d.loop(), d.agent(), d.windowCycles(), d.minSignals(), d.plateauMinDelta(), d.plateauMode(),
                d.squashPattern(), d.successAtLeast(), d.revisitAfterDays(), mode, required, cooldown, maxActive, d.warmupCycles());
    }
}
