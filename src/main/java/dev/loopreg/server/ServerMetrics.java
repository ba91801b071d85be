package dev.loopreg.server;

import dev.loopreg.health.Phase;
import dev.loopreg.health.HealthRecord;
import dev.loopreg.report.LoopView;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Prometheus metrics of {@code loopreg serve} (Micrometer): per loop its phase (0 bootstrap, 1 stabilize,
 * 2 operate) and the latest value of each health metric; recommendations by outcome; open urgent tasks; run
 * durations and failures per job. Loop gauges are refreshed from the read model at each scrape.
 */
public final class ServerMetrics implements Daemon.Listener, dev.loopreg.scheduler.DbScheduler.Observer {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MultiGauge phase;
    private final MultiGauge health;
    private final MultiGauge recommendations;
    private final MultiGauge age;
    private final MultiGauge stale;
    private final AtomicLong urgentOpen = new AtomicLong();
    private final AtomicLong loops = new AtomicLong();

    public ServerMetrics() {
        phase = MultiGauge.builder("loopreg_loop_phase").description("the loop's phase: 0 bootstrap, 1 stabilize, 2 operate")
                .register(registry);
        health = MultiGauge.builder("loopreg_loop_health").description("the latest value of each health metric of the loop")
                .register(registry);
        recommendations = MultiGauge.builder("loopreg_recommendations").description("loops by current recommendation")
                .register(registry);
        age = MultiGauge.builder("loopreg_loop_latest_record_age_seconds")
                .description("seconds from the cycle of the loop's latest health record to the evaluation").register(registry);
        stale = MultiGauge.builder("loopreg_loop_stale")
                .description("1 when the loop's latest record is older than evaluation.stale_after_periods periods of its cron")
                .register(registry);
        Gauge.builder("loopreg_urgent_tasks_open", urgentOpen, AtomicLong::get).description("urgent tasks raised and not cleared")
                .register(registry);
        Gauge.builder("loopreg_loops", loops, AtomicLong::get).description("loops in the workspace").register(registry);
        Gauge.builder("loopreg_outbox_pending", outboxPending, AtomicLong::get)
                .description("deliveries of decisions (their records in state-hub) queued and not delivered yet").register(registry);
        Gauge.builder("loopreg_outbox_dead", outboxDead, AtomicLong::get)
                .description("deliveries given up on: refused for good or failing past outbox.dead_after (loopreg outbox retry)")
                .register(registry);
        Gauge.builder("loopreg_outbox_oldest_pending_age_seconds", outboxOldest, AtomicLong::get)
                .description("how long the oldest pending delivery has waited (0: none pending)").register(registry);
    }

    private final AtomicLong outboxPending = new AtomicLong();
    private final AtomicLong outboxDead = new AtomicLong();
    private final AtomicLong outboxOldest = new AtomicLong();

    /** Refreshes the outbox's gauges. */
    public void refreshOutbox(dev.loopreg.outbox.Outbox o, java.time.Instant now) {
        outboxPending.set(o.with(dev.loopreg.outbox.Outbox.Status.PENDING).size());
        outboxDead.set(o.with(dev.loopreg.outbox.Outbox.Status.DEAD).size());
        java.time.Duration oldest = o.oldestPending(now);
        outboxOldest.set(oldest == null ? 0 : Math.max(0, oldest.toSeconds()));
    }

    /** Refreshes the per-loop gauges from an evaluation. */
    public void refresh(List<LoopView> views, int openUrgent, java.time.Instant now) {
        List<MultiGauge.Row<?>> ph = new ArrayList<>();
        List<MultiGauge.Row<?>> ages = new ArrayList<>();
        List<MultiGauge.Row<?>> st = new ArrayList<>();
        List<MultiGauge.Row<?>> hv = new ArrayList<>();
        Map<String, Integer> byOutcome = new TreeMap<>(Map.of("promote", 0, "hold", 0, "demote", 0, "error", 0));
        for (LoopView v : views) {
            if (v.state() != null) ph.add(MultiGauge.Row.of(Tags.of("loop", v.id()), phaseNumber(v.state().phase())));
            HealthRecord r = v.latest();
            if (r != null) ages.add(MultiGauge.Row.of(Tags.of("loop", v.id()), java.time.Duration.between(r.cycle(), now).toSeconds()));
            if (v.freshness() != null) st.add(MultiGauge.Row.of(Tags.of("loop", v.id()), v.stale() ? 1 : 0));
            if (r != null) {
                for (String m : METRICS) {
                    BigDecimal x = r.metric(m);
                    if (x != null) hv.add(MultiGauge.Row.of(Tags.of("loop", v.id(), "metric", m), x.doubleValue()));
                }
            }
            String word = v.rec() == null ? "error" : v.rec().word();
            byOutcome.merge(word, 1, Integer::sum);
        }
        phase.register(ph, true);
        health.register(hv, true);
        age.register(ages, true);
        stale.register(st, true);
        List<MultiGauge.Row<?>> rec = new ArrayList<>();
        byOutcome.forEach((k, n) -> rec.add(MultiGauge.Row.of(Tags.of("outcome", k), n)));
        recommendations.register(rec, true);
        urgentOpen.set(openUrgent);
        loops.set(views.size());
    }

    static final List<String> METRICS = List.of("tasks_created", "tasks_completed", "sla_completion_rate", "manual_rescues",
            "duplicate_tasks", "likely_duplicate_tasks", "false_positive_rate", "agent_success_rate", "mean_session_time_sec",
            "cost_signal", "marginal_gain", "saturation_score");

    private static int phaseNumber(Phase p) {
        return p.ordinal();
    }

    @Override
    public void finished(Daemon.Run run) {
        Timer.builder("loopreg_run_duration").description("how long each scheduled run took").tag("job", run.job())
                .tag("outcome", run.outcome()).register(registry).record(run.took());
        Counter c = Counter.builder("loopreg_run_failures").description("runs that failed after their retries")
                .tag("job", run.job()).register(registry);
        if (run.failed()) c.increment();
    }

    @Override
    public void picked(String replica, String job, java.time.Duration lag) {
        Counter.builder("loopreg_scheduler_runs_picked").description("runs this replica picked from the shared schedule")
                .tag("replica", replica).tag("job", job).register(registry).increment();
        Timer.builder("loopreg_scheduler_lag").description("from a run's due time (its cron slot, or when it was fired) to its start")
                .tag("replica", replica).publishPercentiles(0.5, 0.99).register(registry).record(lag);
    }

    @Override
    public void deadRecovered(String replica) {
        Counter.builder("loopreg_scheduler_dead_runs_recovered")
                .description("runs whose replica stopped heart-beating, found by this replica and made due again")
                .tag("replica", replica).register(registry).increment();
    }

    /** Counts an HTTP request (by route template and status). */
    public void request(String route, int status) {
        Counter.builder("loopreg_http_requests").tag("route", route).tag("status", String.valueOf(status)).register(registry).increment();
    }

    public String scrape() {
        return registry.scrape();
    }
}
