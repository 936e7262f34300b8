package io.lumina.ingestion.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.ingestion.RpcStatus;
import io.lumina.model.Projects;
import io.lumina.security.ApiKeyRole;
import io.lumina.security.AuthSwitch;
import io.lumina.security.CachedKeyResolver;
import io.lumina.security.Gatekeeper;
import io.lumina.security.RateLimiter;
import io.lumina.service.security.ApiKeyFilter;
import io.lumina.testing.KeyTable;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The ingestion service's one authentication step: the shared filter with ingestion's policy
 * (ingest keys) and its refusals ({@code google.rpc.Status} in the request's encoding). The keys
 * are a {@link KeyTable} behind the same {@code KeyLookup} seam PostgreSQL answers in the service;
 * {@code SecureByDefaultIT} runs the same path against the database.
 */
class IngestionAuthenticationTest {
  private final KeyTable keys = new KeyTable();

  private ApiKeyFilter filter(boolean authOn, int burst) {
    Gatekeeper gatekeeper =
        new Gatekeeper(
            new CachedKeyResolver(keys, Duration.ZERO, 100, () -> 0L),
            authOn ? AuthSwitch.alwaysOn() : AuthSwitch.alwaysOff(),
            new RateLimiter(0.001, burst, () -> 0L));
    return new ApiKeyFilter(gatekeeper, new IngestionAccessPolicy(), new RpcStatusRefusalWriter());
  }

  private String add(String project, ApiKeyRole role) {
    return keys.issue(project, role);
  }

  private static MockHttpServletRequest post(String path, String contentType) {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
    request.setServletPath(path);
    request.setContentType(contentType);
    return request;
  }

  private static MockFilterChain pass(
      ApiKeyFilter filter, MockHttpServletRequest request, MockHttpServletResponse response)
      throws Exception {
    MockFilterChain chain = new MockFilterChain();
    filter.doFilter(request, response, chain);
    return chain;
  }

  @Test
  void withoutKeysEverythingBelongsToTheDefaultProject() throws Exception {
    MockHttpServletRequest request = post("/v1/traces", "application/x-protobuf");

    MockFilterChain chain = pass(filter(false, 10), request, new MockHttpServletResponse());

    assertThat(chain.getRequest()).isSameAs(request);
    assertThat(request.getAttribute(Projects.REQUEST_ATTRIBUTE))
        .isEqualTo(Projects.DEFAULT_PROJECT);
  }

  @Test
  void aKnownKeyInEitherHeaderSelectsItsProject() throws Exception {
    ApiKeyFilter filter = filter(true, 10);
    MockHttpServletRequest bearer = post("/v1/traces", "application/x-protobuf");
    bearer.addHeader("Authorization", "Bearer " + add("acme", ApiKeyRole.INGEST));
    MockHttpServletRequest apiKey = post("/api/v2/spans", "application/json");
    apiKey.addHeader("x-api-key", add("globex", ApiKeyRole.ADMIN));

    assertThat(pass(filter, bearer, new MockHttpServletResponse()).getRequest()).isNotNull();
    assertThat(pass(filter, apiKey, new MockHttpServletResponse()).getRequest()).isNotNull();

    assertThat(bearer.getAttribute(Projects.REQUEST_ATTRIBUTE)).isEqualTo("acme");
    assertThat(apiKey.getAttribute(Projects.REQUEST_ATTRIBUTE)).isEqualTo("globex");
    assertThat(keys.lookups()).as("one key lookup per request").isEqualTo(2);
  }

  @Test
  void missingUnknownAndRevokedKeysAre401InTheRequestsEncoding() throws Exception {
    ApiKeyFilter filter = filter(true, 10);
    MockHttpServletRequest missing = post("/v1/traces", "application/x-protobuf");
    MockHttpServletResponse missingResponse = new MockHttpServletResponse();
    MockHttpServletRequest unknown = post("/v1/traces", "application/json");
    unknown.addHeader("Authorization", "Bearer lum_" + "x".repeat(43));
    MockHttpServletResponse unknownResponse = new MockHttpServletResponse();
    String revokedKey = add("acme", ApiKeyRole.INGEST);
    keys.revoke(revokedKey);
    MockHttpServletRequest revoked = post("/v1/traces", "application/json");
    revoked.addHeader("x-api-key", revokedKey);
    MockHttpServletResponse revokedResponse = new MockHttpServletResponse();

    assertThat(pass(filter, missing, missingResponse).getRequest()).isNull();
    assertThat(pass(filter, unknown, unknownResponse).getRequest()).isNull();
    assertThat(pass(filter, revoked, revokedResponse).getRequest()).isNull();

    assertThat(missingResponse.getStatus()).isEqualTo(401);
    assertThat(missingResponse.getHeader("WWW-Authenticate")).isEqualTo(Gatekeeper.CHALLENGE);
    assertThat(missingResponse.getContentType()).isEqualTo("application/x-protobuf");
    assertThat(RpcStatus.fromProtobuf(missingResponse.getContentAsByteArray()))
        .isEqualTo(
            new RpcStatus(
                16,
                "API key required: send your API key as 'Authorization: Bearer <key>' or "
                    + "'x-api-key: <key>'"));
    for (MockHttpServletResponse response :
        new MockHttpServletResponse[] {unknownResponse, revokedResponse}) {
      assertThat(response.getStatus()).isEqualTo(401);
      assertThat(response.getContentType()).startsWith("application/json");
      assertThat(RpcStatus.fromJson(response.getContentAsByteArray()))
          .isEqualTo(
              new RpcStatus(16, "Invalid API key: the API key is unknown or has been revoked"));
    }
    assertThat(revokedResponse.getContentAsString()).doesNotContain(revokedKey);
    assertThat(missing.getAttribute(Projects.REQUEST_ATTRIBUTE)).isNull();
  }

  @Test
  void aKeyThatMayNotIngestIs403PermissionDenied() throws Exception {
    MockHttpServletRequest request = post("/v1/traces", "application/json");
    request.addHeader("Authorization", "Bearer " + add("acme", ApiKeyRole.READ));
    MockHttpServletResponse response = new MockHttpServletResponse();

    assertThat(pass(filter(true, 10), request, response).getRequest()).isNull();

    assertThat(response.getStatus()).isEqualTo(403);
    assertThat(RpcStatus.fromJson(response.getContentAsByteArray()).code()).isEqualTo(7);
  }

  @Test
  void eachRequestTakesOneTokenOfItsKeysRateLimit() throws Exception {
    ApiKeyFilter filter = filter(true, 3);
    String key = add("acme", ApiKeyRole.INGEST);
    int passed = 0;
    MockHttpServletResponse refused = null;
    for (int i = 0; i < 5 && refused == null; i++) {
      MockHttpServletRequest request = post("/v1/traces", "application/x-protobuf");
      request.addHeader("x-api-key", key);
      MockHttpServletResponse response = new MockHttpServletResponse();
      if (pass(filter, request, response).getRequest() != null) {
        passed++;
      } else {
        refused = response;
      }
    }

    assertThat(passed).as("the burst, one token per request").isEqualTo(3);
    assertThat(refused).isNotNull();
    assertThat(refused.getStatus()).isEqualTo(429);
    assertThat(refused.getHeader("Retry-After")).isNotBlank();
    assertThat(RpcStatus.fromProtobuf(refused.getContentAsByteArray()).message())
        .startsWith("Rate limit exceeded");
  }

  @Test
  void healthIsOpenAndOtherActuatorEndpointsNeedAPlatformKey() throws Exception {
    ApiKeyFilter filter = filter(true, 10);
    MockHttpServletRequest health = new MockHttpServletRequest("GET", "/actuator/health");
    health.setServletPath("/actuator/health");
    MockHttpServletRequest metrics = new MockHttpServletRequest("GET", "/actuator/prometheus");
    metrics.setServletPath("/actuator/prometheus");
    metrics.addHeader("x-api-key", add("acme", ApiKeyRole.ADMIN));
    MockHttpServletResponse metricsResponse = new MockHttpServletResponse();
    MockHttpServletRequest platform = new MockHttpServletRequest("GET", "/actuator/prometheus");
    platform.setServletPath("/actuator/prometheus");
    platform.addHeader("x-api-key", add(Projects.DEFAULT_PROJECT, ApiKeyRole.READ));

    assertThat(pass(filter, health, new MockHttpServletResponse()).getRequest()).isNotNull();
    assertThat(pass(filter, metrics, metricsResponse).getRequest()).isNull();
    assertThat(metricsResponse.getStatus()).isEqualTo(403);
    assertThat(pass(filter, platform, new MockHttpServletResponse()).getRequest()).isNotNull();
  }
}
