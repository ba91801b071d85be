package dev.loopreg.cli;

import dev.loopreg.format.Problem;
import dev.loopreg.store.Validator;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "validate", header = "Checks every file of the workspace.", mixinStandardHelpOptions = true,
        description = {"Checks every file of the workspace (YAML and JSONL syntax, known fields and values, cron"
            + " expressions, loop ids, workplan references) and prints each problem as path:line: problem.",
            "Exit 0 when there is no error (warnings are printed), 1 otherwise."})
final class ValidateCommand extends Subcommand implements Callable<Integer> {

    @CommandLine.Mixin
    GlobalOptions.Workspace global;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<Problem> problems = new Validator(root.store()).validate();
        problems.forEach(out::println);
        long errors = problems.stream().filter(Problem::isError).count();
        long warnings = problems.size() - errors;
        if (errors == 0) {
            out.println("ok: no errors" + (warnings > 0 ? ", " + warnings + " warning" + (warnings == 1 ? "" : "s") : "")
                    + " in " + root.workspace().root());
            return ExitCodes.OK;
        }
        out.println(errors + " error" + (errors == 1 ? "" : "s") + ", " + warnings + " warning" + (warnings == 1 ? "" : "s")
                + " in " + root.workspace().root());
        return ExitCodes.BAD_INPUT;
    }
}
