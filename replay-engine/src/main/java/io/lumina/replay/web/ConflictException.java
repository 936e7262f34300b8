package io.lumina.replay.web;

import org.springframework.http.HttpStatus;

/** A request that cannot apply to the resource as it is (409) or to what it matched (422). */
public final class ConflictException extends RuntimeException {
  private final HttpStatus status;

  public ConflictException(HttpStatus status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public HttpStatus status() {
    return status;
  }
}
