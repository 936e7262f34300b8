package io.lumina.replay.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lumina.api.replay.RunRequest;
import io.lumina.replay.ReplayEngineApplication;
import io.lumina.replay.sets.ReplaySetCapture;
import io.lumina.replay.web.NotFoundException;
import io.lumina.similarity.TextSimilarityScorer;
import io.lumina.storage.OtlpStorageSink;
import io.lumina.testing.FakeLlmProvider;
import io.lumina.testing.FakeLlmProvider.Reply;
import io.lumina.testing.TestDatabase;
import io.lumina.testing.TestInfra;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The replay engine end to end, in one set of contexts for the whole module: production LLM calls
 * are exported by the OpenTelemetry SDK and stored as the worker stores them (storage's writer),
 * are captured into sets by filter or trace id, and replayed against local servers speaking the
 * OpenAI and Anthropic protocols, including their failures. Every HTTP answer of the replay engine
 * is checked for the provider keys.
 */
class ReplayEngineIT {
  static final String OPENAI_KEY = "sk-test-openai-SECRET-4242424242";
  static final String ANTHROPIC_KEY = "sk-ant-test-SECRET-1717171717";
  static final String SYSTEM = "You are a helpful assistant.";
  static final String REPLAY_SYSTEM = "Answer in one short sentence.";

  /** The captured production calls of service chat-api: prompt -> original response. */
  static final Map<String, String> CALLS =
      Map.of(
          "What is the capital of France?", "The capital of France is Paris.",
          "What is the capital of Italy?", "The capital of Italy is Rome.",
          "Name a primary color.", "Red is a primary color.",
          "Translate hello to Spanish.", "Hola.");

  static final String FAILED_PROMPT = "Summarize the quarterly report.";

  static FakeLlmProvider openAi;
  static FakeLlmProvider anthropic;
  static ConfigurableApplicationContext replay;
  static int replayPort;
  static Connection db;
  static final Map<String, String> traceOfPrompt = new HashMap<>();
  static final HttpClient http = HttpClient.newHttpClient();
  static final JsonMapper json = JsonMapper.builder().build();

  @BeforeAll
  static void start() throws Exception {
    openAi = FakeLlmProvider.start();
    anthropic = FakeLlmProvider.start();
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Map<String, Object> infra = new HashMap<>(TestInfra.properties());
    infra.put("server.port", 0);
    infra.put("spring.main.banner-mode", "off");
    // the PostgreSQL of this machine is shared by every engineer's tests: stay small
    infra.put("spring.datasource.hikari.maximum-pool-size", 3);
    infra.put("spring.datasource.hikari.minimum-idle", 1);
    Map<String, Object> props = new HashMap<>(infra);
    props.put("lumina.replay.providers.openai.base-url", openAi.openAiBaseUrl());
    props.put("lumina.replay.providers.openai.api-key", OPENAI_KEY);
    props.put("lumina.replay.providers.anthropic.base-url", anthropic.baseUrl());
    props.put("lumina.replay.providers.anthropic.api-key", ANTHROPIC_KEY);
    props.put("lumina.replay.providers.down.type", "openai");
    props.put("lumina.replay.providers.down.base-url", "http://127.0.0.1:" + closedPort + "/v1");
    props.put("lumina.outbound.allow", "127.0.0.1"); // the fake providers listen on loopback
    props.put("lumina.replay.concurrency", 2);
    props.put("lumina.replay.call-timeout", "1s");
    props.put("lumina.replay.retry-backoff", "20ms");
    props.put("lumina.replay.max-retry-wait", "5s");
    replay = ReplayEngineApplication.builder().run(args(props));
    replayPort = Integer.parseInt(replay.getEnvironment().getProperty("local.server.port"));

    try (OtlpStorageSink sink =
        OtlpStorageSink.start(replay.getBean(javax.sql.DataSource.class), "default")) {
      sendProductionCalls(sink.endpoint());
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> countRows("SELECT count(*) FROM spans WHERE is_llm"), n -> n == CALLS.size() + 2);
  }

  @AfterAll
  static void stop() throws Exception {
    if (db != null) {
      db.close();
    }
    for (ConfigurableApplicationContext c : new ConfigurableApplicationContext[] {replay}) {
      if (c != null) {
        c.close();
      }
    }
    if (openAi != null) {
      openAi.close();
    }
    if (anthropic != null) {
      anthropic.close();
    }
  }

  @BeforeEach
  void resetFakes() {
    openAi.reset();
    openAi.requireApiKey(OPENAI_KEY);
    anthropic.reset();
    anthropic.requireApiKey(ANTHROPIC_KEY);
  }

  // ---------------------------------------------------------------------------------------------

  @Test
  void captureByFilterThenReplayWithANewModelAndSystemPromptComparesScoresCostsAndLatency()
      throws Exception {
    JsonNode set =
        created(
            post(
                "/api/replay/sets",
                """
        {"name": "pre-prompt-change", "filters": {"service": "chat-api", "timeRange": "1h", "sampleSize": 100,
         "status": "ok", "model": "gpt-4o"}}"""));
    assertThat(set.get("id").asString()).matches("replay_[0-9a-f]{16}");
    assertThat(set.get("itemCount").asInt()).isEqualTo(CALLS.size());
    JsonNode first = set.get("items").get(0);
    assertThat(first.get("model").asString()).isEqualTo("gpt-4o");
    assertThat(first.get("provider").asString()).isEqualTo("openai");
    assertThat(first.get("costUsd").decimalValue())
        .isEqualByComparingTo("0.00013"); // 20 x $2.50 + 8 x $10 per 1M
    assertThat(first.get("latencyMs").asDouble()).isEqualTo(800.0);
    assertThat(first.get("temperature").asDouble()).isEqualTo(0.7);
    assertThat(CALLS).containsValue(first.get("response").asString());

    // the new prompt/model answers: two identical, one paraphrase, one different
    openAi.respondWith(
        r -> {
          String prompt = r.lastUserContent();
          String answer =
              prompt.contains("Italy")
                  ? "Rome is the capital of Italy."
                  : prompt.contains("color") ? "Blue." : CALLS.get(prompt);
          return Reply.text(answer, 30, 5);
        });
    JsonNode started =
        accepted(
            post(
                "/api/replay/sets/" + set.get("id").asString() + "/runs",
                """
        {"provider": "openai", "model": "gpt-4o-mini", "systemPrompt": "%s", "temperature": 0.0, "scorer": "text"}"""
                    .formatted(REPLAY_SYSTEM)));
    String runId = started.get("id").asString();
    assertThat(runId).matches("run_[0-9a-f]{16}");
    JsonNode run = awaitFinished(runId);

    assertThat(run.get("status").asString()).isEqualTo("completed");
    assertThat(run.get("progress").get("done").asInt()).isEqualTo(4);
    assertThat(run.get("progress").get("total").asInt()).isEqualTo(4);
    assertThat(run.get("progress").get("failed").asInt()).isZero();

    // what was sent: the new model and system prompt, the captured conversation, no captured system
    // prompt
    List<FakeLlmProvider.Request> sent = openAi.requests();
    assertThat(sent)
        .hasSize(4)
        .allSatisfy(
            r -> {
              assertThat(r.model()).isEqualTo("gpt-4o-mini");
              assertThat(r.system()).isEqualTo(REPLAY_SYSTEM);
              assertThat(r.messages()).filteredOn(m -> m.getKey().equals("system")).hasSize(1);
              assertThat(r.body().get("temperature").asDouble()).isEqualTo(0.0);
              assertThat(CALLS).containsKey(r.lastUserContent());
            });

    TextSimilarityScorer text = new TextSimilarityScorer();
    double italy = text.score("The capital of Italy is Rome.", "Rome is the capital of Italy.");
    double color = text.score("Red is a primary color.", "Blue.");
    JsonNode summary = run.get("summary");
    assertThat(summary.get("meanSimilarity").asDouble())
        .isCloseTo((1 + 1 + italy + color) / 4, within4());
    assertThat(summary.get("exactMatchRate").asDouble()).isEqualTo(0.5);
    assertThat(summary.get("changedCount").asInt()).isEqualTo(2);
    assertThat(summary.get("failedCount").asInt()).isZero();
    // costs: 4 x $0.00013 before, 4 x (30 x $0.15 + 5 x $0.60) / 1M = 4 x $0.0000075 after
    JsonNode cost = summary.get("cost");
    assertThat(cost.get("pricedItems").asInt()).isEqualTo(4);
    assertThat(cost.get("originalTotalUsd").decimalValue()).isEqualByComparingTo("0.00052");
    assertThat(cost.get("newTotalUsd").decimalValue()).isEqualByComparingTo("0.00003");
    assertThat(cost.get("totalChangeUsd").decimalValue()).isEqualByComparingTo("-0.00049");
    assertThat(cost.get("meanChangeUsd").decimalValue()).isEqualByComparingTo("-0.0001225");
    assertThat(cost.get("totalChangePercent").asDouble()).isCloseTo(-94.23, within4());
    JsonNode latency = summary.get("latency");
    assertThat(latency.get("originalMeanMs").asDouble()).isEqualTo(800.0);
    assertThat(latency.get("newMeanMs").asDouble()).isLessThan(800.0);
    assertThat(latency.get("meanChangeMs").asDouble()).isNegative();
    // regressions: the colour answer (lowest similarity) first
    JsonNode regressions = summary.get("regressions");
    assertThat(regressions.get(0).get("similarity").asDouble()).isEqualTo(color);
    assertThat(summary.get("regressionCount").asInt())
        .isEqualTo((color < 0.8 ? 1 : 0) + (italy < 0.8 ? 1 : 0));

    JsonNode diff = ok(get("/api/replay/runs/" + runId + "/diff"));
    JsonNode items = diff.get("items");
    assertThat(items).hasSize(4);
    JsonNode worst = items.get(0);
    assertThat(worst.get("originalResponse").asString()).isEqualTo("Red is a primary color.");
    assertThat(worst.get("newResponse").asString()).isEqualTo("Blue.");
    assertThat(worst.get("regression").asBoolean()).isTrue();
    assertThat(worst.get("diff").toString())
        .isEqualTo(
            "[{\"op\":\"delete\",\"text\":\"Red is a primary color.\"},{\"op\":\"insert\",\"text\":\"Blue.\"}]");
    assertThat(worst.get("originalModel").asString()).isEqualTo("gpt-4o");
    assertThat(worst.get("newModel").asString()).isEqualTo("gpt-4o-mini");
    assertThat(worst.get("tokens").get("newPrompt").asLong()).isEqualTo(30);
    assertThat(worst.get("cost").get("newUsd").decimalValue()).isEqualByComparingTo("0.0000075");
    assertThat(worst.get("cost").get("deltaUsd").decimalValue()).isEqualByComparingTo("-0.0001225");
    assertThat(worst.get("cost").get("pricingSource").asString()).isEqualTo("CATALOG");
    assertThat(worst.get("latency").get("deltaMs").asDouble()).isNegative();
    JsonNode paraphrase = items.get(1);
    assertThat(paraphrase.get("similarity").asDouble()).isEqualTo(italy);
    assertThat(paraphrase.get("exactMatch").asBoolean()).isFalse();
    assertThat(items.get(2).get("exactMatch").asBoolean()).isTrue();
    assertThat(items.get(2).get("diff").get(0).get("op").asString()).isEqualTo("equal");
    assertThat(items.get(3).get("similarity").asDouble()).isEqualTo(1.0);

    // the set now lists the run
    JsonNode again = ok(get("/api/replay/sets/" + set.get("id").asString()));
    assertThat(again.get("runs").get(0).get("id").asString()).isEqualTo(runId);
    JsonNode runs = ok(get("/api/replay/sets/" + set.get("id").asString() + "/runs"));
    assertThat(runs.get("runs").get(0).get("status").asString()).isEqualTo("completed");
    assertThat(runs.get("runs").get(0).get("model").asString()).isEqualTo("gpt-4o-mini");
  }

  @Test
  void anthropicMessagesWithAPromptTemplateArePricedFromTheReturnedUsage() throws Exception {
    String setId = captureChatApi("anthropic-switch");
    String runId =
        accepted(
                post(
                    "/api/replay/sets/" + setId + "/runs",
                    """
        {"provider": "anthropic", "model": "claude-haiku-4-5", "promptTemplate": "{{prompt}}\\nReply in French."}"""))
            .get("id")
            .asString();
    JsonNode run = awaitFinished(runId);
    assertThat(run.get("status").asString()).isEqualTo("completed");
    assertThat(run.get("summary").get("failedCount").asInt()).isZero();

    assertThat(anthropic.requests())
        .hasSize(4)
        .allSatisfy(
            r -> {
              assertThat(r.protocol()).isEqualTo(FakeLlmProvider.Protocol.ANTHROPIC);
              assertThat(r.header("x-api-key")).isEqualTo(ANTHROPIC_KEY);
              assertThat(r.header("anthropic-version")).isNotBlank();
              assertThat(r.model()).isEqualTo("claude-haiku-4-5");
              assertThat(r.system()).isEqualTo(SYSTEM); // kept from the captured call
              assertThat(r.lastUserContent()).endsWith("\nReply in French.");
              assertThat(r.messages()).extracting(Map.Entry::getKey).doesNotContain("system");
            });
    for (JsonNode item : ok(get("/api/replay/runs/" + runId + "/diff")).get("items")) {
      assertThat(item.get("newResponse").asString())
          .startsWith("echo: ")
          .endsWith("Reply in French.");
      long in = item.get("tokens").get("newPrompt").asLong();
      long out = item.get("tokens").get("newCompletion").asLong();
      assertThat(in).isPositive();
      // claude-haiku-4-5: $1 in, $5 out per 1M
      assertThat(item.get("cost").get("newUsd").decimalValue())
          .isEqualByComparingTo(BigDecimal.valueOf(in * 1 + out * 5).movePointLeft(6));
    }
  }

  @Test
  void rateLimitsHonourRetryAfterAndTooLongWaitsAreRecorded() throws Exception {
    String setId =
        created(
                post(
                    "/api/replay/sets",
                    """
        {"name": "rate-limits", "traceIds": ["%s", "%s"]}"""
                        .formatted(
                            traceOfPrompt.get("What is the capital of France?"),
                            traceOfPrompt.get("What is the capital of Italy?"))))
            .get("id")
            .asString();
    AtomicInteger franceCalls = new AtomicInteger();
    openAi.respondWith(
        r -> {
          if (r.lastUserContent().contains("Italy")) {
            return Reply.rateLimited(120); // longer than max-retry-wait: recorded, not waited for
          }
          return franceCalls.incrementAndGet() == 1
              ? Reply.rateLimited(1)
              : Reply.text("The capital of France is Paris.");
        });
    String runId =
        accepted(
                post(
                    "/api/replay/sets/" + setId + "/runs",
                    """
        {"model": "gpt-4o-mini"}"""))
            .get("id")
            .asString();
    JsonNode run = awaitFinished(runId);
    assertThat(run.get("status").asString()).isEqualTo("completed");

    List<Instant> franceAt =
        openAi.requests().stream()
            .filter(r -> r.lastUserContent().contains("France"))
            .map(FakeLlmProvider.Request::receivedAt)
            .toList();
    assertThat(franceAt).hasSize(2);
    assertThat(Duration.between(franceAt.get(0), franceAt.get(1)))
        .isGreaterThanOrEqualTo(Duration.ofMillis(950));
    Map<String, JsonNode> byPrompt = itemsByPrompt(runId);
    JsonNode france = byPrompt.get("What is the capital of France?");
    assertThat(france.get("status").asString()).isEqualTo("ok");
    assertThat(france.get("attempts").asInt()).isEqualTo(2);
    assertThat(france.get("exactMatch").asBoolean()).isTrue();
    JsonNode italy = byPrompt.get("What is the capital of Italy?");
    assertThat(italy.get("status").asString()).isEqualTo("rate_limited");
    assertThat(italy.get("httpStatus").asInt()).isEqualTo(429);
    assertThat(italy.get("attempts").asInt()).isEqualTo(1);
    assertThat(italy.get("error").asString()).contains("Retry-After 120 s");
    assertThat(openAi.requests().stream().filter(r -> r.lastUserContent().contains("Italy")))
        .hasSize(1);
    // the failure is listed first in the diff and in the summary's regressions
    assertThat(
            ok(get("/api/replay/runs/" + runId + "/diff"))
                .get("items")
                .get(0)
                .get("status")
                .asString())
        .isEqualTo("rate_limited");
    assertThat(run.get("summary").get("regressions").get(0).get("status").asString())
        .isEqualTo("rate_limited");
  }

  @Test
  void aSlowAnswerIsRecordedAsATimeoutAndTheRestCompletes() throws Exception {
    String setId = captureChatApi("slow");
    openAi.respondWith(
        r ->
            r.lastUserContent().contains("color")
                ? Reply.text("too late").after(Duration.ofSeconds(3))
                : Reply.text(CALLS.get(r.lastUserContent())));
    String runId =
        accepted(post("/api/replay/sets/" + setId + "/runs", "{\"model\": \"gpt-4o-mini\"}"))
            .get("id")
            .asString();
    JsonNode run = awaitFinished(runId);
    assertThat(run.get("status").asString()).isEqualTo("completed");
    assertThat(run.get("progress").get("ok").asInt()).isEqualTo(3);
    assertThat(run.get("summary").get("exactMatchRate").asDouble()).isEqualTo(1.0);
    JsonNode slow = itemsByPrompt(runId).get("Name a primary color.");
    assertThat(slow.get("status").asString()).isEqualTo("timeout");
    assertThat(slow.get("attempts").asInt()).isEqualTo(1); // a timeout is not retried
    assertThat(slow.get("error").asString()).contains("1000 ms");
    assertThat(slow.get("newResponse").isNull()).isTrue();
  }

  @Test
  void aProviderOutageGivesFailedItemsNotAFailedService() throws Exception {
    String setId = captureChatApi("outage");
    // a provider that refuses connections
    JsonNode down =
        awaitFinished(
            accepted(
                    post(
                        "/api/replay/sets/" + setId + "/runs",
                        "{\"provider\": \"down\", \"model\": \"gpt-4o-mini\"}"))
                .get("id")
                .asString());
    assertThat(down.get("status").asString()).isEqualTo("completed");
    assertThat(down.get("progress").get("failed").asInt()).isEqualTo(4);
    assertThat(down.get("summary").get("failedCount").asInt()).isEqualTo(4);
    assertThat(down.get("summary").get("regressionCount").asInt()).isEqualTo(4);
    assertThat(down.get("summary").get("meanSimilarity").isNull()).isTrue();
    // a provider answering 500: retried up to max-attempts, then recorded
    openAi.respondWith(r -> Reply.error(500, "the server had an error"));
    String runId =
        accepted(post("/api/replay/sets/" + setId + "/runs", "{\"model\": \"gpt-4o-mini\"}"))
            .get("id")
            .asString();
    JsonNode failing = awaitFinished(runId);
    assertThat(failing.get("status").asString()).isEqualTo("completed");
    assertThat(failing.get("progress").get("failed").asInt()).isEqualTo(4);
    assertThat(openAi.requests()).hasSize(4 * 3);
    JsonNode item = ok(get("/api/replay/runs/" + runId + "/diff")).get("items").get(0);
    assertThat(item.get("status").asString()).isEqualTo("error");
    assertThat(item.get("httpStatus").asInt()).isEqualTo(500);
    assertThat(item.get("attempts").asInt()).isEqualTo(3);
    assertThat(item.get("error").asString()).contains("the server had an error");
    // the engine is healthy and replays again once the provider is back
    assertThat(ok(get("/actuator/health")).get("status").asString()).isEqualTo("UP");
    openAi.respondWith(FakeLlmProvider::echo);
    JsonNode recovered =
        awaitFinished(
            accepted(post("/api/replay/sets/" + setId + "/runs", "{\"model\": \"gpt-4o-mini\"}"))
                .get("id")
                .asString());
    assertThat(recovered.get("progress").get("ok").asInt()).isEqualTo(4);
  }

  @Test
  void cancellingARunStopsItsCalls() throws Exception {
    String setId = captureChatApi("cancel");
    openAi.respondWith(r -> Reply.text("slow answer").after(Duration.ofMillis(900)));
    String runId =
        accepted(post("/api/replay/sets/" + setId + "/runs", "{\"model\": \"gpt-4o-cancel\"}"))
            .get("id")
            .asString();
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(10))
        .until(() -> openAi.requests().size() >= 1);
    JsonNode cancelled = ok(post("/api/replay/runs/" + runId + "/cancel", ""));
    assertThat(cancelled.get("status").asString()).isEqualTo("cancelled");
    // no more calls than were in flight (concurrency 2), and none after the cancel
    await()
        .during(Duration.ofMillis(1500))
        .atMost(Duration.ofSeconds(3))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> openAi.requests().size() <= 2);
    JsonNode run = ok(get("/api/replay/runs/" + runId));
    assertThat(run.get("status").asString()).isEqualTo("cancelled");
    assertThat(run.get("progress").get("done").asInt()).isLessThan(4);
    assertThat(run.get("progress").get("pending").asInt()).isPositive();
    assertThat(run.get("error").asString()).isEqualTo("cancelled by request");
    // cancelling twice is a conflict
    HttpResponse<String> again = post("/api/replay/runs/" + runId + "/cancel", "");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
  }

  @Test
  void anUnfinishedRunIsResumedWithoutCallingFinishedItemsAgain() throws Exception {
    String setId = captureChatApi("resume");
    String runId =
        accepted(post("/api/replay/sets/" + setId + "/runs", "{\"model\": \"gpt-4o-resume\"}"))
            .get("id")
            .asString();
    awaitFinished(runId);
    // as if the process had died after two items: two results gone, the run still running
    execute("DELETE FROM replay_results WHERE run_id = '" + runId + "' AND position >= 2");
    execute(
        "UPDATE replay_runs SET status = 'running', finished_at = NULL WHERE id = '" + runId + "'");
    openAi.reset();
    openAi.requireApiKey(OPENAI_KEY);

    replay.getBean(RunResumer.class).resumeUnfinished();

    JsonNode run = awaitFinished(runId);
    assertThat(run.get("status").asString()).isEqualTo("completed");
    assertThat(run.get("resumedCount").asInt()).isEqualTo(1);
    assertThat(run.get("progress").get("done").asInt()).isEqualTo(4);
    assertThat(openAi.requests()).hasSize(2);
  }

  @Test
  void providerKeysNeverLeaveTheEngine() throws Exception {
    JsonNode providers = ok(get("/api/replay/providers"));
    assertThat(providers.get("providers").findValuesAsString("name"))
        .contains("openai", "anthropic", "down");
    assertThat(providers.toString()).contains("key configured");
    ok(get("/actuator/health"));
    // a provider quoting the rejected key in its error
    openAi.respondWith(r -> Reply.error(401, "Incorrect API key provided: " + OPENAI_KEY));
    String setId = captureChatApi("keys");
    String runId =
        accepted(post("/api/replay/sets/" + setId + "/runs", "{\"model\": \"gpt-4o-mini\"}"))
            .get("id")
            .asString();
    awaitFinished(runId);
    JsonNode item = ok(get("/api/replay/runs/" + runId + "/diff")).get("items").get(0);
    assertThat(item.get("httpStatus").asInt()).isEqualTo(401);
    assertThat(item.get("attempts").asInt()).isEqualTo(1); // 401 is not retried
    assertThat(item.get("error").asString()).contains("Incorrect API key provided: ***");
    // every response of the engine goes through send(), which asserts no key is in it
  }

  @Test
  void badInputIsA400NamingTheFieldAndUnknownIdsAre404() throws Exception {
    assertProblem(post("/api/replay/sets", "{}"), 400, "name");
    assertProblem(
        post("/api/replay/sets", "{\"name\": \"x\", \"filters\": {\"timeRange\": \"yesterday\"}}"),
        400,
        "filters.timeRange");
    assertProblem(
        post("/api/replay/sets", "{\"name\": \"x\", \"filters\": {\"sampelSize\": 3}}"),
        400,
        "filters.sampelSize");
    assertProblem(
        post("/api/replay/sets", "{\"name\": \"x\", \"filters\": {\"sampleSize\": 0}}"),
        400,
        "filters.sampleSize");
    assertProblem(
        post("/api/replay/sets", "{\"name\": \"x\", \"filters\": {\"sampleSize\": \"many\"}}"),
        400,
        "filters.sampleSize");
    assertProblem(
        post("/api/replay/sets", "{\"name\": \"x\", \"filters\": {\"status\": \"fine\"}}"),
        400,
        "filters.status");
    assertProblem(
        post("/api/replay/sets", "{\"name\": \"x\", \"traceIds\": [\"xyz\"]}"), 400, "traceIds[0]");
    assertProblem(
        post(
            "/api/replay/sets",
            "{\"name\": \"x\", \"filters\": {\"timeRange\": \"1h\", \"from\": \"2026-01-01\"}}"),
        400,
        "filters.timeRange");
    assertProblem(post("/api/replay/sets", "{\"name\": "), 400, null);
    assertThat(
            post(
                    "/api/replay/sets",
                    "{\"name\": \"none\", \"filters\": {\"service\": \"no-such-service\"}}")
                .statusCode())
        .isEqualTo(422);

    String setId = captureChatApi("bad-input");
    String runs = "/api/replay/sets/" + setId + "/runs";
    assertProblem(post(runs, "{\"provider\": \"nope\"}"), 400, "provider");
    assertProblem(post(runs, "{\"temperature\": 5}"), 400, "temperature");
    assertProblem(post(runs, "{\"maxTokens\": 0}"), 400, "maxTokens");
    assertProblem(
        post(runs, "{\"promptTemplate\": \"{prompt} in French\"}"), 400, "promptTemplate");
    assertProblem(post(runs, "{\"scorer\": \"bogus\"}"), 400, "scorer");
    assertProblem(post(runs, "{\"modle\": \"gpt-4o\"}"), 400, "modle");
    assertProblem(get("/api/replay/sets?limit=0"), 400, "limit");
    assertProblem(get("/api/replay/sets?limit=abc"), 400, "limit");

    assertProblem(get("/api/replay/sets/replay_0000000000000000"), 404, null);
    assertProblem(post("/api/replay/sets/replay_0000000000000000/runs", "{}"), 404, null);
    assertProblem(get("/api/replay/runs/run_0000000000000000"), 404, null);
    assertProblem(get("/api/replay/runs/nonsense/diff"), 404, null);
    assertProblem(post("/api/replay/runs/run_0000000000000000/cancel", ""), 404, null);
    assertProblem(get("/replay/replay_0000000000000000/diff"), 404, null);
    assertProblem(get("/api/replay/sets/replay_0000000000000000/runs"), 404, null);
  }

  @Test
  void theShortPathsCaptureReplayWithTheDefaultsAndDiff() throws Exception {
    JsonNode set =
        created(
            post(
                "/replay/capture",
                """
        {"name": "Pre-prompt-change", "filters": {"service": "chat-api", "timeRange": "24h", "sampleSize": 100}}"""));
    String setId = set.get("id").asString();
    assertThat(set.get("itemCount").asInt()).isEqualTo(CALLS.size() + 1); // the failed call too
    assertProblem(post("/replay/run", "{}"), 400, "replaySetId");

    JsonNode started = accepted(post("/replay/run", "{\"replaySetId\": \"" + setId + "\"}"));
    JsonNode run = awaitFinished(started.get("id").asString());
    assertThat(run.get("provider").asString()).isEqualTo("openai"); // the default provider
    assertThat(run.get("progress").get("done").asInt()).isEqualTo(5);
    // no overrides: each call replayed with its own model
    assertThat(openAi.requests())
        .hasSize(5)
        .allSatisfy(r -> assertThat(r.model()).isEqualTo("gpt-4o"));

    JsonNode byRun = ok(get("/replay/" + started.get("id").asString() + "/diff"));
    JsonNode bySet = ok(get("/replay/" + setId + "/diff"));
    assertThat(byRun.get("items")).hasSize(5);
    assertThat(bySet.get("runId").asString()).isEqualTo(started.get("id").asString());
    assertThat(ok(get("/api/replay/sets")).get("sets").findValuesAsString("id")).contains(setId);
  }

  @Test
  void captureByTraceIdsTakesOnlyThoseTracesAndOtherProjectsSeeNothing() throws Exception {
    String trace = traceOfPrompt.get("Translate hello to Spanish.");
    JsonNode set =
        created(
            post(
                "/api/replay/sets",
                "{\"name\": \"one trace\", \"traceIds\": [\"" + trace.toUpperCase() + "\"]}"));
    assertThat(set.get("itemCount").asInt()).isEqualTo(1);
    JsonNode item = set.get("items").get(0);
    assertThat(item.get("traceId").asString()).isEqualTo(trace);
    assertThat(item.get("prompt").asString()).isEqualTo("Translate hello to Spanish.");
    assertThat(item.get("response").asString()).isEqualTo("Hola.");
    assertThat(set.get("filters").get("traceIds").get(0).asString()).isEqualTo(trace);

    // another project sees neither the set nor its runs
    String setId = set.get("id").asString();
    String runId =
        accepted(post("/api/replay/sets/" + setId + "/runs", "{\"model\": \"gpt-4o-mini\"}"))
            .get("id")
            .asString();
    awaitFinished(runId);
    ReplaySetCapture sets = replay.getBean(ReplaySetCapture.class);
    RunResults results = replay.getBean(RunResults.class);
    assertThatThrownBy(() -> sets.find("other-project", setId))
        .isInstanceOf(NotFoundException.class);
    assertThat(sets.list("other-project", 1000)).isEmpty();
    assertThatThrownBy(() -> results.view("other-project", runId))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> results.diff("other-project", runId))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(
            () ->
                replay
                    .getBean(RunLauncher.class)
                    .launch("other-project", setId, RunRequest.defaults()))
        .isInstanceOf(NotFoundException.class);
  }

  // ---------------------------------------------------------------------------------------------
  // helpers

  private static String captureChatApi(String name) throws Exception {
    return created(
            post(
                "/api/replay/sets",
                """
        {"name": "%s", "filters": {"service": "chat-api", "timeRange": "1h", "status": "ok"}}"""
                    .formatted(name)))
        .get("id")
        .asString();
  }

  private static Map<String, JsonNode> itemsByPrompt(String runId) throws Exception {
    Map<String, JsonNode> out = new HashMap<>();
    for (JsonNode item : ok(get("/api/replay/runs/" + runId + "/diff")).get("items")) {
      out.put(item.get("prompt").asString(), item);
    }
    return out;
  }

  private static JsonNode awaitFinished(String runId) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(25))
        .until(
            () -> ok(get("/api/replay/runs/" + runId)),
            run ->
                List.of("completed", "cancelled", "failed").contains(run.get("status").asString()));
  }

  private static void assertProblem(HttpResponse<String> response, int status, String field)
      throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .contains("application/problem+json");
    JsonNode problem = json.readTree(response.body());
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("detail").asString()).isNotBlank();
    if (field != null) {
      assertThat(problem.get("field").asString()).isEqualTo(field);
      assertThat(problem.get("detail").asString()).contains(field.replaceAll("\\[\\d+]$", ""));
    }
  }

  private static JsonNode created(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return json.readTree(response.body());
  }

  private static JsonNode accepted(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    assertThat(response.headers().firstValue("Location")).isPresent();
    return json.readTree(response.body());
  }

  private static JsonNode ok(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json.readTree(response.body());
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).GET().build());
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  private static HttpResponse<String> send(HttpRequest request) throws Exception {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.body())
        .doesNotContain(OPENAI_KEY)
        .doesNotContain(ANTHROPIC_KEY)
        .doesNotContain("SECRET");
    assertThat(response.headers().map().toString()).doesNotContain("SECRET");
    return response;
  }

  private static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + replayPort + path);
  }

  private static org.assertj.core.data.Offset<Double> within4() {
    return org.assertj.core.data.Offset.offset(1e-4);
  }

  private static String[] args(Map<String, Object> props) {
    List<String> args = new ArrayList<>();
    props.forEach((k, v) -> args.add("--" + k + "=" + v));
    return args.toArray(String[]::new);
  }

  private static synchronized Connection db() throws Exception {
    if (db == null) {
      db = TestDatabase.shared().connect();
    }
    return db;
  }

  private static long countRows(String sql) throws Exception {
    try (Statement s = db().createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void execute(String sql) throws Exception {
    try (Statement s = db().createStatement()) {
      s.execute(sql);
    }
  }

  /**
   * Production traffic: four answered gpt-4o calls and one failed one in chat-api, one call in
   * another service, each in its own trace under a non-LLM root span, 800 ms each.
   */
  private static void sendProductionCalls(String endpoint) {
    Map<String, SdkTracerProvider> tracers = new HashMap<>();
    for (String service : List.of("chat-api", "batch-svc")) {
      OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder().setEndpoint(endpoint).build();
      // one batch per service at the flush: a burst of single-span exports overruns the exporter's
      // pool
      tracers.put(
          service,
          SdkTracerProvider.builder()
              .setResource(
                  Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service)))
              .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
              .build());
    }
    Instant base = Instant.now().minusSeconds(60);
    int i = 0;
    for (Map.Entry<String, String> call : CALLS.entrySet()) {
      traceOfPrompt.put(
          call.getKey(),
          llmCall(
              tracers.get("chat-api").get("it"),
              base.plusSeconds(i++),
              call.getKey(),
              call.getValue(),
              false));
    }
    llmCall(tracers.get("chat-api").get("it"), base.plusSeconds(i++), FAILED_PROMPT, null, true);
    llmCall(
        tracers.get("batch-svc").get("it"),
        base.plusSeconds(i),
        "Classify this ticket.",
        "billing",
        false);
    for (SdkTracerProvider provider : tracers.values()) {
      assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
      provider.close();
    }
  }

  private static String llmCall(
      Tracer tracer, Instant start, String prompt, String response, boolean failed) {
    Span root = tracer.spanBuilder("handle_request").setStartTimestamp(start).startSpan();
    String messages =
        json.writeValueAsString(
            List.of(
                Map.of("role", "system", "content", SYSTEM),
                Map.of("role", "user", "content", prompt)));
    var builder =
        tracer
            .spanBuilder("chat gpt-4o")
            .setParent(io.opentelemetry.context.Context.current().with(root))
            .setStartTimestamp(start.plusMillis(10))
            .setAttribute("gen_ai.system", "openai")
            .setAttribute("gen_ai.operation.name", "chat")
            .setAttribute("gen_ai.request.model", "gpt-4o")
            .setAttribute("gen_ai.request.temperature", 0.7)
            .setAttribute("gen_ai.request.max_tokens", 200L)
            .setAttribute("gen_ai.usage.input_tokens", 20L)
            .setAttribute("gen_ai.usage.output_tokens", 8L)
            .setAttribute("gen_ai.input.messages", messages);
    if (response != null) {
      builder.setAttribute(
          "gen_ai.output.messages",
          json.writeValueAsString(List.of(Map.of("role", "assistant", "content", response))));
    }
    Span llm = builder.startSpan();
    if (failed) {
      llm.setStatus(StatusCode.ERROR, "upstream timeout");
    }
    llm.end(start.plusMillis(810));
    root.end(start.plusMillis(900));
    return root.getSpanContext().getTraceId();
  }
}
