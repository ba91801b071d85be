package dev.loopreg.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** Who gets which role, and who may sign in at all. */
class RoleMapTest {

    static RoleMap map() {
        return new RoleMap(List.of(
                RoleMap.parse(Role.OPERATOR, "group:sre", "oidc.yml:7"),
                RoleMap.parse(Role.OPERATOR, "alice@example.com", "oidc.yml:7"),
                RoleMap.parse(Role.APPROVER, "domain:example.com", "oidc.yml:8"),
                RoleMap.parse(Role.VIEWER, "subject:auditor-1", "oidc.yml:9")));
    }

    static Identity person(String sub, String email, boolean verified, String... groups) {
        return new Identity("https://idp", sub, email, verified, null, List.of(groups));
    }

    @Test
    void theHighestRoleAnyEntryGives_wins() {
        assertThat(map().grant(person("1", "alice@example.com", true)).map(RoleMap.Grant::role)).contains(Role.OPERATOR);
        assertThat(map().grant(person("2", "bob@example.com", true)).map(RoleMap.Grant::role)).contains(Role.APPROVER);
        assertThat(map().grant(person("3", "bob@example.com", true, "sre")).map(RoleMap.Grant::role)).contains(Role.OPERATOR);
        assertThat(map().grant(person("auditor-1", null, false)).map(RoleMap.Grant::role)).contains(Role.VIEWER);
        assertThat(map().grant(person("4", "eve@elsewhere.org", true))).isEmpty();
    }

    @Test
    void anUnverifiedEmail_givesNothing() {
        assertThat(map().grant(person("5", "alice@example.com", false))).isEmpty();
        assertThat(person("5", "Alice@Example.com", true).label()).isEqualTo("alice@example.com");
        assertThat(person("5", "alice@example.com", false).label()).isEqualTo("5");
    }

    @Test
    void allowedDomainsAndGroups_limitWhoMaySignIn() {
        List<String> domains = List.of("example.com");
        assertThat(RoleMap.admits(person("1", "a@example.com", true), domains, List.of())).isNull();
        assertThat(RoleMap.admits(person("1", "a@evil.com", true), domains, List.of())).isEqualTo("a@evil.com is not in an allowed domain (example.com)");
        assertThat(RoleMap.admits(person("1", "a@example.com", false), domains, List.of()))
                .isEqualTo("the identity provider gave no verified email for 1; sign-in is limited to example.com");
        assertThat(RoleMap.admits(person("1", "a@example.com", true, "eng"), List.of(), List.of("sre")))
                .isEqualTo("a@example.com is in none of the allowed groups (sre); the groups claim had eng");
        assertThat(RoleMap.admits(person("1", "a@example.com", true, "sre"), List.of(), List.of("sre"))).isNull();
    }

    @Property
    void theRoleGiven_isNeverLowerThanAnyMatchingEntry(@ForAll @Size(max = 4) List<@StringLength(min = 1, max = 3) String> groups) {
        Identity id = person("x", "x@example.com", true, groups.toArray(String[]::new));
        Role got = map().grant(id).map(RoleMap.Grant::role).orElse(null);
        for (RoleMap.Grant g : map().grants()) {
            if (g.matches(id)) assertThat(got).isNotNull().matches(r -> r.compareTo(g.role()) >= 0);
        }
    }
}
