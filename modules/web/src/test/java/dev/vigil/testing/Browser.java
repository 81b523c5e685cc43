package dev.vigil.testing;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real Chromium (Debian's {@code chromium} and {@code chromedriver}, installed by
 * {@code ci/install-test-tools.sh}) on the admin UI, headless at laptop width. Selenium Manager is
 * kept out (it would try the network): the driver is given explicitly. One browser per test class.
 */
public final class Browser implements AutoCloseable {

    public static final String CHROMIUM = "/usr/bin/chromium";
    public static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private final WebDriver driver;
    private final URI base;
    private final Path profile;

    private Browser(WebDriver driver, URI base, Path profile) {
        this.driver = driver;
        this.base = base;
        this.profile = profile;
    }

    /** Whether Chromium and its driver are installed (CI installs them; elsewhere the test says what is missing). */
    public static boolean installed() {
        return new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute();
    }

    public static Browser start(URI base) {
        try {
            Path profile = Files.createTempDirectory("vigil-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM);
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--window-size=1366,900", "--user-data-dir=" + profile);
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
            return new Browser(new ChromeDriver(service, options), base, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public WebDriver driver() {
        return driver;
    }

    /** Signs in on the login page and waits for the page it leads to. */
    public void signIn(String username, String password) {
        driver.manage().deleteAllCookies();
        driver.get(base.resolve("admin/login.html").toString());
        driver.findElement(By.name("username")).sendKeys(username);
        driver.findElement(By.name("password")).sendKeys(password);
        driver.findElement(By.cssSelector("form#login button")).click();
        new WebDriverWait(driver, DEADLINE).until(d -> !d.getCurrentUrl().contains("login.html"));
        settle();
    }

    /** Opens a page of the admin UI ({@code issues.html?status=new}) and waits until it has loaded. */
    public void open(String page) {
        driver.get(base.resolve("admin/" + page).toString());
        settle();
    }

    /** Waits until the page's scripts ran and no region is still loading. */
    public void settle() {
        new WebDriverWait(driver, DEADLINE).until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(
                "return document.readyState === 'complete' && !document.querySelector('.loading, [aria-busy=true]')"
                        + " && (!!document.querySelector('header.nav') || !!document.querySelector('form#login')"
                        + " || document.title.startsWith('Not available'))")));
    }

    /** Waits until an element shows the text, and returns it. */
    public WebElement awaitText(By where, String text) {
        new WebDriverWait(driver, DEADLINE).until(ExpectedConditions.textToBePresentInElementLocated(where, text));
        return driver.findElement(where);
    }

    /**
     * Presses a destructive action's button in a table row (the row holding {@code rowXpath}'s
     * match), and then its confirmation: the UI asks once before it acts.
     */
    public void confirm(String rowXpath, String label) {
        find(By.xpath("//tr[" + rowXpath + "]//button[text()='" + label + "']")).click();
        find(By.xpath("//tr[" + rowXpath + "]//button[starts-with(text(),'Confirm')]")).click();
    }

    public WebElement find(By where) {
        return new WebDriverWait(driver, DEADLINE).until(ExpectedConditions.elementToBeClickable(where));
    }

    /**
     * The browser's console errors since the last call: script errors, and every request that failed
     * (Chromium logs a failed load or fetch, 4xx or 5xx, as an error).
     */
    public List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage).toList();
    }

    /** Deque's axe-core on the page as it is: every rule it breaks, with the elements. */
    public List<String> accessibilityViolations() {
        Results results = new AxeBuilder().analyze(driver);
        return results.getViolations().stream().map(Browser::describe).toList();
    }

    private static String describe(Rule rule) {
        return rule.getId() + " [" + rule.getImpact() + "] " + rule.getHelp() + ": "
                + rule.getNodes().stream().limit(3).map(n -> String.valueOf(n.getTarget())).toList();
    }

    /** Writes a screenshot of the page to {@code target/screenshots/<name>.png}. */
    public Path screenshot(String name) {
        try {
            Path dir = Path.of("target", "screenshots");
            Files.createDirectories(dir);
            Path file = dir.resolve(name + ".png");
            Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), file,
                    StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The session cookie the browser holds, for calls the test makes itself. */
    public String sessionCookie() {
        var cookie = driver.manage().getCookieNamed("vigil_session");
        return cookie == null ? null : cookie.getValue();
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary profile left behind is harmless
        }
    }
}
