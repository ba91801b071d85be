package dev.loopreg.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.format.Mappers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Nu HTML checker ({@code nu.validator:validator}, the checker behind validator.w3.org/nu), unmodified, run on
 * pages' HTML in a JVM of its own: its libraries (Jetty 9, Java 8-era ones) cannot share the test classpath with
 * Javalin's Jetty 12, so the build copies them to {@code target/nu-html-checker/} and this runs its command-line
 * client there. The errors it reports, per page, each as {@code line:column: message}; warnings are not errors.
 */
public final class HtmlChecker {

    static final Path JARS = Path.of("target/nu-html-checker");

    private HtmlChecker() {
    }

    /** Checks each page (name → HTML); the errors of each page that has any. */
    public static Map<String, List<String>> errors(Map<String, String> pages, Path dir) throws Exception {
        if (!Files.isDirectory(JARS)) throw new AssertionError("no " + JARS + ": the build's nu-html-checker step copies it (mvn generate-test-resources)");
        Map<String, String> byFile = new LinkedHashMap<>();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xss8m",
                "-cp", JARS.toAbsolutePath() + "/*", "nu.validator.client.SimpleCommandLineValidator", "--errors-only", "--format", "json",
                "--exit-zero-always"));
        int i = 0;
        for (Map.Entry<String, String> e : pages.entrySet()) {
            Path f = dir.resolve("page-" + (i++) + ".html");
            Files.writeString(f, e.getValue());
            byFile.put(f.toUri().toString(), e.getKey());
            cmd.add(f.toAbsolutePath().toString());
        }
        Path out = dir.resolve("nu-out.json");
        Process p = new ProcessBuilder(cmd).redirectError(out.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the Nu HTML checker did not finish in 180 s");
        }
        String text = Files.readString(out);
        int start = text.indexOf("{\"messages\"");
        if (start < 0) throw new AssertionError("the Nu HTML checker wrote no report (exit " + p.exitValue() + "): " + text);
        JsonNode report = Mappers.JSON.readTree(text.substring(start));
        Map<String, List<String>> errors = new LinkedHashMap<>();
        for (JsonNode m : report.path("messages")) {
            if (!"error".equals(m.path("type").asText()) && !"non-document-error".equals(m.path("type").asText())) continue;
            String url = m.path("url").asText("");
            String page = byFile.entrySet().stream().filter(x -> x.getKey().endsWith(url.replaceFirst("^file:", "")) || url.equals(x.getKey()))
                    .map(Map.Entry::getValue).findFirst().orElse(url);
            errors.computeIfAbsent(page, k -> new ArrayList<>()).add(m.path("lastLine").asInt() + ":" + m.path("lastColumn").asInt() + ": "
                    + m.path("message").asText() + " [" + m.path("extract").asText("").strip() + "]");
        }
        return errors;
    }
}
