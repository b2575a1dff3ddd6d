package org.dabba.web;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import io.restassured.RestAssured;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Debian's headless Chromium driven by Playwright, for tests of the pages the app serves: one browser per test
 * class, a fresh context (cookies, storage, permissions) per test. Without Chromium the class is skipped, saying
 * how to install it. Playwright never downloads a browser of its own here: its hosts are out of reach.
 */
public final class Browser implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    /** What customers and couriers hold. */
    static final int[] PHONE = { 390, 844 };

    /** What partners and admins work at. */
    static final int[] DESK = { 1280, 800 };

    private Playwright playwright;
    private com.microsoft.playwright.Browser chromium;
    private final List<BrowserContext> contexts = new ArrayList<>();
    private String test = "test";

    @Override
    public void beforeAll(ExtensionContext context) {
        assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed: apt-get install -y chromium");
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        List<String> args = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            args.add("--no-sandbox"); // Chromium's sandbox refuses to run as root, as CI does
        }
        chromium = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM)
                .setHeadless(true).setArgs(args));
        // Pages wait on a live app (sockets, the payment webhook): give them longer than Playwright's 5 s.
        PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        test = context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        contexts.forEach(BrowserContext::close);
        contexts.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (chromium != null) {
            chromium.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    /** A page at a partner's or admin's desk (1280×800), allowed to show notifications. */
    public Page desk() {
        return page(DESK, false, List.of("notifications"));
    }

    /** A page on a phone (390×844, touch), allowed to show notifications and to know where it is. */
    public Page phone() {
        return page(PHONE, true, List.of("notifications", "geolocation"));
    }

    private Page page(int[] size, boolean mobile, List<String> permissions) {
        BrowserContext context = chromium.newContext(new com.microsoft.playwright.Browser.NewContextOptions()
                .setBaseURL(baseUrl()).setViewportSize(size[0], size[1]).setIsMobile(mobile).setHasTouch(mobile)
                .setLocale("en-IN").setTimezoneId("Asia/Kolkata").setPermissions(permissions));
        context.setDefaultTimeout(15_000);
        contexts.add(context);
        return context.newPage();
    }

    /** The app under test, on the port the test run gave it. */
    public static String baseUrl() {
        return "http://localhost:" + RestAssured.port;
    }

    /** Saves what {@code page} shows as target/screenshots/{test}-{step}.png. */
    public void screenshot(Page page, String step) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(test + "-" + step + ".png"))
                .setFullPage(true));
    }
}
