package dev.loopreg.auth;

import dev.loopreg.format.ConfigReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Who gets which role: the {@code roles:} mapping of the OIDC config, each role with a list of entries —
 * {@code group:NAME} (a group in the groups claim), an email ({@code alice@example.com}, verified),
 * {@code domain:example.com}, {@code subject:ID}, or {@code "*"} (anyone allowed to sign in). A person gets the highest
 * role any entry gives them, and none when no entry names them (then they cannot sign in). Pure.
 *
 * <p>Before roles are mapped, {@link #admits} applies the config's {@code allowed_domains} and {@code allowed_groups}:
 * a person outside them is refused whatever the roles say.
 */
public record RoleMap(List<Grant> grants) {

    /** One entry: the role it gives, what it matches, and where it is written ({@code oidc.yml:12}). */
    public record Grant(Role role, String kind, String value, String source) {
        boolean matches(Identity id) {
            return switch (kind) {
                case "any" -> true;
                case "group" -> id.groups().contains(value);
                case "email" -> value.equalsIgnoreCase(id.verifiedEmail() == null ? "" : id.verifiedEmail());
                case "domain" -> value.equalsIgnoreCase(id.domain() == null ? "" : id.domain());
                case "subject" -> value.equals(id.subject());
                default -> false;
            };
        }

        public String entry() {
            return switch (kind) {
                case "any" -> "*";
                case "email" -> value;
                default -> kind + ":" + value;
            };
        }
    }

    public RoleMap {
        grants = List.copyOf(grants);
    }

    /** The role a person gets and the entry that gave it, or empty. */
    public Optional<Grant> grant(Identity id) {
        Grant best = null;
        for (Grant g : grants) {
            if (g.matches(id) && (best == null || g.role().compareTo(best.role()) > 0)) best = g;
        }
        return Optional.ofNullable(best);
    }

    /**
     * Why {@code id} may not sign in under {@code allowedDomains} and {@code allowedGroups} (each empty: no limit), or
     * null when they may.
     */
    public static String admits(Identity id, List<String> allowedDomains, List<String> allowedGroups) {
        if (!allowedDomains.isEmpty() && (id.domain() == null || !allowedDomains.contains(id.domain()))) {
            return id.verifiedEmail() == null
                    ? "the identity provider gave no verified email for " + id.subject() + "; sign-in is limited to " + String.join(", ", allowedDomains)
                    : id.verifiedEmail() + " is not in an allowed domain (" + String.join(", ", allowedDomains) + ")";
        }
        if (!allowedGroups.isEmpty() && allowedGroups.stream().noneMatch(id.groups()::contains)) {
            return id.label() + " is in none of the allowed groups (" + String.join(", ", allowedGroups) + "); the groups claim had "
                    + (id.groups().isEmpty() ? "none" : String.join(", ", id.groups()));
        }
        return null;
    }

    static RoleMap read(ConfigReader r, String pointer) {
        List<Grant> out = new ArrayList<>();
        if (!r.present(pointer)) {
            r.error(pointer, pointer.isEmpty() ? "the roles file is empty; expected {operator: [group:sre], approver: [...], viewer: [\"*\"]}"
                    : "roles is missing; expected roles: {operator: [group:sre], approver: [...], viewer: [\"*\"]} (or roles_file: FILE)");
            return new RoleMap(out);
        }
        if (!r.mapping(pointer, true)) return new RoleMap(out);
        var node = r.doc().at(pointer);
        for (var it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            String p = pointer + "/" + name;
            Optional<Role> role = Role.parse(name);
            if (role.isEmpty()) {
                r.error(p, (pointer.isEmpty() ? "" : "roles: ") + "'" + name + "' is not a role; expected " + Role.choices());
                continue;
            }
            List<String> entries = r.stringList(p, List.of());
            for (int i = 0; i < entries.size(); i++) {
                String e = entries.get(i).strip();
                String at = r.doc().path() + ":" + r.doc().lineOf(p + "/" + i);
                Grant g = parse(role.get(), e, at);
                if (g == null) {
                    r.error(p + "/" + i, (pointer.isEmpty() ? "" : "roles.") + name + "[" + i + "]: '" + e + "' is not an entry; expected group:NAME, an email, "
                            + "domain:example.com, subject:ID or \"*\"");
                } else {
                    out.add(g);
                }
            }
        }
        return new RoleMap(out);
    }

    static Grant parse(Role role, String e, String source) {
        if (e.equals("*")) return new Grant(role, "any", "*", source);
        int colon = e.indexOf(':');
        if (colon > 0) {
            String kind = e.substring(0, colon);
            String value = e.substring(colon + 1).strip();
            if (value.isEmpty() || !List.of("group", "domain", "subject").contains(kind)) return null;
            return new Grant(role, kind, value, source);
        }
        if (e.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) return new Grant(role, "email", e.toLowerCase(java.util.Locale.ROOT), source);
        return null;
    }
}
