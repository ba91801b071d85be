package dev.loopreg.collect;

import dev.loopreg.source.*;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopreg.format.Instants;
import dev.loopreg.format.Mappers;
import dev.loopreg.health.HealthRecord;
import dev.loopreg.health.HealthRecordCodec;
import dev.loopreg.health.LikelyDuplicates;
import dev.loopreg.report.Json;
import dev.loopreg.store.Urgent;
import java.io.IOException;

/** The JSON of {@code loopreg collect --json}. */
public final class CollectJson {

    private CollectJson() {
    }


    /** The JSON of {@code loopreg collect --json}. */
    public static ObjectNode json(Collector.Result r) {
        ObjectNode o = Json.object();
        o.put("collected_at", Instants.format(r.now()));
        ArrayNode loops = o.putArray("loops");
        for (Collector.LoopResult l : r.loops()) {
            ObjectNode x = loops.addObject();
            x.put("loop", l.loop());
            x.put("status", l.status());
            Json.putInstant(x, "latest_slot", l.latestSlot());
            ArrayNode recs = x.putArray("appended");
            for (HealthRecord h : l.appended()) {
                try {
                    recs.add(Mappers.JSON.readTree(HealthRecordCodec.encode(h)));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            x.put("skipped_slots", l.skipped());
            x.put("saturation_snapshots", l.saturationSnapshots());
            ArrayNode likely = x.putArray("likely_duplicates");
            for (LikelyDuplicates.Group g : l.likely()) {
                ObjectNode gj = likely.addObject();
                gj.put("title", g.title());
                ArrayNode idsJ = gj.putArray("tasks");
                g.taskIds().forEach(idsJ::add);
            }
            ArrayNode f = x.putArray("source_failures");
            l.failures().forEach(f::add);
            ArrayNode e = x.putArray("errors");
            l.errors().forEach(e::add);
        }
        ArrayNode urgent = o.putArray("urgent");
        for (Urgent u : r.urgent()) {
            ObjectNode x = urgent.addObject();
            x.put("id", u.id());
            x.put("event", u.event());
            x.put("loop", u.loop());
            x.put("trigger", u.trigger());
            if (u.target() != null) x.put("target", u.target());
            if (u.detail() != null) x.put("detail", u.detail());
        }
        ArrayNode notices = o.putArray("notices");
        r.notices().forEach(notices::add);
        ArrayNode problems = o.putArray("problems");
        r.problems().forEach(problems::add);
        o.put("exit_code", r.exitCode());
        return o;
    }
}
