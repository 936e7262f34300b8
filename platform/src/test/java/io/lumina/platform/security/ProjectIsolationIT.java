package io.lumina.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lumina.platform.LuminaPlatform;
import io.lumina.platform.LuminaPlatform.Service;
import io.lumina.query.search.FilterParser;
import io.lumina.security.ApiKeys;
import io.lumina.testing.TestDatabase;
import io.lumina.testing.TestInfra;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Project isolation (docs/security.md) end to end, with authentication on ({@code
 * lumina.security.admin-key}): two projects, A and B, each with ingest, read and admin keys and
 * data sent through ingestion. A's keys must see nothing of B through any GET endpoint of the query
 * API and the replay engine (enumerated from the running services, so endpoints added later are
 * covered too), change nothing of B's, and the roles, revocation, injection corpus and log hygiene
 * hold.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProjectIsolationIT {
  private static final String RUN = HexFormat.of().formatHex(randomBytes(4));
  private static final String PLATFORM_ADMIN_KEY = ApiKeys.generate();
  private static final Pattern PATH_VARIABLE = Pattern.compile("\\{([^}:]+)(:[^}]*)?}");

  private static CapturedOutput output;
  private static TestDatabase db;
  private static LuminaPlatform backend;
  private static LuminaPlatform dashboard;
  private static int dashboardPort;
  private static final String ALICE_PASSWORD = "alice-" + UUID.randomUUID();
  private static final String SCRIPT_PROMPT = "<script>alert('lumina-xss')</script>";
  private static String scriptTraceId;
  private static int ingestPort;
  private static int queryPort;
  private static int replayPort;
  private static final Fixture a = new Fixture("a", RUN);
  private static final Fixture b = new Fixture("b", RUN);

  /** Every secret this run created or configured: none may appear in a log. */
  private static final Set<String> secrets = new LinkedHashSet<>();

  @BeforeAll
  static void start() throws Exception {
    output = CapturedOutput.install();
    db = TestDatabase.createPrivate("sec");
    backend =
        LuminaPlatform.start(
            List.of(Service.INGESTION, Service.WORKER, Service.QUERY_API, Service.REPLAY_ENGINE),
            properties(
                db,
                RUN,
                Map.of(
                    "lumina.security.admin-key",
                    PLATFORM_ADMIN_KEY,
                    "lumina.security.key-cache-ttl",
                    "1s")));
    ingestPort = backend.port(Service.INGESTION);
    queryPort = backend.port(Service.QUERY_API);
    replayPort = backend.port(Service.REPLAY_ENGINE);
    secrets.add(PLATFORM_ADMIN_KEY);

    for (Fixture f : List.of(a, b)) {
      f.createKeys(queryPort, PLATFORM_ADMIN_KEY);
      secrets.addAll(List.of(f.ingestKey, f.readKey, f.adminKey));
      send(f, f.trace(f.promptMarker, Map.of()));
    }
    for (Fixture f : List.of(a, b)) {
      awaitTrace(f, f.traceId);
    }
    seedAlertsAndReplay(b);
    seedAlertsAndReplay(a);

    send(
        a,
        a.trace(
            SCRIPT_PROMPT,
            Map.of(
                "<img src=x onerror=alert('key')>",
                "\"><svg onload=alert('value')>",
                "note",
                "</textarea><script>alert('attr')</script>")));
    scriptTraceId = a.lastTraceId;
    awaitTrace(a, scriptTraceId);

    secrets.add(ALICE_PASSWORD);
    Map<String, Object> dashboardProperties =
        new HashMap<>(properties(db, RUN, Map.of("lumina.security.admin-key", PLATFORM_ADMIN_KEY)));
    dashboardProperties.put("lumina.dashboard.query-api-url", "http://127.0.0.1:" + queryPort);
    dashboardProperties.put("lumina.dashboard.replay-engine-url", "http://127.0.0.1:" + replayPort);
    dashboardProperties.put(
        "lumina.dashboard.security.users",
        "alice:" + io.lumina.security.PasswordHashes.hash(ALICE_PASSWORD) + ":" + a.readKey);
    dashboard = LuminaPlatform.start(List.of(Service.DASHBOARD), dashboardProperties);
    dashboardPort = dashboard.port(Service.DASHBOARD);
  }

  @AfterAll
  static void stop() {
    try {
      if (dashboard != null) {
        dashboard.close();
      }
      if (backend != null) {
        backend.close();
      }
    } finally {
      if (output != null) {
        output.close();
      }
      if (db != null) {
        db.close();
      }
    }
  }

  static Map<String, Object> properties(TestDatabase db, String run, Map<String, Object> extra) {
    Map<String, Object> p = new HashMap<>(TestInfra.properties());
    p.put("spring.datasource.url", db.jdbcUrl());
    p.put("spring.datasource.username", db.user());
    p.put("spring.datasource.password", db.password());
    // a stream of its own: nothing of other test classes arrives in this database
    p.put("lumina.nats.prefix", p.get("lumina.nats.prefix") + "sec" + run + "_");
    p.put("server.port", 0);
    p.put("lumina.ingestion.otlp-port", -1);
    p.put("lumina.ingestion.grpc-port", -1);
    p.put("lumina.ingestion.daily-trace-limit", 0);
    // the machine's PostgreSQL is shared by every engineer's tests: small pools
    p.put("spring.datasource.hikari.maximum-pool-size", 3);
    p.put("spring.datasource.hikari.minimum-idle", 1);
    p.putAll(extra);
    return p;
  }

  // ---------------------------------------------------------------------------------------------------

  @Test
  @Order(1)
  void aKeyOfProjectASeesNothingOfProjectBThroughAnyGetEndpoint() {
    List<String> violations = new ArrayList<>();
    List<String> revealedToB = new ArrayList<>();
    int calls = 0;
    for (Service service : List.of(Service.QUERY_API, Service.REPLAY_ENGINE)) {
      for (String path : getEndpoints(service)) {
        for (String concrete : expand(path, b)) {
          for (String query : queries()) {
            calls++;
            Http.Response asA = Http.get(backend.port(service), concrete + query, a.readKey);
            if (asA.status() >= 500) {
              violations.add(service + " " + concrete + query + " -> " + asA.status());
            }
            boolean namesB = b.markers().stream().anyMatch(concrete::contains);
            if (namesB && asA.status() < 400) {
              violations.add(
                  service + " " + concrete + query + " answers " + asA.status() + " for B's id");
            }
            // an id the caller sent may be echoed in a 404 ("no trace <id>"): that reveals nothing
            for (String marker : b.markers()) {
              if (!concrete.contains(marker) && asA.body().contains(marker)) {
                violations.add(
                    service + " " + concrete + query + " leaks " + marker + " to project A");
              }
            }
            Http.Response asB = Http.get(backend.port(service), concrete + query, b.readKey);
            if (b.markers().stream().anyMatch(asB.body()::contains)) {
              revealedToB.add(path);
            }
          }
        }
      }
    }
    System.out.println("cross-project GET calls checked: " + calls);
    assertThat(violations).isEmpty();
    // the check is not vacuous: the same calls with B's own key do show B's data
    assertThat(revealedToB)
        .contains(
            "/api/traces",
            "/api/traces/{traceId}",
            "/api/traces/{traceId}/spans/{spanId}",
            "/api/alerts",
            "/api/alert-rules",
            "/api/replay/sets/{setId}");
  }

  @Test
  @Order(1)
  void oneSpanOfProjectBIsNotFoundWithAKeyOfProjectAWhateverTheTraceIdSaid() {
    String own = "/api/traces/" + b.traceId + "/spans/" + b.spanId;
    Http.Response asB = Http.get(queryPort, own, b.readKey);
    assertThat(asB.status()).as(asB.body()).isEqualTo(200);
    assertThat(asB.body()).contains(b.promptMarker);
    for (String path : List.of(own, "/api/traces/" + a.traceId + "/spans/" + b.spanId)) {
      Http.Response asA = Http.get(queryPort, path, a.readKey);
      assertThat(asA.status()).as(path + ": " + asA.body()).isEqualTo(404);
      assertThat(asA.body()).doesNotContain(b.promptMarker);
    }
  }

  @Test
  @Order(2)
  void aKeyOfProjectACannotChangeProjectBsAlertsRulesWebhooksOrReplays() throws Exception {
    List<String> refused =
        List.of(
            "POST /api/alerts/" + b.alertId + "/acknowledge",
            "POST /api/alerts/" + b.alertId + "/resolve",
            "DELETE /api/alert-rules/" + b.ruleId,
            "DELETE /api/webhooks/" + b.webhookId);
    for (String call : refused) {
      String[] parts = call.split(" ");
      Http.Response r = Http.send(queryPort, parts[0], parts[1], null, a.adminKey);
      assertThat(r.status()).as(call + ": " + r.body()).isBetween(400, 499);
    }
    Http.Response put =
        Http.send(
            queryPort,
            "PUT",
            "/api/alert-rules/" + b.ruleId,
            "{\"service\":\"x\",\"kind\":\"cost_spike\",\"threshold\":5,\"window\":\"1h\"}",
            a.adminKey);
    assertThat(put.status()).as(put.body()).isBetween(400, 499);
    Http.Response run =
        Http.send(
            replayPort,
            "POST",
            "/api/replay/sets/" + b.setId + "/runs",
            "{\"provider\":\"openai\",\"model\":\"gpt-4o-mini\"}",
            a.adminKey);
    assertThat(run.status()).as(run.body()).isBetween(400, 499);
    Http.Response cancel =
        Http.send(replayPort, "POST", "/api/replay/runs/" + b.runId + "/cancel", null, a.adminKey);
    assertThat(cancel.status()).as(cancel.body()).isBetween(400, 499);

    // capturing B's trace into a set of A's copies nothing of B
    Http.Response steal =
        Http.send(
            replayPort,
            "POST",
            "/api/replay/sets",
            "{\"name\":\"steal\",\"traceIds\":[\"" + b.traceId + "\"]}",
            a.adminKey);
    assertThat(steal.status()).as(steal.body()).isLessThan(500);
    assertThat(steal.body()).doesNotContain(b.promptMarker);

    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      assertThat(scalar(s, "SELECT status FROM alerts WHERE id = '" + b.alertId + "'"))
          .isEqualTo("firing");
      assertThat(scalar(s, "SELECT count(*) FROM alert_rules WHERE id = '" + b.ruleId + "'"))
          .isEqualTo("1");
      assertThat(
              scalar(
                  s, "SELECT count(*) FROM notification_channels WHERE id = '" + b.webhookId + "'"))
          .isEqualTo("1");
      assertThat(scalar(s, "SELECT count(*) FROM replay_runs WHERE set_id = '" + b.setId + "'"))
          .isEqualTo("1");
      assertThat(scalar(s, "SELECT status FROM replay_runs WHERE id = '" + b.runId + "'"))
          .isEqualTo("completed");
      assertThat(
              scalar(
                  s,
                  "SELECT count(*) FROM replay_items WHERE project_id = '"
                      + a.project
                      + "' AND (trace_id = '"
                      + b.traceId
                      + "' OR prompt LIKE '%"
                      + b.promptMarker
                      + "%')"))
          .isEqualTo("0");
    }
  }

  @Test
  @Order(3)
  void adminKeysManageOnlyTheirOwnProject() {
    assertThat(
            Http.send(
                    queryPort,
                    "POST",
                    "/api/admin/projects",
                    "{\"id\":\"sneaky-" + RUN + "\"}",
                    a.adminKey)
                .status())
        .as("only the platform admin creates projects")
        .isEqualTo(403);
    assertThat(
            Http.get(queryPort, "/api/admin/projects/" + b.project + "/keys", a.adminKey).status())
        .isEqualTo(403);
    assertThat(
            Http.send(
                    queryPort,
                    "POST",
                    "/api/admin/projects/" + b.project + "/keys",
                    "{\"role\":\"admin\"}",
                    a.adminKey)
                .status())
        .isEqualTo(403);
    assertThat(
            Http.send(queryPort, "DELETE", "/api/admin/keys/" + b.readKeyId, null, a.adminKey)
                .status())
        .as("another project's key is not found")
        .isEqualTo(404);
    assertThat(Http.get(queryPort, "/api/traces", b.readKey).status())
        .as("B's key still works")
        .isEqualTo(200);

    Http.Response projects = Http.get(queryPort, "/api/admin/projects", a.adminKey);
    assertThat(projects.status()).isEqualTo(200);
    assertThat(projects.json().findValuesAsString("id")).containsExactly(a.project);
    Http.Response all = Http.get(queryPort, "/api/admin/projects", PLATFORM_ADMIN_KEY);
    assertThat(all.json().findValuesAsString("id")).contains("default", a.project, b.project);

    Http.Response keys =
        Http.get(queryPort, "/api/admin/projects/" + a.project + "/keys", a.adminKey);
    assertThat(keys.status()).isEqualTo(200);
    assertThat(keys.json().findValuesAsString("role")).contains("ingest", "read", "admin");
    for (String secret : List.of(a.ingestKey, a.readKey, a.adminKey)) {
      assertThat(keys.body())
          .doesNotContain(secret)
          .doesNotContain(HexFormat.of().formatHex(ApiKeys.hash(secret)))
          .doesNotContain(java.util.Base64.getEncoder().encodeToString(ApiKeys.hash(secret)))
          .contains(ApiKeys.displayPrefix(secret));
    }
    Http.Response bad =
        Http.send(
            queryPort,
            "POST",
            "/api/admin/projects/" + a.project + "/keys",
            "{\"role\":\"root\"}",
            a.adminKey);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(
            Http.send(
                    queryPort,
                    "POST",
                    "/api/admin/projects",
                    "{\"id\":\"Bad Id; DROP\"}",
                    PLATFORM_ADMIN_KEY)
                .status())
        .isEqualTo(400);
    assertThat(
            Http.send(queryPort, "DELETE", "/api/admin/keys/not-a-uuid", null, PLATFORM_ADMIN_KEY)
                .status())
        .isEqualTo(400);
  }

  @Test
  @Order(4)
  void ingestOnlyKeysCannotReadAndReadKeysCannotWriteOrIngest() {
    List<String> readable = new ArrayList<>();
    for (Service service : List.of(Service.QUERY_API, Service.REPLAY_ENGINE)) {
      for (String path : getEndpoints(service)) {
        for (String concrete : expand(path, a)) {
          if (concrete.equals("/api/auth/whoami")) {
            // any key may ask who it is; the answer is its own identity, not project data
            assertThat(Http.get(queryPort, concrete, a.ingestKey).json().get("role").asString())
                .isEqualTo("ingest");
            continue;
          }
          Http.Response r = Http.get(backend.port(service), concrete, a.ingestKey);
          if (r.status() != 403) {
            readable.add(service + " " + concrete + " -> " + r.status());
          }
          assertThat(r.body()).doesNotContain(a.promptMarker);
        }
      }
    }
    assertThat(readable).as("ingest keys read nothing").isEmpty();

    Http.Response ingestWithRead =
        Http.postBytes(
            ingestPort,
            "/v1/traces",
            a.trace("x", Map.of()).toByteArray(),
            "application/x-protobuf",
            a.readKey);
    assertThat(ingestWithRead.status()).isEqualTo(403);
    Http.Response jsonRefusal = Http.send(ingestPort, "POST", "/v1/traces", "{}", a.readKey);
    assertThat(jsonRefusal.status()).isEqualTo(403);
    assertThat(jsonRefusal.json().get("code").asInt())
        .as("google.rpc.Status PERMISSION_DENIED")
        .isEqualTo(7);

    assertThat(Http.send(queryPort, "POST", "/api/alert-rules", "{}", a.readKey).status())
        .isEqualTo(403);
    assertThat(Http.send(queryPort, "PUT", "/api/pricing", "{}", a.readKey).status())
        .isEqualTo(403);
    assertThat(
            Http.send(
                    queryPort,
                    "POST",
                    "/api/admin/projects/" + a.project + "/keys",
                    "{\"role\":\"admin\"}",
                    a.readKey)
                .status())
        .isEqualTo(403);
    assertThat(
            Http.send(replayPort, "POST", "/api/replay/sets", "{\"name\":\"x\"}", a.readKey)
                .status())
        .isEqualTo(403);

    Http.Response none = Http.get(queryPort, "/api/traces", null);
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.raw().headers().firstValue("WWW-Authenticate"))
        .contains("Bearer realm=\"lumina\"");
    assertThat(none.raw().headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    assertThat(Http.get(replayPort, "/api/replay/sets", null).status()).isEqualTo(401);
    assertThat(Http.send(ingestPort, "POST", "/v1/traces", "{}", null).status()).isEqualTo(401);
    assertThat(Http.get(queryPort, "/api/traces", "lum_" + "x".repeat(43)).status()).isEqualTo(401);
    assertThat(Http.send(queryPort, "GET", "/api/traces", null, a.readKey, true).status())
        .as("x-api-key works too")
        .isEqualTo(200);

    // a webhook URL's token is for admins: a read key sees scheme and host only
    Http.Response hook =
        Http.send(
            queryPort,
            "POST",
            "/api/webhooks",
            "{\"name\":\"tokened\",\"url\":\"https://hooks.example.org/in/t0ken-in-path?sig=abc\"}",
            a.adminKey);
    assertThat(hook.status()).isEqualTo(201);
    String hookPath = "/api/webhooks/" + hook.json().get("id").asText();
    assertThat(Http.get(queryPort, hookPath, a.adminKey).json().get("url").asText())
        .isEqualTo("https://hooks.example.org/in/t0ken-in-path?sig=abc");
    assertThat(Http.get(queryPort, hookPath, a.readKey).json().get("url").asText())
        .isEqualTo("https://hooks.example.org/…");
    assertThat(Http.get(queryPort, "/api/webhooks", a.readKey).body()).doesNotContain("t0ken");
    assertThat(Http.send(queryPort, "DELETE", hookPath, null, a.adminKey).status()).isEqualTo(204);

    int workerPort = backend.port(Service.WORKER);
    for (int port : List.of(ingestPort, workerPort, queryPort, replayPort, dashboardPort)) {
      assertThat(Http.get(port, "/actuator/health", null).status()).isEqualTo(200);
      Http.Response anonymous = Http.get(port, "/actuator/prometheus", null);
      assertThat(anonymous.status()).as("port %d", port).isEqualTo(401);
      assertThat(anonymous.raw().headers().firstValue("WWW-Authenticate"))
          .contains("Bearer realm=\"lumina\"");
      assertThat(Http.get(port, "/actuator/metrics", null).status()).isEqualTo(401);
      assertThat(Http.get(port, "/actuator/prometheus", a.adminKey).status())
          .as("metrics span projects: a project's key is not enough (port %d)", port)
          .isEqualTo(403);
      assertThat(Http.get(port, "/actuator/prometheus", PLATFORM_ADMIN_KEY).status())
          .as("port %d", port)
          .isEqualTo(200);
    }
    assertThat(Http.get(workerPort, "/actuator/prometheus", PLATFORM_ADMIN_KEY).body())
        .contains("lumina_worker_spans_stored_total");
  }

  @Test
  @Order(5)
  void aRevokedKeyIsRefusedWithinSeconds() {
    Map<String, String> read = a.issue(queryPort, PLATFORM_ADMIN_KEY, "read");
    Map<String, String> ingest = a.issue(queryPort, PLATFORM_ADMIN_KEY, "ingest");
    secrets.add(read.get("key"));
    secrets.add(ingest.get("key"));
    byte[] body = a.trace("revocation", Map.of()).toByteArray();
    String revocationTrace = a.lastTraceId;
    assertThat(Http.get(queryPort, "/api/traces", read.get("key")).status()).isEqualTo(200);
    assertThat(Http.get(replayPort, "/api/replay/sets", read.get("key")).status()).isEqualTo(200);
    assertThat(
            Http.postBytes(
                    ingestPort, "/v1/traces", body, "application/x-protobuf", ingest.get("key"))
                .status())
        .isEqualTo(200);

    long revokedAt = System.nanoTime();
    for (Map<String, String> key : List.of(read, ingest)) {
      assertThat(
              Http.send(queryPort, "DELETE", "/api/admin/keys/" + key.get("id"), null, a.adminKey)
                  .status())
          .isEqualTo(204);
    }
    assertThat(Http.get(queryPort, "/api/traces", read.get("key")).status())
        .as("at once where revoked")
        .isEqualTo(401);
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(
            () -> {
              assertThat(Http.get(replayPort, "/api/replay/sets", read.get("key")).status())
                  .isEqualTo(401);
              assertThat(
                      Http.postBytes(
                              ingestPort,
                              "/v1/traces",
                              body,
                              "application/x-protobuf",
                              ingest.get("key"))
                          .status())
                  .isEqualTo(401);
            });
    System.out.printf(
        "revoked keys refused everywhere after %d ms (key cache TTL 1s)%n",
        (System.nanoTime() - revokedAt) / 1_000_000);
    Http.Response listed =
        Http.get(queryPort, "/api/admin/projects/" + a.project + "/keys", a.adminKey);
    assertThat(listed.body()).contains(read.get("id"));
    assertThat(listed.json().findValues("revokedAt").stream().filter(n -> !n.isNull()).count())
        .isEqualTo(2);
    awaitTrace(a, revocationTrace); // stored before the next test counts rows
  }

  @Test
  @Order(6)
  void injectionStringsInEveryFilterChangeNothingAndLeakNothing() throws Exception {
    List<String> corpus =
        List.of(
            "' OR '1'='1",
            "'; DROP TABLE spans; --",
            "1) OR 1=1 --",
            "\" OR \"\"=\"",
            "'; SELECT pg_sleep(10); --",
            "%' OR project_id LIKE '%",
            b.project,
            "' UNION SELECT key_hash FROM api_keys --",
            "$$ OR true $$",
            "\\'",
            "a\u0000b",
            "{\"$gt\": \"\"}",
            "1e309",
            "-1",
            "../../etc/passwd");
    // every list filter (a new one is covered without listing it here), the analytics parameters
    List<String> params = new ArrayList<>(FilterParser.PARAMETERS);
    params.addAll(List.of("groupBy", "interval", "attr.gen_ai.system", "attr.x' OR '1'='1"));
    List<String> endpoints =
        List.of(
            "/api/traces",
            "/api/spans",
            "/api/analytics/cost",
            "/api/analytics/latency",
            "/api/analytics/tokens",
            "/api/export/traces");
    Map<String, String> before = tableCounts();
    List<String> problems = new ArrayList<>();
    int calls = 0;
    for (String endpoint : endpoints) {
      for (String param : params) {
        for (String value : corpus) {
          calls++;
          String url =
              endpoint
                  + "?"
                  + enc(param)
                  + "="
                  + enc(value)
                  + (endpoint.startsWith("/api/export") && !param.equals("before")
                      ? "&before=" + (Instant.now().getEpochSecond() + 86400)
                      : "");
          long started = System.nanoTime();
          Http.Response r = Http.get(queryPort, url, a.readKey);
          long ms = (System.nanoTime() - started) / 1_000_000;
          if (r.status() >= 500) {
            problems.add(url + " -> " + r.status());
          }
          if (ms > 8_000) {
            problems.add(url + " took " + ms + " ms (pg_sleep executed?)");
          }
          String lower = r.body().toLowerCase();
          for (String leak :
              List.of("psqlexception", "syntax error", "org.postgresql", "sqlstate", "key_hash")) {
            if (lower.contains(leak)
                && !(leak.equals("key_hash") && value.contains("key_hash") && r.status() == 400)) {
              problems.add(url + " answer mentions " + leak);
            }
          }
          for (String marker : b.markers()) {
            if (r.body().contains(marker)) {
              problems.add(url + " leaks " + marker);
            }
          }
        }
      }
    }
    System.out.println("injection calls checked: " + calls);
    assertThat(problems).isEmpty();
    assertThat(tableCounts()).isEqualTo(before);
  }

  @Test
  @Order(7)
  void theLoginNeverRedirectsOffTheDashboard() {
    String self = "http://127.0.0.1:" + dashboardPort;
    List<String> corpus =
        List.of(
            "/%09/evil.com",
            "//evil.com",
            "/\\evil.com",
            "https://evil.com",
            "javascript:alert(document.cookie)",
            "/%2F%2Fevil.com",
            "/%0d%0a/evil.com");
    for (String next : corpus) {
      // the form carries the sanitized value into the POST
      String form = new DashboardSession(dashboardPort).get("/login?form&next=" + enc(next)).body();
      assertThat(form).as(next).contains("name=\"next\" value=\"/\"");
    }
    DashboardSession browser = new DashboardSession(dashboardPort);
    String token = browser.csrfToken();
    java.net.http.HttpResponse<String> login =
        browser.post(
            "/login",
            "username=alice&password="
                + enc(ALICE_PASSWORD)
                + "&next="
                + enc("/%09/evil.com")
                + "&_csrf="
                + token,
            self);
    assertThat(login.statusCode()).as(login.body()).isEqualTo(303);
    assertThat(login.headers().firstValue("Location")).hasValue("/");
  }

  @Test
  @Order(7)
  void theDashboardNeedsALoginAndShowsOnlyTheSessionsProject() {
    DashboardSession browser = new DashboardSession(dashboardPort);
    String self = "http://127.0.0.1:" + dashboardPort;
    java.net.http.HttpResponse<String> home = browser.get("/traces");
    assertThat(home.statusCode()).isEqualTo(302);
    assertThat(home.headers().firstValue("Location"))
        .hasValueSatisfying(v -> assertThat(v).contains("/login"));
    assertThat(browser.get("/css/lumina.css").statusCode())
        .as("static assets need no login")
        .isEqualTo(200);
    assertThat(browser.get("/actuator/health").statusCode()).isEqualTo(200);

    String token = browser.csrfToken();
    assertThat(
            browser
                .post("/login", "username=alice&password=wrong&_csrf=" + token, self)
                .statusCode())
        .isEqualTo(401);
    assertThat(
            browser.post("/login", "username=nobody&password=x&_csrf=" + token, self).statusCode())
        .isEqualTo(401);
    assertThat(
            browser
                .post("/login", "username=alice&password=" + enc(ALICE_PASSWORD), self)
                .headers()
                .firstValue("Location"))
        .as("no CSRF token: the form is refused")
        .hasValueSatisfying(v -> assertThat(v).contains("/login?expired"));

    java.net.http.HttpResponse<String> login =
        browser.post(
            "/login",
            "username=alice&password=" + enc(ALICE_PASSWORD) + "&next=%2Ftraces&_csrf=" + token,
            self);
    assertThat(login.statusCode()).as(login.body()).isEqualTo(303);
    assertThat(login.headers().firstValue("Location")).contains("/traces");
    String cookie = String.join("; ", login.headers().allValues("Set-Cookie"));
    assertThat(cookie)
        .contains("JSESSIONID")
        .containsIgnoringCase("HttpOnly")
        .containsIgnoringCase("SameSite=Lax");

    java.net.http.HttpResponse<String> traces = browser.get("/traces");
    assertThat(traces.statusCode()).isEqualTo(200);
    assertThat(traces.body()).contains(a.service);
    String bTrace = browser.get("/traces/" + b.traceId).body();
    String alerts = browser.get("/alerts").body();
    String replay = browser.get("/replay").body();
    for (String marker : b.markers()) {
      assertThat(traces.body()).doesNotContain(marker);
      if (!marker.equals(b.traceId)) { // the requested id may be echoed in the not-found page
        assertThat(bTrace).doesNotContain(marker);
      }
      assertThat(alerts).doesNotContain(marker);
      assertThat(replay).doesNotContain(marker);
    }
    assertThat(bTrace).doesNotContain(b.promptMarker).doesNotContain(b.service);

    String sessionToken = browser.csrfToken();
    assertThat(sessionToken).as("a new token after login").isNotEqualTo(token);
    assertThat(browser.post("/logout", "", self).statusCode()).as("no token").isEqualTo(403);
    assertThat(browser.post("/logout", "_csrf=" + token, self).statusCode())
        .as("the pre-login token")
        .isEqualTo(403);
    assertThat(
            browser.post("/logout", "_csrf=" + sessionToken, "https://evil.example").statusCode())
        .as("cross-site")
        .isEqualTo(403);
    assertThat(browser.get("/traces").statusCode()).as("still logged in").isEqualTo(200);
    assertThat(browser.post("/logout", "_csrf=" + sessionToken, self).statusCode()).isEqualTo(303);
    assertThat(browser.get("/traces").statusCode()).as("logged out").isEqualTo(302);
  }

  @Test
  @Order(8)
  void theDashboardAcceptsReadKeysAtLoginButNotIngestKeys() {
    String self = "http://127.0.0.1:" + dashboardPort;
    DashboardSession browser = new DashboardSession(dashboardPort);
    String token = browser.csrfToken();
    java.net.http.HttpResponse<String> ingest =
        browser.post("/login", "apiKey=" + enc(b.ingestKey) + "&_csrf=" + token, self);
    assertThat(ingest.statusCode()).isEqualTo(401);
    assertThat(ingest.body()).contains("ingest-only").doesNotContain(b.ingestKey);
    assertThat(browser.post("/login", "apiKey=lum_nope&_csrf=" + token, self).statusCode())
        .isEqualTo(401);
    java.net.http.HttpResponse<String> ok =
        browser.post("/login", "apiKey=" + enc(b.readKey) + "&_csrf=" + token, self);
    assertThat(ok.statusCode()).isEqualTo(303);
    String page = browser.get("/traces").body();
    assertThat(page).contains(b.service).doesNotContain(a.service);
  }

  @Test
  @Order(9)
  void scriptPayloadsInPromptsAndAttributesAreRenderedAsText() {
    String self = "http://127.0.0.1:" + dashboardPort;
    DashboardSession browser = new DashboardSession(dashboardPort);
    String token = browser.csrfToken();
    assertThat(
            browser
                .post("/login", "apiKey=" + enc(a.readKey) + "&_csrf=" + token, self)
                .statusCode())
        .isEqualTo(303);
    Http.Response trace = Http.get(queryPort, "/api/traces/" + scriptTraceId, a.readKey);
    assertThat(trace.body()).as("the API returns the payload as data").contains("lumina-xss");
    StringBuilder html = new StringBuilder(browser.get("/traces/" + scriptTraceId).body());
    for (String spanId : trace.json().findValuesAsString("spanId")) {
      html.append(browser.get("/traces/" + scriptTraceId + "/spans/" + spanId).body());
    }
    String all = html.toString();
    assertThat(all).as("the payload is on the page").contains("lumina-xss");
    assertThat(all)
        .doesNotContain("<script>alert(")
        .doesNotContain("<img src=x onerror")
        .doesNotContain("<svg onload")
        .doesNotContain("</textarea><script>");
    assertThat(all).contains("&lt;script&gt;alert(");
  }

  @Test
  @Order(100)
  void noSecretAppearsInAnyLog() {
    String logs = output.text();
    assertThat(logs).as("the capture works").contains("started");
    for (String secret : secrets) {
      assertThat(logs).as("a key in the logs").doesNotContain(secret);
      assertThat(logs).doesNotContain(secret.substring(ApiKeys.DISPLAY_PREFIX_LENGTH));
    }
    assertThat(secrets).hasSizeGreaterThanOrEqualTo(9);
  }

  // ---------------------------------------------------------------------------------------------------

  /**
   * GET (or any-method) request mappings of a running service, minus framework documentation pages.
   */
  static List<String> getEndpoints(Service service) {
    ConfigurableApplicationContext context = backend.context(service);
    RequestMappingHandlerMapping mapping =
        context.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
    Set<String> paths = new java.util.TreeSet<>();
    for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
      Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
      if (!methods.isEmpty() && !methods.contains(RequestMethod.GET)) {
        continue;
      }
      for (String pattern : info.getPatternValues()) {
        if (pattern.startsWith("/error")
            || pattern.startsWith("/v3/api-docs")
            || pattern.startsWith("/swagger-ui")) {
          continue;
        }
        paths.add(pattern);
      }
    }
    assertThat(paths).isNotEmpty();
    return List.copyOf(paths);
  }

  /** The path with its variables set to the given project's ids; every variable must be known. */
  static List<String> expand(String pattern, Fixture f) {
    List<String> out = new ArrayList<>();
    List<String> candidates = new ArrayList<>();
    Matcher m = PATH_VARIABLE.matcher(pattern);
    if (!m.find()) {
      return List.of(pattern);
    }
    String name = m.group(1);
    switch (name) {
      case "projectId" -> candidates.add(f.project);
      case "traceId" -> candidates.add(f.traceId);
      case "spanId" -> candidates.add(f.spanId);
      case "setId" -> candidates.add(f.setId);
      case "runId" -> candidates.add(f.runId);
      case "id", "alertId", "ruleId", "webhookId" -> {
        if (pattern.contains("/reprice/jobs")) {
          candidates.add(f.repriceJobId);
        } else if (pattern.contains("/alert-rules")) {
          candidates.add(f.ruleId);
        } else if (pattern.contains("/alerts")) {
          candidates.add(f.alertId);
        } else if (pattern.contains("/webhooks")) {
          candidates.add(f.webhookId);
        } else if (pattern.contains("/replay")) {
          candidates.add(f.setId);
          candidates.add(f.runId);
        }
      }
      default -> {}
    }
    assertThat(candidates)
        .as(
            "a value for {"
                + name
                + "} in "
                + pattern
                + ": a new endpoint? give it project data in ProjectIsolationIT")
        .isNotEmpty();
    for (String value : candidates) {
      out.addAll(expand(pattern.substring(0, m.start()) + value + pattern.substring(m.end()), f));
    }
    return out;
  }

  static List<String> queries() {
    Instant now = Instant.now();
    return List.of(
        "",
        "?from="
            + now.minus(Duration.ofDays(6))
            + "&to="
            + now.plus(Duration.ofDays(1))
            + "&before="
            + (now.getEpochSecond() + 86_400)
            + "&limit=1000");
  }

  private static void send(
      Fixture f, io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest request) {
    Http.Response r =
        Http.postBytes(
            ingestPort, "/v1/traces", request.toByteArray(), "application/x-protobuf", f.ingestKey);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  static void awaitTrace(Fixture f, String traceId) {
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> Http.get(queryPort, "/api/traces/" + traceId, f.readKey).status() == 200);
  }

  /**
   * Alert rule, firing alert, webhook (as the worker and the API write them), a finished re-pricing
   * job, and a replay set and run.
   */
  private static void seedAlertsAndReplay(Fixture f) throws Exception {
    f.ruleId = "rule_" + hex(8);
    f.alertId = "alert_" + hex(8);
    f.webhookId = "wh_" + hex(8);
    f.repriceJobId = "rpj_" + hex(8);
    try (Connection c = db.connect()) {
      try (PreparedStatement ps =
          c.prepareStatement(
              """
          INSERT INTO reprice_jobs (id, project_id, range_from, range_to, chunk_seconds, status,
            chunks_total, chunks_done, created_at, finished_at)
          VALUES (?, ?, now() - interval '1 day', now(), 3600, 'succeeded', 24, 24, now(), now())""")) {
        ps.setString(1, f.repriceJobId);
        ps.setString(2, f.project);
        ps.executeUpdate();
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              """
          INSERT INTO alert_rules (id, project_id, service_name, kind, threshold, window_seconds)
          VALUES (?, ?, ?, 'cost_spike', 2.0, 3600)""")) {
        ps.setString(1, f.ruleId);
        ps.setString(2, f.project);
        ps.setString(3, f.service);
        ps.executeUpdate();
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              """
          INSERT INTO alerts (id, project_id, rule_id, kind, service_name, status, baseline, current, change_pct,
            threshold, window_seconds, current_samples, baseline_samples, title, summary, fired_at, last_evaluated_at)
          VALUES (?, ?, ?, 'cost_spike', ?, 'firing', 1, 5, 400, 2, 3600, 10, 70, ?, ?, now(), now())""")) {
        ps.setString(1, f.alertId);
        ps.setString(2, f.project);
        ps.setString(3, f.ruleId);
        ps.setString(4, f.service);
        ps.setString(5, "cost spike on " + f.service);
        ps.setString(6, "cost of " + f.service + " went up");
        ps.executeUpdate();
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              """
          INSERT INTO notification_channels (id, project_id, name, type, url, secret)
          VALUES (?, ?, ?, 'webhook', 'https://hooks.example.invalid/x', ?)""")) {
        ps.setString(1, f.webhookId);
        ps.setString(2, f.project);
        ps.setString(3, "hook of " + f.service);
        ps.setString(4, "whsecret-" + UUID.randomUUID());
        ps.executeUpdate();
      }
    }
    Http.Response set =
        Http.send(
            replayPort,
            "POST",
            "/api/replay/sets",
            "{\"name\":\"set of " + f.service + "\",\"traceIds\":[\"" + f.traceId + "\"]}",
            f.adminKey);
    assertThat(set.status()).as(set.body()).isBetween(200, 201);
    f.setId = set.json().get("id").asString();
    f.runId = "run_" + hex(8);
    try (Connection c = db.connect();
        PreparedStatement ps =
            c.prepareStatement(
                """
        INSERT INTO replay_runs (id, project_id, set_id, status, provider, model, scorer, total, finished_at)
        VALUES (?, ?, ?, 'completed', 'openai', 'gpt-4o-mini', 'text', 0, now())""")) {
      ps.setString(1, f.runId);
      ps.setString(2, f.project);
      ps.setString(3, f.setId);
      ps.executeUpdate();
    }
  }

  private static Map<String, String> tableCounts() throws Exception {
    Map<String, String> counts = new java.util.TreeMap<>();
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      for (String table :
          List.of(
              "projects",
              "api_keys",
              "spans",
              "traces",
              "alert_rules",
              "alerts",
              "notification_channels",
              "replay_sets",
              "replay_items",
              "pricing_overrides")) {
        counts.put(table, scalar(s, "SELECT count(*) FROM " + table));
      }
    }
    return counts;
  }

  private static String scalar(Statement s, String sql) throws Exception {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String hex(int bytes) {
    return HexFormat.of().formatHex(randomBytes(bytes));
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }

  static int queryPort() {
    return queryPort;
  }
}
