package io.lumina.service.security;

import io.lumina.security.Decision;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Writes the body of a refused request in the service's error format. The status, {@code
 * WWW-Authenticate} (401) and {@code Retry-After} (429, 503) are set by {@link ApiKeyFilter} before
 * this runs; RFC 9457 problem+json ({@link ProblemJsonRefusalWriter}) unless the service
 * contributes another writer as a bean.
 */
@FunctionalInterface
public interface RefusalWriter {
  /** Writes {@code refused}; never echoes the key the request carried. */
  void write(HttpServletRequest request, HttpServletResponse response, Decision.Refused refused)
      throws IOException;
}
