package io.lumina.service.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.model.Projects;
import io.lumina.security.ApiKey;
import io.lumina.security.ApiKeyRole;
import io.lumina.security.AuthSwitch;
import io.lumina.security.CachedKeyResolver;
import io.lumina.security.Gatekeeper;
import io.lumina.security.RateLimiter;
import io.lumina.security.Requirement;
import io.lumina.testing.KeyTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shared filter: the actuator rule every service has, the service's policy for the rest, one
 * gatekeeper decision per request, refusals through the service's writer (problem+json here).
 */
class ApiKeyFilterTest {
  private final KeyTable keys = new KeyTable();
  private final List<String> asked = new ArrayList<>();
  private final AccessPolicy policy =
      (method, path, preflight) -> {
        asked.add(method + " " + path + (preflight ? " preflight" : ""));
        return preflight ? null : method.equals("GET") ? Requirement.READ : Requirement.ADMIN;
      };
  private final Gatekeeper gatekeeper =
      new Gatekeeper(
          new CachedKeyResolver(keys, Duration.ZERO, 100, () -> 0L),
          AuthSwitch.alwaysOn(),
          new RateLimiter(0.001, 2, () -> 0L));
  private final ApiKeyFilter filter =
      new ApiKeyFilter(gatekeeper, policy, new ProblemJsonRefusalWriter());

  private String add(String project, ApiKeyRole role) {
    return keys.issue(project, role);
  }

  private record Outcome(
      MockHttpServletRequest request, MockHttpServletResponse response, boolean passed) {
    JsonNode problem() throws Exception {
      return JsonMapper.builder().build().readTree(response.getContentAsString());
    }
  }

  private Outcome send(String method, String path, String key) throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest(method, path);
    request.setServletPath(path);
    if (key != null) {
      request.addHeader("Authorization", "Bearer " + key);
    }
    MockHttpServletResponse response = new MockHttpServletResponse();
    MockFilterChain chain = new MockFilterChain();
    filter.doFilter(request, response, chain);
    return new Outcome(request, response, chain.getRequest() != null);
  }

  @Test
  void healthIsOpenAndTheRestOfTheActuatorNeedsAKeyOfTheDefaultProject() throws Exception {
    assertThat(send("GET", "/actuator/health", null).passed()).isTrue();
    assertThat(send("GET", "/actuator/health/liveness", null).passed()).isTrue();

    Outcome anonymous = send("GET", "/actuator/prometheus", null);
    assertThat(anonymous.passed()).isFalse();
    assertThat(anonymous.response().getStatus()).isEqualTo(401);
    assertThat(anonymous.response().getHeader("WWW-Authenticate")).isEqualTo(Gatekeeper.CHALLENGE);
    assertThat(anonymous.response().getContentType()).startsWith("application/problem+json");
    assertThat(anonymous.problem().get("status").asInt()).isEqualTo(401);
    assertThat(anonymous.problem().get("instance").asString()).isEqualTo("/actuator/prometheus");

    assertThat(
            send("GET", "/actuator/metrics", add("acme", ApiKeyRole.ADMIN)).response().getStatus())
        .as("metrics span projects")
        .isEqualTo(403);
    assertThat(send("GET", "/ACTUATOR/env", null).response().getStatus()).isEqualTo(401);
    assertThat(
            send("GET", "/actuator/prometheus", add(Projects.DEFAULT_PROJECT, ApiKeyRole.READ))
                .passed())
        .isTrue();
    assertThat(asked).as("the actuator is not the service's policy").isEmpty();
  }

  @Test
  void theServicesPolicyDecidesTheRestAndTheCallerProjectIsSet() throws Exception {
    String read = add("acme", ApiKeyRole.READ);

    Outcome get = send("GET", "/api/things", read);
    Outcome post = send("POST", "/api/things", read);
    MockHttpServletRequest preflight = new MockHttpServletRequest("OPTIONS", "/api/things");
    preflight.setServletPath("/api/things");
    preflight.addHeader("Access-Control-Request-Method", "POST");
    MockFilterChain chain = new MockFilterChain();
    filter.doFilter(preflight, new MockHttpServletResponse(), chain);

    assertThat(get.passed()).isTrue();
    assertThat(get.request().getAttribute(Projects.REQUEST_ATTRIBUTE)).isEqualTo("acme");
    assertThat(get.request().getAttribute(Gatekeeper.KEY_ATTRIBUTE))
        .isInstanceOfSatisfying(ApiKey.class, k -> assertThat(k.projectId()).isEqualTo("acme"));
    assertThat(post.response().getStatus()).isEqualTo(403);
    assertThat(post.response().getContentAsString()).doesNotContain(read);
    assertThat(chain.getRequest()).as("a preflight the policy opens").isNotNull();
    assertThat(asked)
        .containsExactly("GET /api/things", "POST /api/things", "OPTIONS /api/things preflight");
  }

  @Test
  void rateLimitAndStoreOutageAnswerWithRetryAfter() throws Exception {
    String read = add("acme", ApiKeyRole.READ);
    assertThat(send("GET", "/api/things", read).passed()).isTrue();
    assertThat(send("GET", "/api/things", read).passed()).isTrue();

    Outcome limited = send("GET", "/api/things", read);
    assertThat(limited.response().getStatus()).isEqualTo(429);
    assertThat(limited.response().getHeader("Retry-After")).isNotBlank();
    assertThat(limited.problem().get("type").asString()).endsWith("/rate-limited");

    keys.down(true);
    Outcome down = send("GET", "/api/things", add("acme", ApiKeyRole.READ));
    assertThat(down.response().getStatus()).isEqualTo(503);
    assertThat(down.response().getHeader("Retry-After")).isEqualTo("5");
  }
}
