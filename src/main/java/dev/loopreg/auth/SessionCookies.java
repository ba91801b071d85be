package dev.loopreg.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * The browser's two cookies, each a JWT signed with HMAC-SHA256 (nimbus-jose-jwt) under the session key, so nothing a
 * browser sends back is believed unless loopreg signed it, and no server-side session table is needed — any replica
 * with the same key ({@code $LOOPREG_SESSION_KEY}) reads them:
 * <ul>
 *   <li>the <b>session</b>: who signed in (issuer, subject, email, name), the role they were given, the per-session
 *       CSRF token every form carries, and when it expires;</li>
 *   <li>the <b>login</b>, for the few minutes of a sign-in: the {@code state}, the {@code nonce} and the PKCE code
 *       verifier sent to the identity provider, and the page to return to.</li>
 * </ul>
 * Each carries its type ({@code typ}), so one is never taken for the other. Expiry is checked against the clock the
 * caller passes (the server's), so it is testable without waiting.
 */
public final class SessionCookies {

    public static final String SESSION = "loopreg_session";
    public static final String LOGIN = "loopreg_login";
    public static final Duration LOGIN_TTL = Duration.ofMinutes(10);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A signed-in person. */
    public record Session(Identity who, Role role, String csrf, Instant issuedAt, Instant expires) {
    }

    /** A sign-in in progress. */
    public record Login(String state, String nonce, String verifier, String returnTo, Instant expires) {
    }

    /** The outcome of a form, carried to the page the browser is sent back to (Post/Redirect/Get), shown there once. */
    public record Flash(boolean ok, List<String> lines, String csrf, Instant expires) {
        public Flash {
            lines = List.copyOf(lines);
        }
    }

    public static final String FLASH = "loopreg_flash";
    /** How long an outcome waits for the page it was sent to. */
    public static final Duration FLASH_TTL = Duration.ofMinutes(2);

    private final byte[] key;
    private final Duration ttl;

    /** @param key at least 32 bytes; null: a random one (sessions end with the process and are not shared) */
    public SessionCookies(byte[] key, Duration ttl) {
        this.key = key != null ? key.clone() : random(32);
        this.ttl = ttl;
    }

    public Duration ttl() {
        return ttl;
    }

    /** 32 random bytes, URL-safe base64: a CSRF token, a state. */
    public static String token() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random(32));
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** A new session for {@code who} with {@code role}, from {@code now} for the configured time. */
    public Session start(Identity who, Role role, Instant now) {
        return new Session(who, role, token(), now, now.plus(ttl));
    }

    public String encode(Session s) {
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder().claim("typ", "session").issuer(s.who().issuer()).subject(s.who().subject())
                .claim("email", s.who().email()).claim("email_verified", s.who().emailVerified()).claim("name", s.who().name())
                .claim("groups", s.who().groups()).claim("role", s.role().word()).claim("csrf", s.csrf())
                .issueTime(Date.from(s.issuedAt())).expirationTime(Date.from(s.expires()));
        return sign(b.build());
    }

    /** The session the cookie holds, if loopreg signed it and it has not expired at {@code now}. */
    public Optional<Session> session(String cookie, Instant now) {
        return verify(cookie, "session", now).flatMap(c -> {
            try {
                Optional<Role> role = Role.parse(c.getStringClaim("role"));
                if (role.isEmpty() || c.getSubject() == null || c.getIssuer() == null) return Optional.empty();
                Boolean verified = c.getBooleanClaim("email_verified");
                List<String> groups = c.getStringListClaim("groups");
                Identity id = new Identity(c.getIssuer(), c.getSubject(), c.getStringClaim("email"), Boolean.TRUE.equals(verified),
                        c.getStringClaim("name"), groups);
                return Optional.of(new Session(id, role.get(), c.getStringClaim("csrf"), c.getIssueTime().toInstant(),
                        c.getExpirationTime().toInstant()));
            } catch (ParseException e) {
                return Optional.empty();
            }
        });
    }

    /** A new sign-in that will return to {@code returnTo}. */
    public Login beginLogin(String returnTo, Instant now) {
        return new Login(token(), token(), new com.nimbusds.oauth2.sdk.pkce.CodeVerifier().getValue(), returnTo, now.plus(LOGIN_TTL));
    }

    public String encode(Login l) {
        return sign(new JWTClaimsSet.Builder().claim("typ", "login").claim("state", l.state()).claim("nonce", l.nonce())
                .claim("verifier", l.verifier()).claim("return", l.returnTo()).expirationTime(Date.from(l.expires())).build());
    }

    /** The sign-in the cookie holds, if loopreg signed it and it has not expired. */
    public Optional<Login> login(String cookie, Instant now) {
        return verify(cookie, "login", now).flatMap(c -> {
            try {
                return Optional.of(new Login(c.getStringClaim("state"), c.getStringClaim("nonce"), c.getStringClaim("verifier"),
                        c.getStringClaim("return"), c.getExpirationTime().toInstant()));
            } catch (ParseException e) {
                return Optional.empty();
            }
        });
    }

    /**
     * A form's outcome for the session whose CSRF token is {@code csrf} (no other session's page shows it); the lines
     * are cut to fit a cookie (each at most 300 characters, together at most 1,800 bytes of UTF-8, the rest counted).
     */
    public String encode(boolean ok, List<String> lines, String csrf, Instant now) {
        List<String> kept = new java.util.ArrayList<>();
        int bytes = 0;
        for (String l : lines) {
            String line = l.length() > 300 ? l.substring(0, 299) + "…" : l;
            bytes += line.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (bytes > 1800 && !kept.isEmpty()) break;
            kept.add(line);
        }
        if (kept.size() < lines.size()) kept.add("and " + (lines.size() - kept.size()) + " more");
        return sign(new JWTClaimsSet.Builder().claim("typ", "flash").claim("ok", ok).claim("lines", kept).claim("csrf", csrf)
                .expirationTime(Date.from(now.plus(FLASH_TTL))).build());
    }

    /** The outcome the cookie holds, if loopreg signed it for this session and it has not expired. */
    public Optional<Flash> flash(String cookie, Session s, Instant now) {
        return verify(cookie, "flash", now).flatMap(c -> {
            try {
                String csrf = c.getStringClaim("csrf");
                if (s == null || csrf == null || !csrf.equals(s.csrf())) return Optional.empty();
                return Optional.of(new Flash(Boolean.TRUE.equals(c.getBooleanClaim("ok")), c.getStringListClaim("lines"), csrf,
                        c.getExpirationTime().toInstant()));
            } catch (ParseException e) {
                return Optional.empty();
            }
        });
    }

    private String sign(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("signing a session: " + e.getMessage(), e);
        }
    }

    private Optional<JWTClaimsSet> verify(String cookie, String typ, Instant now) {
        if (cookie == null || cookie.isEmpty() || cookie.length() > 8192) return Optional.empty();
        try {
            SignedJWT jwt = SignedJWT.parse(cookie);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(new MACVerifier(key))) return Optional.empty();
            JWTClaimsSet c = jwt.getJWTClaimsSet();
            if (!typ.equals(c.getStringClaim("typ")) || c.getExpirationTime() == null) return Optional.empty();
            if (!now.isBefore(c.getExpirationTime().toInstant())) return Optional.empty();
            return Optional.of(c);
        } catch (ParseException | JOSEException e) {
            return Optional.empty();
        }
    }
}
