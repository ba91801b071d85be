package dev.loopreg.decision;

import dev.loopreg.cadence.CadenceState;
import dev.loopreg.cadence.RuleResult;
import dev.loopreg.format.Fmt;
import dev.loopreg.format.Instants;

/** The readable record of a decision, {@code decisions/DEC-NNN-<slug>.md} (pure). */
public final class DecisionMarkdown {

    private DecisionMarkdown() {
    }

    public static String render(Decision d) {
        StringBuilder sb = new StringBuilder();
        String verb = d.kind().equals("promotion") ? "Promote" : "Demote";
        sb.append("# ").append(d.id()).append(" — ").append(verb).append(' ').append(d.loop()).append(": ")
                .append(d.from().id()).append(" → ").append(d.to().id()).append("\n\n");
        sb.append("- **Kind:** ").append(d.kind()).append('\n');
        sb.append("- **Loop:** ").append(d.loop()).append('\n');
        sb.append("- **Phase:** ").append(d.from().id()).append(" → ").append(d.to().id()).append(" (cron `").append(d.cron()).append("`)\n");
        sb.append("- **At:** ").append(Instants.format(d.at())).append('\n');
        sb.append("- **By:** ").append(d.by()).append('\n');
        sb.append("- **Reason:** ").append(d.reason()).append('\n');
        CadenceState b = d.before();
        if (d.kind().equals("promotion")) {
            sb.append("- **Regulator approval:** ").append(b.effectiveApproval().id());
            if (b.approvalBy() != null) sb.append(" by ").append(b.approvalBy());
            if (b.approvalAt() != null) sb.append(" at ").append(Instants.format(b.approvalAt()));
            if (b.approvalNote() != null) sb.append(" — ").append(b.approvalNote());
            sb.append('\n');
        } else {
            sb.append("- **Changed:** phase ").append(d.from().id()).append(" → ").append(d.to().id()).append(", cron `")
                    .append(b.cron()).append("` → `").append(d.cron()).append("`, demotion_count ").append(b.demotionCount())
                    .append(" → ").append(b.demotionCount() + 1).append(", approval reset to pending\n");
        }
        sb.append("\n## Evidence\n\n");
        sb.append("> ").append(d.evidence().summary()).append("\n\n");
        sb.append("| rule | outcome | value | threshold | detail |\n|---|---|---:|---:|---|\n");
        for (RuleResult r : d.rules()) {
            sb.append("| `").append(r.id()).append("` | ").append(r.outcomeWord()).append(" | ").append(cell(Fmt.value(r.value())))
                    .append(" | ").append(cell(r.thresholdText())).append(" | ").append(cell(r.detail())).append(" |\n");
        }
        sb.append("\nThe full evidence, with the cycles each value was computed from, is the ").append(d.id())
                .append(" line of `loops/regulator/decisions.jsonl`.\n");
        return sb.toString();
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
