package dev.loopreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopreg.server.Daemon;
import dev.loopreg.server.Server;
import dev.loopreg.auth.Tokens;
import dev.loopreg.server.Web;
import dev.loopreg.workspace.Workspace;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real headless Chromium (Debian's {@code chromium}, installed by {@code .ci/run}) with JavaScript switched off loads
 * the overview and a loop page from the server on loopback: what a reader without JavaScript gets — the loops, and
 * each chart as the server's small SVG with its nice ticks, phases, threshold and decisions. The screenshots are kept
 * in {@code target/screenshots/} as test artifacts.
 */
class ServeBrowserTest {

    static final Path SHOTS = Path.of("target/screenshots");

    @TempDir
    Path tmp;

    private Server server;

    @BeforeEach
    void start() throws Exception {
        Path ws = Cli.sample(tmp);
        Daemon.Settings ds = new Daemon.Settings(24, 0, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofSeconds(5),
                Duration.ofMinutes(10), Duration.ofMillis(50), false);
        server = Server.start(new Workspace(ws), new Server.Config(new Web.Settings("127.0.0.1", 0, Tokens.none(), 4096), ds,
                Duration.ofSeconds(10)), Clock.fixed(Instant.parse(Cli.SAMPLE_NOW), ZoneOffset.UTC), k -> null);
        Files.createDirectories(SHOTS);
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    static String chromium() {
        for (String c : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (Files.isExecutable(Path.of(c))) return c;
        }
        throw new AssertionError("no Chromium on this machine: install Debian's chromium (apt-get install chromium); .ci/run does");
    }

    private String run(String url, String... extra) throws Exception {
        Path profile = Files.createTempDirectory(tmp, "profile");
        List<String> cmd = new ArrayList<>(List.of(chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile,
                "--window-size=1280,1400", "--hide-scrollbars"));
        cmd.addAll(List.of(extra));
        cmd.add(url);
        Path out = tmp.resolve("chromium-" + System.nanoTime() + ".out");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        assertThat(p.exitValue()).as("chromium exit code").isZero();
        return Files.readString(out);
    }

    private void screenshot(String url, Path png) throws Exception {
        Files.deleteIfExists(png);
        run(url, "--screenshot=" + png.toAbsolutePath());
        assertThat(png).exists();
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(1280);
        // not a blank page: many distinct colours (text, table borders, the chart's band and line)
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 4) {
            for (int x = 0; x < img.getWidth(); x += 4) colours.add(img.getRGB(x, y));
        }
        assertThat(colours.size()).isGreaterThan(20);
    }

    @Test
    void chromium_loadsTheOverview_withEveryLoop() throws Exception {
        String base = "http://127.0.0.1:" + server.port();
        String dom = run(base + "/", "--dump-dom");
        assertThat(dom).contains("<table id=\"loops\">", "kaizen-stack", "registry-hygiene", "quality-escalation", "Fleet overview");
        screenshot(base + "/", SHOTS.resolve("overview.png"));
    }

    @Test
    void withoutJavaScript_aLoopPage_showsEachChartAsTheServersSvg() throws Exception {
        String url = "http://127.0.0.1:" + server.port() + "/loops/registry-hygiene?from=2026-06-01&to=2026-06-25";
        // the page's scripts blocked, as a reader without JavaScript has them
        org.openqa.selenium.chrome.ChromeDriver browser = dev.loopreg.web.Chrome.start(1280, 1400,
                o -> o.setExperimentalOption("prefs", java.util.Map.of("profile.managed_default_content_settings.javascript", 2)));
        try {
            browser.get(url);
            // no script ran: every figure still holds the server's chart, with its healthy band, series, ticks and decisions
            var figures = browser.findElements(org.openqa.selenium.By.cssSelector("figure.tchart"));
            assertThat(figures).hasSizeGreaterThanOrEqualTo(10);
            assertThat(browser.findElements(org.openqa.selenium.By.cssSelector("figure.tchart svg.fallback"))).hasSameSizeAs(figures);
            assertThat(browser.findElements(org.openqa.selenium.By.cssSelector(".uplot"))).isEmpty();
            String dom = browser.getPageSource();
            assertThat(dom).contains("id=\"chart-metric-false_positive_rate\"", "class=\"healthy\"", "class=\"series\"",
                    "class=\"threshold\"", "class=\"marker\"", "class=\"phase stabilize\"");
            // the y axis of a rate reads 0 to 1 in nice steps, drawn where a person sees it
            var ticks = browser.findElements(org.openqa.selenium.By.cssSelector("#chart-metric-false_positive_rate text.tick.y"));
            assertThat(ticks).extracting(org.openqa.selenium.WebElement::getText).containsExactly("0", "0.2", "0.4", "0.6", "0.8", "1");
            assertThat(ticks.get(0).isDisplayed()).isTrue();
            java.io.File f = browser.getScreenshotAs(org.openqa.selenium.OutputType.FILE);
            Files.copy(f.toPath(), SHOTS.resolve("loop-registry-hygiene-without-javascript.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } finally {
            browser.quit();
        }
    }
}
