package dev.loopreg.regulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopreg.format.Mappers;
import dev.loopreg.report.Json;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The actor stamped on a decision line: added as the last key, the line's own bytes kept. */
class ActorTest {

    final Actor ann = Actor.oidc("https://idp", "user-ann", "ann@example.com", "Ann", "approver");

    @Test
    void aPersonAndAToken_areRecordedWithHowTheyWereAuthenticated() {
        assertThat(ann.by()).isEqualTo("ann@example.com");
        assertThat(Json.line(ann.json())).isEqualTo("{\"method\":\"oidc\",\"issuer\":\"https://idp\",\"subject\":\"user-ann\","
                + "\"email\":\"ann@example.com\",\"name\":\"Ann\",\"role\":\"approver\"}");
        assertThat(Actor.oidc("https://idp", "sub-9", null, null, "viewer").by()).isEqualTo("sub-9");
        Actor ci = Actor.token("ci", "operator", "alice");
        assertThat(ci.by()).isEqualTo("api token ci");
        assertThat(Json.line(ci.json())).isEqualTo("{\"method\":\"token\",\"token\":\"ci\",\"role\":\"operator\",\"says\":\"alice\"}");
    }

    @Test
    void stamp_keepsTheLinesBytes() {
        assertThat(ann.stamp("{\"id\":\"DEC-001\",\"value\":0.20}")).startsWith("{\"id\":\"DEC-001\",\"value\":0.20,\"actor\":{");
        assertThat(ann.stamp("{}")).isEqualTo("{\"actor\":" + Json.line(ann.json()) + "}");
        assertThatThrownBy(() -> ann.stamp("[1]")).isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void stamp_addsTheActorAsTheLastKey_andChangesNothingElse(@ForAll Map<String, String> fields) throws Exception {
        ObjectNode o = Json.object();
        fields.forEach((k, v) -> { if (!k.equals("actor")) o.put(k, v); });
        JsonNode back = Mappers.JSON.readTree(ann.stamp(Json.line(o)));
        ObjectNode expected = o.deepCopy();
        expected.set("actor", ann.json());
        assertThat(back).isEqualTo(expected);
        assertThat(back.fieldNames()).toIterable().last().isEqualTo("actor");
    }
}
