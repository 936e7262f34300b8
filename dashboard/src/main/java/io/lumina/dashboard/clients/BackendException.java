package io.lumina.dashboard.clients;

/**
 * A backend could not answer a dashboard request: unreachable, an error status, or an answer the
 * dashboard could not read. Carries what the error panel shows: which backend, what was asked, and
 * why.
 */
public final class BackendException extends RuntimeException {
  private final String backend;
  private final String baseUrl;
  private final String path;
  private final int status;

  BackendException(
      String backend, String baseUrl, String path, int status, String message, Throwable cause) {
    super(message, cause);
    this.backend = backend;
    this.baseUrl = baseUrl;
    this.path = path;
    this.status = status;
  }

  public String backend() {
    return backend;
  }

  public String baseUrl() {
    return baseUrl;
  }

  public String path() {
    return path;
  }

  /** The HTTP status the backend answered, or 0 when it could not be reached. */
  public int status() {
    return status;
  }

  public boolean unreachable() {
    return status == 0;
  }

  public boolean notFound() {
    return status == 404;
  }

  /** The backend refused the request as invalid: the user's input, shown next to the form. */
  public boolean rejected() {
    return status == 400 || status == 422;
  }
}
