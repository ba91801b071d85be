package dev.loopreg.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopreg.workspace.Workspace;
import dev.loopreg.workspace.WorkspaceLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal's roll-forward on the states a crash can leave, and its refusals when a file changed under it. */
class JournalTest {

    @TempDir
    Path tmp;

    static final Instant AT = Instant.parse("2026-06-25T12:00:00Z");

    private Workspace ws() throws Exception {
        Files.createDirectories(tmp.resolve("loops/regulator"));
        return new Workspace(tmp);
    }

    private Plan plan(Workspace ws) {
        return new Plan("loopreg test")
                .append(ws.decisions(), "DEC-002", List.of("{\"id\":\"DEC-002\"}"), t -> t.endsWith("}"))
                .replace(ws.regulator().resolve("state.yml"), "phase: stabilize\n")
                .append(ws.decisions(), "DEC-003", List.of("{\"id\":\"DEC-003\"}", "{\"id\":\"DEC-004\"}"), t -> t.endsWith("}"));
    }

    private static final String DONE = "{\"id\":\"DEC-001\"}\n{\"id\":\"DEC-002\"}\n{\"id\":\"DEC-003\"}\n{\"id\":\"DEC-004\"}\n";

    /** Writes the journal of {@code plan} as carryOut does, without making any effect: a crash just after the fsync. */
    private void journalOnly(Workspace ws, Plan plan) throws Exception {
        // carry the plan out into a copy, keep its journal: the simplest way to get the exact bytes is to run it and undo
        Path decisions = ws.decisions();
        String before = Files.exists(decisions) ? Files.readString(decisions) : null;
        String journal;
        try (WorkspaceLock l = WorkspaceLock.acquire(ws, "test", Duration.ofSeconds(5), AT)) {
            Journal.carryOut(ws, plan, AT);
        }
        // rebuild what the journal said from the plan: replay needs the length before, which is the old size
        journal = "{\"command\":\"loopreg test\",\"pid\":1,\"started_at\":\"" + AT + "\",\"effects\":["
                + "{\"path\":\"loops/regulator/decisions.jsonl\",\"op\":\"append\",\"key\":\"DEC-002\",\"length_before\":"
                + (before == null ? 0 : before.getBytes(StandardCharsets.UTF_8).length) + ",\"lines\":[\"{\\\"id\\\":\\\"DEC-002\\\"}\"]},"
                + "{\"path\":\"loops/regulator/state.yml\",\"op\":\"replace\",\"text\":\"phase: stabilize\\n\"},"
                + "{\"path\":\"loops/regulator/decisions.jsonl\",\"op\":\"append\",\"key\":\"DEC-003\",\"length_before\":"
                + (before == null ? 0 : before.getBytes(StandardCharsets.UTF_8).length)
                + ",\"lines\":[\"{\\\"id\\\":\\\"DEC-003\\\"}\",\"{\\\"id\\\":\\\"DEC-004\\\"}\"]}]}\n";
        Files.writeString(Journal.file(ws), journal);
        if (before == null) Files.delete(decisions); else Files.writeString(decisions, before);
        Files.deleteIfExists(ws.regulator().resolve("state.yml"));
    }

    private List<String> recover(Workspace ws) throws Exception {
        List<String> said = new ArrayList<>();
        try (WorkspaceLock l = Journal.lockAndRecover(ws, "test", Duration.ofSeconds(5), AT, said::add)) {
            return said;
        }
    }

    @Test
    void carryOut_makesEveryEffect_andLeavesNoJournal() throws Exception {
        Workspace ws = ws();
        Files.writeString(ws.decisions(), "{\"id\":\"DEC-001\"}\n");
        try (WorkspaceLock l = WorkspaceLock.acquire(ws, "test", Duration.ofSeconds(5), AT)) {
            assertThat(Journal.carryOut(ws, plan(ws), AT)).isEmpty();
        }
        assertThat(Files.readString(ws.decisions())).isEqualTo(DONE);
        assertThat(Files.readString(ws.regulator().resolve("state.yml"))).isEqualTo("phase: stabilize\n");
        assertThat(Journal.file(ws)).doesNotExist();
        assertThat(recover(ws)).isEmpty();
    }

