package io.outcry.official;

import static io.outcry.HeadlessChromium.screenshot;
import static io.outcry.HeadlessChromium.visible;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outcry.Engine;
import io.outcry.HeadlessChromium;
import io.outcry.MutableClock;
import io.outcry.TestNode;
import io.outcry.outage.Counts;
import io.outcry.outage.Outage;
import io.outcry.outage.OutageStore;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * The official status as a person sees it on a 360 px phone, in English and French, in a real headless Chromium: the
 * service page's line with the time it was checked and a link, "unavailable since …" when the page cannot be read,
 * and the outage page's timeline with the crowd's lead; no axe-core A/AA violation in either colour scheme.
 */
@Tag("slow")
class OfficialBrowserTest {
    /** 14:00 UTC; GitHub's page acknowledged its incident at 13:50, the crowd's reports rose at 13:36. */
    private static final Instant NOW = TestNode.START;

    private static LocalSource github;
    private static LocalSource discord;
    private static TestNode node;
    private static ChromeDriver driver;
    private static String base;
    private static UUID outage;

    @BeforeAll
    static void start() throws IOException {
        github = new LocalSource();
        github.serve("/api/v2/summary.json", "application/json", FormatTest.payload("statuspage-summary.json"), null);
        github.serve("/api/v2/incidents.json", "application/json", FormatTest.payload("statuspage-incidents.json"),
                null);
        discord = new LocalSource();
        discord.handle("/api/v2/summary.json", ex -> LocalSource.send(ex, 500, "oops".getBytes()));
        node = TestNode.on(OfficialStatusApiTest.config(Engine.H2, true), new MutableClock(NOW));
        OfficialStatusApiTest.sources(node,
                new OfficialSource("github", github.url("/api/v2/summary.json"), Format.STATUSPAGE, List.of()),
                new OfficialSource("discord", discord.url("/api/v2/summary.json"), Format.STATUSPAGE, List.of()));
        OfficialStatusApiTest.poll(node);
        int id = Counts.serviceId(node.db().dsl(), "github");
        Instant rose = NOW.minus(Duration.ofMinutes(24));
        outage = UUID.randomUUID();
        assertTrue(new OutageStore(node.db().dsl(), false).commitTick(NOW, List.of(new Outage(outage, id, "github",
                "*", Outage.State.OUTAGE, rose, rose.plusSeconds(120), rose.plusSeconds(300), null,
                NOW.minusSeconds(60), rose, 300, 9.0, 400, List.of(), List.of())), List.of()));
        base = "http://localhost:" + node.app.port();
        driver = HeadlessChromium.start();
        HeadlessChromium.phone(driver, true);
    }

    @AfterAll
    static void stop() {
        HeadlessChromium.quit(driver);
        if (node != null) {
            node.close();
        }
        if (github != null) {
            github.close();
        }
        if (discord != null) {
            discord.close();
        }
    }

