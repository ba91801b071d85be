package dev.loopreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The completion script, run by a real bash: commands, and loop ids and roster repos of the workspace named on the line. */
class CompletionTest {

    @TempDir
    Path tmp;

    /** What bash completes for {@code words}, the last being the word under the cursor. */
    List<String> complete(Path script, Path cwd, String... words) throws Exception {
        StringBuilder arr = new StringBuilder();
        for (String w : words) arr.append(" '").append(w.replace("'", "'\\''")).append("'");
        String line = String.join(" ", words);
        String sh = "source '" + script + "'\nCOMP_WORDS=(" + arr + ")\nCOMP_CWORD=" + (words.length - 1) + "\nCOMP_LINE='" + line
                + "'\nCOMP_POINT=${#COMP_LINE}\n_complete_loopreg\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n"
                + "complete -p loopreg ./loopreg > /dev/null && echo REGISTERED\n";
        Path f = tmp.resolve("run.sh");
        Files.writeString(f, sh);
        // compopt complains outside a real completion; what is completed goes to stdout
        Process p = new ProcessBuilder("bash", f.toString()).directory(cwd.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out.lines().filter(l -> !l.isBlank()).map(String::strip).toList();
    }

    @Test
    void completesCommands_loopIds_andRosterRepos_forLoopregAndDotSlashLoopreg() throws Exception {
        Path ws = Cli.sample(tmp.resolve("s"));
        Files.writeString(ws.resolve("loops/kaizen-stack/roster.yaml"), "active:\n  - repo: repo-a\n    since: \"2026-06-01T00:00:00Z\"\n"
                + "  - {repo: repo-b}\nexpansion_queue:\n  - repo: \"repo-c\"\nsaturated: []\n");
        Cli.Result gen = Cli.run("generate-completion");
        assertThat(gen.exit()).isZero();
        Path script = tmp.resolve("loopreg-completion.sh");
        Files.writeString(script, gen.out());

        assertThat(complete(script, tmp, "loopreg", "app")).contains("apply", "approve", "REGISTERED");
        // loop ids, in the workspace named by -w, for loopreg and for ./loopreg
        assertThat(complete(script, tmp, "loopreg", "-w", ws.toString(), "approve", ""))
                .contains("kaizen-stack", "quality-escalation", "registry-hygiene");
        assertThat(complete(script, tmp, "./loopreg", "-w", ws.toString(), "demote", "reg")).containsExactly("registry-hygiene", "REGISTERED");
        // in the current directory without -w
        assertThat(complete(script, ws, "./loopreg", "apply", "q")).containsExactly("quality-escalation", "REGISTERED");
        assertThat(complete(script, ws, "./loopreg", "apply", "reg")).containsExactly("registry-hygiene", "regulator", "REGISTERED");
        // roster repos
        assertThat(complete(script, ws, "loopreg", "rotate", "repo-")).contains("repo-a", "repo-b", "repo-c");
        assertThat(complete(script, tmp, "loopreg", "--workspace=" + ws, "rotation", "signals", "")).contains("repo-a", "repo-b", "repo-c");
    }
}
