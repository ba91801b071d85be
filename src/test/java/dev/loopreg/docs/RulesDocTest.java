package dev.loopreg.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopreg.cadence.rules.RuleFile;
import dev.loopreg.cadence.rules.RuleSpec;
import dev.loopreg.format.ConfigReader;
import dev.loopreg.format.Problem;
import dev.loopreg.format.YamlDoc;
import dev.loopreg.workspace.LoopConfig;
import dev.loopreg.workspace.PolicyCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every rule example in docs/rules.md is a rule loopreg reads without a problem. */
class RulesDocTest {

    @Test
    void everyExample_isARuleThatIsRead() throws Exception {
        String doc = Files.readString(Path.of("docs/rules.md"));
        Matcher m = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        int rules = 0;
        int blocks = 0;
        while (m.find()) {
            blocks++;
            String yml = m.group(1);
            List<Problem> problems = new ArrayList<>();
            if (yml.startsWith("# loops/")) {
                LoopConfig c = LoopConfig.read("kaizen-stack", YamlDoc.parse("loop.yml", yml), problems);
                rules += c.rules().size();
                assertThat(c.disable()).isNotEmpty();
            } else {
                String text = yml.startsWith("rules:") || yml.startsWith("metrics:") ? yml : "rules:\n" + yml;
                ConfigReader r = new ConfigReader(YamlDoc.parse("policy.yml", text), problems);
                java.util.Set<String> metrics = new java.util.TreeSet<>(PolicyCodec.METRICS);
                metrics.addAll(r.stringList("/metrics", List.of()));
                List<RuleSpec> read = RuleFile.read(r, "/rules", metrics, RuleFile.BUILT_INS);
                assertThat(read).as(yml).isNotEmpty();
                rules += read.size();
            }
            assertThat(problems).as(yml).isEmpty();
        }
        assertThat(blocks).isEqualTo(5);
        assertThat(rules).isEqualTo(6);
    }
}
