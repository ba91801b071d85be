package dev.loopreg.auth;

import dev.loopreg.format.ConfigReader;
import dev.loopreg.format.Problem;
import dev.loopreg.format.YamlDoc;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code serve --oidc FILE}: how people sign in. The issuer and the client registered there, where people reach
 * loopreg ({@code base_url}: the redirect URI is {@code base_url/auth/callback}, the origin every form must come
 * from, and whether cookies are {@code Secure}), who may sign in, which role each person gets, and how long a session
 * lasts. The client secret and the key that signs sessions come from the environment, never the file. Read once at
 * start; every problem is reported as {@code path:line: what, expected what}.
 *
 * @param secret     the client secret, or null for a public client (PKCE alone)
 * @param sessionKey the session-signing key (at least 32 bytes), or null: a random key for this process
 */
public record OidcConfig(String path, URI issuer, String clientId, String secret, URI baseUrl, List<String> scopes,
                         List<String> allowedDomains, List<String> allowedGroups, String groupsClaim, RoleMap roles,
                         Duration sessionTtl, byte[] sessionKey, String sessionKeyEnv, String rolesFile) {

    static final Set<String> KEYS = Set.of("issuer", "client_id", "client_secret_env", "base_url", "scopes", "allowed_domains",
            "allowed_groups", "groups_claim", "roles", "roles_file", "session_ttl", "session_key_env");

    /** The problems that stop the server from starting, each {@code path:line: what is wrong, what was expected}. */
    public static final class ConfigException extends Exception {
        public ConfigException(String message) {
            super(message);
        }
    }

    /**
     * This config with the entries of a roles file added ({@code roles_file}: the same mapping as {@code roles:}, at the
     * top of its own file, for roles kept apart from the sign-in settings).
     *
     * @param path the roles file as named in messages
     * @throws ConfigException with the roles file's {@code path:line} for each problem
     */
    public OidcConfig withRolesFile(String path, String text) throws ConfigException {
        ConfigReader r = reader(path, text);
        RoleMap more = RoleMap.read(r, "");
        if (r.problems().stream().anyMatch(Problem::isError)) throw failed(r.problems());
        List<RoleMap.Grant> all = new ArrayList<>(roles.grants());
        all.addAll(more.grants());
        return new OidcConfig(this.path, issuer, clientId, secret, baseUrl, scopes, allowedDomains, allowedGroups, groupsClaim, new RoleMap(all),
                sessionTtl, sessionKey, sessionKeyEnv, rolesFile);
    }

    /** {@code base_url} + {@code /auth/callback}. */
    public URI redirectUri() {
        return URI.create(stripSlash(baseUrl.toString()) + "/auth/callback");
    }

    /** {@code scheme://host[:port]} of {@code base_url}: the only origin a form may come from. */
    public String origin() {
        return origin(baseUrl);
    }

    /** Cookies carry {@code Secure} when people reach loopreg over https (behind a TLS-terminating proxy). */
    public boolean secureCookies() {
        return "https".equalsIgnoreCase(baseUrl.getScheme());
    }

    /** {@code scheme://host[:port]} of {@code u}. */
    public static String originOf(URI u) {
        return origin(u);
    }

    static String origin(URI u) {
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        int port = u.getPort();
        boolean dflt = port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
        return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + (dflt ? "" : ":" + port);
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** Reads {@code text} (the file {@code path}); {@code env} gives the secret and the session key. */
    public static OidcConfig parse(String path, String text, Function<String, String> env) throws ConfigException {
        ConfigReader r = reader(path, text);
        List<Problem> problems = r.problems();
        if (!r.mapping("", true)) throw failed(problems);
        r.knownKeys("", KEYS);
        URI issuer = url(r, "/issuer", true);
        String clientId = r.string("/client_id", null, true);
        String secretEnv = r.string("/client_secret_env", "LOOPREG_OIDC_CLIENT_SECRET", false);
        URI base = url(r, "/base_url", true);
        if (base != null && base.getRawQuery() != null) r.error("/base_url", "base_url: '" + base + "' has a query; expected where people reach loopreg, such as https://loopreg.example.com");
        List<String> scopes = r.stringList("/scopes", List.of("openid", "email", "profile"));
        if (!scopes.contains("openid")) r.error("/scopes", "scopes: " + scopes + " lacks openid; expected a list that includes openid, such as [openid, email, profile, groups]");
        List<String> domains = r.stringList("/allowed_domains", List.of()).stream().map(d -> d.toLowerCase(Locale.ROOT)).toList();
        for (int i = 0; i < domains.size(); i++) {
            if (!domains.get(i).matches("[a-z0-9.-]+\\.[a-z]{2,}")) {
                r.error("/allowed_domains/" + i, "allowed_domains[" + i + "]: '" + domains.get(i) + "' is not a domain; expected such as example.com");
            }
        }
        List<String> groups = r.stringList("/allowed_groups", List.of());
        String groupsClaim = r.string("/groups_claim", "groups", false);
        String rolesFile = r.string("/roles_file", null, false);
        RoleMap roles = rolesFile != null && !r.present("/roles") ? new RoleMap(List.of()) : RoleMap.read(r, "/roles");
        Duration ttl = Duration.ofHours(8);
        String ttlText = r.string("/session_ttl", null, false);
        if (ttlText != null) {
            Optional<Duration> d = duration(ttlText);
            if (d.isEmpty() || d.get().compareTo(Duration.ofMinutes(1)) < 0 || d.get().compareTo(Duration.ofDays(30)) > 0) {
                r.error("/session_ttl", "session_ttl: '" + ttlText + "' is not allowed; expected a duration from 1m to 30d, such as 8h");
            } else {
                ttl = d.get();
            }
        }
        String keyEnv = r.string("/session_key_env", "LOOPREG_SESSION_KEY", false);
        byte[] key = null;
        String keyText = keyEnv == null ? null : env.apply(keyEnv);
        if (keyText != null && !keyText.isEmpty()) {
            key = keyText.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (key.length < 32) {
                r.error(r.present("/session_key_env") ? "/session_key_env" : "",
                        "$" + keyEnv + " has " + key.length + " bytes; expected at least 32 (make one with openssl rand -hex 32)");
            }
        }
        String secret = secretEnv == null || secretEnv.equals("none") ? null : env.apply(secretEnv);
        if (secretEnv != null && !secretEnv.equals("none") && (secret == null || secret.isEmpty())) {
            r.error(r.present("/client_secret_env") ? "/client_secret_env" : "/client_id", "$" + secretEnv
                    + " is not set; expected the client secret the issuer gave (or client_secret_env: none for a public client)");
        }
        if (problems.stream().anyMatch(Problem::isError)) throw failed(problems);
        return new OidcConfig(path, issuer, clientId, secret, base, scopes, domains, groups, groupsClaim, roles, ttl, key, keyEnv, rolesFile);
    }

    /** A reader of {@code text} as YAML; a syntax error is refused at once. */
    private static ConfigReader reader(String path, String text) throws ConfigException {
        try {
            return new ConfigReader(YamlDoc.parse(path, text), new ArrayList<>());
        } catch (YamlDoc.SyntaxException e) {
            throw new ConfigException(e.problem().toString());
        }
    }

    private static ConfigException failed(List<Problem> problems) {
        return new ConfigException(String.join("\n", problems.stream().filter(Problem::isError).map(Problem::toString).toList()));
    }

    private static URI url(ConfigReader r, String pointer, boolean required) {
        String v = r.string(pointer, null, required);
        if (v == null) return null;
        try {
            URI u = new URI(v.strip());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("https") || scheme.equals("http")) && u.getHost() != null && u.getRawFragment() == null) return u;
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        r.error(pointer, ConfigReader.keyName(pointer) + ": '" + v + "' is not an http(s) URL; expected such as https://idp.example.com/realms/ops");
        return null;
    }

    /** {@code 90s}, {@code 30m}, {@code 8h}, {@code 7d}: the rules' duration syntax. */
    static Optional<Duration> duration(String text) {
        return dev.loopreg.cadence.rules.DurationText.parse(text);
    }
}
