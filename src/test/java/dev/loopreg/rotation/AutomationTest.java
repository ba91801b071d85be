package dev.loopreg.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AutomationTest {

    static final Instant T = Instant.parse("2026-07-01T00:00:00Z");

    static Instant h(int hours) {
        return T.plus(Duration.ofHours(hours));
    }

    /** Hourly cycles h(1)..h(upTo), newest first. */
    static Cycles cycles(int upTo) {
        List<Instant> l = new ArrayList<>();
        for (int i = upTo; i >= 1; i--) l.add(h(i));
        return new Cycles(l, true);
    }

    static RotationEvent rotation(String id, String repo, int hour, boolean recommended, boolean automatic) {
        return new RotationEvent(id, RotationEvent.ROTATION, repo, h(hour), recommended, automatic, null);
    }

    static RotationEvent revisit(String id, String repo, int hour, String unconfirms) {
        return new RotationEvent(id, RotationEvent.REVISIT, repo, h(hour), false, false, unconfirms);
    }

    static final RotationPolicy AUTO = Snaps.automation("auto", 2, 14, 3);

    @Test
    void gate_noConfirmations_autoWaits() {
        Automation.Gate g = Automation.gate(List.of(), cycles(100), AUTO);
        assertThat(g.confirmed()).isZero();
        assertThat(g.mayAutoRotate()).isFalse();
        assertThat(g.reason()).isEqualTo("auto-rotation is not earned yet: 0 of 2 confirmed manual rotations");
    }

    @Test
    void gate_oneConfirmation_stillWaits() {
        Automation.Gate g = Automation.gate(List.of(rotation("DEC-001", "repo-a", 10, true, false)), cycles(100), AUTO);
        assertThat(g.confirmed()).isEqualTo(1);
        assertThat(g.rotations()).extracting(Automation.Confirmation::state).containsExactly(Automation.State.CONFIRMED);
        assertThat(g.mayAutoRotate()).isFalse();
        assertThat(g.reason()).contains("1 of 2");
    }

    @Test
    void gate_twoConfirmations_autoMayRotate() {
        List<RotationEvent> ev = List.of(rotation("DEC-001", "repo-a", 10, true, false), rotation("DEC-002", "repo-b", 40, true, false));
        Automation.Gate g = Automation.gate(ev, cycles(100), AUTO);
        assertThat(g.confirmed()).isEqualTo(2);
        assertThat(g.mayAutoRotate()).isTrue();
        assertThat(g.reason()).startsWith("auto-rotation earned");
    }

    @Test
    void gate_recommendMode_neverRotatesEvenWhenEarned() {
        List<RotationEvent> ev = List.of(rotation("DEC-001", "repo-a", 10, true, false), rotation("DEC-002", "repo-b", 40, true, false));
        Automation.Gate g = Automation.gate(ev, cycles(100), Snaps.automation("recommend", 2, 14, 3));
        assertThat(g.confirmed()).isEqualTo(2);
        assertThat(g.mayAutoRotate()).isFalse();
        assertThat(g.reason()).startsWith("automation.mode is recommend");
    }

    @Test
    void gate_revisitWithinCooldown_unconfirms() {
        List<RotationEvent> ev = List.of(rotation("DEC-001", "repo-a", 10, true, false), rotation("DEC-002", "repo-b", 40, true, false),
                revisit("DEC-003", "repo-a", 15, "DEC-001"));
        Automation.Gate g = Automation.gate(ev, cycles(100), AUTO);
        assertThat(g.confirmed()).isEqualTo(1);
        assertThat(g.rotations()).extracting(Automation.Confirmation::state)
                .containsExactly(Automation.State.UNCONFIRMED, Automation.State.CONFIRMED);
        assertThat(g.rotations().get(0).detail()).isEqualTo("revisited within the cooldown (DEC-003)");
        assertThat(g.mayAutoRotate()).isFalse();
    }

    @Test
    void unconfirms_onlyInsideTheCooldown() {
        List<RotationEvent> ev = List.of(rotation("DEC-001", "repo-a", 10, true, false));
        // 13 cycles after the rotation: still inside a 14-cycle cooldown
        assertThat(Automation.unconfirms(ev, "repo-a", cycles(23), AUTO)).contains("DEC-001");
        // 14 cycles after: the rotation stands
        assertThat(Automation.unconfirms(ev, "repo-a", cycles(24), AUTO)).isEmpty();
        assertThat(Automation.unconfirms(ev, "repo-b", cycles(11), AUTO)).isEmpty();
    }

    @Test
    void gate_forcedAndAutomaticRotations_doNotCount_pendingUntilCooldownEnds() {
        List<RotationEvent> ev = List.of(rotation("DEC-001", "repo-a", 10, false, false), rotation("DEC-002", "repo-b", 20, true, true),
                rotation("DEC-003", "repo-c", 90, true, false));
        Automation.Gate g = Automation.gate(ev, cycles(100), AUTO);
        assertThat(g.confirmed()).isZero();
        assertThat(g.rotations()).extracting(Automation.Confirmation::state)
                .containsExactly(Automation.State.NOT_RECOMMENDED, Automation.State.PENDING);
        assertThat(g.rotations().get(1).detail()).isEqualTo("10 of 14 cycles without a revisit");
    }

    @Test
    void cooldown_blocksAutoUntilEnoughCycles() {
        List<RotationEvent> ev = List.of(rotation("DEC-001", "repo-a", 10, true, false), rotation("DEC-002", "repo-b", 40, true, false),
                rotation("DEC-003", "repo-c", 95, false, false));
        Automation.Gate g = Automation.gate(ev, cycles(100), AUTO);
        assertThat(g.cooldown().active()).isTrue();
        assertThat(g.cooldown().cyclesSince()).isEqualTo(5);
        assertThat(g.mayAutoRotate()).isFalse();
        assertThat(g.reason()).isEqualTo("cooldown: 5 of 14 cycles since the last rotation (DEC-003)");
        // 14 cycles later the cooldown is over
        assertThat(Automation.gate(ev, cycles(109), AUTO).mayAutoRotate()).isTrue();
    }

    @Test
    void cycles_incompleteList_countsAsAtLeastItsLength() {
        Cycles c = new Cycles(List.of(h(30), h(29), h(28)), false);
        assertThat(c.after(h(29))).isEqualTo(1);
        assertThat(c.after(h(1))).isEqualTo(3);
    }
}
