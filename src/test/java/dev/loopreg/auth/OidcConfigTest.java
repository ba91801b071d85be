package dev.loopreg.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code serve --oidc FILE}: a good config is read whole; each bad one is refused with its {@code path:line}. */
class OidcConfigTest {

    static final String GOOD = """
            issuer: https://idp.example.com/realms/ops
            client_id: loopreg
            base_url: https://loopreg.example.com/
            scopes: [openid, email, profile, groups]
            allowed_domains: [Example.com]
            roles:
              operator: [group:sre, alice@example.com]
              approver: [group:loop-owners, domain:example.com]
              viewer: ["*"]
            session_ttl: 12h
            """;

    static final Map<String, String> ENV = Map.of("LOOPREG_OIDC_CLIENT_SECRET", "s3cret", "LOOPREG_SESSION_KEY", "k".repeat(40));

    @Test
    void aGoodConfig_isReadWhole() throws Exception {
        OidcConfig c = OidcConfig.parse("oidc.yml", GOOD, ENV::get);
        assertThat(c.issuer().toString()).isEqualTo("https://idp.example.com/realms/ops");
        assertThat(c.secret()).isEqualTo("s3cret");
        assertThat(c.redirectUri().toString()).isEqualTo("https://loopreg.example.com/auth/callback");
        assertThat(c.origin()).isEqualTo("https://loopreg.example.com");
        assertThat(c.secureCookies()).isTrue();
        assertThat(c.allowedDomains()).containsExactly("example.com");
        assertThat(c.sessionTtl()).isEqualTo(Duration.ofHours(12));
        assertThat(c.sessionKey()).hasSize(40);
        assertThat(c.roles().grants()).extracting(g -> g.role().word() + " " + g.entry() + " " + g.source())
                .containsExactly("operator group:sre oidc.yml:7", "operator alice@example.com oidc.yml:7", "approver group:loop-owners oidc.yml:8",
                        "approver domain:example.com oidc.yml:8", "viewer * oidc.yml:9");
    }

    /** The examples in README.md and docs/api.md are configs that work. */
    @Test
    void theDocumentedExamples_areRead() throws Exception {
        for (String doc : java.util.List.of("README.md", "docs/api.md")) {
            String text = java.nio.file.Files.readString(java.nio.file.Path.of(doc));
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("```yaml\n(issuer: .*?)```", java.util.regex.Pattern.DOTALL).matcher(text);
            assertThat(m.find()).as(doc + " has the example").isTrue();
            OidcConfig c = OidcConfig.parse(doc, m.group(1), ENV::get);
            assertThat(c.roles().grants()).as(doc).isNotEmpty();
            assertThat(c.redirectUri().toString()).isEqualTo("https://loopreg.example.com/auth/callback");
        }
    }

    @Test
    void aPublicClient_needsNoSecret_andPlainHttpMeansNoSecureCookie() throws Exception {
        OidcConfig c = OidcConfig.parse("oidc.yml", GOOD.replace("client_id: loopreg\n", "client_id: loopreg\nclient_secret_env: none\n")
                .replace("https://loopreg.example.com/", "http://127.0.0.1:8320"), Map.<String, String>of()::get);
        assertThat(c.secret()).isNull();
        assertThat(c.sessionKey()).isNull();
        assertThat(c.secureCookies()).isFalse();
        assertThat(c.origin()).isEqualTo("http://127.0.0.1:8320");
    }

