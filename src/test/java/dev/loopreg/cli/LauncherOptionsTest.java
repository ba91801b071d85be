package dev.loopreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopreg.format.Mappers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM options the launcher ({@code ./loopreg}) gives a command, taken from the script itself, leave the output alone:
 * no JVM warning on stdout or stderr (a young generation as large as the initial heap once printed one into
 * {@code --json} output), and the JSON still parses.
 */
class LauncherOptionsTest {

    @TempDir
    Path tmp;

    static List<String> commandOptions() throws Exception {
        String script = Files.readString(Path.of("loopreg"));
        List<String> opts = new ArrayList<>();
        Matcher base = Pattern.compile("^opts=\\(([^)]*)\\)", Pattern.MULTILINE).matcher(script);
        assertThat(base.find()).as("the launcher's opts=(...)").isTrue();
        opts.addAll(List.of(base.group(1).trim().split("\\s+")));
        Matcher cmd = Pattern.compile("^\\s*\\*\\) opts\\+=\\(([^)]*)\\)", Pattern.MULTILINE).matcher(script);
        assertThat(cmd.find()).as("the launcher's options for a command").isTrue();
        opts.addAll(List.of(cmd.group(1).trim().split("\\s+")));
        return opts;
    }

    private Cli.Result run(List<String> opts, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(opts);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Cli.Result(p.waitFor(), out, err);
    }

    @Test
    void theCommandOptions_printNothingOfTheirOwn() throws Exception {
        List<String> opts = commandOptions();
        assertThat(opts).contains("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
        Cli.Result v = run(opts, "--version");
        assertThat(v.exit()).isZero();
        assertThat(v.out()).startsWith("loopreg ").hasLineCount(1);
        assertThat(v.err()).isEmpty();
        Path ws = Cli.sample(tmp);
        Cli.Result s = run(opts, "-w", ws.toString(), "--now", Cli.SAMPLE_NOW, "status", "--json");
        assertThat(s.err()).isEmpty();
        assertThat(Mappers.JSON.readTree(s.out()).path("loops")).hasSize(3);
    }
}
