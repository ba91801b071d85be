package dev.loopreg.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code loopreg generate-completion}: picocli's bash/zsh completion script, registered for {@code loopreg} and
 * {@code ./loopreg}, with the positional arguments completed from the workspace: loop ids (the directories of
 * {@code loops/} with a {@code cadence.yml}) and roster repos ({@code repo:} entries of {@code loops/*}{@code /roster.yaml}),
 * in the workspace the command line names with {@code -w}, else the current directory.
 */
@Command(name = "generate-completion", header = "Prints a bash/zsh completion script: source <(loopreg generate-completion).",
        mixinStandardHelpOptions = true,
        description = "Prints a completion script for bash and zsh. It completes commands and options, and the loop ids and "
                + "roster repos of the workspace the command line names (-w DIR, else the current directory). Install it with "
                + "source <(./loopreg generate-completion), or save it in /etc/bash_completion.d/loopreg.")
final class CompletionCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The commands whose first positional argument is a loop id, or a repo of the roster. */
    static final Map<String, String> POSITIONALS = Map.of(
            "approve", "_loopreg_loops", "reject", "_loopreg_loops", "apply", "_loopreg_apply", "demote", "_loopreg_loops",
            "rotate", "_loopreg_repos", "revisit", "_loopreg_repos", "rotation_signals", "_loopreg_repos");

    static final String HELPERS = """
            # loopreg: the workspace the command line names (-w DIR, --workspace DIR, --workspace=DIR), else .
            function _loopreg_ws() {
              local i ws=.
              for ((i=1; i<COMP_CWORD; i++)); do
                case "${COMP_WORDS[i]}" in
                  -w|--workspace) ws="${COMP_WORDS[i+1]}" ;;
                  --workspace=*) ws="${COMP_WORDS[i]#--workspace=}" ;;
                  -w=*) ws="${COMP_WORDS[i]#-w=}" ;;
                esac
              done
              printf '%s' "$ws"
            }
            # loopreg: the loop ids of the workspace (directories of loops/ with a cadence.yml)
            function _loopreg_loops() {
              local ws f
              ws=$(_loopreg_ws)
              for f in "$ws"/loops/*/cadence.yml; do
                [ -f "$f" ] && [ "$(basename "$(dirname "$f")")" != regulator ] && basename "$(dirname "$f")"
              done
            }
            # loopreg apply: a loop id, or regulator (its own cadence change)
            function _loopreg_apply() {
              _loopreg_loops
              echo regulator
            }
            # loopreg: the repos of the workspace's rosters (repo: entries of loops/*/roster.yaml)
            function _loopreg_repos() {
              local ws
              ws=$(_loopreg_ws)
              grep -ho 'repo:[[:space:]]*["'"'"']\\{0,1\\}[A-Za-z0-9._/-]*' "$ws"/loops/*/roster.yaml 2>/dev/null \\
                | sed 's/^repo:[[:space:]]*//; s/["'"'"']//g' | sort -u
            }

            """;

    @Override
    public Integer call() {
        CommandLine root = spec.root().commandLine();
        spec.commandLine().getOut().print(script(AutoComplete.bash("loopreg", root)));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    /** picocli's script with the workspace-aware positionals and {@code ./loopreg} registered. */
    static String script(String picocli) {
        String s = picocli;
        for (Map.Entry<String, String> e : POSITIONALS.entrySet()) {
            String fn = "function _picocli_loopreg_" + e.getKey() + "() {";
            int start = s.indexOf(fn);
            if (start < 0) throw new IllegalStateException("no completion function for " + e.getKey());
            int end = s.indexOf("\n}\n", start);
            String body = s.substring(start, end);
            String fixed = body.replace("local positionals=\"\"", "local positionals=$(" + e.getValue() + ")");
            s = s.substring(0, start) + fixed + s.substring(end);
        }
        Matcher m = Pattern.compile("(?m)^complete -F _complete_loopreg -o default loopreg ").matcher(s);
        s = m.replaceFirst("complete -F _complete_loopreg -o default loopreg ./loopreg ");
        int at = s.indexOf("# Bash completion entry point function.");
        return at < 0 ? HELPERS + s : s.substring(0, at) + HELPERS + s.substring(at);
    }
}
