package dev.loopreg.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.format.Mappers;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fleet's story from its ledgers: each kind of line told, filtered by loop, kind and time, oldest first. */
class TimelinePageTest {

    static JsonNode j(String s) throws Exception {
        return Mappers.JSON.readTree(s);
    }

    static final Instant FROM = Instant.parse("2026-06-01T00:00:00Z");
    static final Instant TO = Instant.parse("2026-06-30T00:00:00Z");

    List<JsonNode> decisions() throws Exception {
        return List.of(
                j("{\"id\":\"DEC-001\",\"kind\":\"approval\",\"loop\":\"qe\",\"from\":\"bootstrap\",\"to\":\"stabilize\",\"at\":\"2026-06-01T10:50:00Z\",\"by\":\"ann@example.com\",\"approval\":\"approved\",\"reason\":null}"),
                j("{\"id\":\"DEC-002\",\"kind\":\"promotion\",\"loop\":\"qe\",\"from\":\"bootstrap\",\"to\":\"stabilize\",\"at\":\"2026-06-01T11:50:00Z\",\"by\":\"ann@example.com\",\"reason\":\"promote: every promotion rule holds\",\"cron\":\"0 11 * * *\"}"),
                j("{\"id\":\"DEC-003\",\"kind\":\"rotation\",\"loop\":\"kaizen-stack\",\"repo\":\"repo-a\",\"promoted\":\"repo-d\",\"at\":\"2026-06-02T10:50:00Z\",\"by\":\"otto\",\"reason\":\"3 of 4\"}"),
                j("{\"id\":\"DEC-004\",\"kind\":\"demotion\",\"loop\":\"rh\",\"from\":\"stabilize\",\"to\":\"bootstrap\",\"at\":\"2026-07-06T16:50:00Z\",\"by\":\"loopreg\",\"reason\":\"rescues_24h fired\"}"),
                j("{\"kind\":\"promotion\",\"at\":\"not a time\"}"));
    }

    List<JsonNode> urgent() throws Exception {
        return List.of(
                j("{\"id\":\"URG-001\",\"event\":\"raised\",\"loop\":\"rh\",\"trigger\":\"rescues_24h\",\"at\":\"2026-06-06T16:50:00Z\",\"title\":\"t\",\"evidence\":{\"detail\":\"2 manual rescues\"}}"),
                j("{\"id\":\"URG-001\",\"event\":\"delivered\",\"loop\":\"rh\",\"trigger\":\"rescues_24h\",\"at\":\"2026-06-06T16:50:00Z\",\"target\":\"webhook\"}"),
                j("{\"id\":\"URG-001\",\"event\":\"acknowledged\",\"loop\":\"rh\",\"trigger\":\"rescues_24h\",\"at\":\"2026-06-06T17:00:00Z\",\"by\":\"otto\",\"note\":\"on it\"}"),
                j("{\"id\":\"URG-001\",\"event\":\"cleared\",\"loop\":\"rh\",\"trigger\":\"rescues_24h\",\"at\":\"2026-06-06T17:50:00Z\"}"));
    }

    @Test
    void theStory_isToldOldestFirst_withEveryKind() throws Exception {
        List<TimelinePage.Entry> all = TimelinePage.entries(decisions(), urgent(), null, null, FROM, TO, 100);
        assertThat(all).extracting(TimelinePage.Entry::headline).containsExactly(
                "DEC-001 approved by ann@example.com: qe bootstrap → stabilize",
                "DEC-002 promote qe bootstrap → stabilize (cron 0 11 * * *)",
                "DEC-003 rotate repo-a → saturated; repo-d promoted from the queue",
                "URG-001 urgent task raised: rh rescues_24h",
                "URG-001 acknowledged by otto: rh rescues_24h",
                "URG-001 urgent task cleared: rh rescues_24h no longer fires");
        assertThat(all.get(3).detail()).isEqualTo("2 manual rescues");
        assertThat(all.get(4).detail()).isEqualTo("on it");
    }

    @Test
    void filters_byLoopKindTimeAndCount() throws Exception {
        assertThat(TimelinePage.entries(decisions(), urgent(), "rh", null, FROM, Instant.parse("2026-07-31T00:00:00Z"), 100))
                .extracting(TimelinePage.Entry::id).containsExactly("URG-001", "URG-001", "URG-001", "DEC-004");
        assertThat(TimelinePage.entries(decisions(), urgent(), null, "approval", FROM, TO, 100)).extracting(TimelinePage.Entry::id).containsExactly("DEC-001");
        assertThat(TimelinePage.entries(decisions(), urgent(), "repo-a", null, FROM, TO, 100)).extracting(TimelinePage.Entry::id).containsExactly("DEC-003");
        assertThat(TimelinePage.entries(decisions(), urgent(), null, null, Instant.parse("2026-06-02T00:00:00Z"), Instant.parse("2026-06-06T16:59:00Z"), 100))
                .extracting(TimelinePage.Entry::id).containsExactly("DEC-003", "URG-001");
        // the newest of many
        assertThat(TimelinePage.entries(decisions(), urgent(), null, null, FROM, TO, 2)).extracting(TimelinePage.Entry::headline)
                .containsExactly("URG-001 acknowledged by otto: rh rescues_24h", "URG-001 urgent task cleared: rh rescues_24h no longer fires");
    }
}
