package io.lumina.replay.runs;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.replay.ReplayEngineApplication;
import io.lumina.testing.FakeLlmProvider;
import io.lumina.testing.FakeLlmProvider.Reply;
import io.lumina.testing.TestInfra;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two replay engines on one database with a 1 s run lease, against a local fake provider that
 * counts calls: a run started on one is executed there only (the other's resumer looks every half
 * lease and leaves a leased run alone), and when that engine stops mid-run the other takes over and
 * calls only the items without a result.
 */
class TwoEnginesIT {
  private static final int ITEMS = 16;

  private final HttpClient http = HttpClient.newHttpClient();
  private FakeLlmProvider provider;
  private ConfigurableApplicationContext a;
  private ConfigurableApplicationContext b;
  private JdbcTemplate jdbc;

  @BeforeEach
  void start() {
    provider = FakeLlmProvider.start();
    provider.respondWith(r -> Reply.text("answer to " + r.lastUserContent()).after(ms(250)));
    a = engine();
    b = engine();
    jdbc = b.getBean(JdbcTemplate.class); // b outlives a in the takeover test
  }

  @AfterEach
  void stop() {
    for (var c : new ConfigurableApplicationContext[] {a, b}) {
      if (c != null && c.isActive()) {
        c.close();
      }
    }
    provider.close();
  }

  @Test
  void aRunLeasedByALiveEngineIsNeverRunByTheOther() throws Exception {
    String run = startRun(a, set());
    awaitStatus(run, "completed");
    assertThat(callsPerPrompt())
        .hasSize(ITEMS)
        .containsOnlyKeys(prompts())
        .allSatisfy((p, n) -> assertThat(n).as(p).isEqualTo(1L));
    assertThat(
            jdbc.queryForObject(
                "SELECT resumed_count FROM replay_runs WHERE id = ?", Integer.class, run))
        .isZero();
  }

  @Test
  void whenTheEngineStopsMidRunTheOtherResumesOnlyTheItemsWithoutAResult() throws Exception {
    String run = startRun(a, set());
    Instant deadline = Instant.now().plusSeconds(30);
    while (results(run) < 4 && Instant.now().isBefore(deadline)) {
      Thread.sleep(20);
    }
    a.close();
    List<Integer> doneByA =
        jdbc.queryForList(
            "SELECT position FROM replay_results WHERE run_id = ?", Integer.class, run);
    assertThat(doneByA).hasSizeGreaterThanOrEqualTo(4).hasSizeLessThan(ITEMS);

    awaitStatus(run, "completed");
    assertThat(results(run)).isEqualTo(ITEMS);
    Map<String, Long> calls = callsPerPrompt();
    assertThat(calls).containsOnlyKeys(prompts());
    for (int position : doneByA) {
      assertThat(calls.get(prompt(position))).as("item %d had a result", position).isEqualTo(1L);
    }
    assertThat(
            jdbc.queryForObject(
                "SELECT resumed_count FROM replay_runs WHERE id = ?", Integer.class, run))
        .isEqualTo(1);
  }

  private ConfigurableApplicationContext engine() {
    Map<String, Object> p = new HashMap<>(TestInfra.properties());
    p.put("server.port", 0);
    p.put("spring.main.banner-mode", "off");
    p.put("spring.datasource.hikari.maximum-pool-size", 3);
    p.put("spring.datasource.hikari.minimum-idle", 1);
    p.put("lumina.replay.providers.openai.base-url", provider.openAiBaseUrl());
    p.put("lumina.replay.providers.openai.api-key", "sk-test");
    p.put("lumina.outbound.allow", "127.0.0.1"); // the fake provider listens on loopback
    p.put("lumina.replay.concurrency", 2);
    p.put("lumina.replay.call-timeout", "5s");
    p.put("lumina.replay.runs.lease", "1s");
    List<String> args = new ArrayList<>();
    p.forEach((k, v) -> args.add("--" + k + "=" + v));
    return ReplayEngineApplication.builder().run(args.toArray(String[]::new));
  }

  /** A set of {@link #ITEMS} captured calls, written as the capture writes them. */
  private String set() {
    JdbcTemplate db = jdbc;
    String set = "replay_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    db.update(
        "INSERT INTO replay_sets (id, project_id, name, item_count) VALUES (?, 'default', 'two engines', ?)",
        set,
        ITEMS);
    for (int i = 0; i < ITEMS; i++) {
      db.update(
          """
          INSERT INTO replay_items (set_id, position, project_id, trace_id, span_id, service_name, span_name,
            start_time, model, provider, prompt, response, status, latency_ms)
          VALUES (?, ?, 'default', ?, ?, 'svc', 'chat', now(), 'gpt-4o', 'openai', ?, 'old', 'ok', 100)""",
          set,
          i,
          "%032x".formatted(i + 1),
          "%016x".formatted(i + 1),
          prompt(i));
    }
    return set;
  }

  private String startRun(ConfigurableApplicationContext engine, String set) throws Exception {
    int port = Integer.parseInt(engine.getEnvironment().getProperty("local.server.port"));
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/replay/sets/" + set + "/runs"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"provider\": \"openai\", \"model\": \"gpt-4o-mini\", \"scorer\": \"text\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    var m = java.util.regex.Pattern.compile("run_[0-9a-f]{16}").matcher(r.body());
    assertThat(m.find()).isTrue();
    return m.group();
  }

  private void awaitStatus(String run, String status) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline)
        && !status.equals(
            jdbc.queryForObject(
                "SELECT status FROM replay_runs WHERE id = ?", String.class, run))) {
      Thread.sleep(50);
    }
    assertThat(
            jdbc.queryForObject("SELECT status FROM replay_runs WHERE id = ?", String.class, run))
        .isEqualTo(status);
  }

  private int results(String run) {
    return jdbc.queryForObject(
        "SELECT count(*) FROM replay_results WHERE run_id = ?", Integer.class, run);
  }

  private Map<String, Long> callsPerPrompt() {
    return provider.requests().stream()
        .map(FakeLlmProvider.Request::lastUserContent)
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
  }

  private static List<String> prompts() {
    List<String> all = new ArrayList<>();
    for (int i = 0; i < ITEMS; i++) {
      all.add(prompt(i));
    }
    return all;
  }

  private static String prompt(int position) {
    return "question number " + position;
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }
}
