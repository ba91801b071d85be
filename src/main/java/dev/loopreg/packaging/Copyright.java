package dev.loopreg.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The Debian package's {@code /usr/share/doc/loopreg/copyright} (machine-readable format 1.0), written at build time from
 * the build's CycloneDX bill of materials ({@code target/bom.json}, the libraries bundled in {@code loopreg.jar} with their
 * licences as their own POMs declare them) by {@code src/main/packaging/deb/build-deb.sh}. Build-time only; the text is
 * {@link #text}, pure.
 */
public final class Copyright {

    private Copyright() {
    }

    /** A bundled library: Maven coordinates, version and its licences (SPDX ids where the POM gives one). */
    public record Component(String group, String name, String version, List<String> licences) {
        public Component {
            licences = List.copyOf(licences);
        }
    }

    /** {@code Copyright BOM.json OUT}: writes the copyright file. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java -cp loopreg.jar " + Copyright.class.getName() + " BOM.json OUTPUT");
            System.exit(2);
        }
        Files.writeString(Path.of(args[1]), text(components(new ObjectMapper().readTree(Path.of(args[0]).toFile()))), StandardCharsets.UTF_8);
    }

    /** The BOM's components, sorted by group and name; picocli, compiled into the jar from its sources, is added. */
    public static List<Component> components(JsonNode bom) {
        TreeMap<String, Component> out = new TreeMap<>();
        for (JsonNode c : bom.path("components")) {
            List<String> licences = new ArrayList<>();
            for (JsonNode l : c.path("licenses")) {
                JsonNode lic = l.path("license");
                String s = lic.hasNonNull("id") ? lic.get("id").asText() : lic.hasNonNull("name") ? lic.get("name").asText()
                        : l.path("expression").asText("");
                if (!s.isBlank()) licences.add(s);
            }
            if (licences.isEmpty()) licences.add("(no licence declared in its POM)");
            Component comp = new Component(c.path("group").asText(""), c.path("name").asText(), c.path("version").asText(""), licences);
            out.put(comp.group() + ":" + comp.name(), comp);
        }
        out.putIfAbsent("info.picocli:picocli", new Component("info.picocli", "picocli", "4.7.7", List.of("Apache-2.0")));
        return List.copyOf(out.values());
    }

    /** The copyright file for {@code components}. */
    public static String text(List<Component> components) {
        StringBuilder b = new StringBuilder();
        b.append("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n");
        b.append("Upstream-Name: loopreg\n");
        b.append("Comment: loopreg bundles the Java libraries listed below in /usr/lib/loopreg/loopreg.jar, and a Java\n");
        b.append(" runtime made by jlink from OpenJDK in /usr/lib/loopreg/runtime. The libraries' full bill of materials\n");
        b.append(" (CycloneDX, with hashes) is /usr/share/doc/loopreg/bom.json.\n\n");
        b.append("Files: *\n");
        b.append("Copyright: the loopreg developers\n");
        b.append("License: no-licence-granted\n");
        b.append(" Its authors have not yet published loopreg under a licence: until they do, all rights are reserved.\n\n");
        b.append("Files: usr/lib/loopreg/runtime/*\n");
        b.append("Copyright: Oracle and/or its affiliates, and the OpenJDK contributors\n");
        b.append("License: GPL-2.0-with-classpath-exception\n");
        b.append(" The runtime's own notices, one directory per module, are in /usr/lib/loopreg/runtime/legal/. On Debian,\n");
        b.append(" the GNU General Public License version 2 is in /usr/share/common-licenses/GPL-2.\n\n");
        b.append("Files: usr/lib/loopreg/loopreg.jar\n");
        b.append("Copyright: the loopreg developers, and the authors of each library below\n");
        b.append("License: bundled-libraries\n");
        b.append(" The libraries bundled in the jar, each with the licence its POM declares (SPDX identifiers). The texts of\n");
        b.append(" Apache-2.0, BSD and GPL are in /usr/share/common-licenses/ on Debian; the others at https://spdx.org/licenses/.\n");
        b.append(" .\n");
        for (Component c : components) {
            b.append(' ').append(c.group().isEmpty() ? "" : c.group() + ":").append(c.name()).append(' ').append(c.version())
                    .append(": ").append(String.join(" or ", c.licences())).append('\n');
        }
        return b.toString();
    }
}
