package io.lumina.security;

/** The outcome of {@link Gatekeeper#decide}: go ahead as a project, or a refusal to send back. */
public sealed interface Decision {

  /**
   * The request may proceed on behalf of {@code projectId}.
   *
   * @param key the key used, or null while authentication is off
   */
  record Allowed(String projectId, ApiKey key) implements Decision {}

  /**
   * The request is refused.
   *
   * @param status 401 (no or unknown key), 403 (the key's role or project does not allow this), 429
   *     (rate limit), 503 (the key store cannot answer)
   * @param title a short, stable summary (the problem+json {@code title})
   * @param detail what to do about it; never contains the key
   * @param retryAfterSeconds for 429 and 503, else 0
   */
  record Refused(int status, String title, String detail, long retryAfterSeconds)
      implements Decision {}
}
