package dev.loopreg.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The signed cookies: read back as written, and never believed when tampered with, expired, of the other kind, or signed with another key. */
class SessionCookiesTest {

    static final Instant T = Instant.parse("2026-06-25T12:00:00Z");
    static final byte[] KEY = "a-session-key-of-at-least-32-bytes!!".getBytes();
    final SessionCookies cookies = new SessionCookies(KEY, Duration.ofHours(8));
    final Identity ann = new Identity("https://idp", "user-ann", "ann@example.com", true, "Ann", List.of("loop-owners"));

    @Test
    void aSession_readsBackAsWritten_untilItExpires() {
        SessionCookies.Session s = cookies.start(ann, Role.APPROVER, T);
        String c = cookies.encode(s);
        SessionCookies.Session back = cookies.session(c, T.plus(Duration.ofHours(7))).orElseThrow();
        assertThat(back.who()).isEqualTo(ann);
        assertThat(back.role()).isEqualTo(Role.APPROVER);
        assertThat(back.csrf()).isEqualTo(s.csrf()).hasSizeGreaterThan(40);
        assertThat(back.expires()).isEqualTo(T.plus(Duration.ofHours(8)));
        assertThat(cookies.session(c, T.plus(Duration.ofHours(8)))).as("expired at its end").isEmpty();
        // a new session has a new CSRF token
        assertThat(cookies.start(ann, Role.APPROVER, T).csrf()).isNotEqualTo(s.csrf());
    }

    @Test
    void aTamperedCookie_orAnotherKeys_orTheLoginCookie_isNotASession() {
        String c = cookies.encode(cookies.start(ann, Role.VIEWER, T));
        String[] parts = c.split("\\.");
        // the payload changed to say operator: the signature no longer matches
        String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(java.util.Base64.getUrlDecoder().decode(parts[1])).replace("\"viewer\"", "\"operator\"").getBytes()) + "." + parts[2];
        assertThat(cookies.session(forged, T)).isEmpty();
        assertThat(new SessionCookies("another-key-of-at-least-32-bytes-long".getBytes(), Duration.ofHours(8)).session(c, T)).isEmpty();
        assertThat(cookies.session(parts[0] + "." + parts[1] + ".", T)).as("unsigned").isEmpty();
        assertThat(cookies.session("not a jwt", T)).isEmpty();
        assertThat(cookies.session(null, T)).isEmpty();
        String login = cookies.encode(cookies.beginLogin("/", T));
        assertThat(cookies.session(login, T)).as("a login cookie is not a session").isEmpty();
        assertThat(cookies.login(c, T)).as("a session is not a login").isEmpty();
    }

    @Test
    void aLogin_lastsTenMinutes_andKeepsItsPkceVerifier() {
        SessionCookies.Login l = cookies.beginLogin("/loops/x?from=2026-06-01", T);
        SessionCookies.Login back = cookies.login(cookies.encode(l), T.plus(Duration.ofMinutes(9))).orElseThrow();
        assertThat(back).isEqualTo(l);
        assertThat(back.verifier()).hasSizeGreaterThanOrEqualTo(43);   // RFC 7636: 43 to 128 characters
        assertThat(cookies.login(cookies.encode(l), T.plus(Duration.ofMinutes(10)))).isEmpty();
    }

    @Test
    void aFormsOutcome_isShownToItsOwnSessionOnly_forTwoMinutes_andFitsACookie() {
        SessionCookies.Session s = cookies.start(ann, Role.APPROVER, T);
        SessionCookies.Session other = cookies.start(ann, Role.APPROVER, T);
        String c = cookies.encode(false, List.of("approve x refused: not <b>ready</b>"), s.csrf(), T);
        SessionCookies.Flash f = cookies.flash(c, s, T.plusSeconds(119)).orElseThrow();
        assertThat(f.ok()).isFalse();
        assertThat(f.lines()).containsExactly("approve x refused: not <b>ready</b>");
        assertThat(cookies.flash(c, other, T)).as("another session's page does not show it").isEmpty();
        assertThat(cookies.flash(c, s, T.plusSeconds(120))).as("expired").isEmpty();
        assertThat(cookies.flash(c, null, T)).isEmpty();
        assertThat(cookies.session(c, T)).as("an outcome is not a session").isEmpty();
        // a bulk approval of 500 loops: the first lines, each at most 300 characters, and how many more — within a cookie
        List<String> many = new java.util.ArrayList<>();
        for (int i = 0; i < 500; i++) many.add("loop-" + i + ": " + "→".repeat(400));
        String big = cookies.encode(true, many, s.csrf(), T);
        assertThat(big.length()).isLessThan(4000);
        List<String> back = cookies.flash(big, s, T).orElseThrow().lines();
        assertThat(back).hasSize(3).last().isEqualTo("and 498 more");
        assertThat(back.get(0)).hasSize(300).endsWith("…");
    }
}