    @Test
    void aCrashAfterTheJournal_isFinishedByTheNextLock_once() throws Exception {
        Workspace ws = ws();
        Files.writeString(ws.decisions(), "{\"id\":\"DEC-001\"}\n");
        journalOnly(ws, plan(ws));
        assertThat(Journal.pending(ws)).hasValueSatisfying(p -> assertThat(p).contains("loopreg test"));
        List<String> said = recover(ws);
        assertThat(said).singleElement().asString().contains("finished the interrupted 'loopreg test'").contains("3 of 3 effects");
        assertThat(Files.readString(ws.decisions())).isEqualTo(DONE);
        assertThat(Files.readString(ws.regulator().resolve("state.yml"))).isEqualTo("phase: stabilize\n");
        assertThat(recover(ws)).as("said once").isEmpty();
    }

    @Test
    void aLineCutInTheMiddle_isCompleted_notDoubled() throws Exception {
        Workspace ws = ws();
        Files.writeString(ws.decisions(), "{\"id\":\"DEC-001\"}\n");
        journalOnly(ws, plan(ws));
        // the crash came in the second append, after "{"id":"DEC-003"}\n{"id":"DE"
        Files.writeString(ws.decisions(), "{\"id\":\"DEC-001\"}\n{\"id\":\"DEC-002\"}\n{\"id\":\"DEC-003\"}\n{\"id\":\"DE");
        Files.writeString(ws.regulator().resolve("state.yml"), "phase: stabilize\n");
        assertThat(recover(ws)).singleElement().asString().contains("1 of 3 effects");
        assertThat(Files.readString(ws.decisions())).isEqualTo(DONE);
    }

    @Test
    void aFileThatChangedUnderThePlan_stopsTheRollForward_andKeepsTheJournal() throws Exception {
        Workspace ws = ws();
        Files.writeString(ws.decisions(), "{\"id\":\"DEC-001\"}\n");
        journalOnly(ws, plan(ws));
        Files.writeString(ws.decisions(), "{\"id\":\"DEC-001\"}\n{\"id\":\"DEC-999\"}\n");
        assertThatThrownBy(() -> recover(ws)).isInstanceOf(Journal.JournalException.class)
                .hasMessageContaining("loops/regulator/decisions.jsonl: bytes at 17 are not the lines of the interrupted 'loopreg test'")
                .hasMessageContaining("key DEC-002");
        assertThat(Journal.file(ws)).exists();
        assertThat(Files.readString(ws.decisions())).isEqualTo("{\"id\":\"DEC-001\"}\n{\"id\":\"DEC-999\"}\n");

        Files.writeString(ws.decisions(), "");
        assertThatThrownBy(() -> recover(ws)).hasMessageContaining("shorter (0 bytes) than before");
    }

    @Test
    void anUnreadableJournal_isAnErrorThatSaysWhatToDo() throws Exception {
        Workspace ws = ws();
        Files.writeString(Journal.file(ws), "{\"command\": ");
        assertThatThrownBy(() -> recover(ws)).isInstanceOf(Journal.JournalException.class)
                .hasMessageStartingWith("loops/.loopreg-journal.json: cannot be read").hasMessageContaining("then remove it");
        Files.writeString(Journal.file(ws), "{\"command\": \"x\"}");
        assertThatThrownBy(() -> recover(ws)).hasMessageContaining("not a plan (no \"effects\" list)");
        // the lock is let go when the roll-forward fails
        try (WorkspaceLock l = WorkspaceLock.acquire(ws, "test", Duration.ZERO, AT)) {
            assertThat(l).isNotNull();
        }
    }

    @Test
    void aTornLastLineBeforeThePlan_isRepairedFirst_soTheJournalKnowsWhereItsLinesBegin() throws Exception {
        Workspace ws = ws();
        Files.writeString(ws.decisions(), "{\"id\":\"DEC-001\"}\n{\"id\":\"DEC-0");
        List<String> said;
        try (WorkspaceLock l = WorkspaceLock.acquire(ws, "test", Duration.ofSeconds(5), AT)) {
            said = Journal.carryOut(ws, plan(ws), AT);
        }
        assertThat(said).singleElement().asString().startsWith("loops/regulator/decisions.jsonl:2: torn last line");
        assertThat(Files.readString(ws.decisions())).isEqualTo(DONE);
    }
}
