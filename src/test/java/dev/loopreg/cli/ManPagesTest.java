package dev.loopreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The man pages the Debian package installs come from the commands' own model: one page per command and subcommand,
 * named as man finds it ({@code loopreg-db-export}), saying what {@code --help} says.
 */
class ManPagesTest {

    @Test
    void onePage_perCommandAndSubcommand_namedAsManFindsIt(@TempDir Path dir) throws Exception {
        assertThat(ManPages.write(dir.toFile())).isZero();
        List<String> expected = new ArrayList<>();
        names(HelpTest.root(), "loopreg", expected);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrderElementsOf(
                    expected.stream().map(n -> n + ".adoc").toList());
        }
        assertThat(expected).contains("loopreg", "loopreg-evaluate", "loopreg-serve", "loopreg-db-export", "loopreg-session-prepare")
                .hasSizeGreaterThan(30);
    }

    @Test
    void aPage_saysWhatHelpSays(@TempDir Path dir) throws Exception {
        ManPages.write(dir.toFile());
        String evaluate = Files.readString(dir.resolve("loopreg-evaluate.adoc"));
        CommandLine.Model.CommandSpec spec = HelpTest.root().getSubcommands().get("evaluate").getCommandSpec();
        assertThat(evaluate).contains("= loopreg-evaluate(1)").contains(spec.usageMessage().header()[0]);
        for (CommandLine.Model.OptionSpec o : spec.options()) {
            assertThat(evaluate).as(o.longestName()).contains("*" + o.longestName() + "*");
            if (o.description().length > 0) assertThat(evaluate).as(o.longestName()).contains(o.description()[0].split("%n")[0]);
        }
        // the root's page lists every command and ends with the exit codes
        String root = Files.readString(dir.resolve("loopreg.adoc"));
        for (String c : Main.COMMANDS.keySet()) assertThat(root).as(c).contains(c);
        assertThat(root).contains("4  internal error (a bug: please report it)");
    }

    @Test
    void withoutADirectory_itSaysHowToRunIt() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), ManPages.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).isEqualTo(ExitCodes.USAGE);
        assertThat(out).startsWith("usage: java -cp loopreg.jar:picocli-codegen.jar dev.loopreg.cli.ManPages OUTPUT-DIR");
    }

    @Test
    void theCopyrightFile_namesThePicocliCompiledIntoTheJar() throws Exception {
        var bom = new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"components\": []}");
        assertThat(dev.loopreg.packaging.Copyright.components(bom)).extracting(c -> c.name() + " " + c.version())
                .containsExactly("picocli " + CommandLine.VERSION);
    }

    private static void names(CommandLine cl, String name, List<String> out) {
        out.add(name);
        cl.getSubcommands().forEach((sub, c) -> {
            if (!sub.equals("help")) names(c, name + "-" + sub, out);
        });
        if (name.equals("loopreg")) out.add("loopreg-help");
    }

}
