package io.lumina.ingestion.security;

import io.lumina.ingestion.web.OtlpErrors;
import io.lumina.ingestion.web.WireEncoding;
import io.lumina.model.Projects;
import io.lumina.security.Decision;
import io.lumina.security.Gatekeeper;
import io.lumina.security.Requirement;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates every request but health before its body is read, and applies the per-key rate
 * limit: refusals are a {@code google.rpc.Status} in the request's encoding, as OTLP exporters
 * expect (429 and 503 with {@code Retry-After}: the exporter keeps the spans and retries; nothing
 * was kept here). Sets the caller's project in {@link Projects#REQUEST_ATTRIBUTE}; the receivers'
 * own key seam ({@code io.lumina.ingestion.auth}) is answered from the same cached lookup by {@link
 * KeyStoreProjectResolver}.
 */
final class ApiKeyFilter extends OncePerRequestFilter {
  private final Gatekeeper gatekeeper;

  ApiKeyFilter(Gatekeeper gatekeeper) {
    this.gatekeeper = gatekeeper;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path =
        request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    Requirement requirement = AccessPolicy.of(path);
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
        if (refused.status() == 401) {
          response.setHeader("WWW-Authenticate", Gatekeeper.CHALLENGE);
        }
        if (refused.retryAfterSeconds() > 0) {
          response.setHeader("Retry-After", Long.toString(refused.retryAfterSeconds()));
        }
        OtlpErrors.write(
            response,
            HttpStatus.valueOf(refused.status()),
            WireEncoding.forReply(request.getContentType()),
            refused.title() + ": " + refused.detail());
      }
    }
  }
}
