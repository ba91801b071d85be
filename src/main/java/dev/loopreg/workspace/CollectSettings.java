package dev.loopreg.workspace;

import dev.loopreg.format.ConfigReader;
import dev.loopreg.format.Problem;
import dev.loopreg.format.YamlDoc;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The collector's settings: the {@code collect}, {@code state_hub} and {@code urgent} sections of
 * {@code loops/regulator/policy.yml}. Every key is optional. Pure.
 *
 * @param backfillMaxSlots   {@code collect --backfill} fills at most this many slots per loop (the most recent)
 * @param parallelism        repos read at once
 * @param likelySimilarity   titles at least this similar count as likely duplicates (0.5..1)
 * @param stateHub           the state-hub API
 * @param urgent             where urgent regulator tasks go besides {@code urgent-tasks.jsonl}
 */
public record CollectSettings(int backfillMaxSlots, int parallelism, double likelySimilarity, StateHub stateHub,
                              Urgent urgent) {

    /**
     * @param url          the API's base URL, or null when there is no state-hub
     * @param tokenEnv     the environment variable holding the bearer token
     * @param timeout      per request (connect and answer)
     * @param retries      retries after a failed request (connection error, timeout, 429, 5xx)
     * @param backoff      the first retry's delay; doubled each retry
     * @param maxBackoff   the longest delay between retries (also the longest Retry-After obeyed)
     * @param pageSize     tasks asked per page
     * @param maxPages     pages read at most per request (a guard against a server that never ends)
     */
    public record StateHub(String url, String tokenEnv, Duration timeout, int retries, Duration backoff, Duration maxBackoff,
                           int pageSize, int maxPages) {
    }

    /**
     * @param stateHubWorkstream the state-hub workstream urgent tasks are created in, or null
     * @param webhookUrl         a URL each urgent task is POSTed to as JSON, or null
     * @param webhookTokenEnv    an environment variable holding a bearer token for the webhook, or null
     */
    public record Urgent(String stateHubWorkstream, String webhookUrl, String webhookTokenEnv) {
    }

    public static final List<String> TOP = List.of("collect", "state_hub", "urgent");

    public static CollectSettings defaults() {
        return new CollectSettings(168, 8, 0.9,
                new StateHub(null, "STATE_HUB_TOKEN", Duration.ofSeconds(10), 3, Duration.ofMillis(500), Duration.ofSeconds(30), 200, 1000),
                new Urgent(null, null, null));
    }

    /** Reads the sections from the policy document (other sections are {@link PolicyCodec}'s). */
    public static CollectSettings read(YamlDoc doc, List<Problem> problems) {
        CollectSettings d = defaults();
        if (doc == null || doc.isEmpty()) {
            return d;
        }
        ConfigReader r = new ConfigReader(doc, problems);
        int backfill = d.backfillMaxSlots();
        int parallelism = d.parallelism();
        double similarity = d.likelySimilarity();
        if (r.mapping("/collect", false)) {
            r.knownKeys("/collect", List.of("backfill_max_slots", "parallelism", "likely_duplicate_similarity"));
            backfill = r.integer("/collect/backfill_max_slots", backfill, 1, 100_000);
            parallelism = r.integer("/collect/parallelism", parallelism, 1, 256);
            similarity = r.decimal("/collect/likely_duplicate_similarity", BigDecimal.valueOf(similarity),
                    new BigDecimal("0.5"), BigDecimal.ONE).doubleValue();
        }
        StateHub sh = d.stateHub();
        if (r.mapping("/state_hub", false)) {
            r.knownKeys("/state_hub", List.of("url", "token_env", "timeout_seconds", "retries", "backoff_ms", "max_backoff_ms",
                    "page_size", "max_pages"));
            String url = url(r, "/state_hub/url");
            sh = new StateHub(url,
                    r.string("/state_hub/token_env", sh.tokenEnv(), false),
                    Duration.ofSeconds(r.integer("/state_hub/timeout_seconds", (int) sh.timeout().toSeconds(), 1, 3600)),
                    r.integer("/state_hub/retries", sh.retries(), 0, 20),
                    Duration.ofMillis(r.integer("/state_hub/backoff_ms", (int) sh.backoff().toMillis(), 1, 600_000)),
                    Duration.ofMillis(r.integer("/state_hub/max_backoff_ms", (int) sh.maxBackoff().toMillis(), 1, 3_600_000)),
                    r.integer("/state_hub/page_size", sh.pageSize(), 1, 10_000),
                    r.integer("/state_hub/max_pages", sh.maxPages(), 1, 1_000_000));
        }
        Urgent u = d.urgent();
        if (r.mapping("/urgent", false)) {
            r.knownKeys("/urgent", List.of("state_hub_workstream", "webhook_url", "webhook_token_env"));
            u = new Urgent(r.string("/urgent/state_hub_workstream", null, false), url(r, "/urgent/webhook_url"),
                    r.string("/urgent/webhook_token_env", null, false));
            if (u.stateHubWorkstream() != null && sh.url() == null) {
                r.error("/urgent/state_hub_workstream", "urgent.state_hub_workstream is set but state_hub.url is not; "
                        + "expected state_hub.url to say where state-hub is");
            }
        }
        return new CollectSettings(backfill, parallelism, similarity, sh, u);
    }

    private static String url(ConfigReader r, String pointer) {
        String url = r.string(pointer, null, false);
        if (url == null) {
            return null;
        }
        try {
            URI u = URI.create(url);
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                throw new IllegalArgumentException("not http(s)");
            }
        } catch (IllegalArgumentException e) {
            r.error(pointer, ConfigReader.keyName(pointer) + ": '" + url + "' is not an http(s) URL; expected e.g. https://state-hub.example/api");
            return null;
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** The policy.yml text of these sections, commented (appended by {@link PolicyCodec#render}). */
    public static String render(CollectSettings s) {
        return """
                # The collector (loopreg collect): how far a backfill goes, how many repos are read at once, and
                # how similar two open task titles must be to be reported as likely duplicates.
                collect:
                  backfill_max_slots: %d
                  parallelism: %d
                  likely_duplicate_similarity: %s

                # state-hub, the task API (docs/state-hub.md). Loops with tasks: {source: state-hub} read it; a
                # loop.yml may name its own url and token_env. The token is read from the environment variable.
                state_hub:
                  url: null                     # e.g. https://state-hub.example/api
                  token_env: %s
                  timeout_seconds: %d
                  retries: %d                    # after a connection error, timeout, 429 or 5xx
                  backoff_ms: %d                # doubled each retry, at most max_backoff_ms
                  max_backoff_ms: %d
                  page_size: %d
                  max_pages: %d

                # Urgent regulator tasks, raised when a demotion trigger fires: always appended to
                # loops/regulator/urgent-tasks.jsonl; also created in state-hub and POSTed to a webhook when set.
                urgent:
                  state_hub_workstream: null    # the workstream urgent tasks are created in
                  webhook_url: null             # e.g. https://chat.example/hooks/loopreg
                  webhook_token_env: null       # environment variable with a bearer token for the webhook
                """.formatted(s.backfillMaxSlots(), s.parallelism(), BigDecimal.valueOf(s.likelySimilarity()).toPlainString(),
                s.stateHub().tokenEnv(), s.stateHub().timeout().toSeconds(), s.stateHub().retries(),
                s.stateHub().backoff().toMillis(), s.stateHub().maxBackoff().toMillis(), s.stateHub().pageSize(),
                s.stateHub().maxPages());
    }
}
