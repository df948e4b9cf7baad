package dev.jeton.it;

import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;

/**
 * Debian's Chromium and its matching driver, headless, with the flags this sandbox needs
 * (../shared/PLATFORM.md): no Selenium Manager download, no background networking.
 */
final class HeadlessChromium {

    private HeadlessChromium() {
    }

    private static final File BROWSER = new File("/usr/bin/chromium");
    private static final File DRIVER = new File("/usr/bin/chromedriver");

    /**
     * Whether the browser test can run here. A developer machine with only a JDK and Maven skips
     * it (mvn verify must work there); under CI (CI=true, where .ci/run installs Chromium) a
     * missing browser is a failure, never a skip.
     */
    static boolean availableOrRequired() {
        return System.getenv("CI") != null || (BROWSER.canExecute() && DRIVER.canExecute());
    }

    static WebDriver start() throws IOException {
        File browser = BROWSER;
        File driver = DRIVER;
        if (!browser.canExecute() || !driver.canExecute()) {
            throw new IllegalStateException("install Debian's chromium and chromium-driver (.ci/run does)");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--window-size=412,915",
                "--user-data-dir=" + Files.createTempDirectory("jeton-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver)
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
