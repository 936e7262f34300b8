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
import java.util.Locale;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The one authentication step of every service, before any controller runs and before a body is
 * read: works out what the request needs (health open, other actuator endpoints a platform read
 * key, the rest from the service's {@link AccessPolicy}), asks the {@link Gatekeeper} once
 * (authentication, role, rate limit), and either sets the caller's project in {@link
 * Projects#REQUEST_ATTRIBUTE} (and the key in {@link Gatekeeper#KEY_ATTRIBUTE}) or refuses with
 * 401/403/429/503 through the service's {@link RefusalWriter}. The key itself is never logged nor
 * echoed.
 */
public final class ApiKeyFilter extends OncePerRequestFilter {
  /**
   * After Spring's own request-wrapping filters, before anything that reads data (and before the
   * dashboard's login filter, which leaves the actuator to this one).
   */
  public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

  private final Gatekeeper gatekeeper;
  private final AccessPolicy policy;
  private final RefusalWriter refusals;

  public ApiKeyFilter(Gatekeeper gatekeeper, AccessPolicy policy, RefusalWriter refusals) {
    this.gatekeeper = gatekeeper;
    this.policy = policy;
    this.refusals = refusals;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Requirement requirement = requirement(request);
    if (requirement == null) {
      chain.doFilter(request, response);
      return;
    }
    switch (gatekeeper.decide(
        request.getHeader("Authorization"), request.getHeader("x-api-key"), requirement)) {
      case Decision.Allowed allowed -> {
        request.setAttribute(Projects.REQUEST_ATTRIBUTE, allowed.projectId());
        if (allowed.key() != null) {
          request.setAttribute(Gatekeeper.KEY_ATTRIBUTE, allowed.key());
        }
        chain.doFilter(request, response);
      }
      case Decision.Refused refused -> {
        response.setStatus(refused.status());
        if (refused.status() == 401) {
          response.setHeader("WWW-Authenticate", Gatekeeper.CHALLENGE);
        }
        if (refused.retryAfterSeconds() > 0) {
          response.setHeader("Retry-After", Long.toString(refused.retryAfterSeconds()));
        }
        refusals.write(request, response, refused);
      }
    }
  }

  private Requirement requirement(HttpServletRequest request) {
    String path =
        request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    if (path.equals("/actuator/health") || path.startsWith("/actuator/health/")) {
      return null;
    }
    // Metrics and the rest of the actuator aggregate every project: only the platform may read
    // them.
    if (path.toLowerCase(Locale.ROOT).startsWith("/actuator")) {
      return Requirement.PLATFORM_READ;
    }
    boolean preflight =
        "OPTIONS".equals(request.getMethod())
            && request.getHeader("Access-Control-Request-Method") != null;
    return policy.of(request.getMethod(), path, preflight);
  }
}
