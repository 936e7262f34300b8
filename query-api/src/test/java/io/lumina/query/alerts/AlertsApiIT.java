package io.lumina.query.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The alerts API's contract: CRUD, the one-call configure endpoint, write-only secrets,
 * problem+json errors.
 */
class AlertsApiIT {
  private static AlertsPlatform platform;
  private final String service = "api-" + UUID.randomUUID().toString().substring(0, 6);

  @BeforeAll
  static void start() {
    platform = AlertsPlatform.get();
  }

  @Test
  void rulesCrudAndConfigureUpsertTheServiceRules() {
    AlertsPlatform.Response created =
        platform.api(
            "POST",
            "/api/alert-rules",
            Map.of(
                "service",
                service,
                "kind",
                "latency_p95",
                "threshold",
                0.5,
                "window",
                "30m",
                "minSamples",
                25));
    assertThat(created.status()).isEqualTo(201);
    String id = created.body().path("id").asString();
    assertThat(id).matches("rule_[0-9a-f]{16}");
    assertThat(created.body().path("window").asString()).isEqualTo("30m");
    assertThat(created.body().path("minSamples").asInt()).isEqualTo(25);

    AlertsPlatform.Response duplicate =
        platform.api(
            "POST",
            "/api/alert-rules",
            Map.of("service", service, "kind", "latency_p95", "threshold", 0.7, "window", "1h"));
    assertThat(duplicate.status()).isEqualTo(409);

    AlertsPlatform.Response updated =
        platform.api(
            "PUT",
            "/api/alert-rules/" + id,
            Map.of(
                "service",
                service,
                "kind",
                "latency_p95",
                "threshold",
                0.8,
                "window",
                "PT2H",
                "enabled",
                false));
    assertThat(updated.status()).isEqualTo(200);
    assertThat(updated.body().path("threshold").asDouble()).isEqualTo(0.8);
    assertThat(updated.body().path("window").asString()).isEqualTo("2h");
    assertThat(updated.body().path("enabled").asBoolean()).isFalse();

    // the flat configure call, twice: the second updates the same two rules
    platform.api(
        "POST",
        "/api/alerts/configure",
        Map.of("service", service, "costThreshold", 2.0, "qualityThreshold", 0.2, "window", "1h"));
    AlertsPlatform.Response configured =
        platform.api(
            "POST",
            "/api/alerts/configure",
            Map.of("service", service, "costThreshold", 3.0, "window", "2h"));
    assertThat(configured.status()).isEqualTo(200);
    // and the nested shape
    platform.api(
        "POST",
        "/api/alerts/configure",
        Map.of(
            "service",
            service,
            "alerts",
            Map.of("quality_drop", Map.of("threshold", 0.25, "window", "1h"))));
    JsonNode rules =
        platform.api("GET", "/api/alert-rules?service=" + service, null).body().path("rules");
    assertThat(rules).hasSize(3);
    Map<String, JsonNode> byKind = new java.util.HashMap<>();
    rules.forEach(r -> byKind.put(r.path("kind").asString(), r));
    assertThat(byKind.get("cost_spike").path("threshold").asDouble()).isEqualTo(3.0);
    assertThat(byKind.get("cost_spike").path("window").asString()).isEqualTo("2h");
    assertThat(byKind.get("quality_drop").path("threshold").asDouble()).isEqualTo(0.25);

    assertThat(platform.api("DELETE", "/api/alert-rules/" + id, null).status()).isEqualTo(204);
    assertThat(platform.api("GET", "/api/alert-rules/" + id, null).status()).isEqualTo(404);
    assertThat(platform.api("DELETE", "/api/alert-rules/" + id, null).status()).isEqualTo(404);
    platform.api(
        "POST",
        "/api/alerts/configure",
        Map.of("service", service, "costThreshold", 3.0)); // keep it
    JdbcTemplate db = platform.worker.getBean(JdbcTemplate.class);
    db.update("UPDATE alert_rules SET enabled = false WHERE service_name = ?", service);
  }

  @Test
  void badInputIsA400NamingTheFieldAndUnknownIdsAre404() {
    assertProblem(
        platform.api(
            "POST",
            "/api/alert-rules",
            Map.of("service", service, "kind", "cost_explosion", "threshold", 2.0, "window", "1h")),
        400,
        "kind");
    assertProblem(
        platform.api(
            "POST",
            "/api/alert-rules",
            Map.of("service", service, "kind", "cost_spike", "threshold", -1, "window", "1h")),
        400,
        "threshold");
    assertProblem(
        platform.api(
            "POST",
            "/api/alert-rules",
            Map.of(
                "service", service, "kind", "cost_spike", "threshold", 2.0, "window", "forever")),
        400,
        "window");
    assertProblem(
        platform.api(
            "POST",
            "/api/alert-rules",
            Map.of("kind", "cost_spike", "threshold", 2.0, "window", "1h")),
        400,
        "service");
    assertProblem(
        platform.api(
            "POST",
            "/api/alerts/configure",
            Map.of("service", service, "costThreshold", 2.0, "window", "3d")),
        400,
        "window");
    assertProblem(
        platform.api("POST", "/api/alerts/configure", Map.of("service", service)),
        400,
        "costThreshold");
    assertProblem(
        platform.api("POST", "/api/webhooks", Map.of("name", "x", "url", "ftp://example.org")),
        400,
        "url");
    assertProblem(
        platform.api("POST", "/api/webhooks", Map.of("name", "pd", "type", "pagerduty")),
        400,
        "secret");
    assertProblem(
        platform.api(
            "POST", "/api/webhooks", Map.of("name", "x", "type", "email", "url", "http://a")),
        400,
        "type");
    assertProblem(platform.api("GET", "/api/alerts?status=burning", null), 400, "status");
    assertProblem(platform.api("GET", "/api/alerts?limit=0", null), 400, "limit");
    AlertsPlatform.Response unreadable = platform.api("POST", "/api/alert-rules", "{not json");
    assertThat(unreadable.status()).isEqualTo(400);
    assertThat(unreadable.contentType()).startsWith("application/problem+json");
    assertThat(platform.api("GET", "/api/alerts/alert_0000000000000000", null).status())
        .isEqualTo(404);
    assertThat(
            platform.api("POST", "/api/alerts/alert_0000000000000000/acknowledge", null).status())
        .isEqualTo(404);
    assertThat(platform.api("POST", "/api/alerts/nope/resolve", null).status()).isEqualTo(404);
    assertThat(platform.api("GET", "/api/alerts/nope/deliveries", null).status()).isEqualTo(404);
    assertThat(
            platform
                .api(
                    "PUT",
                    "/api/webhooks/wh_0000000000000000",
                    Map.of("name", "x", "url", "http://a"))
                .status())
        .isEqualTo(404);
  }

