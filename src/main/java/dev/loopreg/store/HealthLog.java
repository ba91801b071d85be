package dev.loopreg.store;

import dev.loopreg.health.HealthRecord;
import dev.loopreg.health.HealthRecordCodec;
import dev.loopreg.workspace.Workspace;

/**
 * {@code loops/<id>/health.jsonl}: one health record per cron slot of the loop, in time order, keyed by loop and
 * {@code cycle}; only {@code collect} appends. Torn-line policy: {@link JsonLines}.
 */
public final class HealthLog extends JsonLines<HealthRecord> {

    private final String loop;

    HealthLog(Workspace ws, String loop, Logs logs) {
        super(ws, ws.health(loop), logs);
        this.loop = loop;
    }

    public String loop() {
        return loop;
    }

    @Override
    protected HealthRecord parse(String text) throws BadLine {
        try {
            return HealthRecordCodec.parse(text);
        } catch (HealthRecordCodec.RecordException e) {
            throw new BadLine(e.getMessage());
        }
    }

    @Override
    protected String encode(HealthRecord value) {
        return HealthRecordCodec.encode(value);
    }
}
