package dev.loopreg.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The package's copyright file, from the build's CycloneDX bill of materials. */
class CopyrightTest {

    static final String BOM = """
            {"bomFormat": "CycloneDX", "components": [
              {"group": "org.postgresql", "name": "postgresql", "version": "42.7.8",
               "licenses": [{"license": {"id": "BSD-2-Clause"}}]},
              {"group": "org.eclipse.jetty", "name": "jetty-server", "version": "12.0.16",
               "licenses": [{"license": {"id": "EPL-2.0"}}, {"license": {"id": "Apache-2.0"}}]},
              {"group": "ch.qos.logback", "name": "logback-core", "version": "1.5.16",
               "licenses": [{"license": {"name": "GNU Lesser General Public License"}}]},
              {"group": "com.example", "name": "unlicensed", "version": "1.0"},
              {"group": "org.example", "name": "expression", "version": "2.0", "licenses": [{"expression": "MIT OR Apache-2.0"}]}
            ]}""";

    @Test
    void everyBundledLibrary_withItsLicences_sorted_andPicocliCompiledIn() throws Exception {
        List<Copyright.Component> cs = Copyright.components(new ObjectMapper().readTree(BOM));
        assertThat(cs).extracting(c -> c.group() + ":" + c.name()).containsExactly("ch.qos.logback:logback-core", "com.example:unlicensed",
                "info.picocli:picocli", "org.eclipse.jetty:jetty-server", "org.example:expression", "org.postgresql:postgresql");
        String text = Copyright.text(cs);
        assertThat(text).startsWith("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n")
                .contains("\n org.postgresql:postgresql 42.7.8: BSD-2-Clause\n")
                .contains("\n org.eclipse.jetty:jetty-server 12.0.16: EPL-2.0 or Apache-2.0\n")
                .contains("\n ch.qos.logback:logback-core 1.5.16: GNU Lesser General Public License\n")
                .contains("\n com.example:unlicensed 1.0: (no licence declared in its POM)\n")
                .contains("\n org.example:expression 2.0: MIT OR Apache-2.0\n")
                .contains("\n info.picocli:picocli 4.7.7: Apache-2.0\n")
                .contains("Files: usr/lib/loopreg/runtime/*\n").contains("License: GPL-2.0-with-classpath-exception\n");
        // every paragraph's continuation lines start with a space, and no line is blank inside a paragraph
        for (String paragraph : text.split("\n\n")) {
            for (String line : paragraph.split("\n")) {
                assertThat(line).as(paragraph).matches("[A-Z][A-Za-z-]*: .*| .+");
            }
        }
    }
}
