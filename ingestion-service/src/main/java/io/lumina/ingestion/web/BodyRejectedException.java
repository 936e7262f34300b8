package io.lumina.ingestion.web;

import org.springframework.http.HttpStatus;

/**
 * A request refused before any span was kept: 400, 413 or 415 for the body, 503 when ingestion has
 * no room for it now; with the reason for the client.
 */
public final class BodyRejectedException extends Exception {
  private final HttpStatus status;
  private final String reason;

  public BodyRejectedException(HttpStatus status, String reason, String message) {
    super(message, null, false, false);
    this.status = status;
    this.reason = reason;
  }

  public HttpStatus status() {
    return status;
  }

  /**
   * A short metric tag: malformed, too_large, unsupported_media_type, unsupported_encoding,
   * overloaded.
   */
  public String reason() {
    return reason;
  }

  public static BodyRejectedException malformed(String message) {
    return new BodyRejectedException(HttpStatus.BAD_REQUEST, "malformed", message);
  }

  public static BodyRejectedException tooLarge(String message) {
    return new BodyRejectedException(HttpStatus.PAYLOAD_TOO_LARGE, "too_large", message);
  }

  /** 503: nothing is wrong with the request, but there is no room for it now; retry later. */
  public static BodyRejectedException overloaded(String message) {
    return new BodyRejectedException(HttpStatus.SERVICE_UNAVAILABLE, "overloaded", message);
  }
}
