package io.lumina.dashboard.security;

import java.util.Optional;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.databind.JsonNode;

/**
 * Asks the query API which project and role a key has ({@code GET /api/auth/whoami}). The dashboard
 * keeps no key database of its own: the APIs are the authority, so a revoked key stops working in
 * the dashboard as soon as it stops working in the APIs.
 */
final class KeyVerifier {
  record Identity(String projectId, String role) {}

  /** The query API could not be asked (down, or answered something unexpected). */
  static final class UnavailableException extends Exception {
    UnavailableException(String message) {
      super(message);
    }
  }

  private final RestClient queryApi;

  KeyVerifier(RestClient queryApi) {
    this.queryApi = queryApi;
  }

  /** The key's identity, or empty when the query API does not accept it. */
  Optional<Identity> verify(String key) throws UnavailableException {
    try {
      JsonNode body =
          queryApi
              .get()
              .uri("/api/auth/whoami")
              .header("x-api-key", key)
              .accept(MediaType.APPLICATION_JSON)
              .retrieve()
              .onStatus(HttpStatusCode::is4xxClientError, (request, response) -> {})
              .body(JsonNode.class);
      if (body == null || !body.hasNonNull("projectId")) {
        return Optional.empty();
      }
      if (!body.path("authenticationEnabled").asBoolean(false)) {
        // The APIs are open: any key "works", so there is nothing to verify it against.
        return Optional.of(new Identity(body.get("projectId").asString(), "admin"));
      }
      return body.hasNonNull("role")
          ? Optional.of(new Identity(body.get("projectId").asString(), body.get("role").asString()))
          : Optional.empty();
    } catch (RestClientException e) {
      throw new UnavailableException("the query API could not be reached to check the key");
    }
  }
}
