package dev.loopreg.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

class InstantsProperties {

    @Property(tries = 500)
    void parse_canonicalText_equalsTheGeneralParser(@ForAll @LongRange(min = -2_000_000_000L, max = 8_000_000_000L) long seconds) {
        Instant i = Instant.ofEpochSecond(seconds);
        String text = Instants.format(i);
        assertThat(Instants.parse(text)).isEqualTo(Instant.parse(text)).isEqualTo(i);
    }

    /** The fast path of format writes what the general formatter writes, for any instant (edges of years 0 and 9999 too). */
    @Property(tries = 1000)
    void format_isTheGeneralFormatter(@ForAll @LongRange(min = -62_200_000_000L, max = 253_500_000_000L) long seconds,
                                      @ForAll @net.jqwik.api.constraints.IntRange(max = 999_999_999) int nanos, @ForAll boolean whole) {
        Instant i = Instant.ofEpochSecond(seconds, whole ? 0 : nanos);
        assertThat(Instants.format(i)).isEqualTo(java.time.format.DateTimeFormatter.ISO_INSTANT.format(i));
    }

    @Example
    void format_edgesOfTheFastPath() {
        for (String t : new String[] {"0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "1970-01-01T00:00:00Z", "2024-02-29T12:00:00Z"}) {
            assertThat(Instants.format(Instant.parse(t))).isEqualTo(t);
        }
        Instant before = Instant.parse("0000-01-01T00:00:00Z").minusSeconds(1);
        Instant after = Instant.parse("9999-12-31T23:59:59Z").plusSeconds(1);
        assertThat(Instants.format(before)).isEqualTo(java.time.format.DateTimeFormatter.ISO_INSTANT.format(before));
        assertThat(Instants.format(after)).isEqualTo("+10000-01-01T00:00:00Z");
    }

    @Property(tries = 300)
    void parse_anyTwentyCharacterText_agreesWithTheGeneralParser(@ForAll("nearlyCanonical") String text) {
        Instant general;
        try {
            general = Instant.parse(text);
        } catch (DateTimeParseException e) {
            general = null;
        }
        Instant fast = Instants.canonical(text);
        if (fast != null) {
            assertThat(fast).isEqualTo(general);
        }
    }

    /** The object-free reading of loopreg's form answers what the reading into an Instant answers. */
    @Property(tries = 1000)
    void canonicalSecond_isCanonical(@ForAll("nearlyCanonical") String text, @ForAll @LongRange(min = -62_167_219_200L, max = 253_402_300_799L) long s,
                                     @ForAll boolean real, @ForAll @net.jqwik.api.constraints.IntRange(max = 3) int pad) {
        String t = real ? Instants.format(Instant.ofEpochSecond(s)) : text;
        byte[] b = ("x".repeat(pad) + t + "y".repeat(pad)).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Instant expected = Instants.canonical(t);
        long got = Instants.canonicalSecond(b, pad, pad + t.length());
        assertThat(got).as(t).isEqualTo(expected == null ? Instants.NOT_CANONICAL : expected.getEpochSecond());
    }

    @Example
    void canonicalSecond_edges() {
        for (String t : new String[] {"2024-02-29T23:59:59Z", "2023-02-29T00:00:00Z", "2000-02-29T00:00:00Z", "1900-02-29T00:00:00Z",
                "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2026-04-31T00:00:00Z", "2026-06-25T24:00:00Z", "2026-06-25T12:60:00Z"}) {
            byte[] b = t.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            Instant expected = Instants.canonical(t);
            assertThat(Instants.canonicalSecond(b, 0, b.length)).as(t).isEqualTo(expected == null ? Instants.NOT_CANONICAL : expected.getEpochSecond());
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> nearlyCanonical() {
        return net.jqwik.api.Arbitraries.strings().withChars("0123456789-T:Z").ofLength(20)
                .injectDuplicates(0.0)
                .edgeCases(c -> c.add("2026-02-30T00:00:00Z").add("2026-13-01T00:00:00Z").add("2026-06-01T24:00:00Z"))
                .map(s -> s.substring(0, 4) + "-" + s.substring(5, 7) + "-" + s.substring(8, 10) + "T" + s.substring(11, 13) + ":"
                        + s.substring(14, 16) + ":" + s.substring(17, 19) + "Z");
    }

    @Example
    void parse_edgeCases_behaveAsTheGeneralParser() {
        for (String t : new String[] {"2026-02-30T00:00:00Z", "2026-06-01T24:00:00Z", "2026-13-01T00:00:00Z", "2026-06-01T23:59:60Z"}) {
            Instant general;
            try {
                general = Instant.parse(t);
            } catch (DateTimeParseException e) {
                assertThatThrownBy(() -> Instants.parse(t)).as(t).isInstanceOf(DateTimeParseException.class);
                continue;
            }
            assertThat(Instants.parse(t)).as(t).isEqualTo(general);
        }
    }

    @Example
    void parse_otherForms_stillRead() {
        assertThat(Instants.parse("2026-06-18T14:05Z")).isEqualTo(Instant.parse("2026-06-18T14:05:00Z"));
        assertThat(Instants.parse("2026-06-18T16:05:00+02:00")).isEqualTo(Instant.parse("2026-06-18T14:05:00Z"));
        assertThat(Instants.parse(" 2026-06-18T14:05:00.5Z ")).isEqualTo(Instant.parse("2026-06-18T14:05:00.500Z"));
    }
}
