package io.lumina.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lumina.ingestion.IngestionApplication;
import io.lumina.query.QueryApiApplication;
import io.lumina.replay.ReplayEngineApplication;
import io.lumina.testing.TestInfra;
import io.lumina.worker.WorkerApplication;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard in a real headless Chromium, against the real services in this JVM: data goes in as
 * OTLP protobuf through ingestion, through JetStream and the worker into PostgreSQL, and the pages
 * read it back through the query API. One browser and one set of contexts for the whole class.
 * Skipped (not failed) only where /usr/bin/chromium is absent; CI installs it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserIT {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final int ORDINARY_TRACES = 36;

  private static final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
  private static final HttpClient http = HttpClient.newHttpClient();
  private static final JsonMapper json = JsonMapper.builder().build();
  private static final SampleTraces samples = new SampleTraces(42);
  private static ChromeDriver driver;
  private static Path profile;
  private static Path shots;
  private static String ingestion;
  private static String queryApi;
  private static String dashboard;
  private static String downDashboard;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "headless Chromium not installed (apt-get install chromium chromium-driver)");
    List<String> infra = new ArrayList<>();
    TestInfra.properties().forEach((k, v) -> infra.add("--" + k + "=" + v));
    infra.add("--server.port=0");
    infra.add("--spring.main.banner-mode=off");
    // Small pools: the machine's PostgreSQL is shared by every test JVM running at the same time.
    infra.add("--spring.datasource.hikari.maximum-pool-size=3");
    infra.add("--spring.datasource.hikari.minimum-idle=1");
    // The dashboard has no database; the other services' jars put JDBC on this test classpath.
    List<String> web = List.of("--server.port=0", "--spring.main.banner-mode=off",
        "--spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
            + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration");

    // No second OTLP port (4318 may be taken by another test JVM); an explicitly empty key list
    // keeps authentication off, so everything lands in the default project the query API reads.
    ingestion = "http://127.0.0.1:" + port(run(IngestionApplication.builder(), with(infra,
        "--lumina.ingestion.otlp-port=-1", "--lumina.ingestion.api-keys=")));
    run(WorkerApplication.builder(), infra);
    queryApi = "http://127.0.0.1:" + port(run(QueryApiApplication.builder(), infra));
    String replay = "http://127.0.0.1:" + port(run(ReplayEngineApplication.builder(), infra));
    dashboard = "http://127.0.0.1:" + port(run(DashboardApplication.builder(), with(web,
        "--lumina.dashboard.query-api-url=" + queryApi,
        "--lumina.dashboard.replay-engine-url=" + replay,
        "--lumina.dashboard.live-refresh=1s")));
    String nowhere = "http://127.0.0.1:" + closedPort();
    downDashboard = "http://127.0.0.1:" + port(run(DashboardApplication.builder(), with(web,
        "--lumina.dashboard.query-api-url=" + nowhere,
        "--lumina.dashboard.replay-engine-url=" + nowhere)));

    Instant now = Instant.now();
    send(samples.ordinary(ORDINARY_TRACES, now));
    send(samples.special(now));
    awaitStored(samples.sent.size());

    shots = Path.of(System.getProperty("lumina.screenshots.dir", "target/screenshots"));
    Files.createDirectories(shots);
    profile = Files.createTempDirectory("lumina-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + profile, "--window-size=1440,1000", "--hide-scrollbars");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
  }

  @AfterAll
  static void stop() throws IOException {
    if (driver != null) {
      driver.quit();
    }
    for (int i = contexts.size() - 1; i >= 0; i--) {
      contexts.get(i).close();
    }
    if (profile != null) {
      try (var files = Files.walk(profile)) {
        files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  @Test
  @Order(1)
  void overviewShowsHeadlineNumbersAndCharts() {
    open("/?range=24h");
    assertThat(text("h1")).isEqualTo("Overview");
    assertThat(driver.findElements(By.cssSelector(".stat"))).hasSizeGreaterThanOrEqualTo(4);
    assertNoServerError();
    screenshot("overview");
  }

  @Test
  @Order(2)
  void traceListShowsTracesAndFiltersByServiceAndStatus() {
    open("/traces");
    waitFor(d -> rowTexts().size() == Math.min(50, samples.sent.size()));
    assertThat(driver.findElement(By.cssSelector(".live.on")).getText()).contains("Live");
    screenshot("traces");

    WebElement service = driver.findElement(By.name("service"));
    service.sendKeys("billing-bot");
    waitFor(d -> !rowTexts().isEmpty() && rowTexts().stream().allMatch(t -> t.contains("billing-bot")));
    long expected = samples.sent.stream().filter(s -> s.service().equals("billing-bot")).count();
    waitFor(d -> rowTexts().size() == expected);
    assertThat(driver.getCurrentUrl()).contains("service=billing-bot");

    open("/traces?status=error");
    long errors = samples.sent.stream().filter(SampleTraces.Sent::error).count();
    assertThat(errors).isPositive();
    assertThat(rows()).hasSize((int) errors);
    assertThat(driver.findElements(By.cssSelector(".trace-row .badge.st-error"))).hasSize((int) errors);

    open("/traces?q=" + "refund");
    assertThat(rowTexts()).isNotEmpty().allSatisfy(t -> assertThat(t).contains("rag_pipeline"));
    open("/traces?service=no-such-service");
    assertThat(text(".empty-small")).contains("No trace matches");
  }

  @Test
  @Order(3)
  void liveRefreshShowsNewTracesAndCanBePaused() throws Exception {
    open("/traces?service=late-service");
    assertThat(rows()).isEmpty();
    SampleTraces late = new SampleTraces(7);
    ExportTraceServiceRequest one = late.ordinary(1, Instant.now());
    send(ExportTraceServiceRequest.newBuilder().addResourceSpans(one.getResourceSpans(0).toBuilder()
        .setResource(one.getResourceSpans(0).getResource().toBuilder()
            .setAttributes(0, SampleTraces.str("service.name", "late-service")))).build());
    // No reload: the polling table picks the new trace up by itself (through ingestion, JetStream, worker).
    new WebDriverWait(driver, Duration.ofSeconds(40)).pollingEvery(Duration.ofMillis(100))
        .until(d -> rowTexts().size() == 1);

    driver.findElement(By.id("live-toggle")).click();
    waitFor(d -> driver.findElement(By.id("live-toggle")).getText().contains("Resume"));
    assertThat(driver.findElement(By.id("trace-rows")).getAttribute("hx-trigger")).isNull();
    assertThat(text(".live")).isEqualTo("Paused");
  }

  @Test
  @Order(4)
  void traceDetailShowsTheTreeAndRendersHostileContentAsText() {
    open("/traces/" + samples.hostileTraceId);
    List<String> names = driver.findElements(By.cssSelector(".wf-row .span-name")).stream()
        .map(WebElement::getText).toList();
    assertThat(names).containsExactly("rag_pipeline", "vector_search", "chat gpt-4o-mini");
    // The LLM span is selected first, with its prompt, response, tokens and pricing.
    WebElement panel = driver.findElement(By.id("span-panel"));
    assertThat(panel.findElement(By.tagName("h2")).getText()).isEqualTo("chat gpt-4o-mini");
    assertThat(panel.getText()).contains(SampleTraces.HOSTILE_PROMPT)
        .contains(SampleTraces.HOSTILE_KEY).contains(SampleTraces.HOSTILE_VALUE)
        .contains("I will not run <script> tags.");
    assertThat(panel.findElements(By.tagName("script"))).isEmpty();
    assertThat(panel.findElements(By.tagName("img"))).isEmpty();
    assertThat(panel.findElements(By.tagName("b"))).isEmpty();
    assertThatThrownBy(() -> driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    // Headers are upper-cased by CSS, and getText() returns what is rendered.
    assertThat(panel.findElement(By.cssSelector("table.tokens")).getText()).containsIgnoringCase("prompt")
        .containsIgnoringCase("completion");
    assertThat(text(".pricing-note")).isNotBlank();
    assertThat(driver.findElements(By.cssSelector(".wf-bar"))).allSatisfy(bar ->
        assertThat(bar.getCssValue("width")).isNotEqualTo("0px"));
    screenshot("trace-detail");

    // Selecting another span swaps the panel in place (htmx), without a page load.
    Object marker = js("window.__samePage = true; return 1;");
    assertThat(marker).isNotNull();
    driver.findElements(By.cssSelector(".wf-row")).get(1).click();
    waitFor(d -> "vector_search".equals(driver.findElement(By.cssSelector("#span-panel h2")).getText()));
    assertThat(js("return window.__samePage === true;")).isEqualTo(true);
    assertThat(text("#span-panel")).contains("db.system", "pgvector");

    // The caret folds the subtree.
    driver.findElement(By.cssSelector("details.tree-node > summary .caret")).click();
    waitFor(d -> !driver.findElements(By.cssSelector(".wf-row")).get(1).isDisplayed());
  }

  @Test
  @Order(5)
  void unpricedModelsAreCalledOutNotShownAsZero() {
    open("/traces/" + samples.unpricedTraceId);
    assertThat(text(".pricing-note")).contains("Unpriced").contains("mystery-model-x");
    open("/traces?model=mystery-model-x");
    assertThat(driver.findElements(By.cssSelector(".trace-row .badge.warn"))).isNotEmpty();
  }

  @Test
  @Order(6)
  void everyPageRendersWithoutAServerError() {
    for (String[] page : new String[][] {
        {"/costs?range=24h", "costs"}, {"/models", "models"}, {"/replay", "replay"}, {"/alerts", "alerts"}}) {
      open(page[0]);
      assertNoServerError();
      assertThat(driver.findElement(By.cssSelector(".sidebar a.on")).getText()).isNotBlank();
      screenshot(page[1]);
    }
  }

  @Test
  @Order(7)
  void aDownBackendShowsAnErrorPanelNotABrokenPage() {
    driver.get(downDashboard + "/traces");
    assertThat(text(".error-panel .error-title")).contains("query API").contains("unreachable");
    assertThat(text(".error-panel")).contains("LUMINA_QUERY_API_URL");
    driver.get(downDashboard + "/");
    assertThat(driver.findElements(By.cssSelector(".error-panel"))).isNotEmpty();
    driver.get(downDashboard + "/replay");
    assertThat(text(".error-panel")).contains("replay engine");
    screenshot("backend-down");
  }

  @Test
  @Order(8)
  void everyAnswerCarriesTheSecurityHeaders() throws Exception {
    HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(dashboard + "/traces")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Security-Policy")).get().asString()
        .contains("script-src 'self'").contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
    assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(page.headers().firstValue("Referrer-Policy")).contains("no-referrer");
    HttpResponse<String> echarts = http.send(HttpRequest.newBuilder(
        URI.create(dashboard + "/webjars/echarts/dist/echarts.min.js")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(echarts.statusCode()).isEqualTo(200);
    HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(dashboard + "/traces/not-an-id")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("32 hex characters");
  }

  // --- helpers ---

  private static void open(String path) {
    driver.get(dashboard + path);
    waitFor(d -> "complete".equals(js("return document.readyState")));
  }

  private static List<WebElement> rows() {
    return driver.findElements(By.cssSelector("#trace-rows .trace-row"));
  }

  /** The rows' texts read in one script call: live refresh swaps the table, so elements may go stale. */
  @SuppressWarnings("unchecked")
  private static List<String> rowTexts() {
    return (List<String>) js("return Array.from(document.querySelectorAll('#trace-rows .trace-row'))"
        + ".map(r => r.innerText)");
  }

  private static String text(String css) {
    return new WebDriverWait(driver, WAIT).until(d -> d.findElement(By.cssSelector(css))).getText();
  }

  private static Object js(String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }

  private static void waitFor(Function<WebDriver, Boolean> condition) {
    new WebDriverWait(driver, WAIT).pollingEvery(Duration.ofMillis(50))
        .ignoring(StaleElementReferenceException.class).until(condition::apply);
  }

  private static void assertNoServerError() {
    String body = driver.findElement(By.tagName("body")).getText();
    assertThat(body).doesNotContain("Whitelabel").doesNotContain("Internal Server Error");
  }

  private static void screenshot(String name) {
    // Let ECharts finish its short entry animation before the picture.
    waitFor(d -> Boolean.TRUE.equals(js(
        "return Array.from(document.querySelectorAll('[data-chart]')).every(e => e.dataset.drawn === '1')")));
    js("window.scrollTo(0, 0)");
    long height = ((Number) js("return Math.max(document.body.scrollHeight, 900)")).longValue();
    driver.manage().window().setSize(new Dimension(1440, (int) Math.min(height, 2400)));
    try {
      Files.write(shots.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } finally {
      driver.manage().window().setSize(new Dimension(1440, 1000));
    }
  }

  private static void send(ExportTraceServiceRequest request) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(ingestion + "/v1/traces"))
        .header("Content-Type", "application/x-protobuf")
        .POST(HttpRequest.BodyPublishers.ofByteArray(request.toByteArray())).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  private static void awaitStored(int traces) {
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(queryApi + "/api/traces?limit=1000"))
          .build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 && json.readTree(r.body()).get("traces").size() >= traces;
    });
  }

  private static ConfigurableApplicationContext run(SpringApplicationBuilder builder, List<String> args) {
    ConfigurableApplicationContext context = builder.properties(Map.of()).run(args.toArray(String[]::new));
    contexts.add(context);
    return context;
  }

  private static int port(ConfigurableApplicationContext context) {
    return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
  }

  private static List<String> with(List<String> base, String... extra) {
    List<String> all = new ArrayList<>(base);
    all.addAll(List.of(extra));
    return all;
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
