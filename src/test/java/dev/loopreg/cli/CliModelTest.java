package dev.loopreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The command line gets the model of the one command it names: the names Main registers are the commands' own, each
 * command alone has exactly the help it has in the full model, and a command line that names none (help, a typo,
 * completion) gets them all.
 */
class CliModelTest {

    @Test
    void theRegisteredNames_areTheCommandsOwn_inHelpOrder() {
        List<String> own = new ArrayList<>();
        Main.COMMANDS.values().forEach(make -> own.add(make.get().getClass().getAnnotation(CommandLine.Command.class).name()));
        assertThat(new ArrayList<>(Main.COMMANDS.keySet())).isEqualTo(own);
        assertThat(HelpTest.root().getSubcommands().keySet()).containsExactlyElementsOf(Main.COMMANDS.keySet());
    }

    @Test
    void eachCommandAlone_hasTheHelpItHasInTheFullModel() {
        CommandLine full = HelpTest.root();
        for (String name : Main.COMMANDS.keySet()) {
            if (name.equals("generate-completion") || name.equals("help")) continue;   // both need every command's model
            CommandLine alone = Main.commandLine(new LoopregCommand(), new PrintWriter(new StringWriter()),
                    new PrintWriter(new StringWriter()), new String[] {"-w", "ws", name, "--help"});
            assertThat(alone.getSubcommands().keySet()).as(name).containsExactly(name);
            assertThat(HelpTest.help(alone.getSubcommands().get(name))).as(name).isEqualTo(HelpTest.help(full.getSubcommands().get(name)));
        }
    }

    @Test
    void whatNamesACommand() {
        assertThat(Main.named(new String[] {"--now", "2026-06-25T12:00:00Z", "-w", "evaluate", "status", "--json"})).isEqualTo("status");
        assertThat(Main.named(new String[] {"--workspace=x", "evaluate"})).isEqualTo("evaluate");
        assertThat(Main.named(new String[] {"--help"})).isNull();
        assertThat(Main.named(new String[] {"evalute"})).isNull();
        assertThat(Main.named(new String[] {"generate-completion"})).isNull();
        assertThat(Main.named(new String[] {"help", "evaluate"})).isNull();   // help explains any command: it needs them all
        assertThat(Main.named(new String[] {})).isNull();
        assertThat(Main.named(new String[] {"--version"})).isEqualTo(Main.NONE);
        assertThat(Cli.run("--version").out()).startsWith("loopreg ");
    }

    @Test
    void helpAsACommand_listsTheCommands_andExplainsOne() {
        Cli.Result all = Cli.run("help");
        assertThat(all.exit()).as(all.toString()).isZero();
        assertThat(all.out()).contains("Usage: loopreg").contains("  evaluate ").contains("  help ");
        assertThat(all.out()).isEqualTo(Cli.run("--help").out());
        Cli.Result one = Cli.run("help", "evaluate");
        assertThat(one.exit()).as(one.toString()).isZero();
        assertThat(one.out()).isEqualTo(Cli.run("evaluate", "--help").out());
        Cli.Result unknown = Cli.run("help", "evalute");
        assertThat(unknown.exit()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void aTypo_stillGetsTheSuggestionFromEveryCommand_andRootHelpListsThemAll() {
        Cli.Result typo = Cli.run("evalute");
        assertThat(typo.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(typo.err()).contains("evaluate");
        Cli.Result help = Cli.run("--help");
        for (String name : Main.COMMANDS.keySet()) assertThat(help.out()).contains("  " + name + " ");
    }
}
