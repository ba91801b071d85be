package dev.loopreg.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokensTest {

    @TempDir
    Path tmp;

    static final String A = "aaaaaaaaaaaaaaaa-1";
    static final String B = "bbbbbbbbbbbbbbbb-2";

    @Test
    void none_isReadOnly() {
        assertThat(Tokens.none().configured()).isFalse();
        assertThat(Tokens.none().check(A)).isEmpty();
    }

    @Test
    void envAndFile_namesTheTokenThatMatched() throws Exception {
        Path f = tmp.resolve("tokens");
        Files.writeString(f, "# ops\n\nalice:" + B + "\n" + "cccccccccccccccccc\n");
        Tokens t = Tokens.of(A, f);
        assertThat(t.count()).isEqualTo(3);
        assertThat(t.check(A)).contains("env");
        assertThat(t.check(B)).contains("alice");
        assertThat(t.check("cccccccccccccccccc")).contains("tokens");
        assertThat(t.check(B + "x")).isEmpty();
        assertThat(t.check("")).isEmpty();
        assertThat(t.check(null)).isEmpty();
    }

    @Test
    void shortTokens_andEmptyFiles_areRefusedWithThePlace() throws Exception {
        assertThatThrownBy(() -> Tokens.of("short", null)).hasMessage(
                "LOOPREG_TOKEN: the token has 5 characters; expected at least 16 (for example: openssl rand -hex 32)");
        Path f = tmp.resolve("t");
        Files.writeString(f, "# nothing\n\nbob:tiny\n");
        assertThatThrownBy(() -> Tokens.of(null, f)).hasMessage(f + ":3: the token has 4 characters; expected at least 16");
        Files.writeString(f, "bad name:" + A + "\n");
        assertThatThrownBy(() -> Tokens.of(null, f)).hasMessageContaining(f + ":1: token name 'bad name' is not allowed");
        Files.writeString(f, "# only comments\n");
        assertThatThrownBy(() -> Tokens.of(null, f)).hasMessage(f + ": no token in the file; expected lines NAME:ROLE:TOKEN, NAME:TOKEN or TOKEN");
        assertThatThrownBy(() -> Tokens.of(null, tmp.resolve("missing"))).hasMessageContaining("cannot read the token file");
    }

    @Test
    void aTokenMayCarryItsRole_withoutOneItIsAnOperator() throws Exception {
        Path f = tmp.resolve("roles");
        Files.writeString(f, "ci:viewer:" + A + "\nann:approver:" + B + "\nops:cccccccccccccccccc\n");
        Tokens t = Tokens.of("dddddddddddddddddd", f);
        assertThat(t.holder(A)).contains(new Tokens.Holder("ci", Role.VIEWER));
        assertThat(t.holder(B)).contains(new Tokens.Holder("ann", Role.APPROVER));
        assertThat(t.holder("cccccccccccccccccc")).contains(new Tokens.Holder("ops", Role.OPERATOR));
        assertThat(t.holder("dddddddddddddddddd")).contains(new Tokens.Holder("env", Role.OPERATOR));

        Files.writeString(f, "# team\nci:aprover:" + A + "\n");
        assertThatThrownBy(() -> Tokens.of(null, f)).hasMessage(f + ":2: role 'aprover' is not a role; expected NAME:ROLE:TOKEN with "
                + "ROLE viewer, approver or operator (a token itself has no ':'; make one with openssl rand -hex 32)");
        Files.writeString(f, "ci:viewer:short\n");
        assertThatThrownBy(() -> Tokens.of(null, f)).hasMessage(f + ":1: the token has 5 characters; expected at least 16");
    }

    @Test
    void eachRole_mayWhatTheRoleBeforeItMay_andMore() {
        for (Role.Action a : Role.Action.values()) {
            assertThat(Role.VIEWER.may(a)).as("viewer %s", a).isFalse();
            assertThat(Role.OPERATOR.may(a)).as("operator %s", a).isTrue();
            for (Role lower : Role.values()) {
                for (Role higher : Role.values()) {
                    if (lower.compareTo(higher) <= 0 && lower.may(a)) assertThat(higher.may(a)).as("%s then %s %s", lower, higher, a).isTrue();
                }
            }
        }
        assertThat(java.util.Arrays.stream(Role.Action.values()).filter(Role.APPROVER::may).map(Role.Action::word))
                .containsExactly("approve", "reject", "apply");
        assertThat(Role.parse("approver")).contains(Role.APPROVER);
        assertThat(Role.parse("admin")).isEmpty();
    }
}
