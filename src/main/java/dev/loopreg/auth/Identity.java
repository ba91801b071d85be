package dev.loopreg.auth;

import java.util.List;
import java.util.Objects;

/**
 * A person as the identity provider vouched for them in a validated ID token (and its userinfo): the issuer, the
 * subject, the email (used only when the provider says it is verified), the display name and the groups.
 */
public record Identity(String issuer, String subject, String email, boolean emailVerified, String name, List<String> groups) {

    public Identity {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(subject, "subject");
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    /** The verified email, lower-cased, or null. */
    public String verifiedEmail() {
        return email != null && emailVerified ? email.toLowerCase(java.util.Locale.ROOT) : null;
    }

    /** The verified email's domain, or null. */
    public String domain() {
        String e = verifiedEmail();
        return e == null || e.indexOf('@') < 0 ? null : e.substring(e.lastIndexOf('@') + 1);
    }

    /** What a person is called on pages and in {@code by}: the verified email, else the subject. */
    public String label() {
        return verifiedEmail() != null ? verifiedEmail() : subject;
    }
}
