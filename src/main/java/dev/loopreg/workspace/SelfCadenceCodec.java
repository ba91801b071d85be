package dev.loopreg.workspace;

import dev.loopreg.cadence.Crons;
import dev.loopreg.cadence.SelfCadence;
import dev.loopreg.cadence.SelfCadence.RegPhase;
import dev.loopreg.format.ConfigReader;
import dev.loopreg.format.Instants;
import dev.loopreg.format.Problem;
import dev.loopreg.format.YamlDoc;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes {@code loops/regulator/cadence.yml}, the regulator's own cadence (LOOP-WP-0004 T08): its
 * phase, the collector's and the session's crons, and under {@code policy:} how it moves. loopreg rewrites the
 * whole file when it applies a change. Pure.
 */
public final class SelfCadenceCodec {

    static final List<String> KEYS = List.of("phase", "collector_cron", "session_cron", "phase_since", "promoted_at",
            "demotion_count", "policy");
    static final List<String> POLICY_KEYS = List.of("promote_after_days", "max_gap_hours", "hourly", "daily");

    private SelfCadenceCodec() {
    }

    /** Reads the state; returns null when it is unusable (the problems say why). */
    public static SelfCadence.State read(YamlDoc doc, List<Problem> problems) {
        int before = problems.size();
        ConfigReader r = new ConfigReader(doc, problems);
        if (!r.mapping("", true)) return null;
        r.knownKeys("", KEYS);
        SelfCadence.Settings d = SelfCadence.Settings.defaults();
        int days = d.promoteAfterDays();
        Duration gap = d.maxGap();
        Map<RegPhase, SelfCadence.Crons> crons = new EnumMap<>(d.crons());
        if (r.mapping("/policy", false)) {
            r.knownKeys("/policy", POLICY_KEYS);
            days = r.integer("/policy/promote_after_days", days, 1, 365);
            gap = Duration.ofHours(r.integer("/policy/max_gap_hours", (int) gap.toHours(), 1, 24 * 365));
            for (RegPhase p : RegPhase.values()) {
                String ptr = "/policy/" + p.id();
                if (!r.mapping(ptr, false)) continue;
                r.knownKeys(ptr, List.of("collector_cron", "session_cron"));
                String c = cron(r, ptr + "/collector_cron", crons.get(p).collector(), false);
                String s = cron(r, ptr + "/session_cron", crons.get(p).session(), false);
                crons.put(p, new SelfCadence.Crons(c, s));
            }
        }
        SelfCadence.Settings settings = new SelfCadence.Settings(days, gap, crons);
        RegPhase phase = r.choice("/phase", null, RegPhase::parse, "hourly, daily", true);
        String collector = cron(r, "/collector_cron", null, true);
        String session = cron(r, "/session_cron", null, true);
        Instant since = r.instant("/phase_since");
        Instant promoted = r.instant("/promoted_at");
        int demotions = r.integer("/demotion_count", 0, 0, Integer.MAX_VALUE);
        if (problems.subList(before, problems.size()).stream().anyMatch(Problem::isError) || phase == null) {
            return null;
        }
        return new SelfCadence.State(phase, collector, session, since, promoted, demotions, settings);
    }

    private static String cron(ConfigReader r, String ptr, String dflt, boolean required) {
        String c = r.string(ptr, dflt, required);
        if (c != null && r.present(ptr)) {
            Crons.problem(c).ifPresent(x -> r.error(ptr, ConfigReader.keyName(ptr) + ": " + x));
        }
        return c;
    }

    /** The whole file for {@code s}. */
    public static String render(SelfCadence.State s) {
        SelfCadence.Settings p = s.settings();
        StringBuilder sb = new StringBuilder();
        sb.append("# The regulator's own cadence (LOOP-WP-0004 T08), kept by loopreg: `loopreg apply regulator` moves it and\n");
        sb.append("# sets the crons of the activity definitions with role: collector and role: session. docs/formats.md.\n");
        sb.append("phase: ").append(s.phase().id()).append("                   # hourly | daily\n");
        sb.append("collector_cron: \"").append(s.collectorCron()).append("\"\n");
        sb.append("session_cron: \"").append(s.sessionCron()).append("\"\n");
        sb.append("phase_since: ").append(s.phaseSince() == null ? "null" : Instants.format(s.phaseSince())).append('\n');
        sb.append("promoted_at: ").append(s.promotedAt() == null ? "null" : Instants.format(s.promotedAt())).append('\n');
        sb.append("demotion_count: ").append(s.demotionCount()).append('\n');
        sb.append("policy:\n");
        sb.append("  promote_after_days: ").append(p.promoteAfterDays())
                .append("      # promote after this many days of runs whose recommendations did not change\n");
        sb.append("  max_gap_hours: ").append(p.maxGap().toHours())
                .append("          # ... with no pause between runs longer than this\n");
        for (RegPhase ph : RegPhase.values()) {
            SelfCadence.Crons c = p.of(ph);
            sb.append("  ").append(ph.id()).append(": {collector_cron: \"").append(c.collector()).append("\", session_cron: \"")
                    .append(c.session()).append("\"}\n");
        }
        return sb.toString();
    }
}
