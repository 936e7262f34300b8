package io.lumina.query.alerts;

import io.lumina.storage.secrets.SecretsUnavailableException;
import java.net.URI;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * RFC 9457 problem+json for the alerts API's own refusals; framework errors (unreadable JSON, wrong
 * method) fall through to the service-wide handler, which answers them as problem+json too.
 */
@RestControllerAdvice(
    assignableTypes = {
      AlertsController.class,
      AlertRulesController.class,
      WebhooksController.class,
      QualityThresholdsController.class
    })
@Order(Ordered.HIGHEST_PRECEDENCE)
class AlertProblems {
  private static final URI BAD_PARAMETER = URI.create("https://lumina.dev/problems/bad-parameter");
  private static final URI NOT_FOUND = URI.create("https://lumina.dev/problems/not-found");
  private static final URI CONFLICT = URI.create("https://lumina.dev/problems/conflict");
  private static final URI NO_SECRET_KEY = URI.create("https://lumina.dev/problems/no-secret-key");

  /** A channel cannot be saved or read: the service has no key (or the wrong one) for secrets. */
  @ExceptionHandler(SecretsUnavailableException.class)
  ProblemDetail noKey(SecretsUnavailableException e) {
    ProblemDetail p =
        ProblemDetail.forStatusAndDetail(
            org.springframework.http.HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
    p.setType(NO_SECRET_KEY);
    p.setTitle("Secrets cannot be stored");
    return p;
  }

  @ExceptionHandler(AlertApiException.class)
  ProblemDetail refused(AlertApiException e) {
    ProblemDetail p = ProblemDetail.forStatusAndDetail(e.status, e.getMessage());
    switch (e.status) {
      case BAD_REQUEST -> {
        p.setType(BAD_PARAMETER);
        p.setTitle("Invalid parameter: " + e.field);
        p.setProperty("parameter", e.field);
      }
      case NOT_FOUND -> {
        p.setType(NOT_FOUND);
        p.setTitle("Not found");
      }
      default -> {
        p.setType(CONFLICT);
        p.setTitle("Conflict");
      }
    }
    return p;
  }
}
