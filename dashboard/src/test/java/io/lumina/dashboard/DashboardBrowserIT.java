package io.lumina.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import io.lumina.ingestion.IngestionApplication;
import io.lumina.query.QueryApiApplication;
import io.lumina.replay.ReplayEngineApplication;
import io.lumina.testing.FakeLlmProvider;
import io.lumina.testing.TestInfra;
import io.lumina.worker.WorkerApplication;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
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
  private static final String COURTESY = "Hope that helps.";

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

  /**
   * The replay engine's only provider: a local server speaking the OpenAI protocol, echoing the
   * prompt.
   */
  private static FakeLlmProvider llm;

  /** A local webhook receiver: the worker delivers alerts to it for real. */
  private static HttpServer hooks;

  private static final List<String> hookBodies = new CopyOnWriteArrayList<>();

  /** A failed test leaves a picture of the page it failed on, next to the failsafe reports. */
  @RegisterExtension
  static final TestWatcher pictureOnFailure =
      new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
          if (driver != null) {
            try {
              Path dir = Files.createDirectories(Path.of("target/failure-screenshots"));
              Files.write(
                  dir.resolve(context.getRequiredTestMethod().getName() + ".png"),
                  driver.getScreenshotAs(OutputType.BYTES));
            } catch (IOException | RuntimeException e) {
              cause.addSuppressed(e);
            }
          }
        }
      };

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "headless Chromium not installed (apt-get install chromium chromium-driver)");
    List<String> infra = new ArrayList<>();
    TestInfra.properties().forEach((k, v) -> infra.add("--" + k + "=" + v));
    infra.add("--server.port=0");
    // the fake provider and the webhook receiver listen on loopback
    infra.add("--lumina.outbound.allow=127.0.0.1");
    infra.add("--spring.main.banner-mode=off");
    // Small pools: the machine's PostgreSQL is shared by every test JVM running at the same time.
    infra.add("--spring.datasource.hikari.maximum-pool-size=3");
    infra.add("--spring.datasource.hikari.minimum-idle=1");
    // The dashboard has no database; the other services' jars put JDBC on this test classpath.
    List<String> web =
        List.of(
            "--server.port=0",
            "--spring.main.banner-mode=off",
            "--spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
                + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration");

    // No second OTLP port (4318 may be taken by another test JVM); an explicitly empty key list
    // keeps authentication off, so everything lands in the default project the query API reads.
    ingestion =
        "http://127.0.0.1:"
            + port(
                run(
                    IngestionApplication.builder(),
                    with(
                        infra,
                        "--lumina.ingestion.otlp-port=-1",
                        "--lumina.ingestion.grpc-port=-1",
                        "--lumina.ingestion.api-keys=")));
    run(WorkerApplication.builder(), infra);
    queryApi = "http://127.0.0.1:" + port(run(QueryApiApplication.builder(), infra));
    llm = FakeLlmProvider.start().respondWith(DashboardBrowserIT::briefAnswer);
    String replay =
        "http://127.0.0.1:"
            + port(
                run(
                    ReplayEngineApplication.builder(),
                    with(
                        infra,
                        "--lumina.replay.default-provider=openai",
                        "--lumina.replay.providers.openai.base-url=" + llm.openAiBaseUrl(),
                        "--lumina.replay.providers.openai.api-key=sk-test-dashboard",
                        "--lumina.replay.concurrency=2")));
    hooks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    hooks.createContext(
        "/hook",
        exchange -> {
          hookBodies.add(
              new String(
                  exchange.getRequestBody().readAllBytes(),
                  java.nio.charset.StandardCharsets.UTF_8));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    hooks.start();
    dashboard =
        "http://127.0.0.1:"
            + port(
                run(
                    DashboardApplication.builder(),
                    with(
                        web,
                        "--lumina.dashboard.query-api-url=" + queryApi,
                        "--lumina.dashboard.replay-engine-url=" + replay,
                        "--lumina.dashboard.live-refresh=1s")));
    String nowhere = "http://127.0.0.1:" + closedPort();
    downDashboard =
        "http://127.0.0.1:"
            + port(
                run(
                    DashboardApplication.builder(),
                    with(
                        web,
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
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--user-data-dir=" + profile,
        "--window-size=1440,1000",
        "--hide-scrollbars");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
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
    if (llm != null) {
      llm.close();
    }
    if (hooks != null) {
      hooks.stop(0);
    }
    if (profile != null) {
      try (var files = Files.walk(profile)) {
        files
            .sorted((a, b) -> b.getNameCount() - a.getNameCount())
            .map(Path::toFile)
            .forEach(File::delete);
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
    waitFor(
        d -> !rowTexts().isEmpty() && rowTexts().stream().allMatch(t -> t.contains("billing-bot")));
    long expected = samples.sent.stream().filter(s -> s.service().equals("billing-bot")).count();
    waitFor(d -> rowTexts().size() == expected);
    assertThat(driver.getCurrentUrl()).contains("service=billing-bot");

    open("/traces?status=error");
    long errors = samples.sent.stream().filter(SampleTraces.Sent::error).count();
    assertThat(errors).isPositive();
    assertThat(rows()).hasSize((int) errors);
    assertThat(driver.findElements(By.cssSelector(".trace-row .badge.st-error")))
        .hasSize((int) errors);

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
    send(
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(
                one.getResourceSpans(0).toBuilder()
                    .setResource(
                        one.getResourceSpans(0).getResource().toBuilder()
                            .setAttributes(0, SampleTraces.str("service.name", "late-service"))))
            .build());
    // No reload: the polling table picks the new trace up by itself (through ingestion, JetStream,
    // worker).
    new WebDriverWait(driver, Duration.ofSeconds(40))
        .pollingEvery(Duration.ofMillis(100))
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
    List<String> names =
        driver.findElements(By.cssSelector(".wf-row .span-name")).stream()
            .map(WebElement::getText)
            .toList();
    assertThat(names).containsExactly("rag_pipeline", "vector_search", "chat gpt-4o-mini");
    // The LLM span is selected first, with its prompt, response, tokens and pricing.
    WebElement panel = driver.findElement(By.id("span-panel"));
    assertThat(panel.findElement(By.tagName("h2")).getText()).isEqualTo("chat gpt-4o-mini");
    assertThat(panel.getText())
        .contains(SampleTraces.HOSTILE_PROMPT)
        .contains(SampleTraces.HOSTILE_KEY)
        .contains(SampleTraces.HOSTILE_VALUE)
        .contains("I will not run <script> tags.");
    assertThat(panel.findElements(By.tagName("script"))).isEmpty();
    assertThat(panel.findElements(By.tagName("img"))).isEmpty();
    assertThat(panel.findElements(By.tagName("b"))).isEmpty();
    assertThatThrownBy(() -> driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    // Headers are upper-cased by CSS, and getText() returns what is rendered.
    assertThat(panel.findElement(By.cssSelector("table.tokens")).getText())
        .containsIgnoringCase("prompt")
        .containsIgnoringCase("completion");
    assertThat(text(".pricing-note")).isNotBlank();
    assertThat(driver.findElements(By.cssSelector(".wf-bar")))
        .allSatisfy(bar -> assertThat(bar.getCssValue("width")).isNotEqualTo("0px"));
    screenshot("trace-detail");

    // Selecting another span swaps the panel in place (htmx), without a page load.
    Object marker = js("window.__samePage = true; return 1;");
    assertThat(marker).isNotNull();
    driver.findElements(By.cssSelector(".wf-row")).get(1).click();
    waitFor(
        d ->
            "vector_search".equals(driver.findElement(By.cssSelector("#span-panel h2")).getText()));
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
    assertThat(text(".pricing-note"))
        .contains("Unpriced")
        .contains("no price is known for model mystery-model-x")
        .contains("add a price");
    open("/traces?model=mystery-model-x");
    assertThat(driver.findElements(By.cssSelector(".trace-row .badge.warn"))).isNotEmpty();
    // the cost and model pages give the reason with its advice, not a bare "unpriced"
    open("/costs");
    assertThat(text("#unpriced-callout"))
        .contains("mystery-model-x")
        .contains("no price for the model (1)");
    open("/models");
    assertThat(text("#models-used")).contains("no price for the model (1)");
  }

  @Test
  @Order(6)
  void everyPageRendersWithoutAServerError() {
    for (String[] page :
        new String[][] {
          {"/costs?range=24h", "costs"},
          {"/models", "models"},
          {"/replay", "replay"},
          {"/alerts", "alerts"}
        }) {
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
    HttpResponse<String> page =
        http.send(
            HttpRequest.newBuilder(URI.create(dashboard + "/traces")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .get()
        .asString()
        .contains("script-src 'self'")
        .contains("frame-ancestors 'none'")
        .doesNotContain("unsafe-inline");
    assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(page.headers().firstValue("Referrer-Policy")).contains("same-origin");
    HttpResponse<String> echarts =
        http.send(
            HttpRequest.newBuilder(URI.create(dashboard + "/webjars/echarts/dist/echarts.min.js"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(echarts.statusCode()).isEqualTo(200);
    HttpResponse<String> bad =
        http.send(
            HttpRequest.newBuilder(URI.create(dashboard + "/traces/not-an-id")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("32 hex characters");
    HttpResponse<String> badPage =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(dashboard + "/traces/" + samples.unpricedTraceId + "?page=nonsense"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(badPage.statusCode()).isEqualTo(400);
    assertThat(badPage.body()).contains("Not a page of this trace");
    // A form post from another site is refused before it reaches a backend.
    HttpResponse<String> crossSite =
        http.send(
            HttpRequest.newBuilder(URI.create(dashboard + "/alerts/configure"))
                .header("Origin", "http://evil.example")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("service=x&costThreshold=2"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(crossSite.statusCode()).isEqualTo(403);
    // the host check every service shares refuses it first (docs/security.md, "Host and Origin")
    assertThat(crossSite.body()).contains("must come from an allowed origin");
  }

  @Test
  @Order(9)
  void replayCapturesASetStartsARunAndShowsTheDiff() {
    open("/replay");
    driver.findElement(By.name("name")).sendKeys("billing answers <i>before</i> the change");
    // Escape closes the suggestion list of a datalist-backed input, which would swallow the next
    // click.
    driver.findElement(By.name("service")).sendKeys("billing-bot", Keys.ESCAPE);
    WebElement size = driver.findElement(By.name("sampleSize"));
    size.clear();
    size.sendKeys("3");
    driver.findElement(By.cssSelector("#create-set button[type=submit]")).click();
    waitFor(d -> d.getCurrentUrl().contains("/replay/sets/replay_"));
    // The set's name is user input: shown as text, not markup.
    assertThat(text("h1")).isEqualTo("billing answers <i>before</i> the change");
    assertThat(driver.findElements(By.cssSelector("main h1 i"))).isEmpty();
    assertThat(driver.findElements(By.cssSelector("#set-items tbody tr"))).hasSize(3);
    assertThat(
            new Select(driver.findElement(By.name("provider")))
                .getFirstSelectedOption()
                .getAttribute("value"))
        .isEqualTo("openai");

    driver.findElement(By.name("model")).sendKeys("gpt-4o-mini");
    driver.findElement(By.name("promptTemplate")).sendKeys("Answer briefly: {{prompt}}");
    driver.findElement(By.cssSelector("#start-run button[type=submit]")).click();
    waitFor(d -> d.getCurrentUrl().contains("/replay/runs/run_"));
    // Progress polls every 2 s; when the run ends the page reloads itself with the diff.
    new WebDriverWait(driver, Duration.ofSeconds(40))
        .pollingEvery(Duration.ofMillis(100))
        .ignoring(StaleElementReferenceException.class)
        .until(d -> d.findElements(By.cssSelector(".diff-item")).size() == 3);
    assertThat(text("#run-status")).isEqualTo("completed");
    assertThat(text("#run-progress")).contains("3 of 3");
    assertThat(llm.requests())
        .hasSize(3)
        .allSatisfy(
            r -> {
              assertThat(r.model()).isEqualTo("gpt-4o-mini");
              assertThat(r.lastUserContent()).startsWith("Answer briefly: ");
            });

    // Each item side by side: the captured answer on the left with the dropped words struck
    // (<del>), the
    // new answer on the right with the added words marked (<ins>); the kept words are on both
    // sides.
    List<WebElement> items = driver.findElements(By.cssSelector(".diff-item"));
    for (WebElement item : items) {
      List<WebElement> sides = item.findElements(By.cssSelector(".diff pre.text"));
      assertThat(sides).hasSize(2);
      String original = sides.get(0).getText();
      String replayed = sides.get(1).getText();
      assertThat(List.of(SampleTraces.ANSWERS)).contains(original);
      assertThat(replayed).endsWith(" " + COURTESY);
      assertThat(original)
          .startsWith(replayed.substring(0, replayed.length() - COURTESY.length() - 1));
      assertThat(sides.get(0).findElements(By.tagName("ins"))).isEmpty();
      assertThat(sides.get(1).findElements(By.tagName("del"))).isEmpty();
      assertThat(joined(sides.get(1).findElements(By.tagName("ins")))).contains(COURTESY);
      // (compared without whitespace: the word diff may put a space in its own run)
      assertThat(joined(sides.get(0).findElements(By.tagName("del"))).replaceAll("\\s", ""))
          .isEqualTo(
              original.substring(replayed.length() - COURTESY.length() - 1).replaceAll("\\s", ""));
      assertThat(joined(sides.get(0).findElements(By.tagName("span"))))
          .isNotBlank()
          .isEqualTo(joined(sides.get(1).findElements(By.tagName("span"))));
    }
    assertThat(driver.findElements(By.cssSelector(".diff del"))).isNotEmpty();
    assertThat(text("#run-progress")).contains("mean similarity");
    screenshot("replay-run");
  }

  @Test
  @Order(10)
  void alertRulesAndChannelsAreEditedThroughForms() {
    open("/alerts");
    driver
        .findElement(By.cssSelector("#rule-form input[name=service]"))
        .sendKeys("billing-bot", Keys.ESCAPE);
    new Select(driver.findElement(By.cssSelector("#rule-form select[name=kind]")))
        .selectByValue("cost_spike");
    driver.findElement(By.cssSelector("#rule-form input[name=threshold]")).sendKeys("2.5");
    driver.findElement(By.cssSelector("#rule-form button[type=submit]")).click();
    waitFor(d -> d.findElements(By.id("notice")).size() == 1);
    assertThat(ruleRows())
        .anySatisfy(
            r -> assertThat(r).contains("billing-bot", "cost_spike", "cost per hour +250%"));

    // A threshold the query API refuses: its problem detail is shown next to the form, the input
    // kept.
    driver
        .findElement(By.cssSelector("#rule-form input[name=service]"))
        .sendKeys("chat-api", Keys.ESCAPE);
    driver.findElement(By.cssSelector("#rule-form input[name=threshold]")).sendKeys("-3");
    driver.findElement(By.cssSelector("#rule-form button[type=submit]")).click();
    assertThat(text("#rule-error")).contains("threshold must be a number above 0");
    assertThat(
            driver
                .findElement(By.cssSelector("#rule-form input[name=service]"))
                .getAttribute("value"))
        .isEqualTo("chat-api");

    // The one-call configure endpoint: cost and quality rules for one service at once.
    driver
        .findElement(By.cssSelector("#configure-form input[name=service]"))
        .sendKeys("chat-api", Keys.ESCAPE);
    driver.findElement(By.cssSelector("#configure-form input[name=costThreshold]")).sendKeys("2");
    driver
        .findElement(By.cssSelector("#configure-form input[name=qualityThreshold]"))
        .sendKeys("0.2");
    driver.findElement(By.cssSelector("#configure-form button[type=submit]")).click();
    waitFor(d -> ruleRows().size() == 3);
    assertThat(ruleRows())
        .anySatisfy(r -> assertThat(r).contains("chat-api", "cost_spike", "+200%"))
        .anySatisfy(r -> assertThat(r).contains("chat-api", "quality_drop", "−20%"));

    // Delete one rule.
    WebElement chatCost =
        driver.findElements(By.cssSelector("#rule-list .rule-row")).stream()
            .filter(r -> r.getText().contains("chat-api") && r.getText().contains("cost_spike"))
            .findFirst()
            .orElseThrow();
    chatCost.findElement(By.cssSelector("button[type=submit]")).click();
    waitFor(d -> ruleRows().size() == 2);
    assertThat(ruleRows()).noneSatisfy(r -> assertThat(r).contains("chat-api", "cost_spike"));

    // A channel: a signed webhook to the local receiver. Its name is rendered as text, its secret
    // never.
    driver
        .findElement(By.cssSelector("#channel-form input[name=name]"))
        .sendKeys("ops <b>hook</b>");
    driver
        .findElement(By.cssSelector("#channel-form input[name=url]"))
        .sendKeys("http://127.0.0.1:" + hooks.getAddress().getPort() + "/hook");
    driver
        .findElement(By.cssSelector("#channel-form input[name=secret]"))
        .sendKeys("whsec-dashboard-SECRET-77");
    driver.findElement(By.cssSelector("#channel-form button[type=submit]")).click();
    waitFor(d -> d.findElements(By.cssSelector("#channel-list .channel-row")).size() == 1);
    assertThat(text("#channel-list .channel-row"))
        .contains("ops <b>hook</b>", "webhook", "HMAC-SHA256", "all services");
    assertThat(driver.findElements(By.cssSelector("#channel-list b"))).isEmpty();
    assertThat(driver.getPageSource()).doesNotContain("whsec-dashboard-SECRET-77");
  }

  @Test
  @Order(11)
  void anAlertIsAcknowledgedResolvedAndItsDeliveryShown() throws Exception {
    JsonNode channels = getJson(queryApi + "/api/webhooks").get("webhooks");
    assertThat(channels.size()).isEqualTo(1);
    String channelId = channels.get(0).get("id").asString();
    // Alerts belong to the rules made in the previous test: the evaluator resolves an alert without
    // a rule.
    // With a day of data the baselines are too thin for it to change these alerts' state.
    Map<String, String> ruleOf = new java.util.HashMap<>();
    getJson(queryApi + "/api/alert-rules")
        .get("rules")
        .forEach(
            r ->
                ruleOf.put(
                    r.get("service").asString() + "/" + r.get("kind").asString(),
                    r.get("id").asString()));
    // An alert as the worker's evaluator writes it, with its queued delivery: the worker in this
    // JVM
    // then really delivers it to the local receiver (an evaluator-fired alert needs days of
    // history).
    String spike =
        insertAlert(
            ruleOf.get("billing-bot/cost_spike"),
            "billing-bot",
            "cost_spike",
            "Cost Spike Detected",
            0.5,
            2.3,
            360.0,
            2.0,
            "Service: billing-bot\nEndpoint: /v1/answer\nBaseline: $0.5000/hour\nCurrent: $2.30/hour (+360%)\n"
                + "Threshold: +200%\nWindow: 1h",
            channelId);
    String drop =
        insertAlert(
            ruleOf.get("chat-api/quality_drop"),
            "chat-api",
            "quality_drop",
            "Quality Drop Detected",
            0.92,
            0.61,
            -33.7,
            0.2,
            "Service: chat-api\nEndpoint: /v1/answer\nBaseline: similarity 0.92\nCurrent: similarity 0.61 (-34%)\n"
                + "Threshold: -20%\nWindow: 1h",
            null);
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> hookBodies.stream().anyMatch(b -> b.contains(spike)));

    open("/alerts");
    WebElement row = alertRow(spike);
    assertThat(row.getText())
        .contains("Cost Spike Detected", "billing-bot", "/v1/answer", "current $2.30/hour (+360%)");
    assertThat(row.findElement(By.cssSelector(".badge")).getText()).isEqualTo("firing");
    row.findElement(By.xpath(".//button[text()='Acknowledge']")).click();
    waitFor(d -> d.findElements(By.id("notice")).size() == 1);
    assertThat(text("#notice")).contains("acknowledged");
    row = alertRow(spike);
    assertThat(row.findElement(By.cssSelector(".badge")).getText()).isEqualTo("acknowledged");
    assertThat(row.findElements(By.xpath(".//button[text()='Acknowledge']"))).isEmpty();
    assertThat(row.findElements(By.xpath(".//button[text()='Resolve']"))).hasSize(1);
    assertThat(getJson(queryApi + "/api/alerts/" + spike).get("alert").get("status").asString())
        .isEqualTo("acknowledged");
    assertThat(alertRow(drop).findElement(By.cssSelector(".badge")).getText()).isEqualTo("firing");
    screenshot("alerts");

    // The alert's page: its summary and its delivery to the channel, as the worker recorded it.
    row.findElement(By.cssSelector("a")).click();
    waitFor(d -> d.getCurrentUrl().endsWith("/alerts/" + spike));
    assertThat(text("#alert-summary")).contains("Current: $2.30/hour (+360%)");
    assertThat(text("#delivery-list .delivery-row"))
        .contains("ops <b>hook</b>", "trigger", "delivered", "HTTP 204");
    screenshot("alert");

    driver.findElement(By.xpath("//main//button[text()='Resolve']")).click();
    waitFor(d -> d.getCurrentUrl().endsWith("/alerts"));
    assertThat(alertRow(spike).findElement(By.cssSelector(".badge")).getText())
        .isEqualTo("resolved");
    open("/alerts?status=open");
    assertThat(driver.findElements(By.cssSelector("#alert-list .alert-row"))).hasSize(1);
    assertThat(
            driver
                .findElement(By.cssSelector("#alert-list .alert-row"))
                .getAttribute("data-alert-id"))
        .isEqualTo(drop);
    // The overview lists recent alerts too.
    open("/?range=24h");
    assertThat(text("#recent-alerts")).contains("Quality Drop Detected", "Cost Spike Detected");
    screenshot("overview");
  }

  // --- helpers ---

  /**
   * The replayed model: asked to answer briefly, it keeps the first sentence of the captured answer
   * and adds a courtesy, so each diff has equal, deleted and inserted words.
   */
  private static FakeLlmProvider.Reply briefAnswer(FakeLlmProvider.Request request) {
    String prompt = request.lastUserContent();
    for (int q = 0; q < SampleTraces.QUESTIONS.length; q++) {
      if (prompt != null && prompt.endsWith(SampleTraces.QUESTIONS[q])) {
        String answer = SampleTraces.ANSWERS[q];
        int end = answer.indexOf(". ");
        return FakeLlmProvider.Reply.text(
            (end < 0 ? answer : answer.substring(0, end + 1)) + " " + COURTESY);
      }
    }
    return FakeLlmProvider.Reply.error(400, "unexpected prompt");
  }

  @SuppressWarnings("unchecked")
  private static List<String> ruleRows() {
    return (List<String>)
        js(
            "return Array.from(document.querySelectorAll('#rule-list .rule-row'))"
                + ".map(r => r.innerText)");
  }

  private static String joined(List<WebElement> elements) {
    return String.join("", elements.stream().map(WebElement::getText).toList()).strip();
  }

  private static WebElement alertRow(String alertId) {
    return new WebDriverWait(driver, WAIT)
        .until(
            d ->
                d.findElement(
                    By.cssSelector("#alert-list .alert-row[data-alert-id='" + alertId + "']")));
  }

  private static JsonNode getJson(String url) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json.readTree(r.body());
  }

  /**
   * Inserts a firing alert as the evaluator writes one and, with a channel, its queued delivery.
   */
  private static String insertAlert(
      String ruleId,
      String service,
      String kind,
      String title,
      double baseline,
      double current,
      double changePct,
      double threshold,
      String summary,
      String channelId)
      throws Exception {
    String id = "alert_" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    Map<String, Object> db = TestInfra.properties();
    try (Connection c =
        DriverManager.getConnection(
            (String) db.get("spring.datasource.url"),
            (String) db.get("spring.datasource.username"),
            (String) db.get("spring.datasource.password"))) {
      String project;
      try (var rs = c.createStatement().executeQuery("SELECT DISTINCT project_id FROM traces")) {
        assertThat(rs.next()).isTrue();
        project = rs.getString(1);
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              """
          INSERT INTO alerts (id, project_id, rule_id, kind, service_name, endpoint, status, baseline, current, change_pct,
            threshold, window_seconds, current_samples, baseline_samples, title, summary, fired_at, last_evaluated_at)
          VALUES (?, ?, ?, ?, ?, '/v1/answer', 'firing', ?, ?, ?, ?, 3600, 40, 900, ?, ?, now(), now())""")) {
        ps.setString(1, id);
        ps.setString(2, project);
        ps.setString(3, java.util.Objects.requireNonNull(ruleId, "rule"));
        ps.setString(4, kind);
        ps.setString(5, service);
        ps.setDouble(6, baseline);
        ps.setDouble(7, current);
        ps.setDouble(8, changePct);
        ps.setDouble(9, threshold);
        ps.setString(10, title);
        ps.setString(11, summary);
        ps.executeUpdate();
      }
      if (channelId != null) {
        try (PreparedStatement ps =
            c.prepareStatement(
                """
            INSERT INTO alert_deliveries (project_id, alert_id, channel_id, event, status, next_attempt_at, created_at)
            VALUES (?, ?, ?, 'trigger', 'pending', now(), now())""")) {
          ps.setString(1, project);
          ps.setString(2, id);
          ps.setString(3, channelId);
          ps.executeUpdate();
        }
      }
    }
    return id;
  }

  private static void open(String path) {
    driver.get(dashboard + path);
    waitFor(d -> "complete".equals(js("return document.readyState")));
  }

  private static List<WebElement> rows() {
    return driver.findElements(By.cssSelector("#trace-rows .trace-row"));
  }

  /**
   * The rows' texts read in one script call: live refresh swaps the table, so elements may go
   * stale.
   */
  @SuppressWarnings("unchecked")
  private static List<String> rowTexts() {
    return (List<String>)
        js(
            "return Array.from(document.querySelectorAll('#trace-rows .trace-row'))"
                + ".map(r => r.innerText)");
  }

  private static String text(String css) {
    return new WebDriverWait(driver, WAIT).until(d -> d.findElement(By.cssSelector(css))).getText();
  }

  private static Object js(String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }

  private static void waitFor(Function<WebDriver, Boolean> condition) {
    new WebDriverWait(driver, WAIT)
        .pollingEvery(Duration.ofMillis(50))
        .ignoring(StaleElementReferenceException.class)
        .until(condition::apply);
  }

  private static void assertNoServerError() {
    String body = driver.findElement(By.tagName("body")).getText();
    assertThat(body).doesNotContain("Whitelabel").doesNotContain("Internal Server Error");
  }

  private static void screenshot(String name) {
    // Let ECharts finish its short entry animation before the picture.
    waitFor(
        d ->
            Boolean.TRUE.equals(
                js(
                    "return Array.from(document.querySelectorAll('[data-chart]')).every(e => e.dataset.drawn === '1')")));
    js("window.scrollTo(0, 0)");
    long height =
        ((Number) js("return Math.max(document.documentElement.scrollHeight, 900)")).longValue();
    // The window size includes the browser's own frame: add it, so the picture shows the whole
    // page.
    long frame =
        ((Number) js("return Math.max(0, window.outerHeight - window.innerHeight)")).longValue();
    driver.manage().window().setSize(new Dimension(1440, (int) Math.min(height + frame, 2600)));
    try {
      Files.write(shots.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } finally {
      driver.manage().window().setSize(new Dimension(1440, 1000));
    }
  }

  private static void send(ExportTraceServiceRequest request) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(ingestion + "/v1/traces"))
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.toByteArray()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  private static void awaitStored(int traces) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              HttpResponse<String> r =
                  http.send(
                      HttpRequest.newBuilder(URI.create(queryApi + "/api/traces?limit=1000"))
                          .build(),
                      HttpResponse.BodyHandlers.ofString());
              return r.statusCode() == 200
                  && json.readTree(r.body()).get("traces").size() >= traces;
            });
  }

  private static ConfigurableApplicationContext run(
      SpringApplicationBuilder builder, List<String> args) {
    ConfigurableApplicationContext context =
        builder.properties(Map.of()).run(args.toArray(String[]::new));
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
