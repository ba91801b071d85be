package dev.loopreg.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopreg.store.LineLog;
import dev.loopreg.workspace.JsonlFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * What every {@link LineLog} does, whatever holds the lines: the file store and the PostgreSQL store run the same
 * checks ({@link FileLineLogTest}, and {@link PgLineLogTest} for each table).
 */
abstract class LineLogContract {

    /** A log nobody has written to. */
    abstract LineLog fresh() throws Exception;

    @Test
    void missing_hasNoLines() throws Exception {
        LineLog log = fresh();
        assertThat(log.exists()).isFalse();
        assertThat(log.readAll()).isEmpty();
        try (LineLog.Tail t = log.newestFirst()) {
            assertThat(t.hasNext()).isFalse();
            assertThat(t.atStart()).isTrue();
        }
    }

    @Test
    void appendNothing_makesItExist_empty() throws Exception {
        LineLog log = fresh();
        assertThat(log.append(List.of(), s -> true)).isNull();
        assertThat(log.exists()).isTrue();
        assertThat(log.readAll()).isEmpty();
    }

    @Test
    void appends_readBackInOrder_numbered_andNewestFirst() throws Exception {
        LineLog log = fresh();
        log.append(List.of("{\"a\":1}", "{\"a\":2}"), s -> true);
        log.append(List.of("{\"a\":3}"), s -> true);
        List<JsonlFile.Line> all = log.readAll();
        assertThat(all).extracting(JsonlFile.Line::text).containsExactly("{\"a\":1}", "{\"a\":2}", "{\"a\":3}");
        assertThat(all).extracting(JsonlFile.Line::number).containsExactly(1, 2, 3);
        assertThat(all).allMatch(JsonlFile.Line::terminated);
        for (JsonlFile.Line l : all) assertThat(log.lineNumberAt(l.offset())).isEqualTo(l.number());
        List<String> newest = new ArrayList<>();
        try (LineLog.Tail t = log.newestFirst()) {
            while (t.hasNext()) {
                assertThat(t.atStart()).isFalse();
                JsonlFile.Line l = t.next();
                newest.add(l.text());
                assertThat(log.lineNumberAt(l.offset())).isEqualTo(4 - newest.size());
            }
            assertThat(t.atStart()).isTrue();
        }
        assertThat(newest).containsExactly("{\"a\":3}", "{\"a\":2}", "{\"a\":1}");
    }

    @Test
    void version_changesWithEveryAppend() throws Exception {
        LineLog log = fresh();
        Object missing = log.version();
        log.append(List.of("{\"a\":1}"), s -> true);
        Object one = log.version();
        assertThat(one).isNotEqualTo(missing).isEqualTo(log.version());
        log.append(List.of("{\"a\":2}"), s -> true);
        assertThat(log.version()).isNotEqualTo(one);
    }

    @Test
    void unicode_andLongLines_keptExactly() throws Exception {
        LineLog log = fresh();
        String wide = "{\"summary\":\"é — 漢字 🚀 \\\"quoted\\\"\"}";
        String longLine = "{\"x\":\"" + "y".repeat(200_000) + "\"}";
        log.append(List.of(wide, longLine), s -> true);
        assertThat(log.readAll()).extracting(JsonlFile.Line::text).containsExactly(wide, longLine);
    }

    /** Random batches: what is read forwards is what was appended, and newest first is its reverse. */
    @RepeatedTest(5)
    void randomBatches_readBackExactly(org.junit.jupiter.api.RepetitionInfo rep) throws Exception {
        LineLog log = fresh();
        Random rnd = new Random(rep.getCurrentRepetition());
        List<String> appended = new ArrayList<>();
        int batches = 1 + rnd.nextInt(6);
        for (int b = 0; b < batches; b++) {
            List<String> batch = new ArrayList<>();
            int n = rnd.nextInt(700);
            for (int i = 0; i < n; i++) batch.add("{\"i\":" + appended.size() + batch.size() + ",\"pad\":\"" + "p".repeat(rnd.nextInt(50)) + "\"}");
            log.append(batch, s -> true);
            appended.addAll(batch);
        }
        assertThat(log.readAll()).extracting(JsonlFile.Line::text).containsExactlyElementsOf(appended);
        List<String> newest = new ArrayList<>();
        try (LineLog.Tail t = log.newestFirst()) {
            t.forEachRemaining(l -> newest.add(l.text()));
        }
        List<String> reversed = new ArrayList<>(appended);
        java.util.Collections.reverse(reversed);
        assertThat(newest).containsExactlyElementsOf(reversed);
    }
}
