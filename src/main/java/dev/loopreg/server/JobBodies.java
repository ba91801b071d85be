package dev.loopreg.server;

import dev.loopreg.collect.Collector;
import dev.loopreg.regulator.Regulator;
import dev.loopreg.regulator.Sessions;
import dev.loopreg.source.Progress;
import dev.loopreg.workspace.RegulatorException;
import dev.loopreg.workspace.Workspace;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * What each of the daemon's jobs does, through the same use cases as the CLI: the cycle ({@code collect} with a bounded
 * backfill, then {@code evaluate}), the session preparation, and the emergency path (a loop's demotion triggers and the
 * urgent tasks they raise, then {@code evaluate}).
 */
final class JobBodies {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JobBodies.class);

    private final dev.loopreg.store.Store store;
    private final Workspace ws;
    private final Daemon.Settings settings;
    private final Clock clock;
    private final Function<String, String> env;

    JobBodies(dev.loopreg.store.Store store, Daemon.Settings settings, Clock clock, Function<String, String> env) {
        this.store = store;
        this.ws = store.workspace();
        this.settings = settings;
        this.clock = clock;
        this.env = env;
    }

    /** One attempt of {@code job} at {@code now}: what it did, in a line; throws to be retried. */
    String run(String job, String loops, Instant now, boolean shared) throws Exception {
        Regulator reg = new Regulator(store, settings.lockWait(), clock, env);
        try {
            Collector col = new Collector(store, settings.lockWait(), clock, env, Progress.none());
            String loop = LoopSchedules.loop(job);
            if (loop != null) {
                // one loop's cycle (a shared schedule): its records and its triggers; the fleet's evaluation is the sweep
                Collector.Result r = col.cycle(loop, now, settings.maxBackfill());
                r.notices().forEach(n -> LOG.warn("{}: {}", job, n));
                deliverNow(reg, r.queued(), now, job);
                Collector.LoopResult l = r.loops().get(0);
                if (l.status().equals(Collector.LoopResult.ERROR)) {
                    return "error: " + String.join("; ", l.errors());
                }
                String s = l.appended().size() + " health record(s)" + (r.urgent().isEmpty() ? "" : ", " + r.urgent().size() + " urgent event(s)");
                return l.failures().isEmpty() ? s : "incomplete: " + s + "; " + String.join("; ", l.failures());
            }
            if (job.equals("cycle") && shared) {
                // the sweep of a shared schedule: every loop's cycle is its own job; this evaluates the fleet (recommendations,
                // the dashboard, the rotation sweep, stale-data alarms) and delivers urgent tasks still undelivered — once per
                // slot: a run of a slot already swept (a paused replica's, re-run by another; a catch-up) does nothing
                Instant slot = slot(loops);
                if (slot != null) {
                    var other = store.claimSlot(job, slot);
                    if (other.isPresent()) return "slot " + dev.loopreg.format.Instants.format(slot) + " swept already by " + other.get();
                }
                String done;
                try {
                    done = sweep(col, reg, now, job);
                } catch (Exception e) {
                    // a failed sweep gives its slot back: the retry (this replica's or another's) sweeps it
                    if (slot != null) {
                        try {
                            store.releaseSlot(job, slot);
                        } catch (IOException gone) {
                            LOG.debug("the claim of slot {} lapses with this replica's heartbeat instead: {}", slot, gone.getMessage());
                        }
                    }
                    throw e;
                }
                if (slot == null) return done;
                store.finishSlot(job, slot);
                return done + " for slot " + dev.loopreg.format.Instants.format(slot);
            }
            switch (job) {
                case "cycle" -> {
                    Collector.Result r = col.collect(now, new Collector.Options(null, true, null, settings.maxBackfill()));
                    r.notices().forEach(n -> LOG.warn("cycle: {}", n));
                    deliverNow(reg, r.queued(), now, job);
                    reg.evaluate(now);
                    int records = r.loops().stream().mapToInt(l -> l.appended().size()).sum();
                    String s = records + " health record(s), " + r.urgent().size() + " urgent event(s)";
                    return switch (r.exitCode()) {
                        case 0 -> s;
                        case Collector.INCOMPLETE -> "incomplete: " + s + "; a source failed";
                        default -> s + "; errors: " + String.join("; ", r.loops().stream().flatMap(l -> l.errors().stream()).toList())
                                + String.join("; ", r.problems());
                    };
                }
                case "session" -> {
                    Sessions ss = new Sessions(reg, env);
                    Sessions.Prepared p = ss.prepare(ss.defaultDir(now), Sessions.DEFAULT_TAIL, now);
                    return "bundle " + ws.rel(p.session());
                }
                case Daemon.EMERGENCY -> {
                    List<String> ids = loops == null ? List.of() : List.of(loops.split(","));
                    Collector.Result r = col.triggers(now, ids);
                    r.notices().forEach(n -> LOG.warn("emergency: {}", n));
                    deliverNow(reg, r.queued(), now, job);
                    reg.evaluate(now);
                    List<String> raised = r.urgent().stream().filter(u -> u.event().equals("raised"))
                            .map(u -> u.id() + " " + u.loop() + " " + u.trigger()).toList();
                    return "demotion triggers of " + String.join(", ", ids) + ": "
                            + (raised.isEmpty() ? "no urgent task raised" : "raised " + String.join(", ", raised));
                }
                default -> throw new IllegalArgumentException("unknown job " + job);
            }
        } catch (RegulatorException e) {
            throw new IOException(e.getMessage(), e);
        } finally {
            // what a run did along the way (an interrupted plan it finished, a torn line it repaired) goes to the log
            reg.takeNotices().forEach(n -> LOG.warn("{}: {}", job, n));
        }
    }

    /**
     * Sends, right away, what a run queued (its urgent tasks' deliveries) and logs what became of each; what does not land
     * stays in the outbox for the deliverer's next minute.
     */
    private void deliverNow(Regulator reg, List<String> keys, Instant now, String job) {
        if (keys.isEmpty()) return;
        try {
            for (var x : new dev.loopreg.regulator.Deliveries(reg, env).deliver(now, java.util.Set.copyOf(keys), true)) {
                if (x.delivered()) LOG.info("{}: {}", job, x.said());
                else if (x.dead() != null) LOG.error("{}: {}", job, x.said());
                else LOG.warn("{}: {}", job, x.said());
            }
        } catch (IOException | RegulatorException | RuntimeException e) {
            LOG.warn("{}: the urgent tasks are in the outbox; sending them failed ({}); the deliverer tries again", job, e.getMessage());
        }
    }

    /** The slot a scheduled run is for ({@code slot=INSTANT}), or null. */
    static Instant slot(String data) {
        if (data == null || !data.startsWith(dev.loopreg.scheduler.DbScheduler.SLOT)) return null;
        try {
            return Instant.parse(data.substring(dev.loopreg.scheduler.DbScheduler.SLOT.length()));
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** The fleet's sweep: the stale-data and outbox triggers, the evaluation, the urgent tasks' deliveries. */
    private String sweep(Collector col, Regulator reg, Instant now, String job) throws Exception {
        Collector.Result r = col.triggers(now, List.of());
        r.notices().forEach(n -> LOG.warn("cycle: {}", n));
        deliverNow(reg, r.queued(), now, job);
        var e = reg.evaluate(now);
        return "evaluated " + e.loops().size() + " loop(s)" + (r.urgent().isEmpty() ? "" : ", " + r.urgent().size() + " urgent event(s)");
    }
}
