package io.lumina.ingestion.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.ingestion.RpcStatus;
import io.lumina.model.Projects;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class ApiKeyInterceptorTest {

  @Test
  void withoutConfiguredKeysEverythingBelongsToTheDefaultProject() throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v1/traces");

    boolean proceed =
        new ApiKeyInterceptor(new ConfiguredKeyProjectResolver(List.of("")))
            .preHandle(request, new MockHttpServletResponse(), null);

    assertThat(proceed).isTrue();
    assertThat(request.getAttribute(Projects.REQUEST_ATTRIBUTE))
        .isEqualTo(Projects.DEFAULT_PROJECT);
  }

  @Test
  void aKnownKeyInEitherHeaderSelectsItsProject() throws Exception {
    ApiKeyInterceptor interceptor =
        new ApiKeyInterceptor(
            new ConfiguredKeyProjectResolver(List.of("acme:secret-1", "globex:secret-2")));
    MockHttpServletRequest bearer = new MockHttpServletRequest("POST", "/v1/traces");
    bearer.addHeader("Authorization", "Bearer secret-1");
    MockHttpServletRequest apiKey = new MockHttpServletRequest("POST", "/v1/traces");
    apiKey.addHeader("x-api-key", "secret-2");

    assertThat(interceptor.preHandle(bearer, new MockHttpServletResponse(), null)).isTrue();
    assertThat(interceptor.preHandle(apiKey, new MockHttpServletResponse(), null)).isTrue();

    assertThat(bearer.getAttribute(Projects.REQUEST_ATTRIBUTE)).isEqualTo("acme");
    assertThat(apiKey.getAttribute(Projects.REQUEST_ATTRIBUTE)).isEqualTo("globex");
  }

  @Test
  void missingOrUnknownKeysAre401InTheRequestsEncoding() throws Exception {
    ApiKeyInterceptor interceptor =
        new ApiKeyInterceptor(new ConfiguredKeyProjectResolver(List.of("acme:secret-1")));
    MockHttpServletRequest missing = new MockHttpServletRequest("POST", "/v1/traces");
    missing.setContentType("application/x-protobuf");
    MockHttpServletResponse missingResponse = new MockHttpServletResponse();
    MockHttpServletRequest unknown = new MockHttpServletRequest("POST", "/v1/traces");
    unknown.setContentType("application/json");
    unknown.addHeader("Authorization", "Bearer wrong");
    MockHttpServletResponse unknownResponse = new MockHttpServletResponse();

    assertThat(interceptor.preHandle(missing, missingResponse, null)).isFalse();
    assertThat(interceptor.preHandle(unknown, unknownResponse, null)).isFalse();

    assertThat(missingResponse.getStatus()).isEqualTo(401);
    assertThat(missingResponse.getContentType()).isEqualTo("application/x-protobuf");
    assertThat(RpcStatus.fromProtobuf(missingResponse.getContentAsByteArray()))
        .isEqualTo(
            new RpcStatus(
                16, "missing API key: send 'Authorization: Bearer <key>' or 'x-api-key: <key>'"));
    assertThat(unknownResponse.getStatus()).isEqualTo(401);
    assertThat(RpcStatus.fromJson(unknownResponse.getContentAsByteArray()))
        .isEqualTo(new RpcStatus(16, "unknown API key"));
    assertThat(missing.getAttribute(Projects.REQUEST_ATTRIBUTE)).isNull();
  }
}
