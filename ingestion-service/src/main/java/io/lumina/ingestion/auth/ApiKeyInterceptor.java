package io.lumina.ingestion.auth;

import io.lumina.ingestion.web.OtlpErrors;
import io.lumina.ingestion.web.WireEncoding;
import io.lumina.model.Projects;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Runs before the receivers: resolves the caller's project and stores it in the request attribute
 * {@link Projects#REQUEST_ATTRIBUTE}, or answers 401/403 as a {@code google.rpc.Status} in the
 * request's encoding, before the body is read.
 */
public final class ApiKeyInterceptor implements HandlerInterceptor {
  private final ProjectResolver resolver;

  public ApiKeyInterceptor(ProjectResolver resolver) {
    this.resolver = resolver;
  }

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
      throws Exception {
    switch (resolver.resolve(apiKey(request))) {
      case ProjectResolver.Resolved resolved -> {
        request.setAttribute(Projects.REQUEST_ATTRIBUTE, resolved.projectId());
        return true;
      }
      case ProjectResolver.Denied denied -> {
        OtlpErrors.write(
            response,
            HttpStatus.valueOf(denied.httpStatus()),
            WireEncoding.forReply(request.getContentType()),
            denied.message());
        return false;
      }
    }
  }

  static String apiKey(HttpServletRequest request) {
    String authorization = request.getHeader("Authorization");
    if (authorization != null
        && authorization.length() > 7
        && authorization.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
      return authorization.substring(7).trim();
    }
    return request.getHeader("x-api-key");
  }
}
