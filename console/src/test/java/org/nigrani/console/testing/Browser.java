package org.nigrani.console.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.nigrani.elastic.testing.ProjectRoot;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium driven by the Debian chromedriver ({@code apt-get install chromium chromium-driver}; bin/test
 * installs them when missing). Both paths are given explicitly, so Selenium Manager never tries to download a driver.
 * The browser's console is collected, and {@link #assertClean()} fails on any error in it (a CSP violation is one)
 * or on a JavaScript alert, confirm or prompt left open.
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Under the console module's target folder, wherever Maven was started. */
    public static final Path SCREENSHOTS = ProjectRoot.find().resolve("console/target/screenshots");

    private final ChromeDriver driver;
    private final ChromeDriverService service;
    private final String base;
    private final List<String> consoleLog = new ArrayList<>();
    private int checkedUpTo;

    private Browser(ChromeDriver driver, ChromeDriverService service, String base) {
        this.driver = driver;
        this.service = service;
        this.base = base;
    }

    /** Whether Chromium and its driver are installed (tests skip with a message otherwise). */
    public static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** A fresh browser (no cookies) for the console at {@code base}. */
    public static Browser open(String base) {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1366,900",
                "--disable-gpu", "--no-first-run", "--disable-extensions", "--lang=en-US");
        // Leave alerts open, so that a test finds them instead of the driver dismissing them quietly.
        options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return new Browser(driver, service, base);
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Opens {@code path} on the console. */
    public Browser go(String path) {
        driver.get(base + path);
        return this;
    }

    /** The path (and query) of the page shown. */
    public String path() {
        String url = driver.getCurrentUrl();
        return url.startsWith(base) ? url.substring(base.length()) : url;
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Waits up to ten seconds for an element to be shown. */
    public WebElement waitFor(String css) {
        return new WebDriverWait(driver, Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    /** Types into a field, replacing what it held. */
    public Browser type(String css, String text) {
        WebElement e = find(css);
        e.clear();
        e.sendKeys(text);
        return this;
    }

    /** Chooses the option with {@code value} in a select. */
    public Browser select(String css, String value) {
        new Select(find(css)).selectByValue(value);
        return this;
    }

    /** The value of the option chosen in a select. */
    public String selected(String css) {
        return new Select(find(css)).getFirstSelectedOption().getAttribute("value");
    }

    /** Runs JavaScript in the page (the test's own, which the page's CSP does not govern); returns what it returns. */
    public Object script(String js, Object... args) {
        return driver.executeScript(js, args);
    }

    /**
     * Fetches {@code url} from the page, with its cookies and from its origin, as a script of the page would: {@code
     * status}, the headers {@code type} (Content-Type), {@code disposition}, {@code nosniff}, {@code csp}, and the
     * {@code body} as text.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> fetch(String url) {
        return (Map<String, Object>) driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0]).then(r => r.text().then(body => done({
                  status: r.status,
                  type: r.headers.get('Content-Type'),
                  disposition: r.headers.get('Content-Disposition'),
                  nosniff: r.headers.get('X-Content-Type-Options'),
                  csp: r.headers.get('Content-Security-Policy'),
                  body: body
                }))).catch(e => done({status: -1, body: String(e)}));
                """, url);
    }

    /** Clicks and waits for the page it leads to to load. */
    public Browser click(String css) {
        WebElement e = find(css);
        e.click();
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> gone(e));
        return this;
    }

    /** Whether {@code e}'s page has been left. */
    private static boolean gone(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (StaleElementReferenceException stale) {
            return true;
        } catch (WebDriverException failure) {
            // Asked in the middle of the navigation, Chromium may answer that the node is no longer in the document.
            if (String.valueOf(failure.getMessage()).contains("does not belong to the document")) {
                return true;
            }
            throw failure;
        }
    }

    /** Signs in through the login form. */
    public Browser signIn(String user, String password) {
        go("/login");
        type("#username", user);
        type("#password", password);
        return click("#sign-in");
    }

    /** Saves a PNG of the window as {@code target/screenshots/<name>.png} in the console module; returns its path. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".png");
            // The whole page, not only the window: grow the window to the page's height for the shot.
            Dimension window = driver.manage().window().getSize();
            Object height = driver.executeScript("return document.documentElement.scrollHeight");
            int pageHeight = height instanceof Number n ? Math.min(n.intValue() + 120, 8000) : window.getHeight();
            driver.manage().window().setSize(new Dimension(window.getWidth(), Math.max(window.getHeight(), pageHeight)));
            try {
                Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                driver.manage().window().setSize(window);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the screenshot " + name, e);
        }
    }

    /** What the browser's console said since the last call (and before), each "LEVEL message". */
    public List<String> consoleLog() {
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            consoleLog.add(e.getLevel() + " " + e.getMessage());
        }
        return List.copyOf(consoleLog);
    }

    /** The console's errors (SEVERE), such as a script error or a resource the CSP refused. */
    public List<String> consoleErrors() {
        return consoleLog().stream().filter(l -> l.startsWith(Level.SEVERE.toString())).toList();
    }

    /** The console's errors logged since the previous call of this method (or since the browser opened). */
    public List<String> newConsoleErrors() {
        List<String> all = consoleLog();
        List<String> fresh = all.subList(checkedUpTo, all.size()).stream()
                .filter(l -> l.startsWith(Level.SEVERE.toString())).toList();
        checkedUpTo = all.size();
        return fresh;
    }

    /** The text of an open alert, confirm or prompt; null when none is open. */
    public String openDialog() {
        try {
            return driver.switchTo().alert().getText();
        } catch (NoAlertPresentException e) {
            return null;
        }
    }

    /** Fails when the browser's console has an error or a JavaScript dialog is open. */
    public void assertClean() {
        String dialog = openDialog();
        if (dialog != null) {
            throw new AssertionError("a JavaScript dialog is open on " + path() + ": " + dialog);
        }
        List<String> errors = consoleErrors();
        if (!errors.isEmpty()) {
            throw new AssertionError("the browser console has errors:\n  " + String.join("\n  ", errors));
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
