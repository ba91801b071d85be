package dev.loopreg.regulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopreg.report.Json;
import java.util.Objects;

/**
 * Who acted, as the server authenticated them: a person signed in through OpenID Connect (the issuer, the subject
 * and the email the ID token carried) or the holder of a named API token. Recorded as {@code actor} on every line
 * the action appends to {@code decisions.jsonl}, beside {@code by} ({@link #by()}); a name the caller wrote
 * themselves ({@code "by"} in an API body) is kept as {@code says}, a note, never as the identity.
 *
 * @param method  {@code oidc} or {@code token}
 * @param subject the OIDC subject ({@code sub}), or the token's name
 * @param email   the OIDC email, or null
 * @param name    the OIDC display name, or null
 * @param issuer  the OIDC issuer, or null for a token
 * @param role    the role the action was allowed under ({@code viewer}, {@code approver}, {@code operator})
 * @param says    the self-asserted name the caller gave, or null
 */
public record Actor(String method, String subject, String email, String name, String issuer, String role, String says) {

    public Actor {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(subject, "subject");
    }

    /** The holder of API token {@code token}, allowed as {@code role}; {@code says} is the name the body gave. */
    public static Actor token(String token, String role, String says) {
        return new Actor("token", token, null, null, null, role, says);
    }

    /** A person signed in at {@code issuer}. */
    public static Actor oidc(String issuer, String subject, String email, String name, String role) {
        return new Actor("oidc", subject, email, name, issuer, role, null);
    }

    /** The {@code by} of what they record: the email (else the subject) of a person, {@code api token NAME} of a token. */
    public String by() {
        if (method.equals("token")) return "api token " + subject;
        return email != null ? email : subject;
    }

    /** {@code {"method", "subject", "email", "name", "issuer", "role", "says"}}, the absent ones left out. */
    public ObjectNode json() {
        ObjectNode o = Json.object();
        o.put("method", method);
        if (method.equals("token")) {
            o.put("token", subject);
        } else {
            o.put("issuer", issuer);
            o.put("subject", subject);
            if (email != null) o.put("email", email);
            if (name != null) o.put("name", name);
        }
        if (role != null) o.put("role", role);
        if (says != null) o.put("says", says);
        return o;
    }

    /**
     * {@code line}, a JSON object on one line, with {@code "actor": {...}} added as its last key. The line's own bytes
     * are kept as they are (its numbers are not re-read and re-written).
     */
    public String stamp(String line) {
        String t = line.stripTrailing();
        if (!t.endsWith("}") || !t.startsWith("{")) throw new IllegalArgumentException("not a JSON object: " + line);
        String body = t.substring(0, t.length() - 1).stripTrailing();
        return body + (body.equals("{") ? "" : ",") + "\"actor\":" + Json.line(json()) + "}";
    }
}
