package dev.loopreg.server;

import dev.loopreg.auth.Identity;
import dev.loopreg.auth.OidcClient;
import dev.loopreg.auth.OidcConfig;
import dev.loopreg.auth.RoleMap;
import dev.loopreg.auth.SessionCookies;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.function.Supplier;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signing in through OpenID Connect and the checks every form passes. {@code GET /login} starts the authorization
 * code flow with PKCE; {@code GET /auth/callback} validates what the provider returned, maps the person to a role and
 * sets the signed session cookie; {@code POST /logout} ends it (and the provider's session, when it offers
 * RP-initiated logout). A form is accepted only from this site's origin ({@code Origin}, which the pages make browsers
 * send with {@code Referrer-Policy: same-origin}) and with the session's CSRF token; the session cookie is
 * {@code HttpOnly}, {@code SameSite=Lax}, and {@code Secure} when {@code base_url} is https.
 */
final class WebAuth {

    private static final Logger LOG = LoggerFactory.getLogger(WebAuth.class);

    /** A refusal shown as a page with a way on (sign in again, go back). */
    static final class Refused extends RuntimeException {
        final int status;
        final boolean signIn;

        Refused(int status, String message, boolean signIn) {
            super(message);
            this.status = status;
            this.signIn = signIn;
        }
    }

    private final OidcConfig config;
    private final OidcClient client;
    private final SessionCookies cookies;
    private final Supplier<Instant> clock;

    WebAuth(OidcConfig config, Supplier<Instant> clock) {
        this.config = config;
        this.client = new OidcClient(config);
        this.cookies = new SessionCookies(config.sessionKey(), config.sessionTtl());
        this.clock = clock;
        if (config.sessionKey() == null) {
            LOG.warn("no ${} set: sessions are signed with a key made at start; they end when this process stops and other "
                    + "replicas do not accept them (set {} to the same 32+ byte secret on every replica)", config.sessionKeyEnv(), config.sessionKeyEnv());
        }
    }

    OidcConfig config() {
        return config;
    }

    /**
     * The pages' Content-Security-Policy with the provider's origins added to {@code form-action}: a browser checks
     * form-action on every redirect a form's answer makes, and logout's answer redirects to the provider's
     * end-session endpoint.
     */
    String csp(String base) {
        java.util.Set<String> origins = new java.util.TreeSet<>();
        origins.add(OidcConfig.originOf(config.issuer()));
        client.endSession(config.issuer()).map(OidcConfig::originOf).ifPresent(origins::add);
        return base.replace("form-action 'self'", "form-action 'self' " + String.join(" ", origins));
    }

    /** The signed-in person of this request, if a valid session cookie came with it. */
    Optional<SessionCookies.Session> session(Context ctx) {
        return cookies.session(ctx.cookie(SessionCookies.SESSION), clock.get());
    }

    /** Whether the request carried a session cookie that is no longer valid (expired, or signed with another key). */
    boolean lapsed(Context ctx) {
        String c = ctx.cookie(SessionCookies.SESSION);
        return c != null && !c.isEmpty() && session(ctx).isEmpty();
    }

    /** {@code GET /login?return=/path}: to the provider, with a fresh state, nonce and PKCE verifier in the login cookie. */
    void login(Context ctx) throws OidcClient.OidcException {
        SessionCookies.Login l = cookies.beginLogin(safeReturn(ctx.queryParam("return")), clock.get());
        URI to = client.authorizationUri(l);
        ctx.cookie(cookie(SessionCookies.LOGIN, cookies.encode(l), (int) SessionCookies.LOGIN_TTL.toSeconds()));
        ctx.redirect(to.toString(), HttpStatus.FOUND);
    }

