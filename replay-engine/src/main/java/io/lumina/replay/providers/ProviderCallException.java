package io.lumina.replay.providers;

import java.time.Duration;

/**
 * A provider call that did not produce an answer. The message is safe to store and show: it never
 * contains the API key (see {@link Redaction}).
 */
public final class ProviderCallException extends Exception {

  /** What went wrong, which decides whether a retry can help. */
  public enum Kind {
    /** 429: retry after {@link #retryAfter()} when given. */
    RATE_LIMITED(true),
    /** 5xx (and 408): the provider failed, a retry may succeed. */
    SERVER_ERROR(true),
    /** The connection failed before an answer. */
    UNREACHABLE(true),
    /** The call took longer than the timeout; not retried, the next attempt would take as long. */
    TIMEOUT(false),
    /** Any other 4xx: the request or the key is wrong, a retry gives the same answer. */
    CLIENT_ERROR(false),
    /** 2xx with a body that is not the protocol's answer. */
    BAD_RESPONSE(false);

    private final boolean retryable;

    Kind(boolean retryable) {
      this.retryable = retryable;
    }

    public boolean retryable() {
      return retryable;
    }
  }

  private final Kind kind;
  private final Integer httpStatus;
  private final Duration retryAfter;

  public ProviderCallException(Kind kind, Integer httpStatus, Duration retryAfter, String message) {
    super(message, null, false, false);
    this.kind = kind;
    this.httpStatus = httpStatus;
    this.retryAfter = retryAfter;
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status, or null when there was no HTTP answer. */
  public Integer httpStatus() {
    return httpStatus;
  }

  /** The provider's Retry-After, or null when it sent none. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
