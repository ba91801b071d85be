package dev.loopreg.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The relying party's side of OpenID Connect, on the Nimbus OAuth 2.0 SDK: the provider's metadata from its discovery
 * document ({@code ISSUER/.well-known/openid-configuration}, fetched on first use and kept), the authorization request
 * of the authorization code flow with PKCE (S256), {@code state} and {@code nonce}, the code's exchange at the token
 * endpoint, and the ID token's validation — signature against the provider's published keys (JWKS), issuer,
 * audience, expiry and nonce. Groups missing from the ID token are looked up at the userinfo endpoint.
 */
public final class OidcClient {

    /** The provider could not be reached or refused: a message a person can act on. */
    public static final class OidcException extends Exception {
        public OidcException(String message) {
            super(message);
        }
    }

    private static final int CONNECT_MS = 5_000;
    private static final int READ_MS = 10_000;

    private final OidcConfig config;
    private volatile OIDCProviderMetadata metadata;
    private volatile IDTokenValidator validator;

    public OidcClient(OidcConfig config) {
        this.config = config;
    }

    public OidcConfig config() {
        return config;
    }

    private OIDCProviderMetadata metadata() throws OidcException {
        OIDCProviderMetadata m = metadata;
        if (m != null) return m;
        synchronized (this) {
            if (metadata != null) return metadata;
            try {
                m = OIDCProviderMetadata.resolve(new Issuer(config.issuer().toString()), CONNECT_MS, READ_MS);
            } catch (Exception e) {
                throw new OidcException("the identity provider's discovery document cannot be read (" + config.issuer()
                        + "/.well-known/openid-configuration): " + e.getMessage() + "; check issuer in " + config.path());
            }
            JWSAlgorithm alg = m.getIDTokenJWSAlgs() == null || m.getIDTokenJWSAlgs().isEmpty() || m.getIDTokenJWSAlgs().contains(JWSAlgorithm.RS256)
                    ? JWSAlgorithm.RS256 : m.getIDTokenJWSAlgs().get(0);
            try {
                validator = new IDTokenValidator(m.getIssuer(), new ClientID(config.clientId()), alg, m.getJWKSetURI().toURL());
            } catch (java.net.MalformedURLException e) {
                throw new OidcException("the identity provider's jwks_uri is not a URL: " + m.getJWKSetURI());
            }
            metadata = m;
            return m;
        }
    }

    /** Where to send the browser to sign in. */
    public URI authorizationUri(SessionCookies.Login login) throws OidcException {
        OIDCProviderMetadata m = metadata();
        return new AuthenticationRequest.Builder(ResponseType.CODE, new Scope(config.scopes().toArray(String[]::new)),
                new ClientID(config.clientId()), config.redirectUri())
                .endpointURI(m.getAuthorizationEndpointURI())
                .state(new State(login.state()))
                .nonce(new Nonce(login.nonce()))
                .codeChallenge(new CodeVerifier(login.verifier()), CodeChallengeMethod.S256)
                .build().toURI();
    }

    /** Exchanges the code the provider returned for tokens, validates the ID token, and says who signed in. */
    public Identity exchange(String code, SessionCookies.Login login) throws OidcException {
        OIDCProviderMetadata m = metadata();
        AuthorizationCodeGrant grant = new AuthorizationCodeGrant(new AuthorizationCode(code), config.redirectUri(), new CodeVerifier(login.verifier()));
        TokenRequest req = config.secret() == null
                ? new TokenRequest(m.getTokenEndpointURI(), new ClientID(config.clientId()), grant)
                : new TokenRequest(m.getTokenEndpointURI(), new ClientSecretBasic(new ClientID(config.clientId()), new Secret(config.secret())), grant);
        TokenResponse resp;
        try {
            HTTPRequest http = req.toHTTPRequest();
            http.setConnectTimeout(CONNECT_MS);
            http.setReadTimeout(READ_MS);
            resp = OIDCTokenResponseParser.parse(http.send());
        } catch (Exception e) {
            throw new OidcException("the identity provider's token endpoint failed: " + e.getMessage());
        }
        if (!resp.indicatesSuccess()) {
            TokenErrorResponse err = resp.toErrorResponse();
            throw new OidcException("the identity provider refused the sign-in code: " + (err.getErrorObject() == null ? "no reason given"
                    : err.getErrorObject().getCode() + (err.getErrorObject().getDescription() == null ? "" : " (" + err.getErrorObject().getDescription() + ")")));
        }
        OIDCTokenResponse ok = (OIDCTokenResponse) resp.toSuccessResponse();
        JWT idToken = ok.getOIDCTokens().getIDToken();
        if (idToken == null) throw new OidcException("the identity provider returned no ID token; expected the openid scope to give one");
        IDTokenClaimsSet claims;
        try {
            claims = validator.validate(idToken, new Nonce(login.nonce()));
        } catch (Exception e) {
            throw new OidcException("the ID token is not valid: " + e.getMessage());
        }
        String email = claims.getStringClaim("email");
        Boolean verified = claims.getBooleanClaim("email_verified");
        String name = claims.getStringClaim("name");
        List<String> groups = groups(claims.toJSONObject().get(config.groupsClaim()));
        if (groups == null && m.getUserInfoEndpointURI() != null) {
            groups = userInfoGroups(m, ok.getOIDCTokens().getBearerAccessToken());
        }
        return new Identity(claims.getIssuer().getValue(), claims.getSubject().getValue(), email,
                Boolean.TRUE.equals(verified), name, groups == null ? List.of() : groups);
    }

    private List<String> userInfoGroups(OIDCProviderMetadata m, BearerAccessToken token) {
        try {
            HTTPRequest http = new UserInfoRequest(m.getUserInfoEndpointURI(), token).toHTTPRequest();
            http.setConnectTimeout(CONNECT_MS);
            http.setReadTimeout(READ_MS);
            HTTPResponse r = http.send();
            UserInfoResponse u = UserInfoResponse.parse(r);
            if (!u.indicatesSuccess()) return null;
            return groups(u.toSuccessResponse().getUserInfo().toJSONObject().get(config.groupsClaim()));
        } catch (Exception e) {
            return null;   // no groups: the roles by email or subject still apply
        }
    }

    @SuppressWarnings("unchecked")
    static List<String> groups(Object claim) {
        if (claim == null) return null;
        List<String> out = new ArrayList<>();
        if (claim instanceof List<?> l) {
            for (Object o : l) if (o != null) out.add(o.toString());
        } else {
            out.add(claim.toString());
        }
        return out;
    }

    /**
     * The provider's end-session endpoint with {@code client_id} and where to come back (RP-initiated logout), when the
     * provider has one.
     */
    public Optional<URI> endSession(URI back) {
        OIDCProviderMetadata m = metadata;
        if (m == null || m.getEndSessionEndpointURI() == null) return Optional.empty();
        String base = m.getEndSessionEndpointURI().toString();
        return Optional.of(URI.create(base + (base.contains("?") ? "&" : "?") + "client_id="
                + java.net.URLEncoder.encode(config.clientId(), java.nio.charset.StandardCharsets.UTF_8)
                + "&post_logout_redirect_uri=" + java.net.URLEncoder.encode(back.toString(), java.nio.charset.StandardCharsets.UTF_8)));
    }
}
