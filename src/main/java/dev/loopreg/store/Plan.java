package dev.loopreg.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * What a use case wants written, in order: lines to append to a JSON Lines file and whole files to replace. A use case
 * builds a plan from what it read under the lock; {@link Journal#carryOut} performs it all or — after a crash — the
 * next command finishes it. Every appended line carries its key (a decision id, a loop and cycle, a repo and cycle),
 * which the journal names and the retry of a use case looks for before planning the same change again.
 */
public final class Plan {

    /** One effect of a plan. */
    public sealed interface Effect permits Append, Replace {
        Path file();
    }

    /**
     * Lines (each without its newline) to append to {@code file}; {@code complete} tells whether a torn last line found
     * before the plan starts is a whole line that only lost its newline (see {@link dev.loopreg.workspace.JsonlFile#append}).
     */
    public record Append(Path file, String key, List<String> lines, Predicate<String> complete) implements Effect {
        public Append {
            lines = List.copyOf(lines);
            for (String l : lines) {
                if (l.indexOf('\n') >= 0) throw new IllegalArgumentException("a JSON Lines line must not contain a newline");
            }
        }
    }

    /** The whole new content of {@code file}. */
    public record Replace(Path file, String text) implements Effect {
    }

    private final String command;
    private final List<Effect> effects = new ArrayList<>();
    private final List<Path> regenerated = new ArrayList<>();

    /** @param command what the plan is for, as a person would type it ({@code loopreg apply kaizen-stack}) */
    public Plan(String command) {
        this.command = command;
    }

    public String command() {
        return command;
    }

    public List<Effect> effects() {
        return List.copyOf(effects);
    }

    public boolean isEmpty() {
        return effects.isEmpty();
    }

    /**
     * Files the command rewrites right after the plan (the dashboard: a view of what the plan changed): not part of the
     * plan, but checked with it before its first effect, so that a change whose view cannot be written is refused whole
     * instead of being made and then reported as an error.
     */
    public Plan regenerates(Path file) {
        regenerated.add(file);
        return this;
    }

    public List<Path> regenerated() {
        return List.copyOf(regenerated);
    }

    public Plan append(Path file, String key, List<String> lines, Predicate<String> complete) {
        if (!lines.isEmpty()) effects.add(new Append(file, key, lines, complete));
        return this;
    }

    /** Lets a file-kind type add its effects in the middle of a chain ({@code plan.then(p -> log.append(p, key, values))}). */
    public Plan then(java.util.function.UnaryOperator<Plan> step) {
        return step.apply(this);
    }

    /** A copy of this plan with every line it appends to {@code file} passed through {@code f} (the actor's stamp). */
    public Plan mapLines(Path file, java.util.function.UnaryOperator<String> f) {
        Plan out = new Plan(command);
        out.regenerated.addAll(regenerated);
        for (Effect e : effects) {
            if (e instanceof Append a && a.file().equals(file)) {
                out.effects.add(new Append(a.file(), a.key(), a.lines().stream().map(f).toList(), a.complete()));
            } else {
                out.effects.add(e);
            }
        }
        return out;
    }

    public Plan replace(Path file, String text) {
        effects.add(new Replace(file, text));
        return this;
    }
}
