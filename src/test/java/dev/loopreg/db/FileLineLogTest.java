package dev.loopreg.db;

import dev.loopreg.store.LineLog;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The line-log contract on a workspace file. */
class FileLineLogTest extends LineLogContract {

    @TempDir
    Path tmp;

    private int n;

    @Override
    LineLog fresh() {
        return LineLog.file(tmp.resolve("loops/l" + (++n) + "/health.jsonl"));
    }
}
