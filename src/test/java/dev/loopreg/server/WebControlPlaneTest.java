package dev.loopreg.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopreg.Samples;
import dev.loopreg.auth.OidcConfig;
import dev.loopreg.auth.Tokens;
import dev.loopreg.format.Mappers;
import dev.loopreg.workspace.Workspace;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The web control plane end to end, with nothing stubbed: a real OpenID Connect provider (mock-oauth2-server, started
 * on loopback), {@code loopreg serve} with {@code --oidc}, and Debian's headless Chromium driven through its
 * chromium-driver (Selenium). People sign in, approve, apply, bulk-approve and acknowledge from the pages, and the
 * decisions carry who the provider said they are; a viewer sees no buttons and a viewer's forged form is refused; a
 * form without the CSRF token or from another origin is refused; an expired session goes back to the sign-in; logout
 * ends the session. Each page is kept as a screenshot in {@code target/screenshots/web-*.png}.
 */
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
@org.junit.jupiter.api.parallel.ResourceLock("WebControlPlaneTest")   // its own tests one after another
class WebControlPlaneTest {

    static final Path SHOTS = Path.of("target/screenshots");
    static final String KEY = "test-session-key-0123456789abcdef-0123456789";

    @TempDir
    Path tmp;

    private MockOAuth2Server idp;
    private Server server;
    private WebDriver browser;
    private Workspace ws;
    private String base;
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-06-25T12:00:00Z"));

    /** A clock the test moves (sessions expire without waiting). */
    private final Clock clock = new Clock() {
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        public Clock withZone(ZoneId z) {
            return this;
        }

        public Instant instant() {
            return now.get();
        }
    };

    @BeforeEach
    void start() throws Exception {
        // interactive: the provider shows its sign-in form, and the test types who signs in, as a person would
        idp = new MockOAuth2Server(no.nav.security.mock.oauth2.OAuth2Config.Companion.fromJson("{\"interactiveLogin\": true}"));
        idp.start(java.net.InetAddress.getByName("127.0.0.1"), 0);
        Path root = Samples.sample(tmp);
        // a second loop waiting for approval, for the bulk approval
        Samples.copyTree(root.resolve("loops/quality-escalation"), root.resolve("loops/quality-escalation-eu"));
        Path eu = root.resolve("loops/quality-escalation-eu/health.jsonl");
        Files.writeString(eu, Files.readString(eu).replace("\"loop\":\"quality-escalation\"", "\"loop\":\"quality-escalation-eu\""));
        // an open urgent task, to acknowledge
        Files.writeString(root.resolve("loops/regulator/urgent-tasks.jsonl"), "{\"id\":\"URG-001\",\"event\":\"raised\",\"loop\":\"registry-hygiene\","
                + "\"trigger\":\"rescues_24h\",\"at\":\"2026-06-25T11:00:00Z\",\"phase\":\"stabilize\",\"title\":\"Urgent: loop registry-hygiene — "
                + "demotion trigger rescues_24h fired\",\"recommendation\":\"demote\",\"evidence\":{}}\n");
        ws = new Workspace(root);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        base = "http://127.0.0.1:" + port;
        String yml = "issuer: " + idp.issuerUrl("ops") + "\n"
                + "client_id: loopreg\n"
                + "client_secret_env: OIDC_SECRET\n"
                + "base_url: " + base + "\n"
                + "scopes: [openid, email, profile]\n"
                + "allowed_domains: [example.com]\n"
                + "roles:\n"
                + "  operator: [group:sre]\n"
                + "  approver: [group:loop-owners]\n"
                + "  viewer: [\"*\"]\n"
                + "session_ttl: 1h\n";
        Map<String, String> env = Map.of("OIDC_SECRET", "client-secret", "LOOPREG_SESSION_KEY", KEY);
        OidcConfig oidc = OidcConfig.parse("oidc.yml", yml, env::get);
        Daemon.Settings ds = new Daemon.Settings(24, 0, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofSeconds(5),
                Duration.ofMinutes(10), Duration.ofMillis(50), false);
        server = Server.start(ws, new Server.Config(new Web.Settings("127.0.0.1", port, Tokens.none(), 16384, oidc), ds, Duration.ZERO),
                clock, env::get);
        Files.createDirectories(SHOTS);
        browser = chrome();
    }

