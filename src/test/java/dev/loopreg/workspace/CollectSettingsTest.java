package dev.loopreg.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopreg.cadence.Policy;
import dev.loopreg.format.Problem;
import dev.loopreg.format.YamlDoc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CollectSettingsTest {

    static CollectSettings read(String text, List<Problem> p) throws Exception {
        return CollectSettings.read(YamlDoc.parse("loops/regulator/policy.yml", text), p);
    }

    @Test
    void render_thenRead_givesTheDefaultsBack() throws Exception {
        List<Problem> p = new ArrayList<>();
        assertThat(read(PolicyCodec.render(Policy.defaults()), p)).isEqualTo(CollectSettings.defaults());
        assertThat(p).isEmpty();
    }

    @Test
    void read_givenValues_areUsedAndTheUrlLosesItsTrailingSlash() throws Exception {
        List<Problem> p = new ArrayList<>();
        CollectSettings s = read("""
                collect: {backfill_max_slots: 24, parallelism: 2}
                state_hub: {url: "https://hub.example/api/", token_env: HUB, retries: 0, backoff_ms: 100}
                urgent: {state_hub_workstream: reg, webhook_url: "http://chat.example/hook"}
                """, p);
        assertThat(p).isEmpty();
        assertThat(s.backfillMaxSlots()).isEqualTo(24);
        assertThat(s.parallelism()).isEqualTo(2);
        assertThat(s.stateHub().url()).isEqualTo("https://hub.example/api");
        assertThat(s.stateHub().backoff()).isEqualTo(Duration.ofMillis(100));
        assertThat(s.urgent().webhookUrl()).isEqualTo("http://chat.example/hook");
    }

    @Test
    void read_badValues_areErrorsWithTheirLine() throws Exception {
        List<Problem> p = new ArrayList<>();
        read("""
                collect:
                  parallelism: 0
                  likely_duplicate_similarity: 0.2
                state_hub:
                  url: ftp://hub
                  retry: 3
                urgent:
                  state_hub_workstream: reg
                """, p);
        assertThat(p).extracting(Problem::toString).anySatisfy(m -> assertThat(m).startsWith("loops/regulator/policy.yml:2:").contains("parallelism"))
                .anySatisfy(m -> assertThat(m).startsWith("loops/regulator/policy.yml:3:").contains("likely_duplicate_similarity"))
                .anySatisfy(m -> assertThat(m).startsWith("loops/regulator/policy.yml:5:").contains("is not an http(s) URL"))
                .anySatisfy(m -> assertThat(m).contains("retry").contains("retries"))
                .anySatisfy(m -> assertThat(m).contains("state_hub_workstream is set but state_hub.url is not"));
    }
}
