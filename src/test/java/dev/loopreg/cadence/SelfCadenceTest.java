package dev.loopreg.cadence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopreg.cadence.SelfCadence.RegPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SelfCadenceTest {

    static final Instant NOW = Instant.parse("2026-06-08T00:50:00Z");
    static final SelfCadence.Settings S = SelfCadence.Settings.defaults();

    static SelfCadence.State hourly(Instant since) {
        return new SelfCadence.State(RegPhase.HOURLY, "50 * * * *", "0 11 * * *", since, null, 0, S);
    }

    static SelfCadence.State daily() {
        return new SelfCadence.State(RegPhase.DAILY, "0 11 * * *", "0 11 * * 1", NOW.minus(Duration.ofDays(3)), NOW, 0, S);
    }

    /** Hourly runs at hh:50 from {@code from} (exclusive) to NOW, every loop holding. */
    static List<SelfCadence.Run> hourlyRuns(Instant from) {
        List<SelfCadence.Run> out = new ArrayList<>();
        for (Instant t = NOW; t.isAfter(from); t = t.minus(Duration.ofHours(1))) {
            out.add(0, new SelfCadence.Run(t, Map.of("a", "hold", "b", "promote → stabilize")));
        }
        return out;
    }

    @Test
    void evaluate_aWeekOfUnchangedHourlyRuns_promotesToDaily() {
        SelfCadence.Verdict v = SelfCadence.evaluate(hourly(NOW.minus(Duration.ofDays(7))), hourlyRuns(NOW.minus(Duration.ofDays(8))), List.of(), NOW);
        assertThat(v.word()).isEqualTo("promote");
        assertThat(v.to()).isEqualTo(RegPhase.DAILY);
        assertThat(v.runs()).isEqualTo(168);
        assertThat(v.largestGap()).isEqualTo(Duration.ofHours(1));
        assertThat(v.summary()).isEqualTo("promote hourly → daily: 168 runs over the last 7 days with unchanged recommendations; "
                + "collector \"0 11 * * *\", session \"0 11 * * 1\"");
    }

    @Test
    void evaluate_oneMinuteShortOfAWeekInHourly_holds() {
        SelfCadence.Verdict v = SelfCadence.evaluate(hourly(NOW.minus(Duration.ofDays(7)).plusSeconds(60)),
                hourlyRuns(NOW.minus(Duration.ofDays(8))), List.of(), NOW);
        assertThat(v.word()).isEqualTo("hold");
        assertThat(v.summary()).contains("less than 7 days");
    }

    @Test
    void evaluate_aChangedRecommendationInTheWeek_holdsAndNamesIt() {
        List<SelfCadence.Run> runs = hourlyRuns(NOW.minus(Duration.ofDays(8)));
        Instant at = runs.get(runs.size() - 30).at();
        runs.set(runs.size() - 30, new SelfCadence.Run(at, Map.of("a", "demote → bootstrap", "b", "promote → stabilize")));
        SelfCadence.Verdict v = SelfCadence.evaluate(hourly(NOW.minus(Duration.ofDays(9))), runs, List.of(), NOW);
        assertThat(v.word()).isEqualTo("hold");
        assertThat(v.changes()).hasSize(2);
        assertThat(v.changes().get(0)).isEqualTo(new SelfCadence.Change("a", at, "hold", "demote → bootstrap"));
        assertThat(v.summary()).contains("2 recommendation changes").contains("a demote → bootstrap → hold");
    }

    @Test
    void evaluate_aLoopAddedInTheWeek_countsAsAChange() {
        List<SelfCadence.Run> runs = hourlyRuns(NOW.minus(Duration.ofDays(8)));
        SelfCadence.Run last = runs.get(runs.size() - 1);
        runs.set(runs.size() - 1, new SelfCadence.Run(last.at(), Map.of("a", "hold", "b", "promote → stabilize", "c", "hold")));
        SelfCadence.Verdict v = SelfCadence.evaluate(hourly(NOW.minus(Duration.ofDays(9))), runs, List.of(), NOW);
        assertThat(v.word()).isEqualTo("hold");
        assertThat(v.changes()).singleElement().extracting(SelfCadence.Change::before).isEqualTo("(absent)");
    }

    @Test
    void evaluate_aPauseLongerThanMaxGap_holds_andExactlyMaxGap_promotes() {
        Instant from = NOW.minus(Duration.ofDays(7));
        List<SelfCadence.Run> runs = new ArrayList<>(hourlyRuns(from));
        // remove the runs in (t, t+25h): a pause of exactly 25 h
        Instant t = from.plus(Duration.ofHours(30)).plus(Duration.ofMinutes(50)).minus(Duration.ofMinutes(50));
        Instant gapStart = runs.get(30).at();
        List<SelfCadence.Run> exact = runs.stream().filter(r -> !r.at().isAfter(gapStart) || !r.at().isBefore(gapStart.plus(Duration.ofHours(25)))).toList();
        SelfCadence.Verdict ok = SelfCadence.evaluate(hourly(from.minus(Duration.ofDays(1))), exact, List.of(), NOW);
        assertThat(ok.largestGap()).isEqualTo(Duration.ofHours(25));
        assertThat(ok.word()).isEqualTo("promote");
        List<SelfCadence.Run> longer = runs.stream().filter(r -> !r.at().isAfter(gapStart) || !r.at().isBefore(gapStart.plus(Duration.ofHours(26)))).toList();
        SelfCadence.Verdict no = SelfCadence.evaluate(hourly(from.minus(Duration.ofDays(1))), longer, List.of(), NOW);
        assertThat(no.word()).isEqualTo("hold");
        assertThat(no.summary()).contains("the runs paused 26 h after " + dev.loopreg.format.Instants.format(gapStart)).contains("more than 25 h");
        assertThat(t).isNotNull();
    }

    @Test
    void evaluate_noRunsAtAll_holds() {
        SelfCadence.Verdict v = SelfCadence.evaluate(hourly(NOW.minus(Duration.ofDays(30))), List.of(), List.of(), NOW);
        assertThat(v.word()).isEqualTo("hold");
        assertThat(v.summary()).contains("no evaluation run in the last 7 days");
    }

    @Test
    void evaluate_dailyWhenALoopTriggerFires_demotesToHourly() {
        SelfCadence.Trigger t = new SelfCadence.Trigger("registry-hygiene", "rescues_24h", "2 manual rescues");
        SelfCadence.Verdict v = SelfCadence.evaluate(daily(), List.of(), List.of(t), NOW);
        assertThat(v.word()).isEqualTo("demote");
        assertThat(v.to()).isEqualTo(RegPhase.HOURLY);
        assertThat(v.triggers()).containsExactly(t);
        assertThat(v.summary()).isEqualTo("demote daily → hourly: registry-hygiene rescues_24h fired; the collector goes back to \"50 * * * *\"");
    }

    @Test
    void evaluate_dailyWithoutTriggers_holds_andHourlyWithATrigger_holds() {
        assertThat(SelfCadence.evaluate(daily(), List.of(), List.of(), NOW).word()).isEqualTo("hold");
        SelfCadence.Verdict v = SelfCadence.evaluate(hourly(NOW.minus(Duration.ofDays(30))), hourlyRuns(NOW.minus(Duration.ofDays(8))),
                List.of(new SelfCadence.Trigger("a", "fpr_demotion", "0.5")), NOW);
        assertThat(v.word()).isEqualTo("hold");
        assertThat(v.summary()).contains("a fpr_demotion fires");
    }

    @Test
    void apply_promotionAndDemotion_setTheCronsOfTheNewPhase() {
        SelfCadence.State h = hourly(NOW.minus(Duration.ofDays(7)));
        SelfCadence.Verdict up = SelfCadence.evaluate(h, hourlyRuns(NOW.minus(Duration.ofDays(8))), List.of(), NOW);
        SelfCadence.State d = SelfCadence.apply(h, up, NOW);
        assertThat(d).isEqualTo(new SelfCadence.State(RegPhase.DAILY, "0 11 * * *", "0 11 * * 1", NOW, NOW, 0, S));
        Instant later = NOW.plus(Duration.ofDays(2));
        SelfCadence.Verdict down = SelfCadence.evaluate(d, List.of(), List.of(new SelfCadence.Trigger("a", "rescues_24h", "x")), later);
        SelfCadence.State back = SelfCadence.apply(d, down, later);
        assertThat(back).isEqualTo(new SelfCadence.State(RegPhase.HOURLY, "50 * * * *", "0 11 * * *", later, NOW, 1, S));
    }

    /** The shell skips reading the evaluation history when needsRuns says no: then the runs must not matter. */
    @Test
    void whenTheRunsAreNotNeeded_theyDoNotChangeTheVerdict() {
        List<SelfCadence.Run> changing = new java.util.ArrayList<>(hourlyRuns(NOW.minus(Duration.ofDays(8))));
        changing.add(new SelfCadence.Run(NOW.minusSeconds(60), java.util.Map.of("a", "promote → stabilize")));
        List<SelfCadence.Trigger> fires = List.of(new SelfCadence.Trigger("a", "fpr_demotion", "0.5"));
        int skipped = 0;
        for (SelfCadence.State s : List.of(daily(), hourly(NOW.minus(Duration.ofDays(30))), hourly(NOW.minus(Duration.ofDays(2))),
                hourly(NOW.minus(Duration.ofDays(7))), hourly(NOW.minus(Duration.ofDays(7)).plusSeconds(1)))) {
            for (List<SelfCadence.Trigger> firing : List.of(List.<SelfCadence.Trigger>of(), fires)) {
                for (List<SelfCadence.Run> runs : List.of(List.<SelfCadence.Run>of(), hourlyRuns(NOW.minus(Duration.ofDays(8))), changing)) {
                    if (SelfCadence.needsRuns(s, firing, NOW)) continue;
                    skipped++;
                    assertThat(SelfCadence.evaluate(s, runs, firing, NOW)).as(s + " " + firing).isEqualTo(SelfCadence.evaluate(s, List.of(), firing, NOW));
                }
            }
        }
        assertThat(skipped).isGreaterThan(10);
        assertThat(SelfCadence.needsRuns(hourly(NOW.minus(Duration.ofDays(30))), List.of(), NOW)).isTrue();
    }
}
