package dev.loopreg.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The outbox's fold and its rules, against what each event must mean, on random histories of one entry. */
class OutboxProperties {

    static final Instant T0 = Instant.parse("2026-06-25T12:00:00Z");
    static final Outbox.Settings S = Outbox.Settings.defaults();

    static Delivery delivery() {
        return new Delivery("loopreg-decision-DEC-001", Delivery.STATE_HUB, "/workstreams/w/decisions", "DEC-001",
                JsonNodeFactory.instance.objectNode().put("id", "DEC-001"), T0);
    }

    /** One step of a random history: an attempt with an outcome, a dead letter, a requeue, or a second queued line. */
    record Step(String kind, Outbox.Outcome outcome) {
    }

    @Provide
    Arbitrary<List<Step>> histories() {
        Arbitrary<Step> step = Arbitraries.oneOf(
                Arbitraries.of(Outbox.Outcome.class).map(o -> new Step("attempt", o)),
                Arbitraries.just(new Step("dead", null)), Arbitraries.just(new Step("requeued", null)),
                Arbitraries.just(new Step("queued", null)));
        return step.list().ofMaxSize(12);
    }

    @Property(tries = 500)
    void theFold_matchesAReferenceModel(@ForAll("histories") List<Step> steps) {
        List<JsonNode> lines = new ArrayList<>();
        lines.add(Outbox.queued(delivery()));
        Outbox.Status model = Outbox.Status.PENDING;
        int attempts = 0;
        Instant at = T0;
        for (Step s : steps) {
            at = at.plusSeconds(60);
            switch (s.kind()) {
                case "attempt" -> {
                    lines.add(Outbox.attempt(delivery().key(), at, s.outcome(), 500, "r", s.outcome() == Outbox.Outcome.DELIVERED ? "SH-1" : null));
                    attempts++;
                    if (s.outcome() == Outbox.Outcome.DELIVERED) model = Outbox.Status.DELIVERED;
                }
                case "dead" -> {
                    lines.add(Outbox.dead(delivery().key(), at, "gone"));
                    if (model != Outbox.Status.DELIVERED) model = Outbox.Status.DEAD;
                }
                case "requeued" -> {
                    lines.add(Outbox.requeued(delivery().key(), at, "bernd"));
                    if (model == Outbox.Status.DEAD) model = Outbox.Status.PENDING;
                }
                default -> lines.add(Outbox.queued(new Delivery(delivery().key(), "state-hub", "/other", "DEC-001", delivery().body(), at)));
            }
        }
        Outbox o = Outbox.fold(lines);
        assertThat(o.entries()).hasSize(1);
        Outbox.Entry e = o.entries().get(0);
        assertThat(e.status()).isEqualTo(model);
        assertThat(e.attempts()).hasSize(attempts);
        assertThat(e.delivery().path()).as("queued once: a second queued line changes nothing").isEqualTo("/workstreams/w/decisions");
        assertThat(o.problems()).isEmpty();
        // delivered is final, and only a pending entry is ever due
        assertThat(o.due(at.plus(Duration.ofDays(30)), S, true)).hasSize(model == Outbox.Status.PENDING ? 1 : 0);
    }

    @Property
    void theBackoff_doublesFromTheFirst_andNeverPassesTheLongest(@ForAll @IntRange(min = 1, max = 60) int tries) {
        Duration d = Outbox.backoff(tries, S);
        assertThat(d).isBetween(S.firstBackoff(), S.maxBackoff());
        if (tries > 1) assertThat(d).isGreaterThanOrEqualTo(Outbox.backoff(tries - 1, S));
        if (tries < 6) assertThat(d).isEqualTo(S.firstBackoff().multipliedBy(1L << (tries - 1)));
    }

