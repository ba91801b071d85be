package dev.loopreg.source;

import dev.loopreg.health.BootstrapLog;
import dev.loopreg.health.Outcome;
import dev.loopreg.workspace.AtomicFiles;
import dev.loopreg.workspace.LoopConfig;
import dev.loopreg.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The manual rescues of a loop: {@code [rescue]} entries of its bootstrap log. A list item that looks like
 * a rescue but whose timestamp cannot be read makes the count unknown (it may fall in the interval);
 * other unreadable entries do not matter to the count.
 */
public final class Rescues {

    private Rescues() {
    }

    public static Outcome<List<Instant>> read(Workspace ws, LoopConfig c, ZoneId zone) {
        Path file = ws.resolve(c.rescueLog());
        String rel = ws.rel(file);
        if (!Files.exists(file)) {
            return Outcome.failed(rel + ": file is missing; expected the loop's bootstrap log (loop.yml rescue_log)");
        }
        String text;
        try {
            text = AtomicFiles.read(file);
        } catch (IOException e) {
            return Outcome.failed(rel + ": cannot read: " + e.getMessage());
        }
        BootstrapLog.Parsed parsed = BootstrapLog.parse(text, zone);
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < parsed.problems().size(); i++) {
            int line = parsed.problemLines().get(i);
            if (line - 1 < lines.length && lines[line - 1].toLowerCase(java.util.Locale.ROOT).contains("[rescue]")) {
                return Outcome.failed(rel + ":" + line + ": " + parsed.problems().get(i) + " (a rescue whose time is unknown)");
            }
        }
        List<Instant> out = new ArrayList<>();
        for (BootstrapLog.Entry e : parsed.entries()) {
            if (e.rescue()) out.add(e.at());
        }
        return Outcome.of(out);
    }
}
