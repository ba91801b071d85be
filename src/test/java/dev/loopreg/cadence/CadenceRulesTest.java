package dev.loopreg.cadence;

import dev.loopreg.health.Phase;
import static dev.loopreg.cadence.Records.hourly;
import static dev.loopreg.cadence.Records.met;
import static dev.loopreg.cadence.Records.rec;
import static dev.loopreg.cadence.Records.state;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loopreg.health.HealthRecord;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CadenceRulesTest {

    static final Policy P = Policy.defaults();
    static final Instant NOW = Instant.parse("2026-06-25T12:00:00Z");

    static Recommendation eval(CadenceState s, List<HealthRecord> records, ExitCriteria exit) {
        return CadenceRules.evaluate("loop-a", s, PhaseWindow.of(records, true, s, NOW), exit, P, NOW);
    }

    static RuleResult rule(Recommendation r, String id) {
        return r.rule(id).orElseThrow();
    }

    @Nested
    class FprWindow {
        @Test
        void evaluate_fprExactlyAtThreshold_fails() {
            // 7 cycles × 10 tasks, 14 duplicates: 14/70 = 0.2 exactly, which is not < 0.2
            List<HealthRecord> rs = hourly(7, NOW, Phase.BOOTSTRAP, 10, 2, 0);
            RuleResult r = rule(eval(state(Phase.BOOTSTRAP, Approval.APPROVED), rs, met()), CadenceRules.FPR_WINDOW);
            assertThat(r.holds()).isFalse();
            assertThat((BigDecimal) r.value()).isEqualByComparingTo("0.2");
            assertThat(r.cycles()).hasSize(7);
        }

        @Test
        void evaluate_fprJustBelowThreshold_holds() {
            List<HealthRecord> rs = new ArrayList<>(hourly(7, NOW, Phase.BOOTSTRAP, 10, 2, 0));
            rs.set(0, rec(rs.get(0).cycle(), Phase.BOOTSTRAP, 10L, 1L, 0L)); // 13/70 = 0.1857
            RuleResult r = rule(eval(state(Phase.BOOTSTRAP, Approval.APPROVED), rs, met()), CadenceRules.FPR_WINDOW);
            assertThat(r.holds()).isTrue();
        }

        @Test
        void evaluate_sixCycles_noData_sevenCycles_verdict() {
            CadenceState s = state(Phase.BOOTSTRAP, Approval.APPROVED);
            RuleResult six = rule(eval(s, hourly(6, NOW, Phase.BOOTSTRAP, 10, 0, 0), met()), CadenceRules.FPR_WINDOW);
            RuleResult seven = rule(eval(s, hourly(7, NOW, Phase.BOOTSTRAP, 10, 0, 0), met()), CadenceRules.FPR_WINDOW);
            assertThat(six.holds()).isNull();
            assertThat(six.detail()).contains("only 6 of 7 cycles");
            assertThat(seven.holds()).isTrue();
        }

        @Test
        void evaluate_zeroTasksInWindow_noData() {
            RuleResult r = rule(eval(state(Phase.BOOTSTRAP, Approval.APPROVED), hourly(7, NOW, Phase.BOOTSTRAP, 0, 0, 0), met()),
                    CadenceRules.FPR_WINDOW);
            assertThat(r.holds()).isNull();
            assertThat(r.detail()).contains("no tasks created");
        }

        @Test
        void evaluate_missingDuplicateCount_usesRateTimesTasks() {
            List<HealthRecord> rs = new ArrayList<>();
            for (HealthRecord h : hourly(7, NOW, Phase.BOOTSTRAP, 10, 0, 0)) {
                rs.add(HealthRecord.builder("loop-a", h.cycle(), Phase.BOOTSTRAP).tasksCreated(10L).manualRescues(0L)
                        .falsePositiveRate(new BigDecimal("0.3")).build());
            }
            RuleResult r = rule(eval(state(Phase.BOOTSTRAP, Approval.APPROVED), rs, met()), CadenceRules.FPR_WINDOW);
            assertThat((BigDecimal) r.value()).isEqualByComparingTo("0.3");
            assertThat(r.holds()).isFalse();
        }

        @Test
        void evaluate_unmeasuredTasksInWindow_noDataNeverZero() {
            List<HealthRecord> rs = new ArrayList<>(hourly(7, NOW, Phase.BOOTSTRAP, 10, 0, 0));
            rs.set(3, rec(rs.get(3).cycle(), Phase.BOOTSTRAP, null, null, 0L));
            RuleResult r = rule(eval(state(Phase.BOOTSTRAP, Approval.APPROVED), rs, met()), CadenceRules.FPR_WINDOW);
            assertThat(r.holds()).isNull();
            assertThat(r.value()).isNull();
            assertThat(r.detail()).contains("tasks_created not measured");
        }

        @Test
        void evaluate_recordsOfPreviousPhase_notCounted() {
            List<HealthRecord> rs = new ArrayList<>(hourly(5, NOW.minus(Duration.ofHours(5)), Phase.BOOTSTRAP, 10, 0, 0));
            rs.addAll(hourly(5, NOW, Phase.STABILIZE, 10, 0, 0));
            CadenceState s = state(Phase.STABILIZE, Approval.APPROVED);
            RuleResult r = rule(eval(s, rs, met()), CadenceRules.FPR_WINDOW);
            assertThat(r.holds()).isNull();
            assertThat(r.detail()).contains("only 5 of 7");
        }

        @Test
        void evaluate_recordsAfterNow_ignored() {
            List<HealthRecord> rs = hourly(10, NOW.plus(Duration.ofHours(3)), Phase.BOOTSTRAP, 10, 0, 0);
            PhaseWindow w = PhaseWindow.of(rs, true, state(Phase.BOOTSTRAP, Approval.APPROVED), NOW);
            assertThat(w.size()).isEqualTo(7);
            assertThat(w.records().get(6).cycle()).isEqualTo(NOW);
        }

        @Test
        void evaluate_recordsBeforePhaseSince_notCounted() {
            CadenceState s = new CadenceState("x", Phase.BOOTSTRAP, "0 * * * *", null, NOW.minus(Duration.ofHours(4)), 1,
                    Approval.APPROVED, null, null, null);
            PhaseWindow w = PhaseWindow.of(hourly(10, NOW, Phase.BOOTSTRAP, 10, 0, 0), true, s, NOW);
            assertThat(w.size()).isEqualTo(4);
            assertThat(w.complete()).isTrue();
        }
    }

    @Nested
    class Rescues {
        @Test
        void evaluate_rescueInLastThreeCycles_fails_olderRescue_holds() {
            CadenceState s = state(Phase.BOOTSTRAP, Approval.APPROVED);
            List<HealthRecord> recent = new ArrayList<>(hourly(7, NOW, Phase.BOOTSTRAP, 10, 0, 0));
            recent.set(4, rec(recent.get(4).cycle(), Phase.BOOTSTRAP, 10L, 0L, 1L)); // within the last 3
            List<HealthRecord> older = new ArrayList<>(hourly(7, NOW, Phase.BOOTSTRAP, 10, 0, 0));
            older.set(3, rec(older.get(3).cycle(), Phase.BOOTSTRAP, 10L, 0L, 1L)); // 4th from the end
            assertThat(rule(eval(s, recent, met()), CadenceRules.RESCUES_WINDOW).holds()).isFalse();
            assertThat(rule(eval(s, older, met()), CadenceRules.RESCUES_WINDOW).holds()).isTrue();
        }

        List<HealthRecord> twoRescuesAt(Instant first, Instant second) {
            List<HealthRecord> rs = new ArrayList<>();
            rs.add(rec(first, Phase.STABILIZE, 5L, 0L, 1L));
            rs.add(rec(second, Phase.STABILIZE, 5L, 0L, 1L));
            return rs;
        }

        @Test
        void evaluate_twoRescuesJustInside24h_fires() {
            Instant first = NOW.minus(Duration.ofHours(24)).plusSeconds(1);
            Recommendation r = eval(state(Phase.STABILIZE, Approval.PENDING), twoRescuesAt(first, NOW), met());
            assertThat(rule(r, CadenceRules.RESCUES_24H).holds()).isTrue();
            assertThat(r).isInstanceOf(Recommendation.Demote.class);
            assertThat(r.toPhase()).contains(Phase.BOOTSTRAP);
        }

        @Test
        void evaluate_rescueExactly24hAgo_notCounted() {
            Instant first = NOW.minus(Duration.ofHours(24));
            RuleResult r = rule(eval(state(Phase.STABILIZE, Approval.PENDING), twoRescuesAt(first, NOW), met()), CadenceRules.RESCUES_24H);
            assertThat(r.holds()).isFalse();
            assertThat(r.value()).isEqualTo(1L);
        }

        @Test
        void evaluate_rescue24hAndOneSecondAgo_notCounted() {
            Instant first = NOW.minus(Duration.ofHours(24)).minusSeconds(1);
            assertThat(rule(eval(state(Phase.STABILIZE, Approval.PENDING), twoRescuesAt(first, NOW), met()),
                    CadenceRules.RESCUES_24H).holds()).isFalse();
        }

        @Test
        void evaluate_oneRescueUnmeasuredRecordIn24h_noData() {
            List<HealthRecord> rs = new ArrayList<>();
            rs.add(rec(NOW.minus(Duration.ofHours(2)), Phase.STABILIZE, 5L, 0L, 1L));
            rs.add(rec(NOW, Phase.STABILIZE, 5L, 0L, null));
            RuleResult r = rule(eval(state(Phase.STABILIZE, Approval.PENDING), rs, met()), CadenceRules.RESCUES_24H);
            assertThat(r.holds()).isNull();
        }

        @Test
        void evaluate_twoKnownRescuesDespiteUnmeasuredRecord_fires() {
            List<HealthRecord> rs = new ArrayList<>();
            rs.add(rec(NOW.minus(Duration.ofHours(2)), Phase.STABILIZE, 5L, 0L, 2L));
            rs.add(rec(NOW, Phase.STABILIZE, 5L, 0L, null));
            assertThat(rule(eval(state(Phase.STABILIZE, Approval.PENDING), rs, met()), CadenceRules.RESCUES_24H).holds()).isTrue();
        }
    }

    @Nested
    class Approval_ {
        @Test
        void evaluate_approvalStates_onlyApprovedHolds() {
            List<HealthRecord> rs = hourly(7, NOW, Phase.BOOTSTRAP, 10, 0, 0);
            assertThat(rule(eval(state(Phase.BOOTSTRAP, Approval.APPROVED), rs, met()), CadenceRules.REGULATOR_APPROVAL).holds()).isTrue();
            assertThat(rule(eval(state(Phase.BOOTSTRAP, Approval.PENDING), rs, met()), CadenceRules.REGULATOR_APPROVAL).holds()).isFalse();
            assertThat(rule(eval(state(Phase.BOOTSTRAP, Approval.REJECTED), rs, met()), CadenceRules.REGULATOR_APPROVAL).holds()).isFalse();
            assertThat(eval(state(Phase.BOOTSTRAP, Approval.APPROVED), rs, met())).isInstanceOf(Recommendation.Promote.class);
            assertThat(eval(state(Phase.BOOTSTRAP, Approval.PENDING), rs, met())).isInstanceOf(Recommendation.Hold.class);
        }
    }

    @Nested
    class Decide {
        @Test
        void evaluate_allRulesHold_promotesToNextPhase() {
            Recommendation r = eval(state(Phase.BOOTSTRAP, Approval.APPROVED), hourly(7, NOW, Phase.BOOTSTRAP, 10, 1, 0), met());
            assertThat(r).isInstanceOf(Recommendation.Promote.class);
            assertThat(r.toPhase()).contains(Phase.STABILIZE);
            assertThat(r.rules()).extracting(RuleResult::id).containsExactly("exit_criteria", "fpr_window", "rescues_window",
                    "regulator_approval", "fpr_demotion", "rescues_24h", "operator_override");
        }

        @Test
        void evaluate_triggerFiresWhilePromotionRulesHold_demotionWins() {
            // stabilize: 7 clean-ish cycles for fpr_window, but the last 3 are very noisy
            List<HealthRecord> rs = new ArrayList<>(hourly(7, NOW, Phase.STABILIZE, 100, 0, 0));
            for (int i = 4; i < 7; i++) {
                rs.set(i, rec(rs.get(i).cycle(), Phase.STABILIZE, 10L, 5L, 0L)); // 15/30 = 0.5 in the last 3
            }
            Recommendation r = eval(state(Phase.STABILIZE, Approval.APPROVED), rs, met());
            assertThat(rule(r, CadenceRules.FPR_WINDOW).holds()).isTrue(); // 15/430
            assertThat(rule(r, CadenceRules.FPR_DEMOTION).holds()).isTrue();
            assertThat(r).isInstanceOf(Recommendation.Demote.class);
        }

        @Test
        void evaluate_fprDemotionExactlyAtThreshold_quiet() {
            List<HealthRecord> rs = hourly(3, NOW, Phase.OPERATE, 10, 4, 0); // 12/30 = 0.4, not > 0.4
            RuleResult r = rule(eval(state(Phase.OPERATE, Approval.PENDING), rs, met()), CadenceRules.FPR_DEMOTION);
            assertThat(r.holds()).isFalse();
        }

        @Test
        void evaluate_triggerInBootstrap_holdsWithFiredTrigger() {
            List<HealthRecord> rs = hourly(7, NOW, Phase.BOOTSTRAP, 10, 6, 0);
            Recommendation r = eval(state(Phase.BOOTSTRAP, Approval.APPROVED), rs, met());
            assertThat(r).isInstanceOf(Recommendation.Hold.class);
            assertThat(r.firedTriggers()).extracting(RuleResult::id).containsExactly("fpr_demotion");
            assertThat(r.summary()).contains("already the demotion target");
        }

        @Test
        void evaluate_operate_neverPromotes() {
            Recommendation r = eval(state(Phase.OPERATE, Approval.APPROVED), hourly(7, NOW, Phase.OPERATE, 10, 0, 0), met());
            assertThat(r).isInstanceOf(Recommendation.Hold.class);
            assertThat(r.summary()).isEqualTo("hold in operate: there is no promotion from operate; the demotion triggers are watching");
            // only the rules that can apply: no promotion rule is listed (none can fail), the triggers keep their evidence
            assertThat(r.rules()).extracting(RuleResult::id).containsExactly(CadenceRules.FPR_DEMOTION, CadenceRules.RESCUES_24H,
                    CadenceRules.OPERATOR_OVERRIDE);
            assertThat(r.rules()).noneMatch(x -> x.kind() == RuleResult.Kind.PROMOTION);
            assertThat(rule(r, CadenceRules.FPR_DEMOTION).outcomeWord()).isEqualTo("watching");
            assertThat(((Recommendation.Hold) r).blocking()).isEmpty();
        }

        @Test
        void evaluate_noDataAnywhere_holdsAndNothingFires() {
            Recommendation r = eval(state(Phase.STABILIZE, Approval.APPROVED), List.of(), met());
            assertThat(r).isInstanceOf(Recommendation.Hold.class);
            assertThat(r.firedTriggers()).isEmpty();
            assertThat(rule(r, CadenceRules.FPR_DEMOTION).holds()).isNull();
            assertThat(rule(r, CadenceRules.RESCUES_24H).holds()).isNull();
        }

        @Test
        void evaluate_exitCriteriaUnknownOrNotConfigured_blocksLeavingBootstrap() {
            List<HealthRecord> rs = hourly(7, NOW, Phase.BOOTSTRAP, 10, 0, 0);
            Recommendation unknown = eval(state(Phase.BOOTSTRAP, Approval.APPROVED), rs, ExitCriteria.unreadable("wp.md", "gone"));
            Recommendation none = eval(state(Phase.BOOTSTRAP, Approval.APPROVED), rs, ExitCriteria.notConfigured());
            assertThat(rule(unknown, CadenceRules.EXIT_CRITERIA).holds()).isNull();
            assertThat(rule(none, CadenceRules.EXIT_CRITERIA).holds()).isFalse();
            assertThat(rule(none, CadenceRules.EXIT_CRITERIA).detail()).contains("no workplan configured");
            assertThat(unknown).isInstanceOf(Recommendation.Hold.class);
            assertThat(none).isInstanceOf(Recommendation.Hold.class);
        }

        @Test
        void evaluate_exitCriteriaNotRequiredInStabilize_holds() {
            Recommendation r = eval(state(Phase.STABILIZE, Approval.APPROVED), hourly(7, NOW, Phase.STABILIZE, 10, 0, 0),
                    ExitCriteria.notConfigured());
            assertThat(rule(r, CadenceRules.EXIT_CRITERIA).holds()).isTrue();
            assertThat(r.toPhase()).contains(Phase.OPERATE);
        }

        @Test
        void override_inStabilize_demotesWithReason() {
            Recommendation evaluated = eval(state(Phase.STABILIZE, Approval.APPROVED), List.of(), met());
            Recommendation.Demote d = CadenceRules.override(evaluated, "ops", "noisy tasks", P);
            assertThat(d.to()).isEqualTo(Phase.BOOTSTRAP);
            assertThat(d.rule(CadenceRules.OPERATOR_OVERRIDE).orElseThrow().holds()).isTrue();
            assertThat(d.rule(CadenceRules.OPERATOR_OVERRIDE).orElseThrow().value()).isEqualTo("noisy tasks");
        }
    }

    @Nested
    class Transition {
        @Test
        void apply_promotion_setsPhaseCronTimesAndResetsApproval() {
            CadenceState s = new CadenceState("x", Phase.BOOTSTRAP, "0 * * * *", null, null, 2, Approval.APPROVED, "bob", NOW, "ok");
            Recommendation r = eval(s, hourly(7, NOW, Phase.BOOTSTRAP, 10, 0, 0), met());
            CadenceState after = Transitions.apply(s, r, P, NOW);
            assertThat(after.phase()).isEqualTo(Phase.STABILIZE);
            assertThat(after.cron()).isEqualTo(P.cronOf(Phase.STABILIZE));
            assertThat(after.promotedAt()).isEqualTo(NOW);
            assertThat(after.phaseSince()).isEqualTo(NOW);
            assertThat(after.demotionCount()).isEqualTo(2);
            assertThat(after.approval()).isEqualTo(Approval.PENDING);
            assertThat(after.approvalBy()).isNull();
        }

        @Test
        void apply_demotion_countsAndKeepsPromotedAt() {
            Instant promoted = NOW.minus(Duration.ofDays(3));
            CadenceState s = new CadenceState("x", Phase.OPERATE, "0 11 * * 1", promoted, promoted, 0, Approval.APPROVED, null, null, null);
            Recommendation.Demote d = CadenceRules.override(eval(s, List.of(), met()), "ops", "why", P);
            CadenceState after = Transitions.apply(s, d, P, NOW);
            assertThat(after.phase()).isEqualTo(Phase.BOOTSTRAP);
            assertThat(after.demotionCount()).isEqualTo(1);
            assertThat(after.promotedAt()).isEqualTo(promoted);
            assertThat(after.approval()).isEqualTo(Approval.PENDING);
        }
    }
}
