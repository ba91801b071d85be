package dev.loopreg.web;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's headless Chromium driven through its chromium-driver, as the browser tests use it. */
public final class Chrome {

    private Chrome() {
    }

    /**
     * A new headless Chromium with a window of {@code width}×{@code height}; {@code more} adds a test's own options
     * (arguments, preferences, logging).
     */
    public static ChromeDriver start(int width, int height, Consumer<ChromeOptions> more) {
        String driver = "/usr/bin/chromedriver";
        if (!Files.isExecutable(Path.of(driver))) {
            throw new AssertionError("no chromedriver on this machine: install Debian's chromium-driver (apt-get install chromium-driver); .ci/run does");
        }
        ChromeOptions o = new ChromeOptions();
        o.setBinary("/usr/bin/chromium");
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=" + width + "," + height,
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync");
        more.accept(o);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(driver)).usingAnyFreePort().build();
        return new ChromeDriver(service, o);
    }
}
