package io.lumina.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lumina.platform.LuminaPlatform;
import io.lumina.platform.LuminaPlatform.Service;
import io.lumina.platform.cli.KeysCli;
import io.lumina.storage.keys.JdbcProjectKeyStore;
import io.lumina.testing.OtlpRequests;
import io.lumina.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The secure-by-default rules on a fresh database: no key anywhere means authentication off,
 * allowed on loopback only (and said loudly in the log); the first key, whether made through the
 * open admin API or the CLI, turns authentication on without a restart; per-key rate limits answer
 * 429 with Retry-After. Ingestion runs beside the query API to show it authenticates each request
 * once: one token of the rate limit per request, and revoked keys refused as a {@code
 * google.rpc.Status}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecureByDefaultIT {
  private static final String RUN = HexFormat.of().formatHex(bytes(4));
  private static final String PROTOBUF = "application/x-protobuf";
  private static CapturedOutput output;
  private static TestDatabase db;
  private static LuminaPlatform platform;
  private static int port;
  private static int ingestPort;

  @BeforeAll
  static void start() {
    output = CapturedOutput.install();
    db = TestDatabase.createPrivate("sec");
    platform =
        LuminaPlatform.start(
            List.of(Service.INGESTION, Service.QUERY_API),
            ProjectIsolationIT.properties(
                db,
                RUN,
                Map.of(
                    "lumina.security.key-cache-ttl", "1s",
                    "lumina.security.rate-limit.per-second", 1,
                    "lumina.security.rate-limit.burst", 3)));
    port = platform.port(Service.QUERY_API);
    ingestPort = platform.port(Service.INGESTION);
  }

  @AfterAll
  static void stop() {
    try {
      if (platform != null) {
        platform.close();
      }
    } finally {
      output.close();
      db.close();
    }
  }

  @Test
  @Order(1)
  void withoutKeysTheServiceIsOpenOnLoopbackAndSaysSo() {
    assertThat(output.text()).contains("AUTHENTICATION IS OFF").contains("loopback only");
    Http.Response traces = Http.get(port, "/api/traces", null);
    assertThat(traces.status()).isEqualTo(200);
    Http.Response me = Http.get(port, "/api/auth/whoami", null);
    assertThat(me.json().get("projectId").asString()).isEqualTo("default");
    assertThat(me.json().get("authenticationEnabled").asBoolean()).isFalse();
  }

  @Test
  @Order(2)
  void withoutKeysANonLoopbackAddressRefusesToStart() {
    try (TestDatabase other = TestDatabase.createPrivate("sec")) {
      assertThatThrownBy(
              () ->
                  LuminaPlatform.start(
                          List.of(Service.QUERY_API),
                          ProjectIsolationIT.properties(
                              other, RUN + "x", Map.of("server.address", "0.0.0.0")))
                      .close())
          .hasStackTraceContaining("with authentication off")
          .hasStackTraceContaining("LUMINA_ADMIN_KEY");
    }
  }

  @Test
  @Order(3)
  void theFirstKeyTurnsAuthenticationOnWithinSeconds() {
    Http.Response created =
        Http.send(
            port,
            "POST",
            "/api/admin/projects/default/keys",
            "{\"name\":\"first\",\"role\":\"admin\"}",
            null);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String key = created.json().get("key").asString();
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> Http.get(port, "/api/traces", null).status() == 401);
    assertThat(Http.get(port, "/api/traces", key).status()).isEqualTo(200);
    Http.Response me = Http.get(port, "/api/auth/whoami", key);
    assertThat(me.json().get("role").asString()).isEqualTo("admin");
    assertThat(me.json().get("authenticationEnabled").asBoolean()).isTrue();
    assertThat(output.text()).doesNotContain(key);
  }

  @Test
  @Order(4)
  void eachKeyIsRateLimitedWith429AndRetryAfter() {
    String key = cli("create-key", "--project", "default", "--role", "read", "--name", "limited");
    String other = cli("create-key", "--project", "default", "--role", "read", "--name", "other");
    int ok = 0;
    Http.Response limited = null;
    for (int i = 0; i < 10 && limited == null; i++) {
      Http.Response r = Http.get(port, "/api/auth/whoami", key);
      if (r.status() == 429) {
        limited = r;
      } else {
        assertThat(r.status()).isEqualTo(200);
        ok++;
      }
    }
    assertThat(ok).as("the burst").isBetween(3, 4);
    assertThat(limited).isNotNull();
    assertThat(limited.raw().headers().firstValue("Retry-After"))
        .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
    assertThat(limited.json().get("status").asInt()).isEqualTo(429);
    assertThat(Http.get(port, "/api/auth/whoami", other).status())
        .as("other keys are not affected")
        .isEqualTo(200);
    assertThat(output.text()).doesNotContain(key).doesNotContain(other);
  }

  @Test
  @Order(5)
  void ingestionTakesOneTokenPerRequestAndAnswersAsGoogleRpcStatus() {
    String key = cli("create-key", "--project", "default", "--role", "ingest", "--name", "otlp");
    byte[] spans = OtlpRequests.traces("rate-" + RUN, 1, 1).toByteArray();
    int ok = 0;
    Http.Response limited = null;
    for (int i = 0; i < 10 && limited == null; i++) {
      Http.Response r = Http.postBytes(ingestPort, "/v1/traces", spans, PROTOBUF, key);
      if (r.status() == 429) {
        limited = r;
      } else {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        ok++;
      }
    }
    assertThat(ok)
        .as("the burst of 3: a request is authenticated (and counted) once")
        .isBetween(3, 4);
    assertThat(limited).isNotNull();
    assertThat(limited.raw().headers().firstValue("Retry-After")).isPresent();
    assertThat(limited.raw().headers().firstValue("Content-Type")).contains(PROTOBUF);

    Http.Response unknown =
        Http.send(ingestPort, "POST", "/v1/traces", "{}", "lum_" + "x".repeat(43));
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(unknown.raw().headers().firstValue("WWW-Authenticate"))
        .contains("Bearer realm=\"lumina\"");
    assertThat(unknown.json().get("code").asInt()).as("UNAUTHENTICATED").isEqualTo(16);
    assertThat(Http.send(ingestPort, "POST", "/v1/traces", "{}", null).json().get("code").asInt())
        .isEqualTo(16);
    assertThat(output.text()).doesNotContain(key);
  }

  @Test
  @Order(6)
  void theCliCreatesProjectsAndKeysAndRevokesThem() {
    String project = "cli-" + RUN;
    assertThat(cliOutput("create-project", "--id", project)).contains("created project " + project);
    String output = cliOutput("create-key", "--project", project, "--role", "read");
    String key = value(output, "key:");
    String id = value(output, "key id:");
    Http.Response me = Http.get(port, "/api/auth/whoami", key);
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().get("projectId").asString()).isEqualTo(project);
    assertThat(cliOutput("list-keys", "--project", project)).contains(id).doesNotContain(key);
    assertThat(cliOutput("revoke-key", "--id", id)).contains("revoked " + id);
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> Http.get(port, "/api/auth/whoami", key).status() == 401);

    String ingest = cliOutput("create-key", "--project", project, "--role", "ingest");
    String ingestKey = value(ingest, "key:");
    byte[] spans = OtlpRequests.traces("revoked-" + RUN, 1, 1).toByteArray();
    assertThat(Http.postBytes(ingestPort, "/v1/traces", spans, PROTOBUF, ingestKey).status())
        .isEqualTo(200);
    cliOutput("revoke-key", "--id", value(ingest, "key id:"));
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> Http.send(ingestPort, "POST", "/v1/traces", "{}", ingestKey).status() == 401);
    Http.Response revoked = Http.send(ingestPort, "POST", "/v1/traces", "{}", ingestKey);
    assertThat(revoked.json().get("code").asInt()).isEqualTo(16);
    assertThat(revoked.json().get("message").asString()).contains("revoked");
    assertThat(
            KeysCli.run(
                new JdbcProjectKeyStore(db.dataSource()),
                new String[] {"create-key", "--project", project},
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream())))
        .isEqualTo(2);
  }

  private static String cli(String... args) {
    return value(cliOutput(args), "key:");
  }

  private static String cliOutput(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        KeysCli.run(
            new JdbcProjectKeyStore(db.dataSource()),
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String value(String text, String label) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(label) + "\\s+(\\S+)").matcher(text);
    assertThat(m.find()).as(label + " in " + text).isTrue();
    return m.group(1);
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }
}
