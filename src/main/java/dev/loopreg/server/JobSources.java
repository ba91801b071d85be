package dev.loopreg.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.cadence.SelfCadence;
import dev.loopreg.format.FrontMatter;
import dev.loopreg.format.Problem;
import dev.loopreg.format.YamlDoc;
import dev.loopreg.schedule.ServeSchedule;
import dev.loopreg.schedule.ServeSchedule.Job;
import dev.loopreg.schedule.ServeSchedule.Kind;
import dev.loopreg.store.WorkspaceReader;
import dev.loopreg.workspace.AtomicFiles;
import dev.loopreg.workspace.SelfCadenceCodec;
import dev.loopreg.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the daemon's jobs come from: the activity definitions with {@code role: collector} and {@code role: session}
 * (their cron and {@code enabled}), else the regulator's own {@code cadence.yml}, else the defaults (the pure choice is
 * {@link ServeSchedule#jobs}); and the workspace's time zone from the policy.
 */
public final class JobSources {

    private static final Logger LOG = LoggerFactory.getLogger(JobSources.class);

    /** The jobs as read, and the time zone their crons are in. */
    public record Read(Map<Kind, Job> jobs, ZoneId zone) {
    }

    private JobSources() {
    }

    public static Read read(Workspace ws, WorkspaceReader reader, ZoneId zoneBefore) {
        ZoneId zone = zoneBefore;
        List<Problem> problems = new ArrayList<>();
        var policy = reader.policy(problems);
        if (policy != null) zone = policy.timeZone();
        List<ServeSchedule.Definition> defs = new ArrayList<>();
        try {
            for (Path p : ws.activityDefinitionFiles()) {
                try {
                    var fm = FrontMatter.split(AtomicFiles.read(p));
                    if (fm.isEmpty()) continue;
                    YamlDoc doc = YamlDoc.parse(ws.rel(p), fm.get().yaml(), 1);
                    JsonNode en = doc.at("/enabled");
                    defs.add(new ServeSchedule.Definition(ws.rel(p), doc.at("/role").asText(null), doc.at("/cron").asText(null),
                            en.isBoolean() ? en.asBoolean() : null));
                } catch (YamlDoc.SyntaxException e) {
                    LOG.warn("{} (its cron is not read)", e.problem());
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot list the activity definitions: {}", e.getMessage());
        }
        Map<Kind, String> fallback = new EnumMap<>(Kind.class);
        if (Files.exists(ws.selfCadence())) {
            try {
                SelfCadence.State s = SelfCadenceCodec.read(YamlDoc.parse(ws.rel(ws.selfCadence()), AtomicFiles.read(ws.selfCadence())),
                        new ArrayList<>());
                if (s != null) {
                    fallback.put(Kind.CYCLE, s.collectorCron());
                    fallback.put(Kind.SESSION, s.sessionCron());
                }
            } catch (IOException | YamlDoc.SyntaxException e) {
                LOG.warn("{}: cannot be read: {}", ws.rel(ws.selfCadence()), e.getMessage());
            }
        }
        return new Read(ServeSchedule.jobs(defs, fallback, ws.rel(ws.selfCadence())), zone);
    }

}
