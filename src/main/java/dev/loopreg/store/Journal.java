package dev.loopreg.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopreg.format.Mappers;
import dev.loopreg.workspace.AtomicFiles;
import dev.loopreg.workspace.Faults;
import dev.loopreg.workspace.JsonlFile;
import dev.loopreg.workspace.Workspace;
import dev.loopreg.workspace.WorkspaceLock;
import java.time.Duration;
import java.util.function.Consumer;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The write-ahead journal, {@code loops/.loopreg-journal.json}: one writer carries a {@link Plan} out under the workspace
 * lock. Before the first effect the whole plan — every line to append with the length its file had, every file's new
 * content — is written and fsynced (atomically: the journal is either all there or not there); then the effects are
 * made in order; then the journal is removed. A crash anywhere in between leaves the journal, and the next command that
 * takes the lock finishes the plan (rolls it forward) and says so once.
 *
 * <p>Rolling forward never doubles a line: an append is found by its bytes at its place — the file's length before the
 * plan plus the plan's earlier appends to it. The bytes already there must be the plan's own (a prefix of them, when
 * the crash cut a line); what is missing is appended. A replace is written again whole. A file that changed in a way
 * the plan cannot explain (shorter than before it, or other bytes where its lines belong) stops the roll-forward with an
 * error naming it, and the journal stays for a person to look at.
 */
public final class Journal {

    /** The journal could not be finished: what is wrong and what to do. */
    public static final class JournalException extends IOException {
        public JournalException(String message) {
            super(message);
        }
    }

    /**
     * A plan cut off after its journal was written (a full disk, an I/O error): some of its effects are made, the journal
     * holds the rest, and the next command finishes it. Its message says how much was made — never "nothing changed".
     */
    public static final class PartlyDoneException extends dev.loopreg.workspace.PathException {
        public PartlyDoneException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private Journal() {
    }

    public static Path file(Workspace ws) {
        return ws.loops().resolve(".loopreg-journal.json");
    }

