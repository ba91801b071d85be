package dev.loopreg.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import dev.failsafe.RetryPolicyBuilder;
import dev.loopreg.format.Mappers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * JSON over HTTP with a timeout per request and retries with exponential backoff (Failsafe) on connection
 * errors, timeouts, 429 and 5xx answers; a {@code Retry-After} in seconds is obeyed up to the longest
 * backoff. Other 4xx answers and malformed JSON are not retried. Tokens never appear in messages.
 */
public final class HttpJson {

    private HttpClient client; // made on first use: building one loads TLS, which costs a run without HTTP time
    private final Duration timeout;
    private final int retries;
    private final Duration backoff;
    private final Duration maxBackoff;

    public HttpJson(Duration timeout, int retries, Duration backoff, Duration maxBackoff) {
        this.timeout = timeout;
        this.retries = retries;
        this.backoff = backoff;
        this.maxBackoff = maxBackoff.compareTo(backoff) > 0 ? maxBackoff : backoff.plusMillis(1);
    }

    /** GET, expecting a JSON answer. */
    public JsonNode get(URI uri, String token) throws SourceException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).GET().header("Accept", "application/json");
        if (token != null) b.header("Authorization", "Bearer " + token);
        return json("GET " + uri, send("GET " + uri, b.build()));
    }

    /** POST a JSON body; the answer's JSON, or null when it has none (or it is not JSON: {@code lenient}). */
    public JsonNode post(URI uri, String token, JsonNode body, String idempotencyKey, boolean lenient) throws SourceException {
        try {
            return post(uri, token, body, idempotencyKey);
        } catch (SourceException e) {
            if (lenient && e.getMessage().contains("the answer is not JSON") && e.status() == 0) return null;
            throw e;
        }
    }

    /** POST a JSON body; the answer's JSON, or null when it has none. */
    public JsonNode post(URI uri, String token, JsonNode body, String idempotencyKey) throws SourceException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .header("Content-Type", "application/json").header("Accept", "application/json");
        if (token != null) b.header("Authorization", "Bearer " + token);
        if (idempotencyKey != null) b.header("Idempotency-Key", idempotencyKey);
        HttpResponse<String> r = send("POST " + uri, b.build());
        String text = r.body() == null ? "" : r.body().strip();
        return text.isEmpty() ? null : json("POST " + uri, r);
    }

    private synchronized HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
        }
        return client;
    }

    private HttpResponse<String> send(String what, HttpRequest request) throws SourceException {
        HttpClient client = client();
        AtomicInteger attempts = new AtomicInteger();
        RetryPolicyBuilder<HttpResponse<String>> rb = RetryPolicy.<HttpResponse<String>>builder()
                .handle(IOException.class)
                .handleResultIf(r -> r.statusCode() == 429 || r.statusCode() >= 500)
                .withBackoff(backoff, maxBackoff)
                .withDelayFn(ctx -> retryAfter(ctx.getLastResult()).orElse(Duration.ofMillis(-1)))
                .withMaxRetries(retries);
        HttpResponse<String> r;
        try {
            r = Failsafe.with(rb.build()).get(() -> {
                attempts.incrementAndGet();
                return client.send(request, HttpResponse.BodyHandlers.ofString());
            });
        } catch (FailsafeException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            if (c instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            String why = c instanceof HttpTimeoutException ? "no answer within " + timeout.toMillis() + " ms"
                    : c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
            throw new SourceException(what + ": " + why + " (" + attempts.get() + " attempt" + (attempts.get() == 1 ? "" : "s") + ")");
        }
        if (r.statusCode() < 200 || r.statusCode() > 299) {
            throw new SourceException(what + ": HTTP " + r.statusCode() + " (" + attempts.get() + " attempt"
                    + (attempts.get() == 1 ? "" : "s") + ")" + excerpt(r.body()), r.statusCode());
        }
        return r;
    }

    private Optional<Duration> retryAfter(HttpResponse<String> r) {
        if (r == null) return Optional.empty();
        return r.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                long s = Long.parseLong(v.strip());
                Duration d = Duration.ofSeconds(Math.max(0, s));
                return Optional.of(d.compareTo(maxBackoff) > 0 ? maxBackoff : d);
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    private static JsonNode json(String what, HttpResponse<String> r) throws SourceException {
        try {
            JsonNode n = Mappers.JSON.readTree(r.body());
            if (n == null || n.isMissingNode()) {
                throw new SourceException(what + ": empty answer; expected JSON");
            }
            return n;
        } catch (IOException e) {
            throw new SourceException(what + ": the answer is not JSON" + excerpt(r.body()));
        }
    }

    private static String excerpt(String body) {
        if (body == null || body.isBlank()) return "";
        String b = body.strip().replaceAll("\\s+", " ");
        return ": " + (b.length() > 120 ? b.substring(0, 120) + "…" : b);
    }
}
