package io.lumina.service.security;

import io.lumina.model.Projects;
import io.lumina.security.Decision;
import io.lumina.security.Gatekeeper;
import io.lumina.security.Requirement;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The API-key filter of the JSON services (query API, replay engine): authenticates every request
 * that its {@link AccessRule} says needs a key, before any controller runs: sets the caller's
 * project in {@link Projects#REQUEST_ATTRIBUTE} (and the key in {@link Gatekeeper#KEY_ATTRIBUTE}),
 * or answers 401/403/429/503 as RFC 9457 problem+json. The key itself is never logged nor echoed.
 */
public final class ProblemJsonApiKeyFilter extends OncePerRequestFilter {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * What a request needs, by method and path; null when it needs no key (health, CORS preflight).
   */
  @FunctionalInterface
  public interface AccessRule {
    Requirement of(String method, String path, boolean corsPreflight);
  }

  private final Gatekeeper gatekeeper;
  private final AccessRule rule;

  public ProblemJsonApiKeyFilter(Gatekeeper gatekeeper, AccessRule rule) {
    this.gatekeeper = gatekeeper;
    this.rule = rule;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path =
        request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    boolean preflight =
        "OPTIONS".equals(request.getMethod())
            && request.getHeader("Access-Control-Request-Method") != null;
    Requirement requirement = rule.of(request.getMethod(), path, preflight);
    String authorization = request.getHeader("Authorization");
    String apiKey = request.getHeader("x-api-key");
    if (requirement == null) {
      chain.doFilter(request, response);
      return;
    }
    switch (gatekeeper.decide(authorization, apiKey, requirement)) {
      case Decision.Allowed allowed -> {
        request.setAttribute(Projects.REQUEST_ATTRIBUTE, allowed.projectId());
        if (allowed.key() != null) {
          request.setAttribute(Gatekeeper.KEY_ATTRIBUTE, allowed.key());
        }
        chain.doFilter(request, response);
      }
      case Decision.Refused refused -> writeProblem(response, refused, request.getRequestURI());
    }
  }

  private static void writeProblem(
      HttpServletResponse response, Decision.Refused refused, String instance) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.put(
        "type",
        "https://lumina.dev/problems/"
            + switch (refused.status()) {
              case 401 -> "unauthorized";
              case 403 -> "forbidden";
              case 429 -> "rate-limited";
              default -> "unavailable";
            });
    body.put("title", refused.title());
    body.put("status", refused.status());
    body.put("detail", refused.detail());
    body.put("instance", instance);
    byte[] bytes = JSON.writeValueAsBytes(body);
    response.setStatus(refused.status());
    response.setContentType("application/problem+json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    if (refused.status() == 401) {
      response.setHeader("WWW-Authenticate", Gatekeeper.CHALLENGE);
    }
    if (refused.retryAfterSeconds() > 0) {
      response.setHeader("Retry-After", Long.toString(refused.retryAfterSeconds()));
    }
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }
}
