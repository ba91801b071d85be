package dev.loopreg.store;

import dev.loopreg.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Checks every effect of a {@link Plan} before anything of it is written — before the journal, before a torn line is
 * repaired, before a database transaction — so that a plan that cannot be carried out whole is refused whole: no
 * decision, no journal, no file changed. For each file the plan appends to or replaces, and for the journal itself:
 *
 * <ul>
 *   <li>a path inside the workspace must really be inside it (no symbolic link, of the file or of a directory on its way,
 *       leading out of it, and none pointing nowhere);</li>
 *   <li>the file, when it is there, must be a regular file (not a directory, a socket, a device);</li>
 *   <li>the directories on its way that are there must be directories (not a file where a directory belongs);</li>
 *   <li>what the write needs must be writable: the file for an append, the directory for a replace (a temp file and a
 *       rename) or a new file.</li>
 * </ul>
 *
 * What can still fail afterwards is what no check can foresee (a full disk, an I/O error): {@link Journal#carryOut} says
 * then how much of the plan was made, and the next command finishes it from the journal.
 */
public final class Preflight {

    /** A plan refused before its first effect: nothing of it was written. */
    public static final class RefusedException extends dev.loopreg.workspace.PathException {
        public RefusedException(String message) {
            super(message);
        }
    }

    private Preflight() {
    }

    /** Refuses {@code plan} with the first file that cannot be written, naming it and what to do. */
    public static void check(Workspace ws, Plan plan) throws RefusedException {
        if (plan.isEmpty() && plan.regenerated().isEmpty()) return;
        Path root = ws.root().toAbsolutePath().normalize();
        Path realRoot;
        try {
            realRoot = root.toRealPath();
        } catch (IOException e) {
            throw refused(plan, ws.root().toString(), "the workspace cannot be resolved (" + reason(e) + ")", "check the path given with -w");
        }
        Set<Path> seen = new LinkedHashSet<>();
        check(ws, plan, root, realRoot, Journal.file(ws), false, seen);
        for (Plan.Effect e : plan.effects()) {
            check(ws, plan, root, realRoot, e.file(), e instanceof Plan.Append, seen);
        }
        for (Path view : plan.regenerated()) {
            check(ws, plan, root, realRoot, view, false, seen);
        }
    }

    private static void check(Workspace ws, Plan plan, Path root, Path realRoot, Path file, boolean append, Set<Path> seen)
            throws RefusedException {
        Path abs = file.toAbsolutePath().normalize();
        if (!seen.add(abs)) return;
        String shown = abs.startsWith(root) ? ws.rel(abs) : abs.toString();
        // the nearest part of the path that is there, without following a link at its end
        Path existing = abs;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) existing = existing.getParent();
        if (existing == null) {
            throw refused(plan, shown, "no part of its path exists", "check the workspace's path");
        }
        boolean inside = abs.startsWith(root) || abs.startsWith(realRoot);
        Path real;
        try {
            real = existing.toRealPath();
        } catch (IOException e) {
            throw refused(plan, ws.rel(existing.equals(abs) ? abs : existing), "a symbolic link that points nowhere",
                    "replace the link with the " + (existing.equals(abs) ? "file" : "directory") + " itself");
        }
        if (inside && !real.startsWith(realRoot)) {
            throw refused(plan, shown, "its real path " + real.resolve(existing.relativize(abs)).normalize()
                    + " is outside the workspace (a symbolic link?)", "replace the link with the file or directory itself");
        }
        if (existing.equals(abs)) {
            if (Files.isDirectory(real)) {
                throw refused(plan, shown, "is a directory", "loopreg writes a file there; move the directory away");
            }
            if (!Files.isRegularFile(real)) {
                throw refused(plan, shown, "is not a regular file", "loopreg writes a file there; move it away");
            }
            if (append && !Files.isWritable(real)) {
                throw refused(plan, shown, "is not writable by this user", "give this user write permission on it (chmod u+w), "
                        + "or run loopreg as its owner");
            }
            Path dir = real.getParent();
            if (!append && !Files.isWritable(dir)) {
                throw refused(plan, shown, "its directory " + dir + " is not writable by this user (a file is replaced by a rename "
                        + "there)", "give this user write permission on the directory, or run loopreg as its owner");
            }
            return;
        }
        if (!Files.isDirectory(real)) {
            throw refused(plan, shown, (abs.startsWith(root) ? ws.rel(existing) : existing.toString())
                    + " is a file where a directory belongs", "move that file away");
        }
        if (!Files.isWritable(real)) {
            throw refused(plan, shown, "its directory " + real + " is not writable by this user",
                    "give this user write permission on the directory, or run loopreg as its owner");
        }
    }

    private static RefusedException refused(Plan plan, String path, String what, String todo) {
        return new RefusedException(path + ": " + what + "; refused '" + plan.command() + "' before its first write: nothing was "
                + "changed (no decision, no journal). To do: " + todo + ", then run it again");
    }

    private static String reason(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
