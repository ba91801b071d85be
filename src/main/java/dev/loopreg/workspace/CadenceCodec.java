package dev.loopreg.workspace;

import dev.loopreg.cadence.Approval;
import dev.loopreg.cadence.CadenceState;
import dev.loopreg.cadence.Crons;
import dev.loopreg.health.Phase;
import dev.loopreg.format.ConfigReader;
import dev.loopreg.format.Instants;
import dev.loopreg.format.Problem;
import dev.loopreg.format.YamlDoc;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads, writes and edits {@code loops/<id>/cadence.yml} (the seed's fields plus phase_since and the approval's who/when/why). Pure. */
public final class CadenceCodec {

    public static final List<String> KEYS = List.of("loop", "phase", "cron", "promoted_at", "phase_since",
            "demotion_count", "regulator_approval", "approval_by", "approval_at", "approval_note", "approval_for", "approval_since");

    /** Every transition an approval can be for. */
    public static final List<String> TRANSITIONS = java.util.Arrays.stream(Phase.values())
            .map(CadenceState::transitionOf).filter(java.util.Objects::nonNull).toList();

    private CadenceCodec() {
    }

    /** Reads the state; problems go to {@code problems}; returns null when the state is unusable. */
    public static CadenceState read(YamlDoc doc, List<Problem> problems) {
        int before = problems.size();
        ConfigReader r = new ConfigReader(doc, problems);
        if (!r.mapping("", true)) {
            return null;
        }
        r.knownKeys("", KEYS);
        String name = r.string("/loop", null, false);
        Phase phase = r.choice("/phase", null, Phase::parse, Phase.choices(), true);
        String cron = r.string("/cron", null, true);
        if (cron != null) {
            Crons.problem(cron).ifPresent(p -> r.error("/cron", "cron: " + p));
        }
        Instant promotedAt = r.instant("/promoted_at");
        Instant phaseSince = r.instant("/phase_since");
        int demotions = r.integer("/demotion_count", 0, 0, Integer.MAX_VALUE);
        Approval approval = r.choice("/regulator_approval", Approval.PENDING, Approval::parse, Approval.choices(), false);
        String by = r.string("/approval_by", null, false);
        Instant at = r.instant("/approval_at");
        String note = r.string("/approval_note", null, false);
        String approvalFor = r.string("/approval_for", null, false);
        Instant approvalSince = r.instant("/approval_since");
        if (approvalFor != null && !approvalFor.isBlank() && !TRANSITIONS.contains(approvalFor.strip())) {
            r.error("/approval_for", "approval_for: '" + approvalFor + "' is not a transition; expected one of "
                    + String.join(", ", TRANSITIONS) + " (loopreg writes it with each approval)");
        }
        if (problems.subList(before, problems.size()).stream().anyMatch(Problem::isError) || phase == null || cron == null) {
            return null;
        }
        String forText = approvalFor == null || approvalFor.isBlank() ? null : approvalFor.strip();
        return new CadenceState(name, phase, cron, promotedAt, phaseSince, demotions, approval, by, at, note, forText, approvalSince);
    }

    /** A new {@code cadence.yml}. */
    public static String render(CadenceState s) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Cadence state of this loop, kept by loopreg (apply, approve, reject, demote).\n");
        sb.append("# Edit by hand only to correct it; every field is described in docs/formats.md.\n");
        for (Map.Entry<String, String> e : values(s).entrySet()) {
            if (OPTIONAL.contains(e.getKey()) && e.getValue().equals("null")) continue;
            sb.append(e.getKey()).append(": ").append(e.getValue());
            if (e.getKey().equals("phase")) sb.append("          # ").append(Phase.choices());
            if (e.getKey().equals("regulator_approval")) sb.append("   # ").append(Approval.choices());
            sb.append('\n');
        }
        return sb.toString();
    }

    /** {@code text} with every field set to {@code s}'s values, keeping comments and order. */
    public static String update(String text, CadenceState s) {
        String out = text;
        for (Map.Entry<String, String> e : values(s).entrySet()) {
            out = set(out, e.getKey(), e.getValue());
        }
        return out;
    }

    /** The fields that change when only the approval changes. */
    public static String updateApproval(String text, CadenceState s) {
        String out = text;
        Map<String, String> v = values(s);
        for (String k : List.of("regulator_approval", "approval_by", "approval_at", "approval_note", "approval_for", "approval_since")) {
            out = set(out, k, v.get(k));
        }
        return out;
    }

    /** Keys written only once they have a value (a file without them reads as null). */
    private static final List<String> OPTIONAL = List.of("approval_for", "approval_since");

    private static String set(String text, String key, String value) {
        if (OPTIONAL.contains(key) && value.equals("null")
                && !java.util.regex.Pattern.compile("(?m)^" + key + "\\s*:").matcher(text).find()) {
            return text;
        }
        return YamlEdit.set(text, List.of(key), value);
    }

    private static Map<String, String> values(CadenceState s) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("loop", s.name() == null ? "null" : s.name());
        m.put("phase", s.phase().id());
        m.put("cron", YamlEdit.quote(s.cron()));
        m.put("promoted_at", instant(s.promotedAt()));
        m.put("phase_since", instant(s.phaseSince()));
        m.put("demotion_count", Integer.toString(s.demotionCount()));
        m.put("regulator_approval", s.approval().id());
        m.put("approval_by", s.approvalBy() == null ? "null" : YamlEdit.quote(s.approvalBy()));
        m.put("approval_at", instant(s.approvalAt()));
        m.put("approval_note", s.approvalNote() == null ? "null" : YamlEdit.quote(s.approvalNote()));
        m.put("approval_for", s.approvalFor() == null ? "null" : YamlEdit.quote(s.approvalFor()));
        m.put("approval_since", instant(s.approvalSince()));
        return m;
    }

    private static String instant(Instant i) {
        return i == null ? "null" : Instants.format(i);
    }
}
