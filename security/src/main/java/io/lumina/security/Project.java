package io.lumina.security;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A project: the unit of isolation. Every stored row carries its id; keys belong to exactly one.
 */
public record Project(String id, String name, Instant createdAt) {
  /**
   * The same rule as the {@code projects.id} CHECK constraint (V1), so bad ids are a 400, not a SQL
   * error.
   */
  public static final Pattern ID = Pattern.compile("^[a-z0-9][a-z0-9_-]{0,62}$");

  public Project {
    requireValidId(id);
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("project name must not be blank");
    }
  }

  /** Throws with a message a person can act on when {@code id} is not a valid project id. */
  public static String requireValidId(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "project id must be 1-63 characters of a-z, 0-9, '_' and '-', starting with a letter or digit");
    }
    return id;
  }
}
