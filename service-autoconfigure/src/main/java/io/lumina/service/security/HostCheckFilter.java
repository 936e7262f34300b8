package io.lumina.service.security;

import io.lumina.security.Decision;
import io.lumina.security.Gatekeeper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses requests addressed to a name the service does not answer to (421), which is what a page
 * that rebinds its own DNS name to 127.0.0.1 sends, and state-changing requests (POST, PUT, PATCH,
 * DELETE) from a foreign {@code Origin} (403), which is what a cross-site form or fetch sends. Runs
 * before authentication and before a body is read. {@code /actuator/health} is exempt: probes
 * address a pod by its IP, and health reveals nothing.
 */
public final class HostCheckFilter extends OncePerRequestFilter {

  /** Before {@code ApiKeyFilter}. */
  public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 90;

  private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");

  private final AllowedHosts hosts;
  private final Gatekeeper gatekeeper;
  private final RefusalWriter refusals;

  public HostCheckFilter(AllowedHosts hosts, Gatekeeper gatekeeper, RefusalWriter refusals) {
    this.hosts = hosts;
    this.gatekeeper = gatekeeper;
    this.refusals = refusals;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (path.equals("/actuator/health") || path.startsWith("/actuator/health/")) {
      chain.doFilter(request, response);
      return;
    }
    boolean authOn = gatekeeper.authenticationEnabled();
    if (!hosts.allowsHost(request.getHeader("Host"), authOn)) {
      refuse(
          request,
          response,
          new Decision.Refused(
              421,
              "Misdirected Request",
              "this service does not answer to the host name in the request; allowed: "
                  + String.join(", ", hosts.names())
                  + " (set lumina.http.allowed-hosts / LUMINA_ALLOWED_HOSTS to the names clients"
                  + " use)",
              0));
      return;
    }
    String origin = request.getHeader("Origin");
    if (origin != null
        && STATE_CHANGING.contains(request.getMethod())
        && !hosts.allowsOrigin(origin, authOn)) {
      refuse(
          request,
          response,
          new Decision.Refused(
              403,
              "Forbidden",
              "a request that changes state must come from an allowed origin; allowed hosts: "
                  + String.join(", ", hosts.names()),
              0));
      return;
    }
    chain.doFilter(request, response);
  }

  private void refuse(
      HttpServletRequest request, HttpServletResponse response, Decision.Refused refused)
      throws IOException {
    response.setStatus(refused.status());
    refusals.write(request, response, refused);
  }
}
