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
 * The {@link Store} of a workspace: each kind's type over its lines ({@link Logs}) and documents ({@link Docs}) — the
 * files, or a database's rows — and the writes: the OS lock and the journal beside the files, or the database's
 * {@link Store.Writes}.
 */
final class FileStore implements Store {

    private final Workspace ws;
    private final Logs logs;
    private final Docs docs;
    private final Store.Writes writes;   // null: the files' own lock and journal

    FileStore(Workspace ws, Logs logs, Docs docs, Store.Writes writes) {
        this.ws = ws;
        this.logs = logs;
        this.docs = docs;
        this.writes = writes;
    }

    @Override
    public Workspace workspace() {
        return ws;
    }

    @Override
    public Logs logs() {
        return logs;
    }

    @Override
    public Docs docs() {
        return docs;
    }

    @Override
    public HealthLog health(String loop) {
        return new HealthLog(ws, loop, logs);
    }

    @Override
    public SaturationLog saturation(String loop) {
        return new SaturationLog(ws, loop, logs);
    }

    @Override
    public DecisionLog decisions() {
        return new DecisionLog(ws, logs);
    }

    @Override
    public RecommendationLog recommendations() {
        return new RecommendationLog(ws, logs);
    }

    @Override
    public RunLog runs() {
        return new RunLog(ws, logs);
    }

    @Override
    public UrgentLedger urgent(List<String> notices) throws IOException {
        return new UrgentLedger(ws, notices, logs);
    }

    @Override
    public OutboxLog outbox() {
        return new OutboxLog(ws, logs);
    }

    @Override
    public SessionLog sessions() {
        return new SessionLog(ws, logs);
    }

    @Override
    public ApprovalLog approvals() {
        return new ApprovalLog(ws, logs);
    }

    @Override
    public RequestLog requests() {
        return new RequestLog(ws, logs);
    }

    @Override
    public NoiseLog noise() {
        return new NoiseLog(ws, logs);
    }

    @Override
    public ExecutionLog executions() {
        return new ExecutionLog(ws, logs);
    }

    @Override
    public CadenceFile cadence(String loop) {
        return new CadenceFile(ws, loop, docs);
    }

    @Override
    public RosterFile roster(String loop) {
        return new RosterFile(ws, loop, docs);
    }

    @Override
    public RescueLog rescues(LoopConfig config) {
        return new RescueLog(ws, config);
    }

    @Override
    public WorkspaceLock lock(String command, Duration wait, Instant startedAt, Consumer<String> said)
            throws IOException, WorkspaceLock.LockedException {
        if (writes != null) return writes.lock(command, wait, startedAt, said);
        return Journal.lockAndRecover(ws, command, wait, startedAt, said);
    }

    @Override
    public List<String> carryOut(Plan plan, Instant startedAt) throws IOException {
        if (writes != null) return writes.carryOut(plan, startedAt);
        return Journal.carryOut(ws, plan, startedAt);
    }

    @Override
    public Held loopLock(String loop, String command, Duration wait, Instant startedAt, Consumer<String> said)
            throws IOException, WorkspaceLock.LockedException {
        Held h = writes == null ? null : writes.loopLock(loop, command, wait, startedAt);
        return h != null ? h : Store.super.loopLock(loop, command, wait, startedAt, said);
    }

    @Override
    public Optional<String> claimSlot(String job, Instant slot) throws IOException {
        return writes == null ? Optional.empty() : writes.claimSlot(job, slot);
    }

    @Override
    public void finishSlot(String job, Instant slot) throws IOException {
        if (writes != null) writes.finishSlot(job, slot);
    }

    @Override
    public void releaseSlot(String job, Instant slot) throws IOException {
        if (writes != null) writes.releaseSlot(job, slot);
    }

    @Override
    public Optional<String> unavailable(Duration within) {
        return writes == null ? Optional.empty() : writes.unavailable(within);
    }

    @Override
    public void rendered(java.nio.file.Path file, String text) throws IOException {
        if (writes != null) writes.rendered(file, text);
    }

    @Override
    public Optional<String> pending() {
        if (writes != null) return writes.pending();
        return Journal.pending(ws);
    }
}
