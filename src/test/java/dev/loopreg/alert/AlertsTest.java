package dev.loopreg.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopreg.cadence.RuleResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertsTest {

    static final Instant AT = Instant.parse("2026-06-25T12:00:00Z");

    static RuleResult trigger(String id, Boolean holds) {
        return new RuleResult(id, RuleResult.Kind.DEMOTION, holds, null, null, id + " detail", List.of());
    }

    static List<UrgentEvent> apply(List<UrgentEvent> events, List<Alerts.Action> actions) {
        List<UrgentEvent> out = new ArrayList<>(events);
        for (Alerts.Action a : actions) {
            if (a instanceof Alerts.Raise r) out.add(new UrgentEvent(r.id(), UrgentEvent.Kind.RAISED, r.loop(), r.rule().id(), AT, null));
            if (a instanceof Alerts.Clear c) out.add(new UrgentEvent(c.task().id(), UrgentEvent.Kind.CLEARED, c.loop(), c.rule().id(), AT, null));
        }
        return out;
    }

    @Test
    void reconcile_firingTrigger_raisesOnceUntilCleared() {
        List<UrgentEvent> ev = new ArrayList<>();
        List<Alerts.Action> a1 = Alerts.reconcile(Alerts.replay(ev), "x", List.of(trigger("rescues_24h", true)), "operator_override");
        assertThat(a1).singleElement().isInstanceOf(Alerts.Raise.class);
        assertThat(((Alerts.Raise) a1.get(0)).id()).isEqualTo("URG-001");
        ev = apply(ev, a1);

        // still firing: nothing new
        assertThat(Alerts.reconcile(Alerts.replay(ev), "x", List.of(trigger("rescues_24h", true)), "operator_override")).isEmpty();
        // no data: neither raises nor clears
        assertThat(Alerts.reconcile(Alerts.replay(ev), "x", List.of(trigger("rescues_24h", null)), "operator_override")).isEmpty();

        List<Alerts.Action> cleared = Alerts.reconcile(Alerts.replay(ev), "x", List.of(trigger("rescues_24h", false)), "operator_override");
        assertThat(cleared).singleElement().isInstanceOf(Alerts.Clear.class);
        ev = apply(ev, cleared);

        List<Alerts.Action> again = Alerts.reconcile(Alerts.replay(ev), "x", List.of(trigger("rescues_24h", true)), "operator_override");
        assertThat(again).singleElement().isInstanceOf(Alerts.Raise.class);
        assertThat(((Alerts.Raise) again.get(0)).id()).isEqualTo("URG-002");
    }

    @Test
    void reconcile_sameTriggerOnAnotherLoop_isItsOwnTask() {
        List<UrgentEvent> ev = apply(List.of(), Alerts.reconcile(Alerts.replay(List.of()), "x", List.of(trigger("fpr_demotion", true)), "operator_override"));
        List<Alerts.Action> y = Alerts.reconcile(Alerts.replay(ev), "y", List.of(trigger("fpr_demotion", true)), "operator_override");
        assertThat(y).singleElement().satisfies(a -> assertThat(((Alerts.Raise) a).id()).isEqualTo("URG-002"));
    }

    @Test
    void reconcile_operatorOverride_isNotAnAlarm() {
        assertThat(Alerts.reconcile(Alerts.replay(List.of()), "x", List.of(trigger("operator_override", true)), "operator_override")).isEmpty();
    }

    @Test
    void undelivered_listsOpenTasksPerMissingTarget() {
        List<UrgentEvent> ev = List.of(
                new UrgentEvent("URG-001", UrgentEvent.Kind.RAISED, "x", "rescues_24h", AT, null),
                new UrgentEvent("URG-001", UrgentEvent.Kind.DELIVERED, "x", "rescues_24h", AT, "webhook"),
                new UrgentEvent("URG-002", UrgentEvent.Kind.RAISED, "y", "fpr_demotion", AT, null),
                new UrgentEvent("URG-002", UrgentEvent.Kind.DELIVERY_FAILED, "y", "fpr_demotion", AT, "webhook"),
                new UrgentEvent("URG-003", UrgentEvent.Kind.RAISED, "z", "fpr_demotion", AT, null),
                new UrgentEvent("URG-003", UrgentEvent.Kind.CLEARED, "z", "fpr_demotion", AT, null));
        var pending = Alerts.undelivered(Alerts.replay(ev), List.of("webhook"));
        assertThat(pending).extracting(e -> e.getKey().id() + "→" + e.getValue()).containsExactly("URG-002→webhook");
        assertThat(Alerts.replay(ev).highest()).isEqualTo(3);
    }
}