    @AfterEach
    void noConsoleErrors() {
        List<String> severe = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue()) {
                severe.add(e.getMessage());
            }
        }
        assertEquals(List.of(), severe, "browser console errors");
    }

    @Test
    void the_service_page_shows_the_official_line_with_its_check_time_and_link_in_both_languages() {
        WebElement line = line("/s/github?lang=en", "incident",
                "Official status: Investigating — 'Elevated error rates' since 13:50");
        assertEquals("checked at 14:00", line.findElement(By.className("official-checked")).getText());
        WebElement link = line.findElement(By.tagName("a"));
        assertEquals("Official status page", link.getText());
        assertEquals("https://www.githubstatus.com", link.getDomAttribute("href"));
        assertTrue(driver.findElement(By.cssSelector("#official .official-figures")).getText()
                .contains("Median lead of the crowd: 14 min (1 outage)"), "the figures under the line");
        fitsThePhone("/s/github", line);
        screenshot(driver, "official-service-line");

        line = line("/s/github?lang=fr", "incident",
                "Statut officiel : Analyse en cours — « Elevated error rates » depuis 13:50");
        assertEquals("vérifié à 14:00", line.findElement(By.className("official-checked")).getText());
        assertEquals("Page de statut officielle", line.findElement(By.tagName("a")).getText());
    }

    @Test
    void a_page_that_cannot_be_read_says_since_when_and_nothing_else() {
        WebElement line = line("/s/discord?lang=en", "unavailable", "Official status unavailable since 14:00");
        assertTrue(line.findElements(By.className("official-checked")).isEmpty(), "no check time when unread");
        assertEquals("https://discordstatus.com", line.findElement(By.tagName("a")).getDomAttribute("href"));
        assertTrue(driver.findElement(By.id("report-button")).isDisplayed(), "the rest of the page works");

        open("/s/discord?lang=fr");
        assertEquals("Statut officiel indisponible depuis 14:00",
                line().findElement(By.className("official-text")).getText());
    }

    @Test
    void the_outage_timeline_says_how_much_earlier_the_crowd_knew_in_both_languages() {
        open("/o/" + outage + "?lang=en");
        WebElement lead = visible(driver, By.cssSelector("#official .official-lead"));
        assertEquals("Reports rose 14 minutes before the official page acknowledged it.", lead.getText());
        List<String> sides = driver.findElements(By.cssSelector("#official .official-timeline li")).stream()
                .map(li -> li.getDomAttribute("class")).toList();
        assertEquals(List.of("side-crowd", "side-crowd", "side-crowd", "side-official"), sides.subList(0, 4),
                "reports rose, noticed, confirmed, then the official page");
        assertTrue(driver.findElement(By.cssSelector("#official .side-official")).getText()
                .contains("Official page: 'Elevated error rates'"));
        fitsThePhone("/o/" + outage, lead);
        driver.executeScript("arguments[0].scrollIntoView()", lead);
        screenshot(driver, "official-outage-timeline");

        open("/o/" + outage + "?lang=fr");
        assertEquals("Les signalements ont monté 14 minutes avant que la page officielle ne la reconnaisse.",
                visible(driver, By.cssSelector("#official .official-lead")).getText());
        assertTrue(driver.findElement(By.cssSelector("#official .side-official")).getText()
                .contains("Page officielle : « Elevated error rates »"));
    }

    @Test
    void no_axe_violations_of_level_a_or_aa_on_those_pages_in_both_languages_and_colour_schemes() {
        List<String> violations = new ArrayList<>();
        try {
            for (String scheme : List.of("light", "dark")) {
                HeadlessChromium.colourScheme(driver, scheme);
                for (String lang : List.of("en", "fr")) {
                    for (String page : List.of("/s/github", "/s/discord", "/o/" + outage)) {
                        open(page + "?lang=" + lang);
                        visible(driver, By.cssSelector(page.startsWith("/o/") ? "#official .official-timeline li"
                                : "#official .official-line"));
                        HeadlessChromium.wait(driver, d -> !d.findElements(
                                By.cssSelector("#map[data-state=ready], #map[data-state=failed]")).isEmpty());
                        HeadlessChromium.axeViolations(driver).forEach(v -> violations.add(
                                scheme + " " + lang + " " + page + ": " + v));
                    }
                }
            }
        } finally {
            HeadlessChromium.colourScheme(driver, null);
        }
        assertEquals(List.of(), violations);
    }

    /** The page is no wider than the phone, and neither is the official section's text. */
    private static void fitsThePhone(String page, WebElement element) {
        Long width = (Long) driver.executeScript("return document.documentElement.scrollWidth");
        assertTrue(width <= 360, page + " is " + width + " px wide");
        Long right = (Long) driver.executeScript(
                "return Math.ceil(arguments[0].getBoundingClientRect().right)", element);
        assertTrue(right <= 360, page + ": the official section ends at " + right + " px");
    }

    private static WebElement line() {
        return visible(driver, By.cssSelector("#official .official-line"));
    }

    /** The official line of a page, once shown, with its state and its text checked. */
    private static WebElement line(String path, String state, String text) {
        open(path);
        WebElement line = line();
        assertEquals(state, line.getDomAttribute("data-state"));
        assertEquals(text, line.findElement(By.className("official-text")).getText());
        return line;
    }

    // --- the browser ---------------------------------------------------------------------------------------

    private static void open(String path) {
        driver.get(base + path);
    }
}
