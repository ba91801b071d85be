package dev.loopreg.web;


import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopreg.Samples;
import dev.loopreg.auth.OidcConfig;
import dev.loopreg.auth.Tokens;
import dev.loopreg.demo.DemoFixture;
import dev.loopreg.format.Mappers;
import dev.loopreg.server.Daemon;
import dev.loopreg.server.Server;
import dev.loopreg.server.Web;
import dev.loopreg.workspace.Workspace;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Every page audited as a person would, in Debian's headless Chromium through its chromium-driver: on the demo's
 * workspace plus a loop with a year of hourly records, signed out (the server without sign-in), and signed in through
 * a real OpenID Connect provider (mock-oauth2-server) as a viewer and as an operator, at 1400 px and at a phone's
 * 412 px. Each page must have no axe-core (WCAG 2.1 A and AA) violation, no console error, at most 1,500 elements, no
 * sideways scrolling of the page, and its charts drawn; its HTML must pass the Nu HTML checker and weigh at most
 * 150 KB. Every page is kept as a full-page screenshot in {@code target/screenshots/audit/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
@org.junit.jupiter.api.parallel.ResourceLock("PagesAuditTest")   // its own tests one after another
class PagesAuditTest {

    static final Path SHOTS = Path.of("target/screenshots/audit");
    static final String KEY = "pages-audit-session-key-0123456789abcdef-0123";
    static final Instant NOW = Instant.parse("2026-06-21T23:50:00Z");
    static final int MAX_BYTES = 150 * 1024;
    static final int MAX_ELEMENTS = 1500;
    static final List<String> WCAG = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");

    private Path tmp;
    private MockOAuth2Server idp;
    private Server open;
    private Server signed;
    private String openBase;
    private String signedBase;
    private ChromeDriver browser;
    /** role → the session cookie of the person signed in with it (none for the signed-out audit). */
    private final Map<String, String> sessions = new LinkedHashMap<>();

    /** Every page of the demo, a loop with a year of records (its default month, and the whole year), and a page not found. */
    static List<String> pages() {
        return List.of("/", "/queue", "/loops/kaizen-stack", "/loops/registry-hygiene", "/loops/quality-escalation", "/loops/year-long",
                "/loops/year-long?from=2025-06-21", "/rotation", "/decisions", "/timeline", "/urgent", "/no-such-page");
    }

    /**
     * Each kind of page once in the browser (it costs a second or two a page): the loop page as the demo's loop with the
     * most decisions and phases, and as the loop with a year of records; the HTML checks cover every page of
     * {@link #pages()}.
     */
    static List<String> browserPages() {
        return List.of("/", "/queue", "/loops/registry-hygiene", "/loops/year-long?from=2025-06-21", "/rotation", "/decisions", "/timeline",
                "/urgent", "/no-such-page");
    }

    @BeforeAll
    void start() throws Exception {
        tmp = Files.createTempDirectory("loopreg-audit");
        Path ws = tmp.resolve("ws");
        Samples.copyTree(DemoFixture.dir(), ws);
        yearOfRecords(ws);
        Daemon.Settings ds = new Daemon.Settings(24, 0, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofSeconds(5),
                Duration.ofMinutes(10), Duration.ofMillis(50), false);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        open = Server.start(new Workspace(ws), new Server.Config(new Web.Settings("127.0.0.1", 0, Tokens.none(), 16384), ds, Duration.ZERO),
                clock, k -> null);
        openBase = "http://127.0.0.1:" + open.port();

        idp = new MockOAuth2Server();
        idp.start(java.net.InetAddress.getByName("127.0.0.1"), 0);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        signedBase = "http://127.0.0.1:" + port;
        String yml = "issuer: " + idp.issuerUrl("ops") + "\nclient_id: loopreg\nclient_secret_env: OIDC_SECRET\nbase_url: " + signedBase + "\n"
                + "roles:\n  operator: [group:sre]\n  viewer: [\"*\"]\n";
        Map<String, String> env = Map.of("OIDC_SECRET", "client-secret", "LOOPREG_SESSION_KEY", KEY);
        OidcConfig oidc = OidcConfig.parse("oidc.yml", yml, env::get);
        // the signed-in server's clock is the real one's distance from NOW: sessions and the provider's tokens agree on time
        signed = Server.start(new Workspace(ws), new Server.Config(new Web.Settings("127.0.0.1", port, Tokens.none(), 16384, oidc), ds,
                Duration.ZERO), Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), NOW)), env::get);
        Files.createDirectories(SHOTS);
        browser = chrome();
    }

    @AfterAll
    void stop() {
        if (browser != null) browser.quit();
        if (open != null) open.close();
        if (signed != null) signed.close();
        if (idp != null) idp.shutdown();
    }

    /** A loop like kaizen-stack with a record every hour for a year before NOW. */
    static void yearOfRecords(Path ws) throws Exception {
        Path from = ws.resolve("loops/kaizen-stack");
        Path to = ws.resolve("loops/year-long");
        Files.createDirectories(to);
        for (String f : List.of("loop.yml", "bootstrap-log.md", "roster.yaml", "tasks.jsonl")) {
            if (Files.exists(from.resolve(f))) Files.copy(from.resolve(f), to.resolve(f));
        }
        Instant first = NOW.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(8760));
        Files.writeString(to.resolve("cadence.yml"), Files.readString(from.resolve("cadence.yml")).replace("loop: kaizen-stack", "loop: year-long")
                .replaceAll("phase_since: \\S+", "phase_since: " + first.minus(Duration.ofHours(1))));
        List<JsonNode> templates = new ArrayList<>();
        for (String l : Files.readAllLines(from.resolve("health.jsonl"))) if (!l.isBlank()) templates.add(Mappers.JSON.readTree(l));
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 8760; i++) {
            Instant cycle = first.plus(Duration.ofHours(i));
            ObjectNode r = templates.get(i % templates.size()).deepCopy();
            r.put("loop", "year-long");
            r.put("cycle", cycle.toString());
            r.put("at", cycle.plus(Duration.ofMinutes(50)).toString());
            r.put("since", cycle.minus(Duration.ofHours(1)).toString());
            r.put("phase", "bootstrap");
            b.append(Mappers.JSON.writeValueAsString(r)).append('\n');
        }
        Files.writeString(to.resolve("health.jsonl"), b.toString());
    }

    static ChromeDriver chrome() {
        return Chrome.start(1400, 1000, o -> {
            o.addArguments("--hide-scrollbars", "--lang=en-US");
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            o.setCapability("goog:loggingPrefs", logs);
        });
    }

    /** Signs in at the provider (it answers at once with these claims) and returns the session cookie. */
    private String signIn(String subject, List<String> groups) {
        browser.manage().deleteAllCookies();
        idp.enqueueCallback(new DefaultOAuth2TokenCallback("ops", subject, "JWT", List.of("loopreg"),
                Map.of("email", subject + "@example.com", "email_verified", true, "name", subject, "groups", groups), 3600));
        browser.get(signedBase + "/login?return=%2F");
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> d.getCurrentUrl().equals(signedBase + "/"));
        return browser.manage().getCookieNamed("loopreg_session").getValue();
    }

    @Test
    void everyPage_everyRole_atBothWidths_isAccessible_light_andFitsTheScreen() throws Exception {
        List<String> problems = new ArrayList<>();
        audit("signed-out", openBase, problems);
        sessions.put("viewer", signIn("vera", List.of("staff")));
        audit("viewer", signedBase, problems);
        sessions.put("operator", signIn("otto", List.of("sre")));
        audit("operator", signedBase, problems);
        assertThat(problems).as("what the audit found").isEmpty();
    }

    private void audit(String role, String base, List<String> problems) throws Exception {
        for (int width : new int[]{1400, 412}) {
            browser.manage().window().setSize(new Dimension(width, width > 1000 ? 1000 : 900));
            for (String page : browserPages()) {
                String where = role + " " + width + "px " + page;
                browser.get(base + page);
                // a page with charts is ready when its script has run (it marks the body) and each figure holds a drawn chart
                boolean charts = page.startsWith("/loops/") && !page.contains("no-such") || page.equals("/rotation");
                if (charts) {
                    try {
                        new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> {
                            int figures = d.findElements(By.cssSelector("figure.tchart")).size();
                            return figures > 0 && d.findElements(By.cssSelector("body.charts-drawn")).size() == 1
                                    && d.findElements(By.cssSelector("figure.tchart .uplot")).size() == figures;
                        });
                    } catch (org.openqa.selenium.TimeoutException e) {
                        problems.add(where + ": " + browser.findElements(By.cssSelector("figure.tchart .uplot")).size() + " of "
                                + browser.findElements(By.cssSelector("figure.tchart")).size() + " charts drawn after 60 s; console: "
                                + browser.manage().logs().get(LogType.BROWSER).getAll());
                        continue;
                    }
                }
                Results axe = new AxeBuilder().withTags(WCAG).analyze(browser);
                for (Rule r : axe.getViolations()) {
                    problems.add(where + ": axe " + r.getId() + " (" + r.getImpact() + "): " + r.getHelp() + " at "
                            + r.getNodes().stream().limit(3).map(n -> String.valueOf(n.getTarget())).toList());
                }
                for (LogEntry e : browser.manage().logs().get(LogType.BROWSER)) {
                    // a page that is not found says so with its status: that console line is the browser's, and expected
                    if (e.getLevel().intValue() >= Level.SEVERE.intValue() && !(page.equals("/no-such-page") && e.getMessage().contains("404"))) {
                        problems.add(where + ": console: " + e.getMessage());
                    }
                }
                JavascriptExecutor js = browser;
                long elements = (Long) js.executeScript("return document.getElementsByTagName('*').length");
                if (elements > MAX_ELEMENTS) problems.add(where + ": " + elements + " elements, more than " + MAX_ELEMENTS);
                long overflow = (Long) js.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
                if (overflow > 0) problems.add(where + ": the page scrolls sideways by " + overflow + " px");
                // the pages as a viewer sees them are the operator's without the forms: kept as the operator's and signed out
                if (!role.equals("viewer")) shot(role + "-" + width + "-" + page.replaceAll("[^A-Za-z0-9-]+", "_"));
            }
        }
    }

    /** The whole page as a PNG, beyond the window's height. */
    private void shot(String name) throws Exception {
        Map<String, Object> metrics = browser.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
        double w = ((Number) size.get("width")).doubleValue();
        double h = Math.min(16000, ((Number) size.get("height")).doubleValue());
        Map<String, Object> shot = browser.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", w, "height", h, "scale", 1)));
        Files.write(SHOTS.resolve(name + ".png"), Base64.getDecoder().decode((String) shot.get("data")));
    }

    @Test
    void everyPage_passesTheNuHtmlChecker_andWeighsAtMost150KB() throws Exception {
        if (sessions.isEmpty()) {
            sessions.put("viewer", signIn("vera", List.of("staff")));
            sessions.put("operator", signIn("otto", List.of("sre")));
        }
        Map<String, String> html = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (String page : pages()) {
            html.put("signed-out " + page, fetch(openBase + page, null, problems));
            for (Map.Entry<String, String> s : sessions.entrySet()) html.put(s.getKey() + " " + page, fetch(signedBase + page, s.getValue(), problems));
        }
        Map<String, List<String>> errors = HtmlChecker.errors(html, tmp);
        errors.forEach((page, list) -> list.forEach(e -> problems.add(page + ": Nu: " + e)));
        for (Map.Entry<String, String> e : html.entrySet()) problems.addAll(readable(e.getKey(), e.getValue()));
        assertThat(problems).isEmpty();
        assertThat(html).hasSize(pages().size() * 3);
    }

    static final java.util.regex.Pattern ISO = java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}");

    /**
     * What a person reads on the page (its text, outside the JSON boxes, scripts and charts) has no raw Markdown and one
     * time format; every chart's ticks are nice numbers and its points at most the budget, a year of records included.
     */
    static List<String> readable(String page, String body) throws Exception {
        List<String> out = new ArrayList<>();
        String text = body.replaceAll("(?s)<pre[^>]*>.*?</pre>", "").replaceAll("(?s)<script[^>]*>.*?</script>", "")
                .replaceAll("(?s)<svg.*?</svg>", "").replaceAll("(?s)<[^>]*>", " ");
        if (text.contains("`")) out.add(page + ": raw Markdown: " + around(text, text.indexOf('`')));
        java.util.regex.Matcher m = ISO.matcher(text);
        if (m.find()) out.add(page + ": an ISO instant in the text: " + around(text, m.start()));
        java.util.regex.Matcher data = java.util.regex.Pattern.compile("(?s)<script type=\"application/json\" class=\"chart-data\"[^>]*>(.*?)</script>")
                .matcher(body);
        while (data.find()) {
            JsonNode g = Mappers.JSON.readTree(data.group(1));
            for (JsonNode c : g.path("charts")) {
                String id = page + " " + c.path("id").asText();
                if (c.path("x").size() > dev.loopreg.report.TimeChart.MAX_POINTS) out.add(id + ": " + c.path("x").size() + " points");
                List<java.math.BigDecimal> ticks = new ArrayList<>();
                c.path("ticks").forEach(t -> ticks.add(t.decimalValue()));
                if (ticks.size() < 2 || ticks.size() > dev.loopreg.report.TimeChart.Y_TICKS) out.add(id + ": " + ticks.size() + " ticks");
                for (int i = 1; i < ticks.size(); i++) {
                    java.math.BigInteger mant = ticks.get(i).subtract(ticks.get(i - 1)).stripTrailingZeros().unscaledValue().abs();
                    if (!(mant.equals(java.math.BigInteger.ONE) || mant.equals(java.math.BigInteger.TWO) || mant.equals(java.math.BigInteger.valueOf(5)))) {
                        out.add(id + ": ticks " + ticks + " are not 1, 2 or 5 × 10ⁿ apart");
                    }
                }
                if (c.path("unit").asText().equals("rate") && !(ticks.get(0).signum() == 0 && ticks.get(ticks.size() - 1).compareTo(java.math.BigDecimal.ONE) == 0)) {
                    out.add(id + ": a rate on " + ticks);
                }
            }
        }
        return out;
    }

    private static String around(String text, int at) {
        return text.substring(Math.max(0, at - 60), Math.min(text.length(), at + 60)).replaceAll("\\s+", " ");
    }

    /** A promotion whose rules do not all hold is offered as an approval in advance, saying which rules are missing, once. */
    @Test
    void anApprovalAheadOfReadiness_saysSo_once() throws Exception {
        String session = sessions.containsKey("operator") ? sessions.get("operator") : signIn("otto", List.of("sre"));
        sessions.putIfAbsent("operator", session);
        String overview = fetch(signedBase + "/", session, new ArrayList<>());
        String item = overview.substring(overview.indexOf("data-id=\"promote:kaizen-stack:"));
        item = item.substring(0, item.indexOf("</tr>"));
        assertThat(item).contains("approve promotion of kaizen-stack to stabilize", "<form method=\"post\" action=\"/ui/act\" class=\"act early\">",
                ">Approve in advance</button>", "Not ready yet: fpr_window does not hold. Approving in advance records the approval now; "
                        + "the promotion is applied only once every rule holds.");
        assertThat(item.split("fpr_window", -1)).as("the missing rule is said once").hasSize(2);
        // the loop page offers the same, in its words
        String loop = fetch(signedBase + "/loops/kaizen-stack", session, new ArrayList<>());
        assertThat(loop).contains(">Approve bootstrap → stabilize in advance</button>", "Not ready yet: fpr_window does not hold.");
    }

    private static String fetch(String url, String session, List<String> problems) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url));
        if (session != null) r.header("Cookie", "loopreg_session=" + session);
        HttpResponse<byte[]> res = HttpClient.newHttpClient().send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (res.body().length > MAX_BYTES) problems.add(url + ": " + res.body().length + " bytes, more than " + MAX_BYTES);
        if (res.statusCode() != 200 && !url.endsWith("/no-such-page")) problems.add(url + ": status " + res.statusCode());
        return new String(res.body(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
