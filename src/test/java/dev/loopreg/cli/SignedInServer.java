package dev.loopreg.cli;

import dev.loopreg.auth.Identity;
import dev.loopreg.auth.OidcConfig;
import dev.loopreg.auth.Role;
import dev.loopreg.auth.SessionCookies;
import dev.loopreg.auth.Tokens;
import dev.loopreg.server.Daemon;
import dev.loopreg.server.Server;
import dev.loopreg.server.Web;
import dev.loopreg.workspace.Workspace;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * {@code serve --oidc} on loopback for the tests that act from the pages over plain HTTP: sessions are signed with the
 * server's key here (signing in against a real provider is WebControlPlaneTest's), forms come from the server's origin.
 */
final class SignedInServer implements AutoCloseable {

    static final String KEY = "signed-in-server-session-key-0123456789abcdef";

    final Server server;
    final String base;
    private final SessionCookies cookies = new SessionCookies(KEY.getBytes(StandardCharsets.UTF_8), Duration.ofHours(1));
    private final Instant now;

    private SignedInServer(Server server, String base, Instant now) {
        this.server = server;
        this.base = base;
        this.now = now;
    }

    static SignedInServer start(Path ws, Instant now) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        String base = "http://127.0.0.1:" + port;
        Map<String, String> env = Map.of("S", "secret", "LOOPREG_SESSION_KEY", KEY);
        OidcConfig oidc = OidcConfig.parse("oidc.yml", "issuer: https://idp.invalid\nclient_id: loopreg\nclient_secret_env: S\nbase_url: " + base
                + "\nroles: {viewer: [\"*\"]}\n", env::get);
        Daemon.Settings ds = new Daemon.Settings(24, 0, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofSeconds(5),
                Duration.ofMinutes(10), Duration.ofMillis(50), false);
        Server server = Server.start(new Workspace(ws), new Server.Config(new Web.Settings("127.0.0.1", port, Tokens.none(), 16384, oidc), ds,
                Duration.ZERO), Clock.fixed(now, ZoneOffset.UTC), env::get);
        return new SignedInServer(server, base, now);
    }

    /** A session of this person with this role, signed with the server's key. */
    SessionCookies.Session session(String subject, String email, Role role) {
        return cookies.start(new Identity("https://idp.invalid", subject, email, true, null, List.of()), role, now);
    }

    String cookie(SessionCookies.Session s) {
        return cookies.encode(s);
    }

    HttpResponse<String> get(String path, SessionCookies.Session s) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", "loopreg_session=" + cookie(s)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A form from the server's own origin, with the session's CSRF token. */
    HttpResponse<String> act(SessionCookies.Session s, Map<String, String> fields) throws Exception {
        StringBuilder b = new StringBuilder("csrf=" + URLEncoder.encode(s.csrf(), StandardCharsets.UTF_8));
        fields.forEach((k, v) -> b.append('&').append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/ui/act")).header("Cookie", "loopreg_session=" + cookie(s))
                .header("Origin", base).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(b.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The page a form's answer sends the browser to (Post/Redirect/Get: 303 and a Location), opened with the session and
     * the outcome's cookie, as a browser does.
     */
    HttpResponse<String> follow(HttpResponse<String> answer, SessionCookies.Session s) throws Exception {
        if (answer.statusCode() != 303) throw new AssertionError("not a redirect after a form: " + answer.statusCode() + " " + answer.body());
        String location = answer.headers().firstValue("Location").orElseThrow();
        String flash = answer.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(SessionCookies.FLASH + "="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElse("");
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + location))
                .header("Cookie", "loopreg_session=" + cookie(s) + (flash.isEmpty() ? "" : "; " + flash)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        server.close();
    }
}
