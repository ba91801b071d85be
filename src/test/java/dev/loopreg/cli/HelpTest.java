package dev.loopreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** --help: summaries are whole sentences, no word is split across lines, and each command lists only its options. */
class HelpTest {

    static CommandLine root() {
        return Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    }

    static List<CommandLine> all(CommandLine cl) {
        List<CommandLine> out = new ArrayList<>();
        out.add(cl);
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (!out.contains(sub)) out.addAll(all(sub));
        }
        return out.stream().distinct().toList();
    }

    static String help(CommandLine cl) {
        StringWriter w = new StringWriter();
        cl.usage(new PrintWriter(w));
        return w.toString();
    }

    /** Every text an author wrote for the command: its header, description, footer, and its options' and parameters' descriptions. */
    static String sources(CommandSpec s) {
        StringBuilder sb = new StringBuilder();
        for (String x : s.usageMessage().header()) sb.append(x).append('\n');
        for (String x : s.usageMessage().description()) sb.append(x).append('\n');
        for (String x : s.usageMessage().footer()) sb.append(x).append('\n');
        for (OptionSpec o : s.options()) for (String x : o.description()) sb.append(x).append('\n');
        for (CommandLine.Model.PositionalParamSpec p : s.positionalParameters()) for (String x : p.description()) sb.append(x).append('\n');
        for (CommandLine sub : s.subcommands().values()) {
            for (String x : sub.getCommandSpec().usageMessage().header()) sb.append(x).append('\n');
        }
        return sb.toString().replaceAll("\\$\\{DEFAULT-VALUE}", "");
    }

    @Test
    void everySubcommandSummary_isOneWholeSentence() {
        for (CommandLine cl : all(root())) {
            if (cl.getCommandName().equals("generate-completion") || cl.getCommandSpec().parent() == null) continue;
            String[] header = cl.getCommandSpec().usageMessage().header();
            assertThat(header).as(cl.getCommandSpec().qualifiedName() + " has a one-line header").hasSize(1);
            assertThat(header[0]).as(cl.getCommandSpec().qualifiedName()).endsWith(".").matches("[A-Z].*").doesNotContain("\n");
        }
        // the root's list shows the headers, not the first line of a longer description
        String rootHelp = help(root());
        assertThat(rootHelp).contains("  init                 Creates a workspace, or adds what is missing to one.");
    }

    @Test
    void noWordIsSplitAcrossLines() {
        for (CommandLine cl : all(root())) {
            String text = help(cl);
            String src = sources(cl.getCommandSpec());
            String[] lines = text.split("\n");
            for (int i = 0; i + 1 < lines.length; i++) {
                String a = lines[i].stripTrailing();
                String b = lines[i + 1].strip();
                if (a.isEmpty() || b.isEmpty()) continue;
                String last = a.substring(a.lastIndexOf(' ') + 1);
                String first = b.split(" ")[0];
                String joined = last + first;
                if (src.contains(joined) && !src.contains(last + " " + first) && !src.contains(last + "\n" + first)) {
                    throw new AssertionError(cl.getCommandSpec().qualifiedName() + " --help splits '" + joined + "' across lines:\n"
                            + lines[i] + "\n" + lines[i + 1]);
                }
            }
        }
    }

    @Test
    void globalOptions_onlyWhereTheyApply() {
        Map<String, List<String>> expected = Map.of(
                "demo", List.of(),
                "generate-completion", List.of(),
                "validate", List.of("--workspace"),
                "simulate", List.of("--workspace"),
                "status", List.of("--workspace", "--now"),
                "rotation", List.of("--workspace", "--now"),
                "evaluate", List.of("--workspace", "--now", "--lock-timeout"),
                "apply", List.of("--workspace", "--now", "--lock-timeout"),
                "serve", List.of("--workspace", "--now", "--lock-timeout"));
        CommandLine r = root();
        for (Map.Entry<String, List<String>> e : expected.entrySet()) {
            CommandSpec s = r.getSubcommands().get(e.getKey()).getCommandSpec();
            List<String> globals = new ArrayList<>();
            for (String g : List.of("--workspace", "--now", "--lock-timeout")) if (s.findOption(g) != null) globals.add(g);
            assertThat(globals).as(e.getKey()).containsExactlyElementsOf(e.getValue());
        }
        // and a global option given where it does not apply is a usage error, while before the command it is accepted
        assertThat(Cli.run("demo", "--now", "2026-06-25T12:00:00Z", "--days", "0").exit()).isEqualTo(2);
        assertThat(Cli.run("demo", "--now", "2026-06-25T12:00:00Z").err()).contains("Unknown options: '--now'");
        assertThat(Cli.run("--lock-timeout", "-1", "status").err()).contains("--lock-timeout: -1 is negative; expected 0 or more seconds");
        assertThat(Cli.run("status", "--lock-timeout", "3").exit()).isEqualTo(2);
    }
}
