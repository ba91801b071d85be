package dev.loopreg.store;

import dev.loopreg.workspace.LoopConfig;
import dev.loopreg.workspace.Workspace;
import dev.loopreg.workspace.WorkspaceLock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The store port: everything the use cases read and write, one kind at a time, and the one way their changes are made —
 * a {@link Plan} carried out under the lock, finished by the next run if a crash cuts it. The use cases get every file
 * kind from here and never from a path; {@link #files} is the first implementation, the workspace's files. A database
 * backend implements this port next; the kinds' types it returns become interfaces then, with the file types as their
 * first implementation (an interface with one implementation would only be a guess at what the second needs).
 */
public interface Store {

    /** The store of a workspace's files. */
    static Store files(Workspace ws) {
        return new FileStore(ws, Logs.FILES, Docs.FILES, null);
    }

    /**
     * A store whose lines and state documents are held by {@code logs} and {@code docs} (a database), and whose plans
     * {@code writes} carries out; the kinds are the same types as the files'.
     */
    static Store of(Workspace ws, Logs logs, Docs docs, Writes writes) {
        return new FileStore(ws, logs, docs, writes);
    }

    /** How a store other than the files' takes its lock and carries out a plan. */
    interface Writes {
        WorkspaceLock lock(String command, Duration wait, Instant startedAt, Consumer<String> said)
                throws IOException, WorkspaceLock.LockedException;

        List<String> carryOut(Plan plan, Instant startedAt) throws IOException;

        Optional<String> pending();

        /** See {@link Store#unavailable}. */
        default Optional<String> unavailable(Duration within) {
            return Optional.empty();
        }

        /** See {@link Store#claimSlot}. */
        default Optional<String> claimSlot(String job, Instant slot) throws IOException {
            return Optional.empty();
        }

        /** See {@link Store#finishSlot}. */
        default void finishSlot(String job, Instant slot) throws IOException {
        }

        /** See {@link Store#releaseSlot}. */
        default void releaseSlot(String job, Instant slot) throws IOException {
        }

        /** See {@link Store#loopLock}; null: the workspace's lock. */
        default Held loopLock(String loop, String command, Duration wait, Instant startedAt)
                throws IOException, WorkspaceLock.LockedException {
            return null;
        }

        /** See {@link Store#rendered}. */
        default void rendered(java.nio.file.Path file, String text) throws IOException {
        }
    }

    /** A lock held until closed. */
    interface Held extends AutoCloseable {
        @Override
        void close() throws IOException;
    }

    Workspace workspace();

    /** Where the JSON Lines kinds' lines are held (the readers of this store make their kinds with it). */
    Logs logs();

    /** Where the YAML documents' texts are held (cadence state and roster: the files, or a database's rows). */
    Docs docs();

    HealthLog health(String loop);

    SaturationLog saturation(String loop);

    DecisionLog decisions();

    RecommendationLog recommendations();

    RunLog runs();

    /** The urgent ledger, read once; lines that are not events are said in {@code notices}. */
    UrgentLedger urgent(List<String> notices) throws IOException;

    /** {@code loops/regulator/outbox.jsonl}: the external effects of the decisions, and every attempt to deliver them. */
    OutboxLog outbox();

    SessionLog sessions();

    ApprovalLog approvals();

    NoiseLog noise();

    /** The API actions carried out under an idempotency key. */
    RequestLog requests();

    ExecutionLog executions();

    /** A loop's cadence.yml (its state is read through {@link WorkspaceReader}). */
    CadenceFile cadence(String loop);

    /** The rotation loop's roster. */
    RosterFile roster(String loop);

    /** The bootstrap log a loop's configuration names. */
    RescueLog rescues(LoopConfig config);

    /**
     * Takes the lock for {@code command}, waiting up to {@code wait}, and finishes the plan a crashed run left, saying what
     * it finished to {@code said}, once.
     */
    WorkspaceLock lock(String command, Duration wait, Instant startedAt, Consumer<String> said)
            throws IOException, WorkspaceLock.LockedException;

    /** Carries {@code plan} out (the caller holds the lock); returns the repairs of torn lines made first. */
    List<String> carryOut(Plan plan, Instant startedAt) throws IOException;

    /** An unfinished plan, described, if there is one. */
    Optional<String> pending();

    /**
     * Why the store cannot be used now — its database does not answer within {@code within} — or empty (the files: never).
     * Answers within about {@code within} whatever the database does ({@code /healthz}).
     */
    default Optional<String> unavailable(Duration within) {
        return Optional.empty();
    }

    /**
     * Claims the run of a singleton job ({@code cycle}'s sweep) at {@code slot}: empty when this run is the slot's, else
     * who ran it (a second run of the slot then does nothing). A claim is a lock: its replica keeps it alive with its
     * heartbeat, a claim whose replica stopped beating (paused, cut off, dead) is taken over, and the writes of a run
     * whose claim was taken over are refused. The files have one process: every run is its slot's.
     */
    default Optional<String> claimSlot(String job, Instant slot) throws IOException {
        return Optional.empty();
    }

    /** The run of {@code job} at {@code slot} finished (its claim is final). */
    default void finishSlot(String job, Instant slot) throws IOException {
    }

    /** The run of {@code job} at {@code slot} failed: its claim is dropped, so that a retry (of any replica) runs the slot. */
    default void releaseSlot(String job, Instant slot) throws IOException {
    }

    /**
     * The lock of one loop's cycle (its health records, saturation snapshots and demotion triggers), which cycles of
     * other loops do not wait for; a fleet-wide writer ({@link #lock}) waits for every loop's and every loop's for it. On
     * the files — one process — it is the workspace's lock; on a database, a shared fleet lock and the loop's own.
     */
    default Held loopLock(String loop, String command, Duration wait, Instant startedAt, Consumer<String> said)
            throws IOException, WorkspaceLock.LockedException {
        WorkspaceLock l = lock(command, wait, startedAt, said);
        return l::close;
    }

    /**
     * Records a rendering a command wrote to its file itself (the dashboard is written only if nobody ticked it
     * meanwhile), so that the other replicas of a database write it too; the files need nothing more.
     */
    default void rendered(java.nio.file.Path file, String text) throws IOException {
    }
}