    private static String error(String yml, Map<String, String> env) {
        try {
            OidcConfig.parse("oidc.yml", yml, env::get);
        } catch (OidcConfig.ConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected the config to be refused:\n" + yml);
    }

    @Test
    void eachBadValue_isNamedWithItsLine() {
        assertThat(error(GOOD.replace("https://idp.example.com/realms/ops", "idp.example.com"), ENV))
                .isEqualTo("oidc.yml:1: issuer: 'idp.example.com' is not an http(s) URL; expected such as https://idp.example.com/realms/ops");
        assertThat(error(GOOD.replace("client_id: loopreg\n", ""), ENV)).contains("client_id is missing; expected a text value");
        assertThat(error(GOOD.replace("scopes: [openid, email, profile, groups]", "scopes: [email]"), ENV))
                .isEqualTo("oidc.yml:4: scopes: [email] lacks openid; expected a list that includes openid, such as [openid, email, profile, groups]");
        assertThat(error(GOOD.replace("[Example.com]", "[example]"), ENV))
                .isEqualTo("oidc.yml:5: allowed_domains[0]: 'example' is not a domain; expected such as example.com");
        assertThat(error(GOOD.replace("operator:", "admin:"), ENV))
                .isEqualTo("oidc.yml:7: roles: 'admin' is not a role; expected viewer, approver or operator");
        assertThat(error(GOOD.replace("group:loop-owners", "team:loop-owners"), ENV))
                .isEqualTo("oidc.yml:8: roles.approver[0]: 'team:loop-owners' is not an entry; expected group:NAME, an email, domain:example.com, subject:ID or \"*\"");
        assertThat(error(GOOD.replace("12h", "12 hours"), ENV))
                .isEqualTo("oidc.yml:10: session_ttl: '12 hours' is not allowed; expected a duration from 1m to 30d, such as 8h");
        assertThat(error(GOOD.replace("12h", "90d"), ENV)).contains("oidc.yml:10: session_ttl: '90d' is not allowed");
        assertThat(error(GOOD + "cookie_name: x\n", ENV)).contains("oidc.yml:11: ").contains("cookie_name");
        assertThat(error(GOOD.replace("base_url: https://loopreg.example.com/", "base_url: https://loopreg.example.com/?a=1"), ENV))
                .contains("oidc.yml:3: base_url: 'https://loopreg.example.com/?a=1' has a query");
    }

    @Test
    void aRolesFile_addsItsEntries_andIsCheckedWithItsOwnLines() throws Exception {
        String noRoles = GOOD.substring(0, GOOD.indexOf("roles:")) + "roles_file: roles.yml\nsession_ttl: 12h\n";
        OidcConfig c = OidcConfig.parse("oidc.yml", noRoles, ENV::get);
        assertThat(c.rolesFile()).isEqualTo("roles.yml");
        assertThat(c.roles().grants()).isEmpty();
        OidcConfig withFile = c.withRolesFile("roles.yml", "# kept by the platform team\noperator: [group:sre]\nviewer: [\"*\"]\n");
        assertThat(withFile.roles().grants()).extracting(g -> g.role().word() + " " + g.entry() + " " + g.source())
                .containsExactly("operator group:sre roles.yml:2", "viewer * roles.yml:3");
        // inline roles and the file's together
        OidcConfig both = OidcConfig.parse("oidc.yml", GOOD + "roles_file: roles.yml\n", ENV::get).withRolesFile("roles.yml", "approver: [bob@example.com]\n");
        assertThat(both.roles().grants()).hasSize(6);
        try {
            c.withRolesFile("roles.yml", "operator: [group:sre]\nboss: [\"*\"]\n");
            throw new AssertionError("expected a refusal");
        } catch (OidcConfig.ConfigException e) {
            assertThat(e.getMessage()).isEqualTo("roles.yml:2: 'boss' is not a role; expected viewer, approver or operator");
        }
    }

    @Test
    void theSecretAndTheKey_comeFromTheEnvironment_andAreChecked() {
        assertThat(error(GOOD, Map.of())).isEqualTo("oidc.yml:2: $LOOPREG_OIDC_CLIENT_SECRET is not set; expected the client secret the issuer gave "
                + "(or client_secret_env: none for a public client)");
        assertThat(error(GOOD, Map.of("LOOPREG_OIDC_CLIENT_SECRET", "s", "LOOPREG_SESSION_KEY", "short")))
                .contains("$LOOPREG_SESSION_KEY has 5 bytes; expected at least 32 (make one with openssl rand -hex 32)");
    }

    @Test
    void aFileThatIsNotAMapping_orNotYaml_isRefused() {
        assertThat(error("- a\n- b\n", ENV)).contains("oidc.yml:1:");
        assertThat(error("issuer: [unclosed\n", ENV)).startsWith("oidc.yml:");
        assertThat(error(GOOD.replace("roles:\n  operator: [group:sre, alice@example.com]\n  approver: [group:loop-owners, domain:example.com]\n  viewer: [\"*\"]\n", ""), ENV))
                .contains("roles is missing; expected roles: {operator: [group:sre], approver: [...], viewer: [\"*\"]} (or roles_file: FILE)");
    }
}
