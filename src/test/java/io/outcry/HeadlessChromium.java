package io.outcry;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Function;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The browser of the browser tests: Debian's Chromium and its driver, headless, English, with a fresh profile and the
 * console kept; and what the tests ask of it that is the same everywhere (a phone's screen, an axe-core run).
 */
public final class HeadlessChromium {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final String AXE = "/META-INF/resources/webjars/axe-core/4.6.3/axe.min.js";

    private HeadlessChromium() {}

    /** Starts the browser; fails, never skips, when it is not installed. */
    public static ChromeDriver start() {
        assertTrue(new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute(),
                "The browser tests need Chromium and its driver: apt-get install -y chromium chromium-driver"
                        + " (looked for " + CHROMIUM + " and " + CHROMEDRIVER + ")");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--lang=en-GB", "--window-size=1280,900",
                "--user-data-dir=" + TestDirs.create("outcry-chromium"));
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-GB,en"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        ChromeDriver d = new ChromeDriver(service, options);
        d.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        return d;
    }

    /** Ends the browser a test class started, if it started one. */
    public static void quit(ChromeDriver driver) {
        if (driver != null) {
            driver.quit();
        }
    }

    /** A 360×780 phone screen, or back to the window's own size. */
    public static void phone(ChromeDriver driver, boolean on) {
        if (on) {
            driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                    Map.of("width", 360, "height", 780, "deviceScaleFactor", 1, "mobile", true));
        } else {
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    /** Pretends the system asks for a light or dark colour scheme; null: back to the browser's own. */
    public static void colourScheme(ChromeDriver driver, String scheme) {
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", scheme == null ? List.of()
                : List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
    }

    /** The WCAG 2.0/2.1 A and AA violations axe-core finds in the page as it is now, each with up to three places. */
    public static List<String> axeViolations(ChromeDriver driver) {
        driver.executeScript(axe());
        Object found = driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
                  .then((r) => done(r.violations.map((v) => v.id + ' ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | '))))
                  .catch((e) => done(['axe failed: ' + e]));""");
        List<String> out = new ArrayList<>();
        for (Object v : (List<?>) found) {
            out.add(String.valueOf(v));
        }
        return out;
    }

    /** Waits up to 15 s for a condition to hold (return something other than null or false). */
    public static <T> T wait(ChromeDriver driver, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(15)).until(condition);
    }

    /** The first element found, once it is displayed. */
    public static WebElement visible(ChromeDriver driver, By by) {
        return wait(driver, d -> {
            List<WebElement> found = d.findElements(by);
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        });
    }

    /** The page as it is now, in {@code target/screenshots/NAME.png}, for a person to look at. */
    public static void screenshot(ChromeDriver driver, String name) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "screenshots"));
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), dir.resolve(name + ".png"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String axe() {
        try (InputStream in = HeadlessChromium.class.getResourceAsStream(AXE)) {
            assertTrue(in != null, "axe-core is on the test classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
