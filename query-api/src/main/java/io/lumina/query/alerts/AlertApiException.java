package io.lumina.query.alerts;

import org.springframework.http.HttpStatus;

/**
 * A refused alerts API request: 400 naming the field, 404 for an unknown id, 409 for a conflict.
 */
final class AlertApiException extends RuntimeException {
  final HttpStatus status;
  final String field;

  private AlertApiException(HttpStatus status, String field, String message) {
    super(message);
    this.status = status;
    this.field = field;
  }

  static AlertApiException badField(String field, String message) {
    return new AlertApiException(HttpStatus.BAD_REQUEST, field, message);
  }

  static AlertApiException notFound(String message) {
    return new AlertApiException(HttpStatus.NOT_FOUND, null, message);
  }

  static AlertApiException conflict(String message) {
    return new AlertApiException(HttpStatus.CONFLICT, null, message);
  }
}
