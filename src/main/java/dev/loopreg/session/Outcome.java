package dev.loopreg.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.cadence.Crons;
import dev.loopreg.health.Phase;
import dev.loopreg.format.ConfigReader;
import dev.loopreg.format.Problem;
import dev.loopreg.format.YamlDoc;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The outcome of a regulator session, the YAML file {@code loopreg session record FILE} ingests
 * (docs/formats.md "Session outcome"). Read strictly: every unknown key, wrong type, missing field or bad
 * value is a {@code path:line} problem, and all of them are reported at once. Whether the loops and noise
 * ids exist is checked by the shell against the workspace, with the lines kept here.
 *
 * @param heldAt     when the session was held
 * @param by         who reviewed (an agent or a person)
 * @param durationSec how long the session took
 * @param success    whether it completed its review
 * @param quality    optional self-assessed quality, 0–1 (recorded like an agent execution's)
 */
public record Outcome(Instant heldAt, String by, long durationSec, boolean success, BigDecimal quality, String bundle,
                      List<LoopVerdict> loops, List<Noise> noise, List<Resolved> resolved, List<Friction> friction,
                      List<Proposal> proposals) {

    public Outcome {
        loops = List.copyOf(loops);
        noise = List.copyOf(noise);
        resolved = List.copyOf(resolved);
        friction = List.copyOf(friction);
        proposals = List.copyOf(proposals);
    }

    public enum Verdict {
        PROMOTE, HOLD, DEMOTE;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Optional<Verdict> parse(String s) {
            for (Verdict v : values()) if (v.id().equals(s)) return Optional.of(v);
            return Optional.empty();
        }
    }

    public enum NoiseAction {
        DISABLE, THROTTLE;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Optional<NoiseAction> parse(String s) {
            for (NoiseAction v : values()) if (v.id().equals(s)) return Optional.of(v);
            return Optional.empty();
        }
    }

    /**
     * {@code loops.<id>}: the session's verdict on one loop.
     *
     * @param phase the phase the bundle saw the loop in ({@code phase:}), or null when the file does not say
     * @param since the {@code phase_since} the bundle saw ({@code phase_since:}), or null
     */
    public record LoopVerdict(String loop, Verdict verdict, String reason, int line, dev.loopreg.health.Phase phase,
                              java.time.Instant since) {
        public LoopVerdict(String loop, Verdict verdict, String reason, int line) {
            this(loop, verdict, reason, line, null, null);
        }
    }

    /** {@code noise_sources[i]}: a noise source to disable or throttle, listed on the dashboard until resolved. */
    public record Noise(String loop, String source, NoiseAction action, String reason, int line) {
    }

    /** {@code resolved_noise[i]}: a listed noise source that is now dealt with. */
    public record Resolved(String id, int line) {
    }

    /** {@code supplier_friction[i]}: an item for the loop's supplier-notes.md. */
    public record Friction(String item, String source, String loop, int line) {
    }

    /** {@code cadence_proposals[i]}: a proposed phase or cron for a loop (or the regulator); never applied. */
    public record Proposal(String loop, Phase phase, String cron, String reason, int line) {
    }

    static final List<String> KEYS = List.of("held_at", "by", "duration_sec", "success", "quality", "bundle", "loops",
            "noise_sources", "resolved_noise", "supplier_friction", "cadence_proposals");
    private static final Pattern LOOP_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern NOISE_ID = Pattern.compile("NOI-\\d{3,9}");

    /** Reads an outcome; returns null when there are errors (all of them in {@code problems}). */
    public static Outcome read(YamlDoc doc, List<Problem> problems) {
        int before = (int) problems.stream().filter(Problem::isError).count();
        ConfigReader r = new ConfigReader(doc, problems);
        if (!r.mapping("", true)) {
            return null;
        }
        r.knownKeys("", KEYS);
        Instant held = r.instant("/held_at");
        if (!r.present("/held_at")) r.error("/held_at", "held_at is missing; expected when the session was held, "
                + "ISO-8601 such as 2026-06-25T11:00:00Z");
        String by = text(r, "/by", true);
        long duration = r.longValue("/duration_sec", -1, 0, 7L * 24 * 3600);
        if (!r.present("/duration_sec")) r.error("/duration_sec", "duration_sec is missing; expected how long the session "
                + "took, in seconds");
        boolean success = r.bool("/success", false);
        if (!r.present("/success")) r.error("/success", "success is missing; expected true or false (did the session "
                + "complete its review?)");
        BigDecimal quality = r.decimal("/quality", null, BigDecimal.ZERO, BigDecimal.ONE);
        String bundle = text(r, "/bundle", false);

        List<LoopVerdict> loops = new ArrayList<>();
        if (r.mapping("/loops", false)) {
            Iterator<String> it = doc.at("/loops").fieldNames();
            while (it.hasNext()) {
                String id = it.next();
                String p = "/loops/" + YamlDoc.escape(id);
                if (!LOOP_ID.matcher(id).matches()) {
                    r.error(p, "loops: '" + id + "' is not a loop id; expected [a-z0-9][a-z0-9-]{0,62}");
                    continue;
                }
                JsonNode n = doc.at(p);
                if (n.isTextual()) {
                    // the short form  kaizen-stack: promote
                    Optional<Verdict> v = Verdict.parse(n.asText());
                    if (v.isEmpty()) {
                        r.error(p, "loops." + id + ": '" + n.asText() + "' is not allowed; expected promote, hold or demote");
                    } else if (v.get() != Verdict.PROMOTE) {
                        r.error(p, "loops." + id + ": a " + v.get().id() + " needs a reason; expected {verdict: " + v.get().id()
                                + ", reason: \"...\"}");
                    } else {
                        loops.add(new LoopVerdict(id, v.get(), null, doc.lineOf(p)));
                    }
                    continue;
                }
                if (!r.mapping(p, true)) continue;
                r.knownKeys(p, List.of("verdict", "reason", "phase", "phase_since"));
                Verdict v = r.choice(p + "/verdict", null, Verdict::parse, "promote, hold, demote", true);
                String reason = text(r, p + "/reason", false);
                dev.loopreg.health.Phase saw = r.choice(p + "/phase", null, dev.loopreg.health.Phase::parse,
                        dev.loopreg.health.Phase.choices(), false);
                java.time.Instant sawSince = r.instant(p + "/phase_since");
                if (v != null && v != Verdict.PROMOTE && reason == null) {
                    r.error(p, "loops." + id + ".reason is missing; a " + v.id() + " sets regulator_approval: rejected "
                            + "and needs the reason");
                }
                if (v != null) loops.add(new LoopVerdict(id, v, reason, doc.lineOf(p), saw, sawSince));
            }
        }

        List<Noise> noise = new ArrayList<>();
        for (String p : items(r, "/noise_sources")) {
            if (!r.mapping(p, true)) continue;
            r.knownKeys(p, List.of("loop", "source", "action", "reason"));
            String loop = loopId(r, p + "/loop");
            String source = text(r, p + "/source", true);
            NoiseAction a = r.choice(p + "/action", null, NoiseAction::parse, "disable, throttle", true);
            String reason = text(r, p + "/reason", true);
            if (loop != null && source != null && a != null && reason != null) {
                noise.add(new Noise(loop, source, a, reason, doc.lineOf(p)));
            }
        }

        List<Resolved> resolved = new ArrayList<>();
        for (String p : items(r, "/resolved_noise")) {
            JsonNode n = doc.at(p);
            if (!n.isTextual() || !NOISE_ID.matcher(n.asText()).matches()) {
                r.error(p, ConfigReader.keyName(p) + " is " + ConfigReader.describe(n) + "; expected a noise source id such as NOI-001");
            } else {
                resolved.add(new Resolved(n.asText(), doc.lineOf(p)));
            }
        }

        List<Friction> friction = new ArrayList<>();
        for (String p : items(r, "/supplier_friction")) {
            if (doc.at(p).isTextual()) {
                friction.add(new Friction(doc.at(p).asText().strip(), null, null, doc.lineOf(p)));
                continue;
            }
            if (!r.mapping(p, true)) continue;
            r.knownKeys(p, List.of("item", "source", "loop"));
            String item = text(r, p + "/item", true);
            String source = text(r, p + "/source", false);
            String loop = r.present(p + "/loop") ? loopId(r, p + "/loop") : null;
            if (item != null) friction.add(new Friction(item, source, loop, doc.lineOf(p)));
        }

        List<Proposal> proposals = new ArrayList<>();
        for (String p : items(r, "/cadence_proposals")) {
            if (!r.mapping(p, true)) continue;
            r.knownKeys(p, List.of("loop", "phase", "cron", "reason"));
            String loop = loopId(r, p + "/loop");
            Phase phase = r.choice(p + "/phase", null, Phase::parse, "bootstrap, stabilize, operate", false);
            String cron = text(r, p + "/cron", false);
            if (cron != null) {
                Crons.problem(cron).ifPresent(x -> r.error(p + "/cron", ConfigReader.keyName(p + "/cron") + ": " + x));
            }
            if (!r.present(p + "/phase") && !r.present(p + "/cron")) {
                r.error(p, ConfigReader.keyName(p) + " proposes nothing; expected a phase, a cron, or both");
            }
            String reason = text(r, p + "/reason", true);
            if (loop != null && reason != null) proposals.add(new Proposal(loop, phase, cron, reason, doc.lineOf(p)));
        }

        long after = problems.stream().filter(Problem::isError).count();
        if (after > before) {
            return null;
        }
        return new Outcome(held, by, duration, success, quality, bundle, loops, noise, resolved, friction, proposals);
    }

    /** The pointers of the items of an optional list. */
    private static List<String> items(ConfigReader r, String pointer) {
        JsonNode n = r.doc().at(pointer);
        if (n.isMissingNode() || n.isNull()) return List.of();
        if (!n.isArray()) {
            r.error(pointer, ConfigReader.keyName(pointer) + " is " + ConfigReader.describe(n) + "; expected a list (- item per line)");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) out.add(pointer + "/" + i);
        return out;
    }

    private static String text(ConfigReader r, String pointer, boolean required) {
        String s = r.string(pointer, null, required);
        if (s != null && s.isBlank()) {
            r.error(pointer, ConfigReader.keyName(pointer) + " is empty; expected a text");
            return null;
        }
        return s == null ? null : s.strip();
    }

    private static String loopId(ConfigReader r, String pointer) {
        String id = text(r, pointer, true);
        if (id != null && !LOOP_ID.matcher(id).matches()) {
            r.error(pointer, ConfigReader.keyName(pointer) + ": '" + id + "' is not a loop id; expected [a-z0-9][a-z0-9-]{0,62}");
            return null;
        }
        return id;
    }
}
