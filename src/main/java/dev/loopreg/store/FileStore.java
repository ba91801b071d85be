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

/** The {@link Store} of a workspace's files: each kind's file type, the OS lock, and the journal beside them. */
final class FileStore implements Store {

    private final Workspace ws;

    FileStore(Workspace ws) {
        this.ws = ws;
    }

    @Override
    public Workspace workspace() {
        return ws;
    }

    @Override
    public Logs logs() {
        return Logs.FILES;
    }

    @Override
    public HealthLog health(String loop) {
        return new HealthLog(ws, loop, Logs.FILES);
    }

    @Override
    public SaturationLog saturation(String loop) {
        return new SaturationLog(ws, loop, Logs.FILES);
    }

    @Override
    public DecisionLog decisions() {
        return new DecisionLog(ws, Logs.FILES);
    }

    @Override
    public RecommendationLog recommendations() {
        return new RecommendationLog(ws, Logs.FILES);
    }

    @Override
    public RunLog runs() {
        return new RunLog(ws, Logs.FILES);
    }

    @Override
    public UrgentLedger urgent(List<String> notices) throws IOException {
        return new UrgentLedger(ws, notices, Logs.FILES);
    }

    @Override
    public SessionLog sessions() {
        return new SessionLog(ws, Logs.FILES);
    }

    @Override
    public ApprovalLog approvals() {
        return new ApprovalLog(ws, Logs.FILES);
    }

    @Override
    public NoiseLog noise() {
        return new NoiseLog(ws, Logs.FILES);
    }

    @Override
    public ExecutionLog executions() {
        return new ExecutionLog(ws, Logs.FILES);
    }

    @Override
    public CadenceFile cadence(String loop) {
        return new CadenceFile(ws, loop);
    }

    @Override
    public RosterFile roster(String loop) {
        return new RosterFile(ws, loop);
    }

    @Override
    public RescueLog rescues(LoopConfig config) {
        return new RescueLog(ws, config);
    }

    @Override
    public WorkspaceLock lock(String command, Duration wait, Instant startedAt, Consumer<String> said)
            throws IOException, WorkspaceLock.LockedException {
        return Journal.lockAndRecover(ws, command, wait, startedAt, said);
    }

    @Override
    public List<String> carryOut(Plan plan, Instant startedAt) throws IOException {
        return Journal.carryOut(ws, plan, startedAt);
    }

    @Override
    public Optional<String> pending() {
        return Journal.pending(ws);
    }
}