    /** {@code GET /auth/callback}: the provider's answer; on success the session cookie and back to where the person was. */
    void callback(Context ctx) throws OidcClient.OidcException {
        Optional<SessionCookies.Login> login = cookies.login(ctx.cookie(SessionCookies.LOGIN), clock.get());
        ctx.cookie(cookie(SessionCookies.LOGIN, "", 0));
        String error = ctx.queryParam("error");
        if (error != null) {
            String d = ctx.queryParam("error_description");
            throw new Refused(401, "the identity provider did not sign you in: " + error + (d == null ? "" : " (" + d + ")"), true);
        }
        if (login.isEmpty()) {
            throw new Refused(400, "this sign-in was not started here, or took longer than 10 minutes; sign in again", true);
        }
        String state = ctx.queryParam("state");
        if (state == null || !MessageDigest.isEqual(state.getBytes(StandardCharsets.UTF_8), login.get().state().getBytes(StandardCharsets.UTF_8))) {
            throw new Refused(400, "the sign-in's state does not match the one this browser started; sign in again", true);
        }
        String code = ctx.queryParam("code");
        if (code == null || code.isBlank()) throw new Refused(400, "the identity provider returned no code; sign in again", true);
        Identity id = client.exchange(code, login.get());
        String refusal = RoleMap.admits(id, config.allowedDomains(), config.allowedGroups());
        if (refusal != null) {
            LOG.info("sign-in refused: {}", refusal);
            throw new Refused(403, "you may not use this loopreg: " + refusal, false);
        }
        Optional<RoleMap.Grant> grant = config.roles().grant(id);
        if (grant.isEmpty()) {
            LOG.info("sign-in refused: no role for {} (groups {})", id.label(), id.groups());
            throw new Refused(403, "you are signed in at the identity provider as " + id.label() + ", but no role is given to you: the roles of "
                    + config.path() + " name neither your email nor your groups (" + (id.groups().isEmpty() ? "none" : String.join(", ", id.groups()))
                    + "); ask an operator to add you", false);
        }
        SessionCookies.Session s = cookies.start(id, grant.get().role(), clock.get());
        ctx.cookie(cookie(SessionCookies.SESSION, cookies.encode(s), (int) config.sessionTtl().toSeconds()));
        LOG.info("signed in: {} ({}) as {} by {}", id.label(), id.subject(), s.role().word(), grant.get().source() + " " + grant.get().entry());
        ctx.redirect(login.get().returnTo(), HttpStatus.SEE_OTHER);
    }

    /** {@code POST /logout}: the session cookie cleared, then the provider's logout when it has one. */
    void logout(Context ctx) {
        Optional<SessionCookies.Session> s = session(ctx);
        if (s.isPresent()) checkForm(ctx, s.get());
        ctx.cookie(cookie(SessionCookies.SESSION, "", 0));
        URI back = URI.create(config.origin() + "/");
        ctx.redirect(client.endSession(back).map(URI::toString).orElse("/"), HttpStatus.SEE_OTHER);
    }

    /**
     * Refuses (403) a form that does not come from this site or lacks this session's CSRF token. The Origin header is
     * what browsers send with every POST; a request without one (and without {@code Sec-Fetch-Site: same-origin}) is
     * not a browser's form and is refused too.
     */
    void checkForm(Context ctx, SessionCookies.Session s) {
        String origin = ctx.header("Origin");
        if (origin == null || origin.isBlank()) {
            if (!"same-origin".equals(ctx.header("Sec-Fetch-Site"))) {
                throw new Web.ApiError(403, "Forbidden", "a form without an Origin header is refused; forms are accepted from " + config.origin() + " only");
            }
        } else if (!origin.equalsIgnoreCase(config.origin())) {
            throw new Web.ApiError(403, "Forbidden", "a form from another site (Origin: " + origin + ") is refused; forms are accepted from "
                    + config.origin() + " only");
        }
        String token = ctx.formParam("csrf");
        if (token == null || s.csrf() == null
                || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), s.csrf().getBytes(StandardCharsets.UTF_8))) {
            throw new Web.ApiError(403, "Forbidden", "the form's CSRF token is " + (token == null ? "missing" : "wrong")
                    + "; reload the page and try again");
        }
    }

    /** Keeps a form's outcome for the page the browser is sent back to (Post/Redirect/Get). */
    void flash(Context ctx, SessionCookies.Session s, ControlPages.Outcome o) {
        ctx.cookie(cookie(SessionCookies.FLASH, cookies.encode(o.ok(), o.lines(), s.csrf(), clock.get()), (int) SessionCookies.FLASH_TTL.toSeconds()));
    }

    /** The outcome waiting for this session's page, taken (shown once: the cookie is cleared), or empty. */
    Optional<ControlPages.Outcome> takeFlash(Context ctx) {
        String c = ctx.cookie(SessionCookies.FLASH);
        if (c == null || c.isEmpty()) return Optional.empty();
        ctx.cookie(cookie(SessionCookies.FLASH, "", 0));
        return session(ctx).flatMap(s -> cookies.flash(c, s, clock.get())).map(f -> new ControlPages.Outcome(f.ok(), f.lines()));
    }

    /** A path on this site to return to after signing in; anything else is {@code /}. */
    static String safeReturn(String r) {
        if (r == null || !r.startsWith("/") || r.startsWith("//") || r.contains("\\") || r.length() > 2000
                || r.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            return "/";
        }
        return r;
    }

    private Cookie cookie(String name, String value, int maxAge) {
        return new Cookie(name, value, "/", maxAge, config.secureCookies(), true, null, SameSite.LAX);
    }
}
