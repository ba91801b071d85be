package dev.loopreg.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Runs loopreg in-process and snapshots workspaces, for the end-to-end tests. */
final class Cli {

    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    static Result run(String... args) {
        return runWithEnv(Map.of(), args);
    }

    /** Runs with these environment variables instead of the process's (tokens for state-hub and webhooks). */
    static Result runWithEnv(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err), env::get);
        return new Result(code, out.toString(), err.toString());
    }

    /** Every file under dir (relative path → content), to show that nothing changed. */
    static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                if (p.getFileName().toString().equals(".loopreg.lock")) continue;
                boolean inGit = false;
                for (Path part : dir.relativize(p)) inGit |= part.toString().equals(".git");
                if (inGit) continue;   // a repository's own files (the one init makes): loopreg never writes them after
                m.put(dir.relativize(p).toString(), Files.readString(p));
            }
        }
        return m;
    }

    /** A copy of examples/sample-workspace (the README's sample). */
    static Path sample(Path into) throws IOException {
        return dev.loopreg.Samples.sample(into);
    }

    static final String SAMPLE_NOW = "2026-06-25T12:00:00Z";

    private Cli() {
    }
}
