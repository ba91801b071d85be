package dev.loopreg.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Writes one AsciiDoc man page per command ({@code loopreg.adoc}, {@code loopreg-evaluate.adoc}, {@code loopreg-db-export.adoc},
 * …) from the commands' own model, with picocli's {@code ManPageGenerator}, so a man page cannot drift from
 * {@code --help}. Run at build time only, by the Debian package's build ({@code src/main/packaging/deb/build-deb.sh}),
 * which turns them into troff with asciidoctor: {@code picocli-codegen} is a {@code provided} dependency, on the class path
 * of that build and of the tests, not in the jar's.
 */
public final class ManPages {

    private ManPages() {
    }

    /** {@code ManPages DIR}: writes the pages into DIR; exit 0, or 2 without DIR. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java -cp loopreg.jar:picocli-codegen.jar " + ManPages.class.getName() + " OUTPUT-DIR");
            System.exit(ExitCodes.USAGE);
        }
        System.exit(write(new File(args[0])));
    }

    /** Writes every command's page into {@code dir}; returns picocli's exit code (0 when all were written). */
    static int write(File dir) throws IOException {
        CommandLine cl = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        return ManPageGenerator.generateManPage(dir, null, new boolean[0], false, cl.getCommandSpec());
    }
}