    @Property
    void anHttpStatus_meansWhatTheIssueSays(@ForAll @IntRange(min = 0, max = 599) int status) {
        Outbox.Outcome o = Outbox.Outcome.of(status);
        if (status >= 200 && status < 300) assertThat(o).isEqualTo(Outbox.Outcome.DELIVERED);
        else if (status >= 400 && status < 500 && status != 408 && status != 409 && status != 425 && status != 429) {
            assertThat(o).isEqualTo(Outbox.Outcome.REFUSED);
        }
        else assertThat(o).isEqualTo(Outbox.Outcome.FAILED);
    }

    @Example
    void aPendingEntry_isDueAgainOnlyAfterItsBackoff_unlessForced() {
        List<JsonNode> lines = new ArrayList<>(List.of(Outbox.queued(delivery()),
                Outbox.attempt(delivery().key(), T0, Outbox.Outcome.FAILED, 503, "down", null),
                Outbox.attempt(delivery().key(), T0.plusSeconds(60), Outbox.Outcome.FAILED, 503, "down", null)));
        Outbox o = Outbox.fold(lines);
        Instant last = T0.plusSeconds(60);
        assertThat(o.due(last.plusSeconds(119), S, false)).isEmpty();           // two tries: wait 2 minutes
        assertThat(o.due(last.plusSeconds(120), S, false)).hasSize(1);
        assertThat(o.due(last.plusSeconds(1), S, true)).hasSize(1);
        assertThat(Outbox.dead(o.entries().get(0), Outbox.Outcome.FAILED, T0.plus(Duration.ofHours(24)), S, "down")).isPresent();
        assertThat(Outbox.dead(o.entries().get(0), Outbox.Outcome.FAILED, T0.plus(Duration.ofHours(23)), S, "down")).isEmpty();
        assertThat(Outbox.dead(o.entries().get(0), Outbox.Outcome.REFUSED, T0, S, "HTTP 400")).contains("refused for good: HTTP 400");
    }

    @Example
    void anAttemptOfAnEntryNeverQueued_isAProblem() {
        Outbox o = Outbox.fold(List.of(Outbox.attempt("nobody", T0, Outbox.Outcome.FAILED, null, "x", null)));
        assertThat(o.problems()).containsExactly("event 1: an attempt of nobody, which was never queued");
    }

    /** A claimed entry is due to nobody else until its claim lapses — not even forced; its attempt ends the claim. */
    @Property
    void aClaim_keepsOthersOff_untilItLapsesOrItsAttemptIsRecorded(@ForAll @IntRange(min = 1, max = 7200) int leaseSeconds,
                                                                     @ForAll @IntRange(min = 0, max = 10000) int laterSeconds,
                                                                     @ForAll boolean attempted) {
        Instant until = T0.plusSeconds(leaseSeconds);
        List<JsonNode> lines = new ArrayList<>(List.of(Outbox.queued(delivery()), Outbox.sending(delivery().key(), T0, "pid 1 on a", until)));
        if (attempted) lines.add(Outbox.attempt(delivery().key(), T0, Outbox.Outcome.FAILED, 503, "down", null));
        Outbox o = Outbox.fold(lines);
        Instant now = T0.plusSeconds(laterSeconds);
        boolean claimed = !attempted && now.isBefore(until);
        assertThat(o.entries().get(0).sending(now)).isEqualTo(claimed);
        assertThat(o.due(now, S, true)).hasSize(claimed ? 0 : 1);
        assertThat(o.problems()).isEmpty();
    }

    @Example
    void aClaimOfAnEntryNeverQueued_orWithoutUntil_isAProblem() {
        var noUntil = Outbox.sending(delivery().key(), T0, "x", T0);
        noUntil.remove("until");
        Outbox o = Outbox.fold(List.of(Outbox.sending("nobody", T0, "x", T0), Outbox.queued(delivery()), noUntil));
        assertThat(o.problems()).containsExactly("event 1: a claim on nobody, which was never queued",
                "event 3: a claim without 'until'; expected {\"event\": \"sending\", \"key\", \"at\", \"by\", \"until\"}");
    }
}