  @Test
  void webhookSecretsAreWriteOnly() {
    AlertsPlatform.Response created =
        platform.api(
            "POST",
            "/api/webhooks",
            Map.of(
                "name",
                "pager",
                "type",
                "pagerduty",
                "secret",
                "R0UTINGKEY-" + service,
                "services",
                List.of(service),
                "enabled",
                false));
    assertThat(created.status()).isEqualTo(201);
    String id = created.body().path("id").asString();
    assertThat(created.body().path("url").asString())
        .isEqualTo("https://events.pagerduty.com/v2/enqueue");
    assertThat(created.body().path("hasSecret").asBoolean()).isTrue();
    AlertsPlatform.Response slack =
        platform.api(
            "POST",
            "/api/webhooks",
            Map.of(
                "name",
                "slack",
                "type",
                "slack",
                "url",
                "https://hooks.slack.com/services/T000/B000/XXXXSECRET",
                "enabled",
                false));
    assertThat(slack.body().path("url").asString()).doesNotContain("XXXXSECRET");

    // an update without a secret keeps it
    AlertsPlatform.Response updated =
        platform.api(
            "PUT",
            "/api/webhooks/" + id,
            Map.of(
                "name",
                "pager 2",
                "type",
                "pagerduty",
                "url",
                "https://events.pagerduty.com/v2/enqueue",
                "enabled",
                false));
    assertThat(updated.status()).isEqualTo(200);
    assertThat(updated.body().path("hasSecret").asBoolean()).isTrue();
    String listed = platform.api("GET", "/api/webhooks", null).body().toString();
    assertThat(listed).contains(id).doesNotContain("R0UTINGKEY").doesNotContain("XXXXSECRET");
    assertThat(platform.api("DELETE", "/api/webhooks/" + id, null).status()).isEqualTo(204);
    assertThat(platform.api("GET", "/api/webhooks/" + id, null).status()).isEqualTo(404);
  }

  @Test
  void qualityThresholdsPerServiceAndProject() {
    AlertsPlatform.Response put =
        platform.api(
            "PUT", "/api/quality-thresholds", Map.of("service", service, "degradedBelow", 0.7));
    assertThat(put.status()).isEqualTo(200);
    assertThat(platform.api("GET", "/api/quality-thresholds", null).body().toString())
        .contains(service);
    assertProblem(
        platform.api(
            "PUT", "/api/quality-thresholds", Map.of("service", service, "degradedBelow", 1.5)),
        400,
        "degradedBelow");
    assertThat(platform.api("DELETE", "/api/quality-thresholds?service=" + service, null).status())
        .isEqualTo(204);
    assertThat(platform.api("DELETE", "/api/quality-thresholds?service=" + service, null).status())
        .isEqualTo(404);
  }

  /** The test platform allows 127.0.0.1 (its receivers); every other internal target is refused. */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "webhook, http://[::1]:8090/actuator/env, loopback",
    "webhook, http://localhost:8090/actuator/env, loopback",
    "webhook, http://169.254.169.254/latest/meta-data/, cloud metadata",
    "slack, http://10.0.0.1/services/x, private",
    "slack, http://192.168.1.1/services/x, private",
    "slack, http://[fc00::1]/services/x, unique-local",
    "pagerduty, http://[::ffff:10.0.0.1]/v2/enqueue, private",
    "pagerduty, http://167772161/v2/enqueue, private",
    "pagerduty, http://012.0.0.1/v2/enqueue, private",
  })
  void channelsAtInternalAddressesAreRefusedNamingTheRule(String type, String url, String rule) {
    AlertsPlatform.Response r =
        platform.api(
            "POST",
            "/api/webhooks",
            Map.of("name", "internal", "type", type, "url", url, "secret", "routing-key"));
    assertProblem(r, 400, "url");
    assertThat(r.body().path("detail").asString()).contains(rule).contains("lumina.outbound.allow");
  }

  private static void assertProblem(AlertsPlatform.Response r, int status, String field) {
    assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.body().path("parameter").asString()).isEqualTo(field);
    assertThat(r.body().path("detail").asString()).isNotBlank();
  }
}