    /**
     * Carries {@code plan} out. The caller holds the workspace lock (taken through {@link #lockAndRecover}, so no older
     * plan is pending).
     *
     * @param startedAt the wall-clock instant written into the journal, for the message of a roll-forward
     * @return the repairs of torn last lines made before the plan (one sentence each, for the person running it)
     */
    static List<String> carryOut(Workspace ws, Plan plan, Instant startedAt) throws IOException {
        List<String> notices = new ArrayList<>();
        if (plan.isEmpty()) return notices;
        // every effect is checked before anything is written: a plan that cannot be carried out whole is refused whole
        Preflight.check(ws, plan);
        ObjectNode j = Mappers.JSON.createObjectNode();
        j.put("command", plan.command());
        j.put("pid", ProcessHandle.current().pid());
        j.put("started_at", startedAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        ArrayNode effects = j.putArray("effects");
        Map<Path, Long> lengths = new HashMap<>();
        for (Plan.Effect e : plan.effects()) {
            ObjectNode o = effects.addObject();
            o.put("path", ws.rel(e.file()));
            if (e instanceof Plan.Append a) {
                // a torn last line is repaired before the plan, so the length recorded is where the plan's lines begin
                if (!lengths.containsKey(a.file())) {
                    JsonlFile.Repair r = JsonlFile.append(a.file(), List.of(), a.complete());
                    if (r != null) {
                        notices.add(ws.rel(a.file()) + ":" + r.line() + ": torn last line (" + r.bytes() + " bytes, no newline) "
                                + r.kind() + " before appending");
                    }
                    lengths.put(a.file(), Files.exists(a.file()) ? Files.size(a.file()) : 0L);
                }
                o.put("op", "append");
                o.put("key", a.key());
                o.put("length_before", lengths.get(a.file()));
                ArrayNode lines = o.putArray("lines");
                a.lines().forEach(lines::add);
            } else if (e instanceof Plan.Replace r) {
                o.put("op", "replace");
                o.put("text", r.text());
            }
        }
        Path journal = file(ws);
        try {
            AtomicFiles.write(journal, Mappers.JSON.writeValueAsString(j) + "\n");
        } catch (IOException e) {
            throw new dev.loopreg.workspace.PathException(ws.rel(journal) + ": " + AtomicFiles.reason(e) + "; '" + plan.command()
                    + "' was not carried out: its journal could not be written, so none of its " + plan.effects().size()
                    + " effects was made. Free the space or fix the error, then run it again", e);
        }
        Faults.boundary("journal written for " + plan.command());
        List<Plan.Effect> all = plan.effects();
        int made = 0;
        try {
            for (Plan.Effect e : all) {
                if (e instanceof Plan.Append a) {
                    JsonlFile.append(a.file(), a.lines(), a.complete());
                } else if (e instanceof Plan.Replace r) {
                    AtomicFiles.write(r.file(), r.text());
                }
                made++;
            }
        } catch (IOException e) {
            throw new PartlyDoneException(ws.rel(all.get(made).file()) + ": " + AtomicFiles.reason(e) + "; '" + plan.command()
                    + "' is partly done: " + made + " of " + all.size() + " effects made. The rest is kept in " + ws.rel(journal)
                    + " and the next loopreg command finishes it (loopreg validate names it until then)", e);
        }
        Faults.boundary("before removing the journal of " + plan.command());
        Files.delete(journal);
        AtomicFiles.fsyncDirectory(journal.getParent());
        return notices;
    }

    /**
     * Takes the workspace lock for {@code command} and finishes the plan a crashed run left, if any; what was finished
     * goes to {@code said}, once. When the plan cannot be finished the lock is let go and the error says why.
     */
    static WorkspaceLock lockAndRecover(Workspace ws, String command, Duration wait, Instant startedAt,
                                               Consumer<String> said) throws IOException, WorkspaceLock.LockedException {
        WorkspaceLock lock = WorkspaceLock.acquire(ws, command, wait, startedAt);
        boolean ok = false;
        try {
            recover(ws).ifPresent(said);
            ok = true;
            return lock;
        } finally {
            if (!ok) lock.close();
        }
    }

    /** Whether a plan is waiting to be finished (for {@code validate} and the read-only commands). */
    static Optional<String> pending(Workspace ws) {
        Path journal = file(ws);
        if (!Files.exists(journal)) return Optional.empty();
        try {
            JsonNode j = Mappers.JSON.readTree(journal.toFile());
            return Optional.of(describe(j));
        } catch (IOException e) {
            return Optional.of("an unreadable journal (" + e.getMessage() + ")");
        }
    }

    private static String describe(JsonNode j) {
        return "'" + j.path("command").asText("?") + "' (pid " + j.path("pid").asText("?") + ", started " + j.path("started_at").asText("?")
                + ")";
    }

    /**
     * Finishes the plan a crashed run left, if any. The caller holds the workspace lock: a journal seen under it belongs to
     * a run that is gone (a live writer removes its journal before it lets the lock go).
     *
     * @return what was finished, one sentence to say once; empty when there was nothing to finish
     */
    static Optional<String> recover(Workspace ws) throws IOException {
        Path journal = file(ws);
        if (!Files.exists(journal)) return Optional.empty();
        String rel = ws.rel(journal);
        JsonNode j;
        try {
            j = Mappers.JSON.readTree(AtomicFiles.read(journal));
        } catch (IOException e) {
            throw new JournalException(rel + ": cannot be read (" + e.getMessage() + "); expected the plan of an interrupted run, as "
                    + "loopreg writes it. Check the files it names, then remove it");
        }
        if (j == null || !j.path("effects").isArray()) {
            throw new JournalException(rel + ": not a plan (no \"effects\" list); expected the plan of an interrupted run, as loopreg "
                    + "writes it. Check the files it names, then remove it");
        }
        Map<Path, Long> cursor = new HashMap<>();
        int done = 0;
        int total = 0;
        for (JsonNode e : j.get("effects")) {
            total++;
            String path = e.path("path").asText("");
            Path target = ws.resolve(path);
            // a path outside the workspace is a repo's schedule under repos_root, which policy.yml names: the journal is
            // as trusted as the workspace's own files
            if (path.isEmpty()) {
                throw new JournalException(rel + ": effect " + total + " names no path; nothing more was finished. Check the "
                        + "journal, then remove it");
            }
            switch (e.path("op").asText("")) {
                case "append" -> {
                    StringBuilder sb = new StringBuilder();
                    e.path("lines").forEach(l -> sb.append(l.asText()).append('\n'));
                    byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
                    long at = cursor.computeIfAbsent(target, t -> e.path("length_before").asLong(0));
                    long size = Files.exists(target) ? Files.size(target) : 0L;
                    if (size < at) {
                        throw new JournalException(path + ": shorter (" + size + " bytes) than before the interrupted " + describe(j)
                                + " (" + at + " bytes); the roll-forward stopped, " + rel + " is kept. Restore the file, then run again");
                    }
                    long have = Math.min(size - at, bytes.length);
                    byte[] there = read(target, at, (int) have);
                    if (!Arrays.equals(there, Arrays.copyOf(bytes, (int) have))) {
                        throw new JournalException(path + ": bytes at " + at + " are not the lines of the interrupted " + describe(j)
                                + " (key " + e.path("key").asText("?") + "); the roll-forward stopped, " + rel + " is kept. Compare the file "
                                + "with the journal, then remove it");
                    }
                    if (have < bytes.length) {
                        JsonlFile.appendBytes(target, Arrays.copyOfRange(bytes, (int) have, bytes.length));
                        done++;
                    }
                    cursor.put(target, at + bytes.length);
                }
                case "replace" -> {
                    String text = e.path("text").asText();
                    if (!Files.exists(target) || !AtomicFiles.read(target).equals(text)) {
                        AtomicFiles.write(target, text);
                        done++;
                    }
                }
                default -> throw new JournalException(rel + ": effect " + total + " is neither an append nor a replace; nothing more was "
                        + "finished. Check the journal, then remove it");
            }
        }
        Files.delete(journal);
        AtomicFiles.fsyncDirectory(journal.getParent());
        return Optional.of("finished the interrupted " + describe(j) + " from " + rel + ": " + done + " of " + total
                + " effects were still to make, now made");
    }

    private static byte[] read(Path file, long at, int n) throws IOException {
        byte[] b = new byte[n];
        if (n == 0) return b;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            raf.seek(at);
            raf.readFully(b);
        }
        return b;
    }
}
