package io.lumina.ingestion.auth;

/**
 * Decides which project a request belongs to from the API key it presents ({@code Authorization:
 * Bearer <key>} or {@code x-api-key: <key>}). The seam where key lookups plug in.
 */
public interface ProjectResolver {

  sealed interface Resolution {}

  record Resolved(String projectId) implements Resolution {}

  /**
   * Refused with 401 (no or unknown key) or 403 (a key that may not ingest); the message names
   * which.
   */
  record Denied(int httpStatus, String message) implements Resolution {}

  /**
   * @param apiKey the presented key, or null when the request carries none
   */
  Resolution resolve(String apiKey);

  /** Whether any key is required at all; when not, every request belongs to the default project. */
  boolean authenticationEnabled();
}