    @AfterEach
    void stop() {
        if (browser != null) browser.quit();
        if (server != null) server.close();
        if (idp != null) idp.shutdown();
    }

    static WebDriver chrome() {
        return dev.loopreg.web.Chrome.start(1280, 1200, o -> { });
    }

    /** Opens {@code page}; at the provider's sign-in form, signs in as this person; back on the page. */
    private void signIn(String page, String subject, String email, List<String> groups) throws Exception {
        browser.get(base + page);
        assertThat(browser.getCurrentUrl()).as("sent to the provider").startsWith(idp.authorizationEndpointUrl("ops").toString());
        String claims = Mappers.JSON.writeValueAsString(Map.of("email", email, "email_verified", true, "name", subject, "groups", groups));
        browser.findElement(By.name("username")).sendKeys(subject);
        browser.findElement(By.name("claims")).sendKeys(claims);
        submit(browser.findElement(By.cssSelector("input[type=submit]")));
        assertThat(browser.getCurrentUrl()).as("back from the provider").isEqualTo(base + page);
    }

    /**
     * Clicks a form's button and waits until the browser has left the page (the answer has loaded). Chromium answers a
     * question about an element of a page being replaced either "stale element" or, during the swap, "Node with given id
     * does not belong to the document": both mean the page was left.
     */
    private void submit(WebElement button) {
        button.click();
        new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> {
            try {
                button.isEnabled();
                return false;
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                return true;
            } catch (org.openqa.selenium.WebDriverException e) {
                if (String.valueOf(e.getMessage()).contains("does not belong to the document")) return true;
                throw e;
            }
        });
    }

    private void shot(String name) throws Exception {
        File f = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), SHOTS.resolve("web-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private List<JsonNode> decisions() throws Exception {
        Path f = ws.decisions();
        if (!Files.exists(f)) return List.of();
        return Files.readAllLines(f).stream().filter(l -> !l.isBlank()).map(l -> {
            try {
                return Mappers.JSON.readTree(l);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private WebElement formFor(String action, String target) {
        return browser.findElement(By.xpath("//form[@action='/ui/act'][input[@name='action' and @value='" + action + "']]"
                + "[input[@name='target' and @value='" + target + "']]"));
    }

    private String csrf() {
        return browser.findElement(By.cssSelector("form[action='/logout'] input[name=csrf]")).getAttribute("value");
    }

    private String sessionCookie() {
        return browser.manage().getCookieNamed("loopreg_session").getValue();
    }

    private static HttpResponse<String> post(String url, String cookie, String origin, Map<String, String> form) throws Exception {
        StringBuilder b = new StringBuilder();
        form.forEach((k, v) -> b.append(b.length() == 0 ? "" : "&").append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(b.toString()));
        if (cookie != null) r.header("Cookie", "loopreg_session=" + cookie);
        if (origin != null) r.header("Origin", origin);
        return HttpClient.newHttpClient().send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String url, String cookie) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).GET();
        if (cookie != null) r.header("Cookie", "loopreg_session=" + cookie);
        return HttpClient.newHttpClient().send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anApprover_signsIn_approvesAndApplies_andTheDecisionsCarryTheirIdentity() throws Exception {
        signIn("/", "user-ann", "ann@example.com", List.of("loop-owners"));
        // to the provider and back, signed in
        assertThat(browser.getCurrentUrl()).isEqualTo(base + "/");
        assertThat(browser.findElement(By.cssSelector("header .user .who")).getText()).isEqualTo("ann@example.com (approver)");
        WebElement queue = browser.findElement(By.id("queue"));
        assertThat(queue.getText()).contains("Waiting for a person (5)", "approve promotion of quality-escalation to stabilize",
                "apply demotion of registry-hygiene to bootstrap", "URG-001");
        // an approver may approve and apply, not acknowledge (an operator's)
        assertThat(browser.findElements(By.cssSelector("form.act button.acknowledge"))).isEmpty();
        shot("overview-approver");

        submit(formFor("approve", "quality-escalation").findElement(By.tagName("button")));
        // Post/Redirect/Get: back on the page acted from, not on the form's address
        assertThat(browser.getCurrentUrl()).isEqualTo(base + "/");
        WebElement result = browser.findElement(By.id("result"));
        assertThat(result.getText()).contains("Done").containsPattern("DEC-\\d{3}: regulator_approval: approved for bootstrap → stabilize \\(by ann@example.com\\)");
        shot("approved");
        JsonNode approval = decisions().get(decisions().size() - 1);
        assertThat(approval.path("kind").asText()).isEqualTo("approval");
        assertThat(approval.path("loop").asText()).isEqualTo("quality-escalation");
        assertThat(approval.path("by").asText()).isEqualTo("ann@example.com");
        assertThat(approval.path("via").asText()).isEqualTo("web");
        assertThat(approval.path("actor").path("method").asText()).isEqualTo("oidc");
        assertThat(approval.path("actor").path("issuer").asText()).isEqualTo(idp.issuerUrl("ops").toString());
        assertThat(approval.path("actor").path("subject").asText()).isEqualTo("user-ann");
        assertThat(approval.path("actor").path("email").asText()).isEqualTo("ann@example.com");
        assertThat(approval.path("actor").path("role").asText()).isEqualTo("approver");
        // the queue is current: quality-escalation waits no more for an approval
        assertThat(browser.findElements(By.xpath("//form[input[@name='action' and @value='approve']][input[@value='quality-escalation']]"))).isEmpty();

        // a reload shows the page again: nothing is sent again, and the outcome was shown once
        int before = decisions().size();
        browser.navigate().refresh();
        assertThat(decisions()).hasSize(before);
        assertThat(browser.findElements(By.id("result"))).isEmpty();

        // a rejected promotion leaves the queue (the rejection stands until its phase changes)
        WebElement reject = formFor("reject", "quality-escalation-eu");
        reject.findElement(By.name("reason")).sendKeys("not this week");
        submit(reject.findElement(By.tagName("button")));
        assertThat(browser.getCurrentUrl()).isEqualTo(base + "/");
        assertThat(browser.findElement(By.id("result")).getText()).contains("Done");
        assertThat(browser.findElements(By.cssSelector("tr.item[data-id^='promote:quality-escalation-eu:']"))).isEmpty();
        assertThat(browser.findElements(By.xpath("//form[input[@name='target' and @value='quality-escalation-eu']]"))).isEmpty();
        before = decisions().size();

        browser.get(base + "/");
        submit(formFor("apply", "kaizen-stack").findElement(By.tagName("button")));
        assertThat(browser.findElement(By.id("result")).getText()).containsPattern("DEC-\\d{3}: promotion bootstrap → stabilize");
        JsonNode promotion = decisions().get(decisions().size() - 1);
        assertThat(promotion.path("kind").asText()).isEqualTo("promotion");
        assertThat(promotion.path("by").asText()).isEqualTo("ann@example.com");
        assertThat(promotion.path("actor").path("subject").asText()).isEqualTo("user-ann");
        assertThat(Files.readString(ws.cadence("kaizen-stack"))).contains("phase: stabilize");
        shot("applied");

        // the timeline tells it, filtered to the loop
        browser.get(base + "/timeline?loop=kaizen-stack&from=2026-06-01");
        assertThat(browser.findElement(By.id("timeline")).getText())
                .containsPattern("DEC-\\d{3} promote kaizen-stack bootstrap → stabilize")
                .doesNotContain("quality-escalation");
        shot("timeline");
        HttpResponse<String> api = get(base + "/api/timeline?kind=approval", sessionCookie());
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(Mappers.JSON.readTree(api.body()).path("entries").toString()).contains("approved by ann@example.com: quality-escalation");
        assertThat(get(base + "/api/timeline?kind=rumours", sessionCookie()).body()).contains("kind: 'rumours' is not allowed; expected change, approval, rotation, urgent");

        // a refusal says why and changes nothing: kaizen-stack has nothing left to apply
        Map<String, String> files = snapshot();
        HttpResponse<String> again = post(base + "/ui/act", sessionCookie(), base, Map.of("csrf", csrf(), "action", "apply",
                "target", "kaizen-stack", "request", "a-fresh-request-id-0001", "return", "/loops/kaizen-stack"));
        assertThat(again.statusCode()).isEqualTo(303);
        assertThat(again.headers().firstValue("Location")).contains("/loops/kaizen-stack");
        assertThat(again.headers().firstValue("X-Loopreg-Outcome")).contains("refused 409");
        String flash = again.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("loopreg_flash=")).findFirst().orElseThrow();
        HttpResponse<String> shown = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/loops/kaizen-stack"))
                .header("Cookie", "loopreg_session=" + sessionCookie() + "; " + flash.substring(0, flash.indexOf(';'))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(shown.body()).contains("Refused", "apply kaizen-stack refused: ");
        assertThat(snapshot()).isEqualTo(files);
    }

    @Test
    void severalPromotions_areApprovedAtOnce() throws Exception {
        signIn("/", "user-ann", "ann@example.com", List.of("loop-owners"));
        List<WebElement> boxes = browser.findElements(By.cssSelector("input[type=checkbox][name=item]"));
        assertThat(boxes).hasSize(2);
        boxes.forEach(WebElement::click);
        submit(browser.findElement(By.cssSelector("form#bulk button")));
        String text = browser.findElement(By.id("result")).getText();
        assertThat(text).contains("Done").containsPattern("quality-escalation: DEC-\\d{3}: regulator_approval: approved")
                .containsPattern("quality-escalation-eu: DEC-\\d{3}: regulator_approval: approved");
        shot("bulk-approved");
        assertThat(decisions().stream().filter(d -> d.path("kind").asText().equals("approval") && d.path("by").asText().equals("ann@example.com")))
                .hasSize(2);
    }

    @Test
    void anOperator_acknowledgesTheUrgentTask() throws Exception {
        signIn("/", "user-otto", "otto@example.com", List.of("sre"));
        assertThat(browser.findElement(By.cssSelector("header .user .who")).getText()).isEqualTo("otto@example.com (operator)");
        WebElement f = formFor("acknowledge", "URG-001");
        f.findElement(By.name("note")).sendKeys("on it");
        submit(f.findElement(By.tagName("button")));
        assertThat(browser.findElement(By.id("result")).getText()).contains("acknowledged URG-001 (registry-hygiene rescues_24h)");
        assertThat(browser.findElement(By.id("queue")).getText()).contains("acknowledged by otto@example.com at 2026-06-25T12:00:00Z");
        String last = Files.readAllLines(ws.urgentTasks()).get(1);
        JsonNode ack = Mappers.JSON.readTree(last);
        assertThat(ack.path("event").asText()).isEqualTo("acknowledged");
        assertThat(ack.path("by").asText()).isEqualTo("otto@example.com");
        assertThat(ack.path("note").asText()).isEqualTo("on it");
        assertThat(ack.path("actor").path("subject").asText()).isEqualTo("user-otto");
        shot("acknowledged");
    }

    @Test
    void aViewer_seesNoButtons_andAForgedFormIsRefused() throws Exception {
        signIn("/", "user-vic", "vic@example.com", List.of());
        assertThat(browser.findElement(By.cssSelector("header .user .who")).getText()).isEqualTo("vic@example.com (viewer)");
        assertThat(browser.findElement(By.id("queue")).getText()).contains("You are a viewer");
        assertThat(browser.findElements(By.cssSelector("form.act"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector("form#bulk"))).isEmpty();
        shot("overview-viewer");
        // the viewer's own session, a right CSRF token and origin: still refused, nothing written
        Map<String, String> files = snapshot();
        HttpResponse<String> forged = post(base + "/ui/act", sessionCookie(), base, Map.of("csrf", csrf(), "action", "approve",
                "target", "quality-escalation", "request", "forged-request-id-00001"));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("vic@example.com has the role viewer; approve needs approver or above");
        assertThat(snapshot()).isEqualTo(files);
    }

    @Test
    void aFormWithoutTheCsrfToken_orFromAnotherOrigin_isRefused() throws Exception {
        signIn("/", "user-ann", "ann@example.com", List.of("loop-owners"));
        String cookie = sessionCookie();
        Map<String, String> files = snapshot();
        HttpResponse<String> noToken = post(base + "/ui/act", cookie, base, Map.of("action", "approve", "target", "quality-escalation",
                "request", "no-token-request-id-0001"));
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(noToken.body()).contains("CSRF token is missing; reload the page and try again");
        HttpResponse<String> wrongToken = post(base + "/ui/act", cookie, base, Map.of("csrf", "x" + csrf(), "action", "approve",
                "target", "quality-escalation", "request", "no-token-request-id-0002"));
        assertThat(wrongToken.statusCode()).isEqualTo(403);
        assertThat(wrongToken.body()).contains("CSRF token is wrong");
        HttpResponse<String> crossSite = post(base + "/ui/act", cookie, "https://evil.example", Map.of("csrf", csrf(), "action", "approve",
                "target", "quality-escalation", "request", "cross-site-request-id-01"));
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(crossSite.body()).contains("a form from another site (Origin: https://evil.example) is refused; forms are accepted from " + base + " only");
        HttpResponse<String> noOrigin = post(base + "/ui/act", cookie, null, Map.of("csrf", csrf(), "action", "approve",
                "target", "quality-escalation", "request", "no-origin-request-id-01"));
        assertThat(noOrigin.statusCode()).isEqualTo(403);
        assertThat(snapshot()).isEqualTo(files);
        // the session cookie is HttpOnly and SameSite=Lax (not Secure: base_url is http here)
        org.openqa.selenium.Cookie c = browser.manage().getCookieNamed("loopreg_session");
        assertThat(c.isHttpOnly()).isTrue();
        assertThat(c.getSameSite()).isEqualTo("Lax");
        assertThat(c.isSecure()).isFalse();
    }

    @Test
    void anExpiredSession_goesBackToSignIn_andLogoutEndsTheSession() throws Exception {
        signIn("/decisions", "user-ann", "ann@example.com", List.of("loop-owners"));
        assertThat(browser.getCurrentUrl()).isEqualTo(base + "/decisions");
        String cookie = sessionCookie();
        String token = csrf();
        assertThat(get(base + "/decisions", cookie).statusCode()).isEqualTo(200);

        now.set(now.get().plus(Duration.ofMinutes(61)));   // past session_ttl: 1h
        HttpResponse<String> page = get(base + "/decisions?loop=kaizen-stack", cookie);
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).contains("/login?return=%2Fdecisions%3Floop%3Dkaizen-stack");
        HttpResponse<String> form = post(base + "/ui/act", cookie, base, Map.of("csrf", token, "action", "approve", "target", "quality-escalation",
                "request", "expired-request-id-0001"));
        assertThat(form.statusCode()).isEqualTo(401);
        assertThat(form.body()).contains("your session has expired; sign in again (nothing was done)");
        // the browser, too, goes to the provider's sign-in, and back to the page
        signIn("/decisions", "user-ann", "ann@example.com", List.of("loop-owners"));
        assertThat(browser.getCurrentUrl()).isEqualTo(base + "/decisions");
        assertThat(sessionCookie()).isNotEqualTo(cookie);
        shot("decisions-signed-in-again");

        // logout: the session cookie is gone, the provider's session is ended (RP-initiated logout), and coming back to
        // loopreg leads to the provider's sign-in form again
        submit(browser.findElement(By.cssSelector("form[action='/logout'] button")));
        assertThat(browser.manage().getCookieNamed("loopreg_session")).isNull();
        assertThat(browser.getCurrentUrl()).startsWith(idp.authorizationEndpointUrl("ops").toString());
        assertThat(browser.findElements(By.name("username"))).hasSize(1);
        shot("logged-out");
        assertThat(get(base + "/", null).statusCode()).isEqualTo(302);
    }

    @Test
    void theLoopPage_drawsEachRuleOverTime_andAnOperatorDemotesFromIt() throws Exception {
        signIn("/loops/registry-hygiene", "user-otto", "otto@example.com", List.of("sre"));
        WebElement section = browser.findElement(By.id("rules-over-time"));
        assertThat(section.getText()).isEqualTo("Rules over time");
        // every chart drawn by uPlot in place of its SVG: the rules' first, then the health metrics'
        new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(20)).until(d ->
                d.findElements(By.cssSelector("figure.tchart")).size() == d.findElements(By.cssSelector("figure.tchart .uplot canvas")).size());
        List<WebElement> charts = browser.findElements(By.cssSelector("figure.tchart"));
        assertThat(charts).extracting(c -> c.getAttribute("id")).startsWith("chart-rule-fpr_window", "chart-rule-rescues_window",
                "chart-rule-fpr_demotion", "chart-rule-rescues_24h", "chart-metric-tasks_created");
        assertThat(browser.findElements(By.cssSelector("figure.tchart svg.fallback"))).isEmpty();
        // what the charts draw: thresholds saying which side holds or fires, the phases, the decisions by id, rates on 0–1
        JsonNode data = Mappers.JSON.readTree(browser.findElement(By.id("charts-loop-registry-hygiene")).getAttribute("textContent"));
        Map<String, JsonNode> byId = new java.util.HashMap<>();
        data.path("charts").forEach(c -> byId.put(c.path("id").asText(), c));
        assertThat(byId.get("rule-fpr_demotion").path("threshold_text").asText()).isEqualTo("fires > 0.4");
        assertThat(byId.get("rule-fpr_window").path("threshold_text").asText()).isEqualTo("holds < 0.2");
        assertThat(byId.get("rule-rescues_24h").path("threshold_text").asText()).isEqualTo("fires ≥ 2");
        assertThat(byId.get("rule-fpr_window").path("ticks").toString()).isEqualTo("[0,0.2,0.4,0.6,0.8,1]");
        assertThat(byId.get("metric-manual_rescues").path("ticks").get(0).asInt()).isZero();
        byId.get("metric-manual_rescues").path("ticks").forEach(t -> assertThat(t.isIntegralNumber()).as(t.toString()).isTrue());
        assertThat(data.path("phases").toString()).contains("\"stabilize\"");
        assertThat(data.path("markers").toString()).contains("\"DEC-001\"");
        // one cursor: hovering one chart shows the values of that instant on another's legend
        WebElement first = charts.get(0).findElement(By.cssSelector(".u-over"));
        new org.openqa.selenium.interactions.Actions(browser).moveToElement(first, 40, 20).perform();
        String otherTime = charts.get(3).findElement(By.cssSelector(".u-legend .u-series:first-child .u-value")).getText();
        assertThat(otherTime).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}");
        // one zoom: dragging across one chart narrows every chart to the same range
        new org.openqa.selenium.interactions.Actions(browser).moveToElement(first, -100, 0).clickAndHold().moveByOffset(40, 0).moveByOffset(40, 0)
                .moveByOffset(40, 0).release().perform();
        org.openqa.selenium.JavascriptExecutor js = (org.openqa.selenium.JavascriptExecutor) browser;
        Object range0 = js.executeScript("var u = arguments[0].uplot; return [u.scales.x.min, u.scales.x.max];", charts.get(0));
        Object range5 = js.executeScript("var u = arguments[0].uplot; return [u.scales.x.min, u.scales.x.max];", charts.get(5));
        assertThat(range5).isEqualTo(range0);
        assertThat(((List<?>) range0).get(0)).isNotEqualTo(data.path("t0").asLong());
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()", section);
        shot("loop-rules-over-time");

        WebElement demote = formFor("demote", "registry-hygiene");
        demote.findElement(By.name("reason")).sendKeys("noisy since Monday");
        submit(demote.findElement(By.tagName("button")));
        assertThat(browser.findElement(By.id("result")).getText()).containsPattern("DEC-\\d{3}: demotion stabilize → bootstrap \\(by otto@example.com\\)");
        JsonNode d = decisions().get(decisions().size() - 1);
        assertThat(d.path("kind").asText()).isEqualTo("demotion");
        assertThat(d.path("reason").asText()).contains("noisy since Monday");
        assertThat(d.path("actor").path("subject").asText()).isEqualTo("user-otto");
    }

    @Test
    void staleLoops_areMarkedOnEveryPage() throws Exception {
        now.set(now.get().plus(Duration.ofDays(3)));   // no record for three days: the hourly loops went stale
        signIn("/", "user-vic", "vic@example.com", List.of());
        for (String page : List.of("/", "/decisions", "/urgent", "/rotation", "/loops/kaizen-stack")) {
            browser.get(base + page);
            assertThat(browser.findElement(By.id("stale-mark")).getText()).as(page)
                    .startsWith("Stale: kaizen-stack, quality-escalation").contains("no fresh health record");
        }
        browser.get(base + "/");
        shot("stale-marked");
    }

    @Test
    void someoneOutsideTheAllowedDomains_isRefused_andGetsNoSession() throws Exception {
        browser.get(base + "/");
        String claims = Mappers.JSON.writeValueAsString(Map.of("email", "eve@elsewhere.org", "email_verified", true, "groups", List.of("sre")));
        browser.findElement(By.name("username")).sendKeys("user-eve");
        browser.findElement(By.name("claims")).sendKeys(claims);
        submit(browser.findElement(By.cssSelector("input[type=submit]")));
        assertThat(browser.getCurrentUrl()).startsWith(base + "/auth/callback");
        assertThat(browser.findElement(By.id("why")).getText())
                .isEqualTo("you may not use this loopreg: eve@elsewhere.org is not in an allowed domain (example.com)");
        assertThat(browser.manage().getCookieNamed("loopreg_session")).isNull();
        shot("refused");
    }

    @Test
    void withoutASession_theApiNeedsAToken_andMetricsAndHealthStayOpen() throws Exception {
        assertThat(get(base + "/api/loops", null).statusCode()).isEqualTo(401);
        assertThat(get(base + "/healthz", null).statusCode()).isEqualTo(200);
        assertThat(get(base + "/metrics", null).statusCode()).isEqualTo(200);
        // a callback that this browser did not start is refused, with the way to sign in again
        HttpResponse<String> cb = get(base + "/auth/callback?code=abc&state=def", null);
        assertThat(cb.statusCode()).isEqualTo(400);
        assertThat(cb.body()).contains("this sign-in was not started here, or took longer than 10 minutes; sign in again");
    }

    private Map<String, String> snapshot() throws Exception {
        Map<String, String> out = new java.util.TreeMap<>();
        try (var s = Files.walk(ws.root())) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String rel = ws.root().relativize(p).toString();
                if (rel.contains(".lock") || rel.endsWith("runs.jsonl")) continue;
                out.put(rel, Files.readString(p));
            }
        }
        return out;
    }
}
