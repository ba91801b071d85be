package dev.loopreg.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** libpq's URL form: what is written is what is read, and anything else is a clear error, never a crash. */
class DatabaseUrlProperties {

    @Provide
    Arbitrary<String> words() {
        return Arbitraries.strings().withCharRange('!', '~').withChars("é漢 ").ofMinLength(1).ofMaxLength(12);
    }

    @Provide
    Arbitrary<String> hosts() {
        return Arbitraries.of("localhost", "127.0.0.1", "db.example.org", "[::1]", "pg-0.pg.svc");
    }

    @Property(tries = 300)
    void written_isRead(@ForAll("words") String user, @ForAll("words") String password, @ForAll("hosts") String host,
                        @ForAll @IntRange(min = 1, max = 65535) int port, @ForAll("words") String db) throws Exception {
        String text = "postgresql://" + enc(user) + ":" + enc(password) + "@" + host + ":" + port + "/" + enc(db) + "?sslmode=require";
        DatabaseUrl u = DatabaseUrl.parse(text);
        assertThat(u.user()).isEqualTo(user);
        assertThat(u.password()).isEqualTo(password);
        assertThat(u.host()).isEqualTo(host);
        assertThat(u.port()).isEqualTo(port);
        assertThat(u.database()).isEqualTo(db);
        assertThat(u.params()).containsExactly(Map.entry("sslmode", "require"));
        assertThat(u.toString()).doesNotContain(enc(password).length() > 3 ? ":" + enc(password) + "@" : "\u0000");
        assertThat(u.jdbc()).startsWith("jdbc:postgresql://" + host + ":" + port + "/").doesNotContain(enc(password) + "@");
    }

    @Property(tries = 500)
    void anything_isParsedOrRefusedClearly(@ForAll String text) {
        try {
            DatabaseUrl.parse(text);
        } catch (DatabaseUrl.BadUrl e) {
            assertThat(e.getMessage()).contains("expected");
        }
    }

    @Test
    void defaults_andErrors() throws Exception {
        DatabaseUrl u = DatabaseUrl.parse("postgres://db.example.org/loopreg");
        assertThat(u.port()).isEqualTo(5432);
        assertThat(u.user()).isNull();
        assertThat(u.password()).isNull();
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://u:secret@h/db")).hasMessageContaining("'mysql://u:***@h/db' is not a PostgreSQL URL")
                .hasMessageContaining("expected postgresql://user:password@host:port/database");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://h:70000/db")).hasMessage("port 70000 is out of range; expected 1 to 65535");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://h/db?sslmode")).hasMessageContaining("has no value; expected name=value");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://h/db%zz")).hasMessageContaining("not percent-encoded correctly");
        assertThatThrownBy(() -> DatabaseUrl.parse(" ")).hasMessageContaining("empty");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
