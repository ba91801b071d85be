package dev.loopreg.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class BootstrapLogTest {

    @Test
    void parse_entriesWithAndWithoutZone_zoneLessReadInWorkspaceZone() {
        String log = """
                # Bootstrap log
                - 2026-06-18T14:05Z [rescue] restarted the stuck optimization session on repo-a
                - 2026-06-18 16:30 [rescue] cleared a lock
                - 2026-06-18T17:00:00+02:00 [note] coach enabled
                - not an entry
                <!-- - 2026-01-01T00:00Z [rescue] commented out -->
                """;
        BootstrapLog.Parsed p = BootstrapLog.parse(log, ZoneId.of("Europe/Berlin"));
        assertThat(p.problems()).isEmpty();
        assertThat(p.entries()).hasSize(3);
        assertThat(p.entries().get(0).at()).isEqualTo(Instant.parse("2026-06-18T14:05:00Z"));
        assertThat(p.entries().get(1).at()).isEqualTo(Instant.parse("2026-06-18T14:30:00Z")); // CEST = UTC+2
        assertThat(p.entries().get(2).at()).isEqualTo(Instant.parse("2026-06-18T15:00:00Z"));
        assertThat(p.entries()).filteredOn(BootstrapLog.Entry::rescue).hasSize(2);
    }

    @Test
    void parse_badTimestampOrMissingTag_reportedWithLine() {
        String log = "- 2026-13-45T99:00Z [rescue] x\n- 2026-06-18T10:00Z restarted without a tag\n";
        BootstrapLog.Parsed p = BootstrapLog.parse(log, ZoneId.of("UTC"));
        assertThat(p.entries()).isEmpty();
        assertThat(p.problemLines()).containsExactly(1, 2);
        assertThat(p.problems().get(0)).contains("is not a timestamp");
        assertThat(p.problems().get(1)).contains("no [tag]");
    }

    /** loopreg's own forms are read without the general parsers: the same instant as OffsetDateTime, an impossible date null. */
    @net.jqwik.api.Property(tries = 500)
    void ownForms_readAsTheGeneralParserReadsThem(@net.jqwik.api.ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 400_000_000) int minutes,
                                                   @net.jqwik.api.ForAll boolean seconds) {
        java.time.Instant t = java.time.Instant.parse("2020-01-01T00:00:00Z").plusSeconds(60L * minutes);
        String full = t.toString();
        String text = seconds ? full : full.substring(0, 16) + "Z";
        org.assertj.core.api.Assertions.assertThat(BootstrapLog.instant(text, java.time.ZoneOffset.UTC))
                .isEqualTo(java.time.OffsetDateTime.parse(full).toInstant());
        org.assertj.core.api.Assertions.assertThat(BootstrapLog.instant("2026-02-30T04:00Z", java.time.ZoneOffset.UTC)).isNull();
    }
}
