package io.lumina.query.web;

import jakarta.validation.ConstraintViolationException;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error as RFC 9457 problem+json. Parameter errors carry the parameter's name in the {@code
 * parameter} member (and in the text). Unexpected failures are a 500 whose body says nothing about
 * the cause; the cause goes to the log.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
  static final URI BAD_PARAMETER = URI.create("https://lumina.dev/problems/bad-parameter");
  static final URI NOT_FOUND = URI.create("https://lumina.dev/problems/not-found");
  static final URI DATABASE_UNAVAILABLE =
      URI.create("https://lumina.dev/problems/database-unavailable");

  @ExceptionHandler(BadParameterException.class)
  ProblemDetail badParameter(BadParameterException e) {
    return badParameter(e.parameter(), e.getMessage());
  }

  @ExceptionHandler(NotFoundException.class)
  ProblemDetail notFound(NotFoundException e) {
    ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    p.setType(NOT_FOUND);
    p.setTitle("Not found");
    return p;
  }

  @ExceptionHandler(ConstraintViolationException.class)
  ProblemDetail constraint(ConstraintViolationException e) {
    String parameter =
        e.getConstraintViolations().stream()
            .findFirst()
            .map(v -> v.getPropertyPath().toString())
            .orElse("request");
    parameter = parameter.substring(parameter.lastIndexOf('.') + 1);
    return badParameter(parameter, e.getMessage());
  }

  /**
   * The database (or the read replica) went away under a query: a clear, retryable 503 rather than
   * a 500, as during a failover or a replica restart (docs/scaling.md). The next read takes a fresh
   * connection, or the primary while the replica is down.
   */
  @ExceptionHandler({DataAccessResourceFailureException.class, TransientDataAccessException.class})
  ResponseEntity<ProblemDetail> databaseUnavailable(DataAccessException e) {
    log.warn("database unavailable during a query: {}", e.getMostSpecificCause().getMessage());
    ProblemDetail p =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.SERVICE_UNAVAILABLE, "the database connection failed; retry shortly");
    p.setType(DATABASE_UNAVAILABLE);
    p.setTitle("Database unavailable");
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, "1")
        .body(p);
  }

  @ExceptionHandler(Exception.class)
  ProblemDetail unexpected(Exception e) {
    log.error("unexpected failure", e);
    ProblemDetail p =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.INTERNAL_SERVER_ERROR,
            "the query failed unexpectedly; the server log has the cause");
    p.setTitle("Internal error");
    return p;
  }

  @Override
  protected ResponseEntity<Object> handleTypeMismatch(
      TypeMismatchException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    String name =
        ex instanceof MethodArgumentTypeMismatchException m ? m.getName() : ex.getPropertyName();
    return ResponseEntity.badRequest()
        .body(badParameter(name, name + " has an invalid value: " + ex.getValue()));
  }

  @Override
  protected ResponseEntity<Object> handleMissingServletRequestParameter(
      MissingServletRequestParameterException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    return ResponseEntity.badRequest()
        .body(
            badParameter(
                ex.getParameterName(), "parameter " + ex.getParameterName() + " is required"));
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      org.springframework.http.converter.HttpMessageNotReadableException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    String field = "body";
    if (ex.getCause() instanceof tools.jackson.core.JacksonException j
        && !j.getPath().isEmpty()
        && j.getPath().getLast().getPropertyName() != null) {
      field = j.getPath().getLast().getPropertyName();
    }
    return ResponseEntity.badRequest()
        .body(
            badParameter(
                field,
                "the JSON body is not readable"
                    + ("body".equals(field) ? "" : ": bad value of " + field)));
  }

  static ProblemDetail badParameter(String parameter, String detail) {
    ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
    p.setType(BAD_PARAMETER);
    p.setTitle("Invalid parameter: " + parameter);
    p.setProperty("parameter", parameter);
    return p;
  }
}
