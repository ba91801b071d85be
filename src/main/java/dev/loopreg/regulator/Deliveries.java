package dev.loopreg.regulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.format.Mappers;
import dev.loopreg.format.Problem;
import dev.loopreg.format.YamlDoc;
import dev.loopreg.outbox.DecisionRecords;
import dev.loopreg.outbox.Delivery;
import dev.loopreg.outbox.Outbox;
import dev.loopreg.outbox.OwnerNotices;
import dev.loopreg.source.HttpJson;
import dev.loopreg.source.SourceException;
import dev.loopreg.store.OutboxLog;
import dev.loopreg.store.Plan;
import dev.loopreg.workspace.CollectSettings;
import dev.loopreg.workspace.OutboxSettings;
import dev.loopreg.workspace.RegulatorException;
import dev.loopreg.workspace.Workspace;
import dev.loopreg.workspace.WorkspaceLock;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The sending half of the outbox ({@link DecisionEffects} queues). {@link #deliver} sends what is due with each entry's key as its
 * {@code Idempotency-Key}, records every attempt, and makes an entry refused for good, or failing past {@code dead_after},
 * a dead letter. Sending happens outside the workspace lock (a slow receiver never holds up the fleet); the attempts are
 * appended under it.
 */
public final class Deliveries {

    private final Regulator reg;
    private final Function<String, String> env;

    public Deliveries(Regulator reg, Function<String, String> env) {
        this.reg = reg;
        this.env = env;
    }

    /** With the regulator's own environment (the state-hub token). */
    public Deliveries(Regulator reg) {
        this(reg, reg.env());
    }

    /** What one attempt did. */
    public record Sent(String key, String decision, String target, Outbox.Outcome outcome, Integer status, String reason,
                       String reference, String dead) {
        public boolean delivered() {
            return outcome == Outbox.Outcome.DELIVERED;
        }

        /** What became of it, in one sentence with what to do (the CLI prints it, serve logs it). */
        public String said() {
            if (delivered()) return "delivered " + decision + " to " + target + (reference == null ? "" : " (" + reference + ")");
            if (dead != null) return decision + ": a dead letter now, not delivered to " + target + " — " + dead + "; 'loopreg outbox retry "
                    + key + "' queues it again";
            return decision + ": delivery to " + target + " pending — " + reason + "; 'loopreg deliver' (or serve) sends it again";
        }
    }

    /** The settings a delivery needs, read from policy.yml (defaults when it is missing or has problems). */
    record Config(CollectSettings collect, OutboxSettings outbox) {
    }

    static Config config(Regulator reg) {
        Workspace ws = reg.workspace();
        List<Problem> problems = new ArrayList<>();
        YamlDoc doc = Files.exists(ws.policy()) ? reg.reader().yaml(ws.policy(), false, problems) : null;
        return new Config(CollectSettings.read(doc, problems), OutboxSettings.read(doc, problems));
    }

    /**
     * Sends the due entries ({@code keys}: only those; null: every one), records each attempt, and returns what each did.
     *
     * @param forced every pending entry, whatever its backoff (a person's {@code loopreg deliver})
     */
    public List<Sent> deliver(Instant now, Set<String> keys, boolean forced) throws IOException, RegulatorException {
        return deliver(now, keys, forced, false);
    }

    /** The most entries one pass claims: a deliverer that dies holds no more than these until its claim lapses. */
    static final int BATCH = 50;

    /**
     * {@link #deliver(Instant, Set, boolean)}, from a use case that holds the workspace lock already ({@code locked}).
     *
     * <p>Three steps: under the workspace lock, the due entries are claimed (a {@code sending} line with a lease, so no
     * other deliverer — another command, another replica — sends them meanwhile); outside it they are sent; under it again
     * each attempt is recorded, which ends the claim. A deliverer that dies mid-send leaves a claim that lapses, and the
     * entry is sent again with the same key (the receiver keeps it once).
     */
    List<Sent> deliver(Instant now, Set<String> keys, boolean forced, boolean locked) throws IOException, RegulatorException {
        OutboxLog log = reg.store().outbox();
        if (!log.exists()) return List.of();
        Config c = config(reg);
        Outbox.Settings s = c.outbox().outbox();
        CollectSettings.StateHub sh = c.collect().stateHub();
        List<Outbox.Entry> due;
        try (WorkspaceLock ignored = locked ? null : reg.lock("loopreg deliver (claim)")) {
            due = log.state().due(now, s, forced).stream().filter(e -> keys == null || keys.contains(e.delivery().key()))
                    .limit(BATCH).toList();
            if (due.isEmpty()) return List.of();
            Instant until = now.plus(lease(sh, due.size()));
            List<JsonNode> claims = new ArrayList<>();
            for (Outbox.Entry e : due) claims.add(Outbox.sending(e.delivery().key(), now, DELIVERER, until));
            log.appendNow(claims);
        }
        HttpJson http = new HttpJson(sh.timeout(), sh.retries(), sh.backoff(), sh.maxBackoff());
        List<Sent> out = new ArrayList<>();
        for (Outbox.Entry e : due) out.add(send(e, c.collect(), http, now, s));
        List<JsonNode> lines = new ArrayList<>();
        for (Sent x : out) {
            lines.add(Outbox.attempt(x.key(), now, x.outcome(), x.status(), x.reason(), x.reference()));
            if (x.dead() != null) lines.add(Outbox.dead(x.key(), now, x.dead()));
        }
        try (WorkspaceLock ignored = locked ? null : reg.lock("loopreg deliver")) {
            log.appendNow(lines);
            deadLetterTasks(log.state(), now, c);
        }
        return out;
    }

    /** Who claims: this process on this host. */
    static final String DELIVERER = "pid " + ProcessHandle.current().pid() + " on " + host();

    private static String host() {
        String h = System.getenv("HOSTNAME");
        if (h != null && !h.isBlank()) return h;
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException | RuntimeException e) {
            return "localhost";
        }
    }

    /**
     * How long a claim on {@code n} entries lasts: the longest their sending can take (each: every try's timeout and the
     * longest backoff between tries), and a minute more.
     */
    static java.time.Duration lease(CollectSettings.StateHub sh, int n) {
        java.time.Duration one = sh.timeout().multipliedBy(sh.retries() + 1L).plus(sh.maxBackoff().multipliedBy(sh.retries()));
        return one.multipliedBy(n).plusMinutes(1);
    }

    /** The trigger of the urgent task a loop has while one of its decisions' deliveries is a dead letter. */
    public static final String OUTBOX_DEAD = "outbox_dead";

    /**
     * Raises one urgent task per loop while a delivery of its decisions is a dead letter (once: an open task is not raised
     * again), and clears it when none is left (after {@code outbox retry} delivered them) — the ledger's own reconciliation,
     * as for a demotion trigger or stale data.
     */
    private void deadLetterTasks(Outbox o, Instant now, Config c) throws IOException {
        java.util.Map<String, List<Outbox.Entry>> byLoop = new java.util.TreeMap<>();
        for (Outbox.Entry e : o.entries()) {
            String loop = e.delivery().body().path("loop").asText(null);
            if (loop == null || !java.nio.file.Files.isDirectory(reg.workspace().loopDir(loop))) continue;
            byLoop.computeIfAbsent(loop, k -> new ArrayList<>());
            if (e.status() == Outbox.Status.DEAD) byLoop.get(loop).add(e);
        }
        if (byLoop.isEmpty()) return;
        List<String> notices = new ArrayList<>();
        dev.loopreg.store.UrgentLedger ledger = reg.store().urgent(notices);
        List<dev.loopreg.store.Urgent> said = new ArrayList<>();
        for (var l : byLoop.entrySet()) {
            List<Outbox.Entry> dead = l.getValue();
            if (dead.isEmpty() && ledger.state().open(l.getKey(), OUTBOX_DEAD).isEmpty()) continue;
            String detail = dead.isEmpty() ? "no delivery of its decisions is a dead letter any more (each was queued again or landed)"
                    : dead.size() + " deliver" + (dead.size() == 1 ? "y" : "ies") + " of its decisions not delivered: "
                    + String.join(", ", dead.stream().map(e -> e.delivery().decision() + " (" + e.deadReason() + ")").toList())
                    + "; loopreg outbox retry --all sends them again";
            var rule = new dev.loopreg.cadence.RuleResult(OUTBOX_DEAD, dev.loopreg.cadence.RuleResult.Kind.DEMOTION, !dead.isEmpty(),
                    dead.size(), 0, detail, List.of());
            var actions = dev.loopreg.alert.Alerts.reconcile(ledger.state(), l.getKey(), List.of(rule),
                    dev.loopreg.cadence.CadenceRules.OPERATOR_OVERRIDE);
            if (actions.isEmpty()) continue;
            dev.loopreg.health.Phase phase = phaseOf(l.getKey());
            ledger.append(dev.loopreg.store.UrgentLedger.lines(l.getKey(), phase, "none", actions, now, said));
        }
        // the new tasks' own deliveries, queued beside them (sent by the next pass)
        dev.loopreg.collect.UrgentQueue.queue(now, c.collect(), ledger, reg.store().outbox());
        notices.forEach(reg::notice);
        for (var u : said) reg.notice(u.id() + " urgent task " + u.event() + ": " + u.loop() + " " + u.trigger() + " — " + u.detail());
    }

    private dev.loopreg.health.Phase phaseOf(String loop) {
        List<Problem> ignored = new ArrayList<>();
        YamlDoc d = reg.reader().yaml(reg.workspace().cadence(loop), false, ignored);
        var st = d == null ? null : dev.loopreg.workspace.CadenceCodec.read(d, ignored);
        return st == null ? dev.loopreg.health.Phase.BOOTSTRAP : st.phase();
    }

    /** Where an entry goes: its URL and token, or why it cannot be sent now. */
    private record Endpoint(String url, String token, Outbox.Outcome cannot, String why) {
    }

    private Endpoint endpoint(Delivery d, CollectSettings cs) {
        String base;
        String tokenEnv;
        String what;
        if (Delivery.STATE_HUB.equals(d.target())) {
            base = cs.stateHub().url();
            tokenEnv = cs.stateHub().tokenEnv();
            what = "state_hub";
            if (base == null) return new Endpoint(null, null, Outbox.Outcome.FAILED, "state_hub.url is not set in policy.yml");
            base = base.replaceAll("/+$", "");
        } else if (Delivery.WEBHOOK.equals(d.target())) {
            base = cs.urgent().webhookUrl();
            tokenEnv = cs.urgent().webhookTokenEnv();
            what = "urgent.webhook";
            if (base == null) return new Endpoint(null, null, Outbox.Outcome.FAILED, "urgent.webhook_url is not set in policy.yml");
        } else {
            return new Endpoint(null, null, Outbox.Outcome.REFUSED, "target '" + d.target() + "' is not one loopreg knows; expected "
                    + "state-hub or webhook");
        }
        String token = tokenEnv == null ? null : env.apply(tokenEnv);
        if (tokenEnv != null && (token == null || token.isBlank())) {
            return new Endpoint(null, null, Outbox.Outcome.FAILED, "environment variable " + tokenEnv + " (" + what
                    + (what.equals("state_hub") ? "." : "_") + "token_env) is not set");
        }
        return new Endpoint(base + d.path(), token, null, null);
    }

    private Sent send(Outbox.Entry e, CollectSettings cs, HttpJson http, Instant now, Outbox.Settings s) {
        Delivery d = e.delivery();
        Outbox.Outcome outcome;
        Integer status = null;
        String reason = null;
        String reference = null;
        Endpoint to = endpoint(d, cs);
        if (to.cannot() != null) {
            outcome = to.cannot();
            reason = to.why();
        } else {
            try {
                JsonNode answer = http.post(URI.create(to.url()), to.token(), d.body(), d.key(), true);
                outcome = Outbox.Outcome.DELIVERED;
                status = 200;
                if (answer != null && answer.path("id").isValueNode() && !answer.path("id").isNull()) reference = answer.path("id").asText();
            } catch (SourceException ex) {
                status = ex.status() == 0 ? null : ex.status();
                outcome = Outbox.Outcome.of(ex.status());
                reason = ex.getMessage();
            } catch (IllegalArgumentException ex) {
                outcome = Outbox.Outcome.REFUSED;
                reason = "not a URL: " + to.url();
            }
        }
        String dead = outcome == Outbox.Outcome.DELIVERED ? null : Outbox.dead(e, outcome, now, s, reason).orElse(null);
        return new Sent(d.key(), d.decision(), d.target(), outcome, status, reason, reference, dead);
    }

    /** Queues dead letters again ({@code key}, or every one when null); returns the keys queued again. */
    public List<String> retry(String key, Instant now, String by) throws IOException, RegulatorException {
        PersonText.by(by);
        try (WorkspaceLock ignored = reg.lock("loopreg outbox retry")) {
            OutboxLog log = reg.store().outbox();
            Outbox o = log.state();
            List<Outbox.Entry> allDead = o.with(Outbox.Status.DEAD);
            List<Outbox.Entry> dead = allDead;
            if (key != null) {
                // a key, or a decision id (its dead letter first, else its entry, to say what it is)
                Outbox.Entry e = o.entry(key).or(() -> allDead.stream().filter(x -> x.delivery().decision().equals(key)).findFirst())
                        .or(() -> o.entries().stream().filter(x -> x.delivery().decision().equals(key)).findFirst())
                        .orElseThrow(() -> new RegulatorException(RegulatorException.BAD_INPUT, "'" + key + "' is no entry of the "
                                + "outbox; expected a key or a decision id that 'loopreg outbox' lists"));
                if (e.status() != Outbox.Status.DEAD) {
                    throw new RegulatorException(RegulatorException.REFUSED, e.delivery().key() + " is " + e.status().id()
                            + ", not a dead letter; nothing was queued again");
                }
                dead = List.of(e);
            }
            List<JsonNode> lines = new ArrayList<>();
            for (Outbox.Entry e : dead) lines.add(Outbox.requeued(e.delivery().key(), now, by));
            if (!lines.isEmpty()) log.appendNow(lines);
            return dead.stream().map(e -> e.delivery().key()).toList();
        }
    }

    /** The outbox as it is. */
    public Outbox state() throws IOException {
        return reg.store().outbox().state();
    }
}
